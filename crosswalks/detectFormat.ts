import { CSW_NS, OAI_DC_NS } from './dublin-core/mappings.js';
import { DATACITE_NS } from './datacite/mappings.js';
import { GMD, GMI, MDB } from './iso19139/namespaces.js';
import { NCML_NS } from './netcdf/fromNcml.js';
import { THREDDS_NS } from './thredds/catalog.js';
import type { NativeFormat } from './crosswalk.js';

/** Root elements (namespace URI and local name) of the XML formats Meridian reads. */
const XML_ROOTS: readonly { readonly ns: string; readonly local: readonly string[]; readonly format: NativeFormat }[] = [
  { ns: GMD, local: ['MD_Metadata'], format: 'iso19139' },
  { ns: GMI, local: ['MI_Metadata'], format: 'iso19139' },
  { ns: MDB, local: ['MD_Metadata'], format: 'iso19115-3' },
  { ns: DATACITE_NS, local: ['resource'], format: 'datacite-xml' },
  { ns: CSW_NS, local: ['Record', 'SummaryRecord', 'BriefRecord'], format: 'dublin-core' },
  { ns: OAI_DC_NS, local: ['dc'], format: 'dublin-core' },
  { ns: THREDDS_NS, local: ['catalog'], format: 'thredds' },
  { ns: NCML_NS, local: ['netcdf'], format: 'netcdf-header' },
];

/** The root element's name and the namespace its prefix is bound to on that element. */
function xmlRoot(text: string): { ns: string; local: string } | undefined {
  const body = text.replace(/<\?[\s\S]*?\?>|<!--[\s\S]*?-->|<!DOCTYPE[^>]*>/g, '');
  const start = /<([A-Za-z_][\w.-]*:)?([A-Za-z_][\w.-]*)([^>]*)>/.exec(body);
  if (!start) return undefined;
  const prefix = start[1]?.slice(0, -1);
  const attributes = start[3] ?? '';
  const declaration = new RegExp(`xmlns${prefix ? `:${prefix}` : ''}\\s*=\\s*["']([^"']*)["']`).exec(attributes);
  return { ns: declaration?.[1] ?? '', local: start[2] as string };
}

/** The format of an already parsed JSON document. */
export function detectJsonFormat(value: unknown): NativeFormat | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const v = value as Record<string, unknown>;
  if (typeof v.response === 'object' && v.response !== null && Array.isArray((v.response as { docs?: unknown }).docs)) return 'esgf-solr';
  const data = (v.data ?? v) as Record<string, unknown>;
  const attributes = data.attributes as Record<string, unknown> | undefined;
  if (attributes && typeof attributes === 'object' && ('doi' in attributes || 'titles' in attributes)) return 'datacite-json';
  if (v.type === 'Feature' || v.type === 'Collection' || v.type === 'FeatureCollection') {
    // ESGF-NG items declare an older cmip6 extension or carry cmip6 properties to normalise.
    const extensions = Array.isArray(v.stac_extensions) ? (v.stac_extensions as unknown[]) : [];
    const oldCmip6 = extensions.some((e) => typeof e === 'string' && /\/cmip6\/v[12]\./.test(e));
    return oldCmip6 ? 'esgf-stac' : 'stac';
  }
  return undefined;
}

/**
 * The format of a metadata document, recognised from its content: the root element's namespace for
 * XML, the shape for JSON, the first word for CDL (`netcdf`) and DAP2 (`Dataset`, `Attributes`).
 */
export function detectFormat(text: string): NativeFormat | undefined {
  const head = text.replace(/^\uFEFF/, '').trimStart();
  if (head.startsWith('<')) {
    const root = xmlRoot(head);
    return XML_ROOTS.find((r) => r.ns === root?.ns && r.local.includes(root.local))?.format;
  }
  if (head.startsWith('{') || head.startsWith('[')) {
    try {
      return detectJsonFormat(JSON.parse(head));
    } catch {
      return undefined;
    }
  }
  if (/^(netcdf|Dataset|Attributes)\s/.test(head)) return 'netcdf-header';
  return undefined;
}
