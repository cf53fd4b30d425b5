import { CrosswalkError } from '../crosswalk.js';
import type { CrosswalkContext, CrosswalkResult } from '../crosswalk.js';
import type { StacCollection } from '../../src/core/stac.js';
import { isJsonObject } from '../../src/core/json.js';
import type { JsonObject } from '../../src/core/json.js';
import { attributesToStac } from './toStac.js';
import type {
  DataCiteAffiliation,
  DataCiteAttributes,
  DataCiteContributor,
  DataCiteGeoLocation,
  DataCitePoint,
  DataCitePolygonEntry,
  DataCiteRelatedItem,
  DataCiteRelatedItemName,
  DataCiteTitle,
} from './attributes.js';

/**
 * A DataCite REST API document (`{"data": {"attributes": ...}}` as `GET /dois/{doi}` answers, or the
 * bare `attributes` object) to a STAC Collection.
 */
export function toStacJson(document: string, ctx: CrosswalkContext): CrosswalkResult<StacCollection> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(document);
  } catch (error) {
    throw new CrosswalkError('datacite-json', `not readable as JSON: ${(error as Error).message}`, { cause: error });
  }
  const data = isJsonObject(parsed) && isJsonObject(parsed.data) ? parsed.data : parsed;
  const attributes = isJsonObject(data) && isJsonObject(data.attributes) ? data.attributes : data;
  if (!isJsonObject(attributes) || (attributes.doi === undefined && attributes.creators === undefined)) {
    throw new CrosswalkError('datacite-json', 'not a DataCite REST API record (no data.attributes with a doi)');
  }
  return attributesToStac(readAttributes(attributes), ctx, 'datacite-json');
}

