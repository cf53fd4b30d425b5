import type { CrosswalkContext, CrosswalkWarning } from '../crosswalk.js';
import { toRfc3339 } from '../time/dates.js';
import { bboxGeometry, normalizeBbox } from '../../src/core/bbox.js';
import { canonicalJson } from '../../src/core/json.js';
import { STAC_VERSION, type BBox, type StacAsset, type StacLink, type StacRecord } from '../../src/core/stac.js';
import { languageName } from '../../vocabularies/languages.js';
import { spdxUrl, toSpdx } from '../../vocabularies/licenses.js';
import {
  CITATION_DATE_FIELDS,
  classifyOnlineResource,
  imageTypeOf,
  ITEM_SCOPES,
  PROVIDER_ROLES,
  TOPIC_CATEGORY_SCHEME,
  type CitationDateField,
  type ProviderRole,
} from './mappings.js';
import type { IsoBox, IsoParty, IsoPeriod, IsoRecord, LocalisedText } from './readIso.js';

export const EXTENSIONS = {
  scientific: 'https://stac-extensions.github.io/scientific/v1.0.0/schema.json',
  themes: 'https://stac-extensions.github.io/themes/v1.0.0/schema.json',
  contacts: 'https://stac-extensions.github.io/contacts/v0.1.1/schema.json',
  language: 'https://stac-extensions.github.io/language/v1.0.0/schema.json',
  processing: 'https://stac-extensions.github.io/processing/v1.2.0/schema.json',
  timestamps: 'https://stac-extensions.github.io/timestamps/v1.1.0/schema.json',
  version: 'https://stac-extensions.github.io/version/v1.2.0/schema.json',
} as const;

/**
 * `meridian:translations`: every PT_FreeText translation, by field and BCP 47 tag (the primary language
 * included), so that the ISO output can write them back as PT_FreeText. Keywords are keyed by their
 * primary-language text.
 */
export interface Translations {
  readonly title?: Readonly<Record<string, string>>;
  readonly description?: Readonly<Record<string, string>>;
  readonly lineage?: Readonly<Record<string, string>>;
  readonly keywords?: Readonly<Record<string, Readonly<Record<string, string>>>>;
}

type Fields = Record<string, unknown>;

