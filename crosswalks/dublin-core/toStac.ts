import { CrosswalkError } from '../crosswalk.js';
import type { CrosswalkContext, CrosswalkResult, CrosswalkWarning } from '../crosswalk.js';
import type { BBox, StacCollection, StacLink } from '../../src/core/stac.js';
import { STAC_VERSION } from '../../src/core/stac.js';
import { attr, descendants, parseXml } from '../../src/core/xml.js';
import type { XmlElement } from '../../src/core/xml.js';
import { normalizeBbox } from '../../src/core/bbox.js';
import { toRfc3339 } from '../time/dates.js';
import { spdxUrl, toSpdx } from '../../vocabularies/licenses.js';
import { CSW_NS, DCMITYPE_NS, DCT_NS, DC_NS, OAI_DC_NS, OWS_NS } from './mappings.js';

const EXT = {
  contacts: 'https://stac-extensions.github.io/contacts/v0.1.1/schema.json',
  themes: 'https://stac-extensions.github.io/themes/v1.0.0/schema.json',
  timestamps: 'https://stac-extensions.github.io/timestamps/v1.1.0/schema.json',
  language: 'https://stac-extensions.github.io/language/v1.0.0/schema.json',
} as const;

const RECORDS = new Set(['Record', 'SummaryRecord', 'BriefRecord']);

/**
 * Dublin Core to a STAC Collection: a CSW 2.0.2 `csw:Record` (any element set, bare or inside a
 * GetRecords/GetRecordById response) or an `oai_dc:dc` (bare or inside an OAI-PMH response).
 */
export function toStac(document: string, _ctx: CrosswalkContext): CrosswalkResult<StacCollection> {
  let root: XmlElement;
  try {
    root = parseXml(document);
  } catch (error) {
    throw new CrosswalkError('dublin-core', `not readable as XML: ${(error as Error).message}`, { cause: error });
  }
  const isRecord = (e: XmlElement): boolean => (e.ns === CSW_NS && RECORDS.has(e.local)) || (e.ns === OAI_DC_NS && e.local === 'dc');
  const record = isRecord(root) ? root : [...descendants(root, CSW_NS, 'Record'), ...descendants(root, CSW_NS, 'SummaryRecord'),
    ...descendants(root, CSW_NS, 'BriefRecord'), ...descendants(root, OAI_DC_NS, 'dc')][0];
  if (record === undefined) {
    throw new CrosswalkError('dublin-core', `no csw:Record or oai_dc:dc in the document (root element {${root.ns}}${root.local})`);
  }
  return recordToStac(record);
}

function texts(record: XmlElement, ns: string, ...locals: string[]): string[] {
  return record.children.filter((c) => c.ns === ns && locals.includes(c.local) && c.text !== '').map((c) => c.text);
}

/** Corner text `a b` as two numbers. */
function corner(el: XmlElement | undefined): [number, number] | undefined {
  const parts = el?.text.split(/\s+/).map(Number);
  return parts !== undefined && parts.length >= 2 && parts.every(Number.isFinite) ? [parts[0]!, parts[1]!] : undefined;
}

/**
 * Axis order from the CRS: EPSG:4326 in its URN or URI forms is latitude first; CRS84, WGS84BoundingBox
 * and the bare code `EPSG:4326` (as GIS software has always written it) are longitude first. A box
 * without a CRS is read as EPSG:4326 (CSW 2.0.2 practice). `undefined`: not a geographic CRS.
 */
function latFirst(crs: string | undefined): boolean | undefined {
  if (crs === undefined) return true;
  const c = crs.toUpperCase();
  if (c.includes('CRS84')) return false;
  if (/EPSG(?::[\d.]*)?:+4326$|EPSG\/\d+\/4326$/.test(c)) return !/^EPSG:4326$/.test(c);
  return undefined;
}

