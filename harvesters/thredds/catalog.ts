import { MeridianError } from '../../src/core/errors.js';
import { attr, descendants, escapeXml, parseXml, XLINK_NS, type XmlElement } from '../../src/core/xml.js';

const THREDDS_NS = 'http://www.unidata.ucar.edu/namespaces/thredds/InvCatalog/v1.0';

export interface CatalogOutline {
  /** The catalogRefs, resolved against the catalog's own URL, without fragments. */
  readonly refs: readonly string[];
  /** Whether some dataset has data to access (a `urlPath` or an `access`): only such catalogs give items. */
  readonly hasData: boolean;
}

/** What the crawler needs of a catalog. A catalog that is not well-formed (cut short) is an upstream failure. */
export function outlineCatalog(xml: string, catalogUrl: string): CatalogOutline {
  let root: XmlElement;
  try {
    root = parseXml(xml);
  } catch (error) {
    throw new MeridianError('UpstreamFailed', `the THREDDS catalog ${catalogUrl} is not well-formed XML: ${(error as Error).message}`, { cause: error });
  }
  if (root.ns !== THREDDS_NS || root.local !== 'catalog') {
    throw new MeridianError('UpstreamFailed', `${catalogUrl} is not a THREDDS catalog: the root element is {${root.ns}}${root.local}`);
  }
  const refs = new Set<string>();
  for (const ref of descendants(root, THREDDS_NS, 'catalogRef')) {
    const href = attr(ref, 'href', XLINK_NS);
    if (href === undefined) continue;
    try {
      const url = new URL(href, catalogUrl);
      url.hash = '';
      refs.add(url.toString());
    } catch {
      // An href that is not a URL leads nowhere.
    }
  }
  const hasData = descendants(root, THREDDS_NS, 'dataset').some(
    (d) => attr(d, 'urlPath') !== undefined || d.children.some((c) => c.ns === THREDDS_NS && c.local === 'access'),
  );
  return { refs: [...refs], hasData };
}

/**
 * The catalog with its own URL as `xml:base` on the root, which the crosswalk needs to resolve the
 * services' server-relative bases. A catalog that has one keeps it.
 */
export function withCatalogBase(xml: string, catalogUrl: string): string {
  const start = /<([A-Za-z_][\w.-]*:)?catalog\b([^>]*)>/.exec(xml);
  if (!start || /\bxml:base\s*=/.test(start[2] ?? '')) return xml;
  const at = start.index + 1 + (start[1]?.length ?? 0) + 'catalog'.length;
  return `${xml.slice(0, at)} xml:base="${escapeXml(catalogUrl)}"${xml.slice(at)}`;
}
