import type { CrosswalkContext, CrosswalkWarning, FromStacResult } from '../crosswalk.js';
import type { BBox, StacRecord } from '../../src/core/stac.js';
import { isJsonObject } from '../../src/core/json.js';
import { toBox2D } from '../../src/core/bbox.js';
import { escapeXml } from '../../src/core/xml.js';
import { spdxUrl } from '../../vocabularies/licenses.js';
import { CREATOR_ROLES } from '../datacite/mappings.js';
import {
  BBOX_CRS,
  CSW_NS,
  DCMI_TYPES,
  DCMI_TYPE_OF_DATACITE,
  DCMITYPE_NS,
  DCT_NS,
  DC_NS,
  OAI_DC_NS,
  OAI_DC_XSD,
  OWS_NS,
  RELATION_RELS,
} from './mappings.js';

export type CswElementSet = 'brief' | 'summary' | 'full';

type Fields = Readonly<Record<string, unknown>>;

/** What a STAC record says in Dublin Core terms, computed once for every view. */
interface DublinCore {
  readonly identifiers: readonly string[];
  readonly title: string;
  readonly creators: readonly string[];
  readonly subjects: readonly { readonly text: string; readonly scheme?: string }[];
  readonly description?: string;
  readonly publishers: readonly string[];
  readonly contributors: readonly string[];
  readonly date?: string;
  readonly modified?: string;
  readonly created?: string;
  readonly type: string;
  readonly formats: readonly string[];
  readonly language?: string;
  readonly relations: readonly string[];
  readonly rights: readonly string[];
  readonly places: readonly string[];
  readonly interval?: readonly [string | null, string | null];
  readonly boxes: readonly BBox[];
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined);
const strs = (v: unknown): string[] => (Array.isArray(v) ? v.flatMap((x) => str(x) ?? []) : []);
const objects = (v: unknown): Readonly<Record<string, unknown>>[] => (Array.isArray(v) ? v.filter(isJsonObject) : []);
const unique = (values: readonly string[]): string[] => [...new Set(values)];