function owsBoxes(record: XmlElement, warnings: CrosswalkWarning[]): BBox[] {
  const boxes: BBox[] = [];
  for (const box of record.children.filter((c) => c.ns === OWS_NS && (c.local === 'BoundingBox' || c.local === 'WGS84BoundingBox'))) {
    const crs = attr(box, 'crs');
    const order = box.local === 'WGS84BoundingBox' ? false : latFirst(crs);
    const lower = corner(box.children.find((c) => c.local === 'LowerCorner'));
    const upper = corner(box.children.find((c) => c.local === 'UpperCorner'));
    if (order === undefined || lower === undefined || upper === undefined) {
      warnings.push({ path: 'ows:BoundingBox', kind: order === undefined ? 'unsupported' : 'malformed', detail: `bounding box in ${crs ?? 'no CRS'} not read` });
      continue;
    }
    if (crs === undefined && box.local === 'BoundingBox') warnings.push({ path: 'ows:BoundingBox', kind: 'defaulted', detail: 'no crs: read as EPSG:4326 (latitude first)' });
    let [west, south, east, north] = order ? [lower[1], lower[0], upper[1], upper[0]] : [lower[0], lower[1], upper[0], upper[1]];
    if (Math.abs(south) > 90 || Math.abs(north) > 90) {
      // Axis order the other way round than the CRS says: a common server bug.
      [west, south, east, north] = [south, west, north, east];
      warnings.push({ path: 'ows:BoundingBox', kind: 'malformed', detail: 'corners in the wrong axis order for the crs; swapped' });
    }
    if (Math.abs(south) > 90 || Math.abs(north) > 90 || Math.abs(west) > 360 || Math.abs(east) > 360) continue;
    boxes.push(normalizeBbox([west, Math.min(south, north), east, Math.max(south, north)]));
  }
  return boxes;
}

/** A DCMI Box (`westlimit=..; southlimit=..; ...`) in `dc:coverage` or `dct:spatial`. */
function dcmiBox(value: string): BBox | undefined {
  const get = (name: string): number => Number(new RegExp(`${name}\\s*=\\s*(-?[\\d.]+)`, 'i').exec(value)?.[1]);
  const [w, s, e, n] = [get('westlimit'), get('southlimit'), get('eastlimit'), get('northlimit')];
  return [w, s, e, n].every(Number.isFinite) && Math.abs(s) <= 90 && Math.abs(n) <= 90 ? normalizeBbox([w, s, e, n]) : undefined;
}

/** A DCMI Period (`start=..; end=..`) or an ISO interval `a/b`. */
function period(value: string): [string | null, string | null] | undefined {
  const start = /start\s*=\s*([^;]+)/i.exec(value)?.[1];
  const end = /end\s*=\s*([^;]+)/i.exec(value)?.[1];
  const [a, b] = start !== undefined || end !== undefined ? [start, end] : value.includes('/') ? value.split('/') : [undefined, undefined];
  const from = a === undefined || a.trim() === '' || a.trim() === '..' ? null : toRfc3339(a, 'start') ?? null;
  const to = b === undefined || b.trim() === '' || b.trim() === '..' ? null : toRfc3339(b, 'end') ?? null;
  return from === null && to === null ? undefined : [from, to];
}

