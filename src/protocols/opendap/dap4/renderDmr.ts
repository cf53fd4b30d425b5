/**
 * The DMR: DAP4's XML description of a dataset (or of a constraint's selection), read by netCDF-C's
 * DAP4 client as `.dmr.xml` and by pydap as `.dmr`. The unlimited dimension carries netCDF-C's
 * `_edu.ucar.isunlimited` mark; a variable's own slice of a dimension becomes an anonymous `<Dim size>`.
 */
import type { NetcdfAttribute } from '../../../netcdf/datasetHeader.js';
import { formatFloat32, formatFloat64 } from '../dap2/dapText.js';
import type { Dap4Selection } from './bindDap4Constraint.js';
import { DAP4_TYPES, type Dap4Group, type Dap4Model } from './dap4Model.js';

const NAMESPACE = 'http://xml.opendap.org/ns/DAP/4.0#';

export function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/**
 * Element text: netCDF-C decodes only `&amp;`, `&lt;`, `&gt;` there, and reads `\x` as `x` (backslashes
 * are doubled). NULs (NetCDF-3's empty text) are dropped.
 */
const valueText = (s: string): string =>
  s.replace(/\0/g, '').replace(/\\/g, '\\\\').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function attributeXml(a: NetcdfAttribute, indent: string): string {
  let type: string;
  let values: string[];
  switch (a.type) {
    case 'char':
      type = 'String';
      values = [a.value];
      break;
    case 'string':
      type = 'String';
      values = [...a.value];
      break;
    case 'float':
      type = 'Float32';
      values = a.value.map(formatFloat32);
      break;
    case 'double':
      type = 'Float64';
      values = a.value.map(formatFloat64);
      break;
    case 'int64':
    case 'uint64':
      type = DAP4_TYPES[a.type];
      values = a.value.map(String);
      break;
    default:
      type = DAP4_TYPES[a.type];
      values = a.value.map(String);
  }
  const body = values.map((v) => `${indent}  <Value>${valueText(v)}</Value>\n`).join('');
  return `${indent}<Attribute name="${escapeXml(a.name)}" type="${type}">\n${body}${indent}</Attribute>\n`;
}

function variableXml(s: Dap4Selection, sentWhole: ReadonlySet<string>, indent: string): string {
  const v = s.variable;
  let out = `${indent}<${v.type} name="${escapeXml(v.name)}">\n`;
  v.dimensions.forEach((d, k) => {
    out += s.shared[k] ? `${indent}  <Dim name="${escapeXml(d.fqn)}"/>\n` : `${indent}  <Dim size="${s.slab[k]!.count}"/>\n`;
  });
  for (const a of v.attributes) out += attributeXml(a, `${indent}  `);
  // A Map only where the coordinate variable is sent along the same shared dimension.
  v.maps.forEach((m, k) => {
    if (s.shared[k] && sentWhole.has(m)) out += `${indent}  <Map name="${escapeXml(m)}"/>\n`;
  });
  return `${out}${indent}</${v.type}>\n`;
}

/**
 * The DMR of the selections: a dimension a constraint narrowed is declared with its narrowed size
 * (the size its selected variables have along it), the other dimensions as they are.
 */
export function renderDmr(datasetName: string, model: Dap4Model, selections: readonly Dap4Selection[]): string {
  const bySource = new Map(selections.map((s) => [s.variable.fqn, s]));
  const sizes = new Map<string, number>();
  for (const s of selections) {
    s.variable.dimensions.forEach((d, k) => {
      if (s.shared[k]) sizes.set(d.fqn, s.slab[k]!.count);
    });
  }
  // Coordinate variables sent along their whole (possibly narrowed) dimension can be Maps.
  const sentWhole = new Set(selections.filter((s) => s.shared.every(Boolean)).map((s) => s.variable.fqn));
  const group = (g: Dap4Group, indent: string): string => {
    let out = '';
    for (const d of g.dimensions) {
      out += `${indent}<Dimension name="${escapeXml(d.name)}" size="${sizes.get(d.fqn) ?? d.size}"${d.unlimited ? ' _edu.ucar.isunlimited="1"' : ''}/>\n`;
    }
    for (const v of g.variables) {
      const s = bySource.get(v.fqn);
      if (s !== undefined) out += variableXml(s, sentWhole, indent);
    }
    for (const sub of g.groups) out += `${indent}<Group name="${escapeXml(sub.name)}">\n${group(sub, `${indent}  `)}${indent}</Group>\n`;
    for (const a of g.attributes) out += attributeXml(a, indent);
    return out;
  };
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n<Dataset xmlns="${NAMESPACE}" dapVersion="4.0" dmrVersion="1.0" name="${escapeXml(datasetName)}">\n` +
    `${group(model.root, '  ')}</Dataset>\n`
  );
}