function dublinCore(record: StacRecord): DublinCore {
  const item = record.type === 'Feature';
  const f: Fields = item ? record.properties : record;
  const contacts = objects(f.contacts);
  const named = (accept: (roles: string[]) => boolean): string[] =>
    contacts.filter((c) => accept(strs(c.roles))).flatMap((c) => str(c.name) ?? str(c.organization) ?? []);
  const providers = objects(f.providers);
  const providerNames = (role: string): string[] => providers.filter((p) => strs(p.roles).includes(role)).flatMap((p) => str(p.name) ?? []);
  const dataciteNames = (key: string): string[] => objects(f[key]).flatMap((c) => str(c.name) ?? []);

  let creators = named((roles) => roles.some((r) => CREATOR_ROLES.has(r)));
  if (creators.length === 0) creators = dataciteNames('datacite:creators');
  if (creators.length === 0) creators = providerNames('producer');
  let publishers = named((roles) => roles.includes('publisher'));
  if (publishers.length === 0) publishers = providerNames('host');
  const contributors = named((roles) => !roles.some((r) => CREATOR_ROLES.has(r) || r === 'publisher'));

  const keywords = strs(f.keywords);
  const themed = objects(f.themes).flatMap((t) => {
    const scheme = str(t.scheme);
    return objects(t.concepts).flatMap((c) => {
      const text = str(c.title) ?? str(c.id);
      return text === undefined ? [] : [{ text, ...(scheme === undefined ? {} : { scheme }) }];
    });
  });
  const subjects = [...themed, ...keywords.filter((k) => !themed.some((t) => t.text === k)).map((text) => ({ text }))];

  const doi = str(f['sci:doi']);
  const links = objects(record.links);
  const general = str(f['datacite:resourceTypeGeneral']);
  const type = str(f['dc:type']) ?? (general === undefined ? undefined : DCMI_TYPE_OF_DATACITE[general]) ?? 'Dataset';
  const assetTypes = Object.values(record.assets ?? {}).flatMap((a) => str(a.type) ?? []);
  const license = str(f.license);
  const language = f.language;

  const extent = item ? undefined : record.extent;
  const boxes: BBox[] = item
    ? record.bbox === undefined ? [] : [record.bbox]
    : extent !== undefined && extent.spatial.bbox.length > 1 ? extent.spatial.bbox.slice(1) : extent?.spatial.bbox.slice() ?? [];
  const interval = item
    ? [str(f.start_datetime) ?? str(f.datetime) ?? null, str(f.end_datetime) ?? str(f.datetime) ?? null] as const
    : extent?.temporal.interval[0];

  return {
    identifiers: unique([record.id, ...(doi === undefined ? [] : [`https://doi.org/${doi}`])]),
    title: str(f.title) ?? record.id,
    creators: unique(creators),
    subjects,
    ...(str(f.description) === undefined ? {} : { description: str(f.description) }),
    publishers: unique(publishers),
    contributors: unique(contributors),
    ...(str(f.published) ?? str(f.created) ?? str(f.datetime) ? { date: str(f.published) ?? str(f.created) ?? str(f.datetime) } : {}),
    ...(str(f.updated) === undefined ? {} : { modified: str(f.updated) }),
    ...(str(f.created) === undefined ? {} : { created: str(f.created) }),
    type,
    formats: unique([...strs(f['dc:format']), ...strs(f['datacite:formats']), ...assetTypes]),
    ...(isJsonObject(language) && str(language.code) !== undefined ? { language: str(language.code) } : str(language) === undefined ? {} : { language: str(language) }),
    relations: unique(links.filter((l) => RELATION_RELS.has(String(l.rel))).flatMap((l) => str(l.href) ?? [])),
    rights: unique([
      ...(license === undefined || license === 'other' || license === 'various' || license === 'proprietary' ? [] : [license]),
      ...links.filter((l) => l.rel === 'license').flatMap((l) => str(l.href) ?? []),
      ...(license === undefined ? [] : spdxUrl(license) === undefined ? [] : [spdxUrl(license) as string]),
      ...strs(f['dc:rights']),
    ]),
    places: strs(f['dc:coverage']),
    ...(interval === undefined || (interval[0] === null && interval[1] === null) ? {} : { interval }),
    boxes,
  };
}

function el(prefix: string, local: string, value: string | undefined, attrs: Readonly<Record<string, string | undefined>> = {}): string {
  if (value === undefined || value === '') return '';
  const attributes = Object.entries(attrs).flatMap(([k, v]) => (v === undefined ? [] : [` ${k}="${escapeXml(v)}"`])).join('');
  return `<${prefix}:${local}${attributes}>${escapeXml(value)}</${prefix}:${local}>`;
}

function many(prefix: string, local: string, values: readonly string[]): string {
  return values.map((v) => el(prefix, local, v)).join('');
}

/** A box as DCMI Box text, for `dc:coverage`, where oai_dc has no geometry element. */
function dcmiBox(box: BBox): string {
  const [w, s, e, n] = toBox2D(box);
  return `westlimit=${w}; southlimit=${s}; eastlimit=${e}; northlimit=${n}`;
}

function dcmiPeriod([start, end]: readonly [string | null, string | null]): string {
  return [start === null ? undefined : `start=${start}`, end === null ? undefined : `end=${end}`, 'scheme=W3C-DTF'].filter((x) => x !== undefined).join('; ');
}

/** `ows:BoundingBox` in EPSG:4326: corners are latitude then longitude. */
function owsBox(box: BBox): string {
  const [w, s, e, n] = toBox2D(box);
  return `<ows:BoundingBox crs="${BBOX_CRS}" dimensions="2"><ows:LowerCorner>${s} ${w}</ows:LowerCorner><ows:UpperCorner>${n} ${e}</ows:UpperCorner></ows:BoundingBox>`;
}

const DCMI_URI = (type: string): string => (DCMI_TYPES.has(type) ? `${DCMITYPE_NS}${type}` : type);

