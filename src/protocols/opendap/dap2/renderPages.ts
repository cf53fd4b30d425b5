/**
 * The HTML pages of a dataset: the data request form (`.html`, where catalogue users land from an
 * OPeNDAP link: tick variables, narrow their index ranges, get ASCII or binary), the description
 * (`.info`: attributes and structure) and the help page (`.help`).
 */
import type { DapModel, DapVariable } from './dapModel.js';
import { variableAttributes } from './renderDas.js';

const escapeHtml = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

const STYLE = `<style>body{font-family:sans-serif;margin:1.5em;max-width:70em}table{border-collapse:collapse}
td{vertical-align:top;padding:.3em .6em;border-top:1px solid #ddd}code,pre,input{font-family:monospace}
pre{background:#f6f6f6;padding:.6em;overflow:auto}input[type=text]{width:9em}#url{width:100%}</style>`;

function page(title: string, body: string): string {
  return `<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>${STYLE}</head>\n<body>\n${body}\n</body></html>\n`;
}

function shape(v: DapVariable): string {
  return v.array.dimensions.map((d) => `[${escapeHtml(d.name)} = ${d.size}]`).join('');
}

function attributeList(v: DapVariable): string {
  const rows = variableAttributes(v.array).map((a) => `${escapeHtml(a.name)}: ${escapeHtml(a.values.join(', '))}`);
  return rows.length === 0 ? '' : `<details><summary>attributes</summary><pre>${rows.join('\n')}</pre></details>`;
}

// Builds the constraint from the ticked variables and their index ranges.
const FORM_SCRIPT = `<script>
const file = document.body.dataset.file;
function ce() {
  const parts = [];
  for (const box of document.querySelectorAll('input[type=checkbox]:checked')) {
    const ranges = [...document.querySelectorAll('input[data-of="' + box.id + '"]')].map((i) => '[' + i.value.trim() + ']');
    parts.push(box.dataset.name + ranges.join(''));
  }
  return parts.join(',');
}
function update() { document.getElementById('url').value = new URL(file + '.ascii?' + ce(), location.href).href; }
function go(suffix) { location.href = file + suffix + '?' + ce(); }
document.addEventListener('input', update);
update();
</script>`;

export function renderForm(fileName: string, model: DapModel): string {
  const rows = model.variables
    .map((v, i) => {
      const ranges = v.array.dimensions
        .map((d, k) => `${escapeHtml(d.name)} <input type="text" data-of="v${i}" id="v${i}d${k}" value="0:1:${Math.max(0, d.size - 1)}">`)
        .join(' ');
      const kind = v.kind === 'grid' ? 'Grid of ' : '';
      return `<tr><td><input type="checkbox" id="v${i}" data-name="${escapeHtml(encodeURIComponent(v.name))}"></td><td><b>${escapeHtml(v.name)}</b> ${kind}${v.array.type}${shape(v)}<br>${ranges}${attributeList(v)}</td></tr>`;
    })
    .join('\n');
  const body = `<h1>OPeNDAP Dataset Access Form</h1>
<p>Dataset <code>${escapeHtml(fileName)}</code>. Tick the variables to get, narrow their index ranges (<code>start:stride:stop</code>, stop included), then ask for the values.</p>
<p><label>Data URL <input type="text" id="url" readonly></label></p>
<p><button type="button" onclick="go('.ascii')">Get as ASCII</button> <button type="button" onclick="go('.dods')">Get as binary (.dods)</button>
<a href="${escapeHtml(encodeURIComponent(fileName))}.das">DAS</a> <a href="${escapeHtml(encodeURIComponent(fileName))}.dds">DDS</a> <a href="${escapeHtml(encodeURIComponent(fileName))}.info">Info</a> <a href="${escapeHtml(encodeURIComponent(fileName))}.help">Help</a></p>
<table>\n${rows}\n</table>
${FORM_SCRIPT}`;
  return page(`Data request form: ${fileName}`, body).replace('<body>', `<body data-file="${escapeHtml(encodeURIComponent(fileName))}">`);
}

export function renderInfo(fileName: string, model: DapModel, dds: string, das: string): string {
  const globals = model.globalAttributes
    .map((a) => `<tr><td>${escapeHtml(a.name)}</td><td>${escapeHtml(a.type === 'char' ? a.value.replace(/\0/g, '') : a.value.join(', '))}</td></tr>`)
    .join('\n');
  const variables = model.variables.map((v) => `<tr><td><b>${escapeHtml(v.name)}</b></td><td>${v.kind === 'grid' ? 'Grid of ' : ''}${v.array.type}${shape(v)}${attributeList(v)}</td></tr>`).join('\n');
  const omitted = model.omitted.length === 0 ? '' : `<p>Not available through DAP2 (no 64-bit integers): ${model.omitted.map((n) => `<code>${escapeHtml(n)}</code>`).join(', ')}.</p>`;
  const body = `<h1>Dataset information: ${escapeHtml(fileName)}</h1>
<h2>Global attributes</h2>\n<table>\n${globals}\n</table>
<h2>Variables</h2>\n<table>\n${variables}\n</table>\n${omitted}
<h2>DDS</h2>\n<pre>${escapeHtml(dds)}</pre>
<h2>DAS</h2>\n<pre>${escapeHtml(das)}</pre>`;
  return page(`Dataset information: ${fileName}`, body);
}

export function renderHelp(): string {
  const body = `<h1>OPeNDAP help</h1>
<p>Append one of these suffixes to a dataset's URL:</p>
<table>
<tr><td><code>.dds</code></td><td>structure: variables, types, shapes (a constraint narrows it)</td></tr>
<tr><td><code>.das</code></td><td>attributes</td></tr>
<tr><td><code>.dods</code></td><td>structure and values in binary (XDR): what netCDF clients read</td></tr>
<tr><td><code>.ascii</code>, <code>.asc</code></td><td>structure and values as text</td></tr>
<tr><td><code>.html</code></td><td>data request form</td></tr>
<tr><td><code>.info</code></td><td>description of the dataset</td></tr>
<tr><td><code>.ver</code></td><td>server and protocol version</td></tr>
<tr><td><code>.dmr</code>, <code>.dap</code></td><td>DAP4 metadata and data</td></tr>
</table>
<p>A constraint expression after <code>?</code> picks variables and index ranges: <code>?time,tas[0:1:9][10][0:2:359]</code>.
Indices count from 0; <code>[i]</code> is one index, <code>[start:stop]</code> and <code>[start:stride:stop]</code> include stop; missing brackets select whole dimensions.
The parts of a Grid are <code>grid.grid</code> (the array) and <code>grid.map</code> (a coordinate).</p>`;
  return page('OPeNDAP help', body);
}