const ENTITY = /&(?:lt|gt|amp|quot|apos|#39|#\d+|#x[0-9a-f]+);/gi;
const ENTITIES: Readonly<Record<string, string>> = { '&lt;': '<', '&gt;': '>', '&amp;': '&', '&quot;': '"', '&apos;': "'", '&#39;': "'" };

/** Text as DataCite's JSON serialiser sometimes leaves it: HTML-escaped (`&lt;20 L`). */
function unescape(value: string): string {
  if (!value.includes('&')) return value;
  return value.replace(ENTITY, (e) => {
    const named = ENTITIES[e.toLowerCase()];
    if (named !== undefined) return named;
    const code = e[2] === 'x' || e[2] === 'X' ? parseInt(e.slice(3, -1), 16) : parseInt(e.slice(2, -1), 10);
    return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : e;
  });
}

function s(value: unknown): string | undefined {
  if (typeof value === 'number') return String(value);
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

function t(value: unknown): string | undefined {
  const v = s(value);
  return v === undefined ? undefined : unescape(v);
}

function objs(value: unknown): JsonObject[] {
  return Array.isArray(value) ? value.filter(isJsonObject) : isJsonObject(value) ? [value] : [];
}

type Renames = readonly (readonly [string, string])[];

/**
 * Copies the text fields of `from` listed in `renames` onto `to` under their model names (`schemeURI`
 * and `schemeUri` both exist in the wild). Plain loops and assignment: this runs for every subject of
 * every record, and object spreads here dominated the harvest profile.
 */
function copy<T>(to: T, from: JsonObject, renames: Renames): T {
  const out = to as Record<string, unknown>;
  for (const [source, target] of renames) {
    const value = s(from[source]);
    if (value !== undefined && out[target] === undefined) out[target] = value;
  }
  return to;
}

const AFFILIATION: Renames = [['affiliationIdentifier', 'affiliationIdentifier'], ['affiliationIdentifierScheme', 'affiliationIdentifierScheme'], ['schemeUri', 'schemeUri'], ['schemeURI', 'schemeUri']];
const SCHEME_URI: Renames = [['schemeUri', 'schemeUri'], ['schemeURI', 'schemeUri']];
const NAME: Renames = [['nameType', 'nameType'], ['lang', 'lang']];
const TITLE: Renames = [['titleType', 'titleType'], ['lang', 'lang']];
const LANG: Renames = [['lang', 'lang']];
const SUBJECT: Renames = [['subjectScheme', 'subjectScheme'], ['schemeUri', 'schemeUri'], ['schemeURI', 'schemeUri'], ['valueUri', 'valueUri'], ['valueURI', 'valueUri'], ['classificationCode', 'classificationCode'], ['lang', 'lang']];
const PUBLISHER: Renames = [['publisherIdentifier', 'publisherIdentifier'], ['publisherIdentifierScheme', 'publisherIdentifierScheme'], ['schemeUri', 'schemeUri'], ['schemeURI', 'schemeUri'], ['lang', 'lang']];
const RELATED: Renames = [['resourceTypeGeneral', 'resourceTypeGeneral'], ['relatedMetadataScheme', 'relatedMetadataScheme'], ['schemeUri', 'schemeUri'], ['schemeURI', 'schemeUri'], ['schemeType', 'schemeType'], ['relationTypeInformation', 'relationTypeInformation']];
const RIGHTS: Renames = [['rightsUri', 'rightsUri'], ['rightsURI', 'rightsUri'], ['rightsIdentifier', 'rightsIdentifier'], ['rightsIdentifierScheme', 'rightsIdentifierScheme'], ['schemeUri', 'schemeUri'], ['schemeURI', 'schemeUri'], ['lang', 'lang']];
const FUNDING: Renames = [['funderIdentifier', 'funderIdentifier'], ['funderIdentifierType', 'funderIdentifierType'], ['schemeUri', 'schemeUri'], ['schemeURI', 'schemeUri'], ['awardNumber', 'awardNumber'], ['awardUri', 'awardUri'], ['awardURI', 'awardUri']];
const ITEM_ID: Renames = [['relatedItemIdentifierType', 'relatedItemIdentifierType'], ['relatedMetadataScheme', 'relatedMetadataScheme'], ['schemeURI', 'schemeURI'], ['schemeType', 'schemeType']];
const ITEM: Renames = [['publicationYear', 'publicationYear'], ['volume', 'volume'], ['issue', 'issue'], ['number', 'number'], ['numberType', 'numberType'], ['firstPage', 'firstPage'], ['lastPage', 'lastPage'], ['publisher', 'publisher'], ['edition', 'edition']];

function num(value: unknown): number | undefined {
  const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
  return Number.isFinite(n) ? n : undefined;
}

function names(value: unknown): DataCiteContributor[] {
  return objs(value).flatMap((c) => {
    const name = t(c.name) ?? [t(c.familyName), t(c.givenName)].filter((x) => x !== undefined).join(', ');
    if (name === '') return [];
    const affiliation: DataCiteAffiliation[] = [];
    for (const a of Array.isArray(c.affiliation) ? c.affiliation : []) {
      if (typeof a === 'string' && a.trim() !== '') affiliation.push({ name: unescape(a.trim()) });
      const affName = isJsonObject(a) ? t(a.name) : undefined;
      if (isJsonObject(a) && affName !== undefined) affiliation.push(copy({ name: affName }, a, AFFILIATION));
    }
    const out: Record<string, unknown> = copy({ name }, c, NAME);
    const given = t(c.givenName);
    const family = t(c.familyName);
    if (given !== undefined) out.givenName = given;
    if (family !== undefined) out.familyName = family;
    out.nameIdentifiers = objs(c.nameIdentifiers).flatMap((n) => {
      const id = s(n.nameIdentifier);
      return id === undefined ? [] : [copy({ nameIdentifier: id, nameIdentifierScheme: s(n.nameIdentifierScheme) ?? 'Other' }, n, SCHEME_URI)];
    });
    out.affiliation = affiliation;
    out.contributorType = s(c.contributorType) ?? 'Other';
    return [out as unknown as DataCiteContributor];
  });
}

function point(value: unknown): DataCitePoint | undefined {
  if (!isJsonObject(value)) return undefined;
  const lon = num(value.pointLongitude);
  const lat = num(value.pointLatitude);
  return lon === undefined || lat === undefined ? undefined : { pointLongitude: lon, pointLatitude: lat };
}

function polygon(value: unknown): DataCitePolygonEntry[] {
  return objs(value).flatMap((e): DataCitePolygonEntry[] => {
    const p = point(e.polygonPoint);
    if (p !== undefined) return [{ polygonPoint: p }];
    const inside = point(e.inPolygonPoint);
    return inside === undefined ? [] : [{ inPolygonPoint: inside }];
  });
}

/** Coordinates arrive as strings; empty geolocations (`{}` or empty strings) are dropped, never zeroed. */
function geoLocations(value: unknown): DataCiteGeoLocation[] {
  return objs(value).flatMap((g) => {
    const place = t(g.geoLocationPlace);
    const p = point(g.geoLocationPoint);
    const b = isJsonObject(g.geoLocationBox) ? g.geoLocationBox : undefined;
    const box = b === undefined ? undefined : [num(b.westBoundLongitude), num(b.eastBoundLongitude), num(b.southBoundLatitude), num(b.northBoundLatitude)];
    const raw = Array.isArray(g.geoLocationPolygon) ? g.geoLocationPolygon : [];
    const polygons = (raw.length > 0 && Array.isArray(raw[0]) ? raw.map(polygon) : [polygon(raw)]).filter((x) => x.length > 0);
    const out: DataCiteGeoLocation = {
      ...(place === undefined ? {} : { geoLocationPlace: place }),
      ...(p === undefined ? {} : { geoLocationPoint: p }),
      ...(box === undefined || box.some((v) => v === undefined) ? {} : {
        geoLocationBox: { westBoundLongitude: box[0]!, eastBoundLongitude: box[1]!, southBoundLatitude: box[2]!, northBoundLatitude: box[3]! },
      }),
      ...(polygons.length === 0 ? {} : { geoLocationPolygon: polygons.length === 1 ? polygons[0] : polygons }),
    };
    return Object.keys(out).length === 0 ? [] : [out];
  });
}

function relatedItems(value: unknown): DataCiteRelatedItem[] {
  return objs(value).flatMap((r) => {
    const relationType = s(r.relationType);
    const relatedItemType = s(r.relatedItemType);
    if (relationType === undefined || relatedItemType === undefined) return [];
    const out: Record<string, unknown> = { relationType, relatedItemType };
    const id = isJsonObject(r.relatedItemIdentifier) ? r.relatedItemIdentifier : undefined;
    const idValue = id === undefined ? undefined : s(id.relatedItemIdentifier);
    if (id !== undefined && idValue !== undefined) out.relatedItemIdentifier = copy({ relatedItemIdentifier: idValue }, id, ITEM_ID);
    const itemNames = (v: unknown, contributors: boolean): DataCiteRelatedItemName[] =>
      names(v).map((n) => {
        const item: Record<string, unknown> = { name: n.name };
        if (n.nameType !== undefined) item.nameType = n.nameType;
        if (n.givenName !== undefined) item.givenName = n.givenName;
        if (n.familyName !== undefined) item.familyName = n.familyName;
        if (contributors) item.contributorType = n.contributorType;
        return item as unknown as DataCiteRelatedItemName;
      });
    const creators = itemNames(r.creators, false);
    if (creators.length > 0) out.creators = creators;
    const titleList = titles(r.titles);
    if (titleList.length > 0) out.titles = titleList;
    copy(out, r, ITEM);
    const contributors = itemNames(r.contributors, true);
    if (contributors.length > 0) out.contributors = contributors;
    return [out as unknown as DataCiteRelatedItem];
  });
}

function titles(value: unknown): DataCiteTitle[] {
  return objs(value).flatMap((x) => {
    const title = t(x.title);
    return title === undefined ? [] : [copy({ title }, x, TITLE)];
  });
}

/** The REST API attributes, normalised to the model the XML reader produces. */
function readAttributes(a: JsonObject): DataCiteAttributes {
  const out: Record<string, unknown> = {};
  const doi = s(a.doi);
  if (doi !== undefined) out.doi = doi;
  out.creators = names(a.creators).map((c) => {
    const { contributorType: _type, ...creator } = c;
    return creator;
  });
  out.titles = titles(a.titles);
  const publisher = typeof a.publisher === 'string' ? { name: a.publisher } : isJsonObject(a.publisher) ? a.publisher : undefined;
  const publisherName = publisher === undefined ? undefined : t(publisher.name);
  if (publisher !== undefined && publisherName !== undefined) out.publisher = copy({ name: publisherName }, publisher, PUBLISHER);
  const year = num(a.publicationYear);
  if (year !== undefined && Number.isInteger(year)) out.publicationYear = year;
  const types = isJsonObject(a.types) ? a.types : undefined;
  const general = types === undefined ? undefined : s(types.resourceTypeGeneral);
  if (types !== undefined && general !== undefined) out.types = copy({ resourceTypeGeneral: general }, types, [['resourceType', 'resourceType']]);
  out.subjects = objs(a.subjects).flatMap((x) => {
    const subject = t(x.subject);
    return subject === undefined ? [] : [copy({ subject }, x, SUBJECT)];
  });
  out.contributors = names(a.contributors);
  out.dates = objs(a.dates).flatMap((x) => {
    const date = s(x.date);
    return date === undefined ? [] : [copy({ date, dateType: s(x.dateType) ?? 'Other' }, x, [['dateInformation', 'dateInformation']])];
  });
  const language = s(a.language);
  if (language !== undefined) out.language = language;
  out.alternateIdentifiers = objs(a.alternateIdentifiers).flatMap((x) => {
    const id = s(x.alternateIdentifier);
    return id === undefined ? [] : [{ alternateIdentifier: id, alternateIdentifierType: s(x.alternateIdentifierType) ?? 'Other' }];
  });
  out.relatedIdentifiers = objs(a.relatedIdentifiers).flatMap((x) => {
    const id = s(x.relatedIdentifier);
    const relationType = s(x.relationType);
    return id === undefined || relationType === undefined ? []
      : [copy({ relatedIdentifier: id, relatedIdentifierType: s(x.relatedIdentifierType) ?? 'URL', relationType }, x, RELATED)];
  });
  out.sizes = (Array.isArray(a.sizes) ? a.sizes : []).flatMap((x) => s(x) ?? []);
  out.formats = (Array.isArray(a.formats) ? a.formats : []).flatMap((x) => s(x) ?? []);
  const version = s(a.version);
  if (version !== undefined) out.version = version;
  out.rightsList = objs(a.rightsList).flatMap((x) => {
    const rights = t(x.rights);
    const entry = copy<Record<string, string>>(rights === undefined ? {} : { rights }, x, RIGHTS);
    return Object.keys(entry).length === 0 ? [] : [entry];
  });
  out.descriptions = objs(a.descriptions).flatMap((x) => {
    const description = t(Array.isArray(x.description) ? x.description.join('\n') : x.description);
    return description === undefined ? [] : [copy({ description, descriptionType: s(x.descriptionType) ?? 'Other' }, x, LANG)];
  });
  out.geoLocations = geoLocations(a.geoLocations);
  out.fundingReferences = objs(a.fundingReferences).flatMap((x) => {
    const funderName = t(x.funderName);
    if (funderName === undefined) return [];
    const funding: Record<string, string> = copy({ funderName }, x, FUNDING);
    const awardTitle = t(x.awardTitle);
    if (awardTitle !== undefined) funding.awardTitle = awardTitle;
    return [funding];
  });
  out.relatedItems = relatedItems(a.relatedItems);
  const url = s(a.url);
  if (url !== undefined) out.url = url;
  const state = s(a.state);
  if (state !== undefined) out.state = state;
  return out as unknown as DataCiteAttributes;
}