const DOI = /\b(10\.\d{4,9}\/[^\s"<>]+)/i;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const PHONE = /^\+[1-9][0-9]{3,14}$/;

/** A STAC id safe in URL paths and file names; the original identifier is kept in `meridian:native_id`. */
export function sanitizeId(identifier: string): string {
  return identifier.trim().replace(/[^A-Za-z0-9._:~-]+/g, '_').replace(/^_+|_+$/g, '');
}

/** Turns the ISO model into a STAC Collection or Item (see mappings.ts for the decisions). */
export function buildStac(iso: IsoRecord, ctx: CrosswalkContext, warnings: CrosswalkWarning[]): StacRecord {
  const warn = (path: string, kind: CrosswalkWarning['kind'], detail: string): void => {
    warnings.push({ path, kind, detail });
  };
  const extensions = new Set<string>();
  const fields: Fields = {};
  const id = sanitizeId(iso.fileIdentifier);
  if (id !== iso.fileIdentifier) warn('fileIdentifier', 'defaulted', `identifier '${iso.fileIdentifier}' sanitised to '${id}'`);

  // Text.
  const title = iso.title?.text;
  if (title === undefined) warn('identificationInfo/citation/title', 'missing', 'no title');
  const description = iso.abstract?.text;
  // STAC requires a non-empty description.
  if (description === undefined) warn('identificationInfo/abstract', 'defaulted', 'no abstract: the description repeats the title');
  if (title !== undefined) fields.title = title;
  fields.description = description ?? title ?? iso.fileIdentifier;

  // Keywords (plain strings) and themes (by thesaurus, plus the ISO topic categories).
  const keywords: string[] = [];
  const themes = new Map<string, { title?: string; concepts: Map<string, { id: string; url?: string }> }>();
  const keywordTranslations: Record<string, Record<string, string>> = {};
  for (const group of iso.keywordGroups) {
    const schemeId = group.thesaurus?.href ?? group.thesaurus?.title;
    for (const keyword of group.keywords) {
      const text = keyword.text.text;
      if (!keywords.includes(text)) keywords.push(text);
      if (Object.keys(keyword.text.translations).length > 0) keywordTranslations[text] = withPrimary(keyword.text, iso.language);
      if (schemeId === undefined) continue;
      const theme = themes.get(schemeId) ?? { ...(group.thesaurus?.title === undefined || group.thesaurus.title === schemeId ? {} : { title: group.thesaurus.title }), concepts: new Map() };
      themes.set(schemeId, theme);
      const url = keyword.href !== undefined && URL.canParse(keyword.href) ? keyword.href : undefined;
      if (!theme.concepts.has(text)) theme.concepts.set(text, { id: text, ...(url === undefined ? {} : { url }) });
    }
  }
  if (iso.topicCategories.length > 0) {
    themes.set(TOPIC_CATEGORY_SCHEME, { concepts: new Map(iso.topicCategories.map((c) => [c, { id: c }])) });
  }
  if (keywords.length > 0) fields.keywords = keywords;

  // Licence: the first constraint naming a licence we recognise, else 'other' with links to the texts.
  const licenseLinks: StacLink[] = [];
  const license = readLicense(iso, licenseLinks, warn);

  // Providers and contacts.
  const providers = readProviders(iso.parties);
  const contacts = readContacts(iso.parties, warn);

  // Dates of the resource, and the metadata date kept apart.
  const dates: Partial<Record<CitationDateField, string>> = {};
  for (const { type, value } of iso.citationDates) {
    const field = CITATION_DATE_FIELDS[type];
    const when = toRfc3339(value, 'start');
    if (field === undefined) continue;
    if (when === undefined) {
      warn(`identificationInfo/citation/date[${type}]`, 'malformed', `'${value}' is not a date`);
      continue;
    }
    const current = dates[field];
    // Latest revision, earliest creation/publication/expiry.
    if (current === undefined || (field === 'updated' ? when > current : when < current)) dates[field] = when;
  }
  const metadataDatestamp = iso.dateStamp === undefined ? undefined : toRfc3339(iso.dateStamp, 'start');
  if (iso.dateStamp !== undefined && metadataDatestamp === undefined) warn('dateStamp', 'malformed', `'${iso.dateStamp}' is not a date`);

  // Extents.
  const boxes = iso.boxes.map(toStacBox);
  const union = unionOf(boxes);
  const intervals = readIntervals(iso.periods, warn);

  // DOI: citation identifiers first, then the dataset URI and online resources.
  const doi = findDoi([
    ...iso.identifiers.flatMap((i) => [i.href, i.code, i.codeSpace !== undefined && /doi/i.test(i.codeSpace) ? `${i.code}` : undefined]),
    iso.dataSetUri,
    ...iso.onlineResources.filter((r) => classifyOnlineResource(r.protocol, r.function, r.url).kind === 'link' && /doi/i.test(r.url + (r.protocol ?? ''))).map((r) => r.url),
  ]);

  // Links and assets.
  const links: StacLink[] = [];
  const assets: Record<string, StacAsset> = {};
  const addAsset = (base: string, asset: StacAsset): void => {
    let key = base;
    for (let n = 2; key in assets; n += 1) key = `${base}-${n}`;
    assets[key] = asset;
  };
  iso.graphics.forEach((g, i) => {
    const type = imageTypeOf(g.fileType, g.url);
    addAsset(i === 0 ? 'thumbnail' : 'overview', {
      href: g.url,
      ...(type === undefined ? {} : { type }),
      ...(g.description === undefined ? {} : { title: g.description }),
      roles: [i === 0 ? 'thumbnail' : 'overview'],
    });
  });
  for (const r of iso.onlineResources) {
    const target = r.source === 'metadata' ? ({ kind: 'link', rel: 'describedby' } as const) : classifyOnlineResource(r.protocol, r.function, r.url);
    const extra = {
      ...(r.protocol === undefined ? {} : { 'meridian:protocol': r.protocol }),
      ...(r.function === undefined ? {} : { 'meridian:function': r.function }),
    };
    if (target.kind === 'asset') {
      addAsset(target.key ?? assetKey(r.name, r.url), {
        href: r.url,
        ...(target.type === undefined ? {} : { type: target.type }),
        ...(r.name ?? r.description) !== undefined ? { title: (r.name ?? r.description) as string } : {},
        ...(r.name !== undefined && r.description !== undefined ? { description: r.description } : {}),
        roles: target.roles,
        ...extra,
      });
    } else {
      const linkTitle = r.name ?? r.description;
      links.push({
        rel: target.rel,
        href: r.url,
        ...(target.type === undefined ? {} : { type: target.type }),
        ...(linkTitle === undefined ? {} : { title: linkTitle }),
        ...extra,
      });
    }
  }
  if (doi !== undefined && !links.some((l) => l.rel === 'cite-as')) links.push({ rel: 'cite-as', href: `https://doi.org/${doi}` });
  links.push(...licenseLinks);

  // Common metadata and extension fields, in a fixed order.
  fields.license = license;
  if (providers.length > 0) fields.providers = providers;
  if (dates.created !== undefined) fields.created = dates.created;
  if (dates.updated !== undefined) fields.updated = dates.updated;
  if (dates.published !== undefined || dates.expires !== undefined) {
    extensions.add(EXTENSIONS.timestamps);
    if (dates.published !== undefined) fields.published = dates.published;
    if (dates.expires !== undefined) fields.expires = dates.expires;
  }
  if (iso.edition !== undefined) {
    extensions.add(EXTENSIONS.version);
    fields.version = iso.edition;
  }
  if (iso.language !== undefined) {
    extensions.add(EXTENSIONS.language);
    fields.language = languageObject(iso.language);
    if (iso.locales.length > 0) fields.languages = iso.locales.map(languageObject);
  }
  if (doi !== undefined) {
    extensions.add(EXTENSIONS.scientific);
    fields['sci:doi'] = doi;
  }
  if (themes.size > 0) {
    extensions.add(EXTENSIONS.themes);
    fields.themes = [...themes].map(([scheme, t]) => ({ scheme, ...(t.title === undefined ? {} : { title: t.title }), concepts: [...t.concepts.values()] }));
  }
  if (contacts.length > 0) {
    extensions.add(EXTENSIONS.contacts);
    fields.contacts = contacts;
  }

  const translations: Translations = {
    ...(hasTranslations(iso.title) ? { title: withPrimary(iso.title as LocalisedText, iso.language) } : {}),
    ...(hasTranslations(iso.abstract) ? { description: withPrimary(iso.abstract as LocalisedText, iso.language) } : {}),
    ...(hasTranslations(iso.lineage) ? { lineage: withPrimary(iso.lineage as LocalisedText, iso.language) } : {}),
    ...(Object.keys(keywordTranslations).length > 0 ? { keywords: keywordTranslations } : {}),
  };
  const meridian: Fields = {
    'meridian:native_id': iso.fileIdentifier,
    ...(iso.hierarchyLevel === undefined ? {} : { 'meridian:hierarchy_level': iso.hierarchyLevel }),
    ...(metadataDatestamp === undefined ? {} : { 'meridian:metadata_datestamp': metadataDatestamp }),
    ...(iso.useLimitations.length > 0 ? { 'meridian:use_limitations': iso.useLimitations.map((u) => u.text) } : {}),
    ...(iso.otherConstraints.length > 0 ? { 'meridian:other_constraints': iso.otherConstraints } : {}),
    ...(Object.keys(translations).length > 0 ? { 'meridian:translations': translations } : {}),
  };

  const base = ctx.baseUrl.replace(/\/+$/, '');
  const parentId = iso.parentIdentifier === undefined ? undefined : sanitizeId(iso.parentIdentifier);
  const itemTime = ITEM_SCOPES.has(iso.hierarchyLevel ?? '') ? itemDatetime(intervals, dates, warn) : undefined;
  if (ITEM_SCOPES.has(iso.hierarchyLevel ?? '') && itemTime === undefined) {
    warn('hierarchyLevel', 'defaulted', `a '${iso.hierarchyLevel}' record without any date becomes a Collection, not an Item`);
  }

  if (itemTime !== undefined) {
    const collection = ctx.collection ?? parentId;
    if (iso.lineage !== undefined) {
      extensions.add(EXTENSIONS.processing);
      fields['processing:lineage'] = iso.lineage.text;
    }
    if (collection !== undefined) links.unshift({ rel: 'collection', href: `${base}/collections/${encodeURIComponent(collection)}`, type: 'application/json' });
    if (union === undefined) warn('identificationInfo/extent', 'missing', 'no bounding box: the item has no geometry');
    return {
      type: 'Feature',
      stac_version: STAC_VERSION,
      stac_extensions: [...extensions],
      id,
      ...(collection === undefined ? {} : { collection }),
      geometry: union === undefined ? null : bboxGeometry(union),
      ...(union === undefined ? {} : { bbox: union }),
      properties: { datetime: itemTime.datetime as string | null, ...itemTime, ...fields, ...meridian },
      links,
      assets,
    };
  }

  if (iso.lineage !== undefined) meridian['meridian:lineage'] = iso.lineage.text;
  if (parentId !== undefined) links.unshift({ rel: 'parent', href: `${base}/collections/${encodeURIComponent(parentId)}`, type: 'application/json' });
  if (union === undefined) warn('identificationInfo/extent', 'missing', 'no bounding box: the extent defaults to the whole globe');
  if (intervals.length === 0) warn('identificationInfo/extent', 'missing', 'no temporal extent: the interval is open at both ends');
  const { title: t, description: d, keywords: k, license: l, providers: p, ...rest } = fields;
  return {
    type: 'Collection',
    stac_version: STAC_VERSION,
    stac_extensions: [...extensions],
    id,
    ...(t === undefined ? {} : { title: t as string }),
    description: d as string,
    ...(k === undefined ? {} : { keywords: k as string[] }),
    license: l as string,
    ...(p === undefined ? {} : { providers: p as unknown[] }),
    extent: {
      spatial: { bbox: union === undefined ? [[-180, -90, 180, 90]] : boxes.length > 1 ? [union, ...boxes] : [union] },
      temporal: { interval: intervals.length === 0 ? [[null, null]] : intervals.length > 1 ? [overall(intervals), ...intervals] : intervals },
    },
    ...rest,
    ...meridian,
    links,
    ...(Object.keys(assets).length > 0 ? { assets } : {}),
  };
}

function hasTranslations(text: LocalisedText | undefined): boolean {
  return text !== undefined && Object.keys(text.translations).length > 0;
}

function withPrimary(text: LocalisedText, language: string | undefined): Record<string, string> {
  return { [language ?? 'und']: text.text, ...text.translations };
}

function languageObject(tag: string): { code: string; alternate?: string } {
  const name = languageName(tag);
  return { code: tag, ...(name === undefined ? {} : { alternate: name }) };
}

function findDoi(candidates: readonly (string | undefined)[]): string | undefined {
  for (const c of candidates) {
    const match = c === undefined ? null : DOI.exec(decodeURIComponent(c.replace(/%(?![0-9a-f]{2})/gi, '%25')));
    if (match?.[1] !== undefined) return match[1].replace(/[.,;)\]]+$/, '');
  }
  return undefined;
}

