import { escapeXml } from '../core/xml.js';

interface Operation {
  readonly summary?: string;
  readonly security?: readonly unknown[];
  readonly parameters?: readonly { readonly $ref?: string; readonly name?: string }[];
}

/**
 * A readable, self-contained HTML page of the OpenAPI document (no script, no CDN), served at `/api.html`
 * as the `service-doc` link.
 */
export function renderApiDocPage(openapi: Record<string, unknown>): string {
  const info = (openapi.info ?? {}) as { title?: string; description?: string; version?: string };
  const paths = (openapi.paths ?? {}) as Record<string, Record<string, Operation>>;
  const rows = Object.entries(paths).flatMap(([path, ops]) =>
    Object.entries(ops)
      .filter(([method]) => ['get', 'post', 'put', 'patch', 'delete'].includes(method))
      .map(([method, op]) => {
        const params = (op.parameters ?? [])
          .map((p) => p.name ?? p.$ref?.split('/').pop() ?? '')
          .filter(Boolean)
          .join(', ');
        return `<tr><td class="m ${method}">${method.toUpperCase()}</td><td><code>${escapeXml(path)}</code></td>` +
          `<td>${escapeXml(op.summary ?? '')}${op.security ? ' <em>(token)</em>' : ''}</td><td>${escapeXml(params)}</td></tr>`;
      }),
  );
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeXml(info.title ?? 'API')}</title>
<style>body{font-family:system-ui,sans-serif;margin:2rem;max-width:70rem}table{border-collapse:collapse;width:100%}
td{border-bottom:1px solid #ddd;padding:.4rem;vertical-align:top}.m{font-weight:bold;font-family:monospace}
.get{color:#1565c0}.post{color:#2e7d32}.put,.patch{color:#ef6c00}.delete{color:#c62828}</style></head>
<body><h1>${escapeXml(info.title ?? 'API')} <small>${escapeXml(info.version ?? '')}</small></h1>
<p>${escapeXml(info.description ?? '')}</p><p>Machine-readable: <a href="api">OpenAPI 3.1 document</a>.</p>
<table><thead><tr><th>Method</th><th>Path</th><th>What it does</th><th>Parameters</th></tr></thead>
<tbody>${rows.join('\n')}</tbody></table></body></html>`;
}