function recordToStac(r: XmlElement): CrosswalkResult<StacCollection> {
  const warnings: CrosswalkWarning[] = [];
  const dc = (...locals: string[]): string[] => texts(r, DC_NS, ...locals);
  const dct = (...locals: string[]): string[] => texts(r, DCT_NS, ...locals);
  const id = dc('identifier')[0];
  if (id === undefined) throw new CrosswalkError('dublin-core', 'the record has no dc:identifier');

  const title = dc('title')[0] ?? dct('alternative')[0];
  const description = dct('abstract')[0] ?? dc('description')[0] ?? title ?? id;
  if (dct('abstract')[0] === undefined && dc('description')[0] === undefined) {
    warnings.push({ path: 'dct:abstract', kind: 'defaulted', detail: 'no abstract or description: the title stands in for it' });
  }

  const subjects = r.children.filter((c) => c.ns === DC_NS && c.local === 'subject' && c.text !== '');
  const keywords = [...new Set(subjects.map((s) => s.text))];
  const byScheme = new Map<string, string[]>();
  for (const s of subjects) {
    const scheme = attr(s, 'scheme');
    if (scheme === undefined) continue;
    const concepts = byScheme.get(scheme) ?? [];
    if (!concepts.includes(s.text)) concepts.push(s.text);
    byScheme.set(scheme, concepts);
  }
  const themes = [...byScheme].map(([scheme, concepts]) => ({ concepts: concepts.map((c) => ({ id: c })), scheme }));

  const contacts = [
    ...dc('creator').map((name) => ({ name, roles: ['creator'] })),
    ...dc('publisher').map((name) => ({ name, roles: ['publisher'] })),
    ...dc('contributor').map((name) => ({ name, roles: ['contributor'] })),
  ];
  const providers = [...new Set(dc('publisher'))].map((name) => ({ name, roles: ['host'] }));

  const rights = [...dc('rights'), ...dct('license', 'accessRights')];
  const license = rights.map(toSpdx).find((x) => x !== undefined);
  const links: StacLink[] = [];
  for (const text of rights) {
    const id = toSpdx(text);
    const href = /^https?:\/\//.test(text) ? text : id === undefined ? undefined : spdxUrl(id);
    if (href !== undefined && !links.some((l) => l.href === href)) links.push({ rel: 'license', href, ...(id === undefined ? {} : { title: id }) });
  }
  if (license === undefined) warnings.push({ path: 'dc:rights', kind: rights.length === 0 ? 'missing' : 'unsupported', detail: 'no SPDX licence recognised: license is "other"' });
  for (const relation of [...dc('relation'), ...dct('references', 'isPartOf', 'hasPart', 'isVersionOf', 'hasVersion', 'requires', 'isRequiredBy', 'isReferencedBy', 'replaces', 'isReplacedBy', 'conformsTo', 'isFormatOf', 'hasFormat')]) {
    if (/^[a-z][a-z0-9+.-]*:\S+$/i.test(relation)) links.push({ rel: 'related', href: relation });
    else warnings.push({ path: 'dc:relation', kind: 'dropped', detail: `"${relation}" is not a URI` });
  }
  for (const source of dc('source')) {
    if (/^[a-z][a-z0-9+.-]*:\S+$/i.test(source)) links.push({ rel: 'derived_from', href: source });
  }

  const coverage = [...dc('coverage'), ...dct('spatial', 'temporal')];
  let bboxes = owsBoxes(r, warnings);
  for (const c of coverage) {
    const box = dcmiBox(c);
    if (box !== undefined) bboxes.push(box);
  }
  if (bboxes.length > 1) {
    const crosses = bboxes.some((b) => b[0] > b[2]);
    bboxes = [[crosses ? -180 : Math.min(...bboxes.map((b) => b[0])), Math.min(...bboxes.map((b) => b[1])),
      crosses ? 180 : Math.max(...bboxes.map((b) => b[2])), Math.max(...bboxes.map((b) => b[3]))], ...bboxes];
  }
  if (bboxes.length === 0) {
    bboxes = [[-180, -90, 180, 90]];
    warnings.push({ path: 'ows:BoundingBox', kind: 'defaulted', detail: 'no bounding box: the spatial extent is the whole world' });
  }
  const intervals = coverage.map(period).filter((p) => p !== undefined);
  const places = coverage.filter((c) => dcmiBox(c) === undefined && period(c) === undefined);

  const date = (value: string | undefined, path: string): string | undefined => {
    if (value === undefined) return undefined;
    const parsed = toRfc3339(value, 'start');
    if (parsed === undefined) warnings.push({ path, kind: 'malformed', detail: `"${value}" is not a date` });
    return parsed;
  };
  const created = date(dct('created')[0], 'dct:created');
  const updated = date(dct('modified')[0], 'dct:modified');
  const published = date(dct('issued')[0] ?? dc('date')[0], dct('issued')[0] === undefined ? 'dc:date' : 'dct:issued');
  const language = dc('language').find((l) => /^[a-z]{2,3}(?:-[a-z0-9]{2,8})*$/i.test(l));
  const type = dc('type')[0];
  const formats = [...dc('format'), ...dct('extent', 'medium')];
  const rightsText = rights.filter((t) => toSpdx(t) === undefined && !/^https?:\/\//.test(t));

  const extensions = [
    ...(contacts.length > 0 ? [EXT.contacts] : []),
    ...(themes.length > 0 ? [EXT.themes] : []),
    ...(published !== undefined ? [EXT.timestamps] : []),
    ...(language !== undefined ? [EXT.language] : []),
  ].sort();

  const collection: StacCollection = {
    type: 'Collection',
    stac_version: STAC_VERSION,
    stac_extensions: extensions,
    id,
    ...(title === undefined ? {} : { title }),
    description,
    ...(keywords.length === 0 ? {} : { keywords }),
    license: license ?? 'other',
    ...(providers.length === 0 ? {} : { providers }),
    extent: { spatial: { bbox: bboxes }, temporal: { interval: intervals.length === 0 ? [[null, null]] : intervals } },
    ...(created === undefined ? {} : { created }),
    ...(updated === undefined ? {} : { updated }),
    ...(published === undefined ? {} : { published }),
    ...(language === undefined ? {} : { language: { code: language } }),
    ...(contacts.length === 0 ? {} : { contacts }),
    ...(themes.length === 0 ? {} : { themes }),
    ...(type === undefined ? {} : { 'dc:type': type.startsWith(DCMITYPE_NS) ? type.slice(DCMITYPE_NS.length) : type }),
    ...(formats.length === 0 ? {} : { 'dc:format': formats }),
    ...(rightsText.length === 0 ? {} : { 'dc:rights': rightsText }),
    ...(places.length === 0 ? {} : { 'dc:coverage': places }),
    links,
  };
  return { value: collection, warnings };
}