/** The file name of the URL when it has one (`60036_PLU.zip`), else the resource name, as a readable key. */
function assetKey(name: string | undefined, url: string): string {
  const fileName = (url.split(/[?#]/)[0] ?? '').split('/').filter((s) => s !== '').at(-1);
  const source = fileName !== undefined && /\.[A-Za-z0-9]{1,5}$/.test(fileName) ? fileName : (name ?? fileName ?? 'data');
  const key = source
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 64);
  return key === '' ? 'data' : key;
}

// INSPIRE code list values name access conditions, not licences.
const NOT_A_LICENCE = /inspire\.ec\.europa\.eu\/metadata-codelist\//;

function readLicense(iso: IsoRecord, links: StacLink[], warn: (path: string, kind: CrosswalkWarning['kind'], detail: string) => void): string {
  const texts = [
    ...iso.otherConstraints.flatMap((c) => [c.href, c.text]),
    ...iso.useLimitations.map((u) => u.text),
  ].filter((t): t is string => t !== undefined && !NOT_A_LICENCE.test(t));
  // Licence names are short; long disclaimers are only searched for licence URLs.
  const candidates = [...texts.filter((t) => t.length <= 200), ...texts.flatMap((t) => t.match(/https?:\/\/[^\s"'<>)]+/g) ?? [])];
  for (const c of candidates) {
    const id = toSpdx(c);
    if (id !== undefined) {
      const href = spdxUrl(id) ?? (URL.canParse(c) ? c : undefined);
      if (href !== undefined) links.push({ rel: 'license', href, title: id });
      return id;
    }
  }
  const hrefs = iso.otherConstraints.flatMap((c) => (c.href !== undefined && !NOT_A_LICENCE.test(c.href) && URL.canParse(c.href) ? [c] : []));
  for (const c of hrefs) links.push({ rel: 'license', href: c.href as string, ...(c.text === undefined ? {} : { title: c.text }) });
  if (texts.length === 0) warn('identificationInfo/resourceConstraints', 'missing', "no use constraints: license 'other'");
  else warn('identificationInfo/resourceConstraints', 'defaulted', "no recognisable licence in the constraints: license 'other'");
  return 'other';
}

function readProviders(parties: readonly IsoParty[]): { name: string; roles: ProviderRole[]; url?: string }[] {
  const providers = new Map<string, { name: string; roles: ProviderRole[]; url?: string }>();
  for (const party of parties) {
    const role = party.role === undefined ? undefined : PROVIDER_ROLES[party.role];
    const name = party.organisation ?? party.individual;
    if (role === undefined || name === undefined) continue;
    const provider = providers.get(name) ?? { name, roles: [] };
    if (!provider.roles.includes(role)) provider.roles.push(role);
    if (provider.url === undefined && party.url !== undefined && URL.canParse(party.url)) provider.url = party.url;
    providers.set(name, provider);
  }
  return [...providers.values()];
}

function readContacts(parties: readonly IsoParty[], warn: (path: string, kind: CrosswalkWarning['kind'], detail: string) => void): Fields[] {
  const contacts = new Map<string, Fields & { roles: string[] }>();
  for (const party of parties) {
    const name = party.individual ?? party.organisation;
    if (name === undefined) continue;
    const phones = party.phones.flatMap((p) => {
      // `+32 (0)81/772760`: the trunk prefix in parentheses is not dialled from abroad.
      const compact = p.replace(/\(0\)/g, '').replace(/[\s().\-/]/g, '').replace(/^00/, '+');
      if (PHONE.test(compact)) return [{ value: compact }];
      warn(`contact[${name}]/phone`, 'dropped', `phone number '${p}' is not in international form`);
      return [];
    });
    const emails = party.emails.filter((e) => EMAIL.test(e)).map((value) => ({ value }));
    const contact: Fields = {
      name,
      ...(party.individual !== undefined && party.organisation !== undefined ? { organization: party.organisation } : {}),
      ...(party.position === undefined ? {} : { positionName: party.position }),
      ...(phones.length > 0 ? { phones } : {}),
      ...(emails.length > 0 ? { emails } : {}),
      ...(party.address === undefined ? {} : { addresses: [addressObject(party.address)] }),
      ...(party.url !== undefined && URL.canParse(party.url) ? { links: [{ rel: 'about', href: party.url, type: 'text/html' }] } : {}),
    };
    const key = canonicalJson(contact);
    const existing = contacts.get(key) ?? { ...contact, roles: [] };
    if (party.role !== undefined && !existing.roles.includes(party.role)) existing.roles.push(party.role);
    contacts.set(key, existing);
  }
  return [...contacts.values()].map(({ roles, ...c }) => (roles.length > 0 ? { ...c, roles } : c));
}

function addressObject(address: NonNullable<IsoParty['address']>): Fields {
  const { deliveryPoint, ...rest } = address;
  return { ...(deliveryPoint.length > 0 ? { deliveryPoint } : {}), ...rest };
}

function toStacBox(box: IsoBox): BBox {
  // Only 0..360 longitudes are normalised; a west > east box in -180..180 is taken as crossing the antimeridian.
  return box.west > 180 || box.east > 180 ? normalizeBbox([box.west, box.south, box.east, box.north]) : [box.west, box.south, box.east, box.north];
}

/** The box covering every box; computed on 0..360 when one of them crosses the antimeridian. */
function unionOf(boxes: readonly BBox[]): BBox | undefined {
  if (boxes.length === 0) return undefined;
  if (boxes.length === 1) return boxes[0];
  const south = Math.min(...boxes.map((b) => b[1]));
  const north = Math.max(...boxes.map((b) => b[3] as number));
  if (!boxes.some((b) => b[0] > (b[2] as number))) {
    return [Math.min(...boxes.map((b) => b[0])), south, Math.max(...boxes.map((b) => b[2] as number)), north];
  }
  const shift = (lon: number): number => (lon < 0 ? lon + 360 : lon);
  const west = Math.min(...boxes.map((b) => shift(b[0])));
  const east = Math.max(...boxes.map((b) => (b[0] > (b[2] as number) ? (b[2] as number) + 360 : shift(b[2] as number))));
  if (east - west >= 360) return [-180, south, 180, north];
  const back = (lon: number): number => (lon > 180 ? lon - 360 : lon);
  return [back(west), south, back(east), north];
}

type Interval = [string | null, string | null];

function readIntervals(periods: readonly IsoPeriod[], warn: (path: string, kind: CrosswalkWarning['kind'], detail: string) => void): Interval[] {
  const intervals: Interval[] = [];
  for (const p of periods) {
    const edge = (value: string | undefined, indeterminate: string | undefined, side: 'start' | 'end'): string | null => {
      if (value === undefined) return null;
      const when = toRfc3339(value, side);
      if (when === undefined) {
        warn('temporalElement/TimePeriod', 'malformed', `'${value}' is not a date: the ${side} is left open`);
        return null;
      }
      // `now`/`unknown` with a value still mean an open end (the value is only when it was written).
      return indeterminate === 'now' || indeterminate === 'unknown' ? null : when;
    };
    let start = edge(p.begin, p.beginIndeterminate, 'start');
    let end = edge(p.end, p.endIndeterminate, 'end');
    if (start !== null && end !== null && start > end) {
      warn('temporalElement/TimePeriod', 'malformed', 'the period ends before it begins: ends swapped');
      [start, end] = [toRfc3339(p.end, 'start') ?? end, toRfc3339(p.begin, 'end') ?? start];
    }
    if (!intervals.some((i) => i[0] === start && i[1] === end)) intervals.push([start, end]);
  }
  return intervals;
}

function overall(intervals: readonly Interval[]): Interval {
  const starts = intervals.map((i) => i[0]);
  const ends = intervals.map((i) => i[1]);
  return [
    starts.includes(null) ? null : (starts as string[]).sort()[0] ?? null,
    ends.includes(null) ? null : (ends as string[]).sort().at(-1) ?? null,
  ];
}

function itemDatetime(
  intervals: readonly Interval[],
  dates: Partial<Record<CitationDateField, string>>,
  warn: (path: string, kind: CrosswalkWarning['kind'], detail: string) => void,
): Fields | undefined {
  if (intervals.length > 0) {
    const [start, end] = intervals.length > 1 ? overall(intervals) : (intervals[0] as Interval);
    if (start !== null && start === end) return { datetime: start };
    if (start !== null && end !== null) return { datetime: null, start_datetime: start, end_datetime: end };
    // An Item needs a datetime or both ends: an open period keeps its known end as the datetime.
    const known = start ?? end;
    if (known !== null) {
      warn('identificationInfo/extent/temporalElement', 'defaulted', `open period: the item datetime is its known ${start === null ? 'end' : 'start'}`);
      return { datetime: known };
    }
  }
  const fallback = dates.published ?? dates.created ?? dates.updated;
  if (fallback === undefined) return undefined;
  warn('identificationInfo/extent/temporalElement', 'defaulted', 'no temporal extent: the item datetime is the citation date');
  return { datetime: fallback };
}