/** The record as `oai_dc:dc`: only the fifteen Dublin Core elements, the box and period in `dc:coverage`. */
export function renderOaiDc(record: StacRecord): string {
  const d = dublinCore(record);
  const body = [
    el('dc', 'title', d.title),
    many('dc', 'creator', d.creators),
    many('dc', 'subject', unique(d.subjects.map((s) => s.text))),
    el('dc', 'description', d.description),
    many('dc', 'publisher', d.publishers),
    many('dc', 'contributor', d.contributors),
    el('dc', 'date', d.date),
    el('dc', 'type', d.type),
    many('dc', 'format', d.formats),
    many('dc', 'identifier', d.identifiers),
    el('dc', 'language', d.language),
    many('dc', 'relation', d.relations),
    many('dc', 'coverage', [...d.boxes.map(dcmiBox), ...(d.interval === undefined ? [] : [dcmiPeriod(d.interval)]), ...d.places]),
    many('dc', 'rights', d.rights),
  ].join('');
  return `<oai_dc:dc xmlns:oai_dc="${OAI_DC_NS}" xmlns:dc="${DC_NS}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="${OAI_DC_NS} ${OAI_DC_XSD}">${body}</oai_dc:dc>`;
}

/**
 * The record as a CSW 2.0.2 record in one element set: `csw:BriefRecord`, `csw:SummaryRecord` or
 * `csw:Record`. A fragment with its namespace declarations, ready to go inside a GetRecords response.
 */
export function renderCswRecord(record: StacRecord, set: CswElementSet): string {
  const d = dublinCore(record);
  const boxes = d.boxes.map(owsBox).join('');
  const head = [many('dc', 'identifier', d.identifiers), el('dc', 'title', d.title), el('dc', 'type', DCMI_URI(d.type))];
  let body: string[];
  let name: string;
  switch (set) {
    case 'brief':
      name = 'BriefRecord';
      body = [...head, boxes];
      break;
    case 'summary':
      name = 'SummaryRecord';
      body = [
        ...head,
        ...d.subjects.map((s) => el('dc', 'subject', s.text, { scheme: s.scheme })),
        many('dc', 'format', d.formats),
        many('dc', 'relation', d.relations),
        el('dct', 'modified', d.modified),
        el('dct', 'abstract', d.description),
        many('dct', 'spatial', d.places),
        boxes,
      ];
      break;
    case 'full':
      name = 'Record';
      body = [
        ...head,
        many('dc', 'creator', d.creators),
        ...d.subjects.map((s) => el('dc', 'subject', s.text, { scheme: s.scheme })),
        el('dct', 'abstract', d.description),
        many('dc', 'publisher', d.publishers),
        many('dc', 'contributor', d.contributors),
        el('dc', 'date', d.date),
        el('dct', 'created', d.created),
        el('dct', 'modified', d.modified),
        many('dc', 'format', d.formats),
        el('dc', 'language', d.language),
        many('dc', 'relation', d.relations),
        many('dc', 'rights', d.rights),
        many('dct', 'spatial', d.places),
        el('dct', 'temporal', d.interval === undefined ? undefined : dcmiPeriod(d.interval)),
        boxes,
      ];
      break;
  }
  return `<csw:${name} xmlns:csw="${CSW_NS}" xmlns:dc="${DC_NS}" xmlns:dct="${DCT_NS}" xmlns:ows="${OWS_NS}">${body.join('')}</csw:${name}>`;
}

/** The full `csw:Record` as a standalone document (Dublin Core needs nothing a record can lack). */
export function fromStac(record: StacRecord, _ctx: CrosswalkContext): FromStacResult<string> {
  const warnings: CrosswalkWarning[] = [];
  const f: Fields = record.type === 'Feature' ? record.properties : record;
  if (str(f.title) === undefined) warnings.push({ path: 'title', kind: 'defaulted', detail: 'no title: dc:title is the record id' });
  return { ok: true, value: `<?xml version="1.0" encoding="UTF-8"?>\n${renderCswRecord(record, 'full')}\n`, warnings };
}
