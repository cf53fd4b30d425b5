import { CrosswalkError } from '../crosswalk.js';
import type { CrosswalkContext, CrosswalkResult } from '../crosswalk.js';
import type { StacCollection } from '../../src/core/stac.js';
import { isJsonObject } from '../../src/core/json.js';
import type { JsonObject } from '../../src/core/json.js';
import { attributesToStac } from './toStac.js';
import type {
  DataCiteAffiliation,
  DataCiteAttributes,
  DataCiteCreator,
  DataCiteGeoLocation,
  DataCitePoint,
  DataCitePolygonEntry,
  DataCiteRelatedItem,
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

/** The fields of `o` named in `names` that hold text, renamed (`schemeURI` and `schemeUri` both exist in the wild). */
function pick(o: JsonObject, names: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [from, to] of Object.entries(names)) {
    const value = s(o[from]);
    if (value !== undefined && out[to] === undefined) out[to] = value;
  }
  return out;
}

function num(value: unknown): number | undefined {
  const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
  return Number.isFinite(n) ? n : undefined;
}

function names(value: unknown): DataCiteCreator[] {
  return objs(value).flatMap((c) => {
    const name = t(c.name) ?? [t(c.familyName), t(c.givenName)].filter((x) => x !== undefined).join(', ');
    if (name === '') return [];
    const affiliation: DataCiteAffiliation[] = (Array.isArray(c.affiliation) ? c.affiliation : []).flatMap((a) => {
      if (typeof a === 'string') return a.trim() === '' ? [] : [{ name: unescape(a.trim()) }];
      if (!isJsonObject(a)) return [];
      const affName = t(a.name);
      return affName === undefined ? [] : [{ name: affName, ...pick(a, { affiliationIdentifier: 'affiliationIdentifier', affiliationIdentifierScheme: 'affiliationIdentifierScheme', schemeUri: 'schemeUri', schemeURI: 'schemeUri' }) }];
    });
    const given = t(c.givenName);
    const family = t(c.familyName);
    return [{
      name,
      ...pick(c, { nameType: 'nameType', lang: 'lang' }),
      ...(given === undefined ? {} : { givenName: given }),
      ...(family === undefined ? {} : { familyName: family }),
      nameIdentifiers: objs(c.nameIdentifiers).flatMap((n) => {
        const id = s(n.nameIdentifier);
        return id === undefined ? [] : [{ nameIdentifier: id, nameIdentifierScheme: s(n.nameIdentifierScheme) ?? 'Other', ...pick(n, { schemeUri: 'schemeUri', schemeURI: 'schemeUri' }) }];
      }),
      affiliation,
      ...pick(c, { contributorType: 'contributorType' }),
    }];
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
    const id = isJsonObject(r.relatedItemIdentifier) ? r.relatedItemIdentifier : undefined;
    const idValue = id === undefined ? undefined : s(id.relatedItemIdentifier);
    const itemNames = (v: unknown): DataCiteRelatedItem['creators'] =>
      names(v).map(({ name, nameType, givenName, familyName, ...rest }) => ({
        name,
        ...(nameType === undefined ? {} : { nameType }),
        ...(givenName === undefined ? {} : { givenName }),
        ...(familyName === undefined ? {} : { familyName }),
        ...('contributorType' in rest ? { contributorType: String(rest.contributorType) } : {}),
      }));
    const creators = itemNames(r.creators) ?? [];
    const contributors = itemNames(r.contributors) ?? [];
    const titles = objs(r.titles).flatMap((x) => {
      const title = t(x.title);
      return title === undefined ? [] : [{ title, ...pick(x, { titleType: 'titleType', lang: 'lang' }) }];
    });
    return [{
      relationType,
      relatedItemType,
      ...(id === undefined || idValue === undefined ? {} : {
        relatedItemIdentifier: { relatedItemIdentifier: idValue, ...pick(id, { relatedItemIdentifierType: 'relatedItemIdentifierType', relatedMetadataScheme: 'relatedMetadataScheme', schemeURI: 'schemeURI', schemeType: 'schemeType' }) },
      }),
      ...(creators.length === 0 ? {} : { creators }),
      ...(titles.length === 0 ? {} : { titles }),
      ...pick(r, { publicationYear: 'publicationYear', volume: 'volume', issue: 'issue', number: 'number', numberType: 'numberType', firstPage: 'firstPage', lastPage: 'lastPage', publisher: 'publisher', edition: 'edition' }),
      ...(contributors.length === 0 ? {} : { contributors }),
    }];
  });
}

/** The REST API attributes, normalised to the model the XML reader produces. */
function readAttributes(a: JsonObject): DataCiteAttributes {
  const publisher = typeof a.publisher === 'string' ? { name: a.publisher } : isJsonObject(a.publisher) ? a.publisher : undefined;
  const publisherName = publisher === undefined ? undefined : t(publisher.name);
  const year = num(a.publicationYear);
  const types = isJsonObject(a.types) ? a.types : undefined;
  const general = types === undefined ? undefined : s(types.resourceTypeGeneral);
  const doi = s(a.doi);
  const language = s(a.language);
  const version = s(a.version);
  const url = s(a.url);
  const state = s(a.state);
  return {
    ...(doi === undefined ? {} : { doi }),
    creators: names(a.creators).map(({ name, nameType, lang, givenName, familyName, nameIdentifiers, affiliation }) => ({
      name,
      ...(nameType === undefined ? {} : { nameType }),
      ...(lang === undefined ? {} : { lang }),
      ...(givenName === undefined ? {} : { givenName }),
      ...(familyName === undefined ? {} : { familyName }),
      nameIdentifiers,
      affiliation,
    })),
    titles: objs(a.titles).flatMap((x) => {
      const title = t(x.title);
      return title === undefined ? [] : [{ title, ...pick(x, { titleType: 'titleType', lang: 'lang' }) }];
    }),
    ...(publisher === undefined || publisherName === undefined ? {} : {
      publisher: { name: publisherName, ...pick(publisher, { publisherIdentifier: 'publisherIdentifier', publisherIdentifierScheme: 'publisherIdentifierScheme', schemeUri: 'schemeUri', schemeURI: 'schemeUri', lang: 'lang' }) },
    }),
    ...(year === undefined || !Number.isInteger(year) ? {} : { publicationYear: year }),
    ...(types === undefined || general === undefined ? {} : { types: { resourceTypeGeneral: general, ...pick(types, { resourceType: 'resourceType' }) } }),
    subjects: objs(a.subjects).flatMap((x) => {
      const subject = t(x.subject);
      return subject === undefined ? [] : [{ subject, ...pick(x, { subjectScheme: 'subjectScheme', schemeUri: 'schemeUri', schemeURI: 'schemeUri', valueUri: 'valueUri', valueURI: 'valueUri', classificationCode: 'classificationCode', lang: 'lang' }) }];
    }),
    contributors: names(a.contributors).map((c) => ({ ...c, contributorType: (c as { contributorType?: string }).contributorType ?? 'Other' })),
    dates: objs(a.dates).flatMap((x) => {
      const date = s(x.date);
      return date === undefined ? [] : [{ date, dateType: s(x.dateType) ?? 'Other', ...pick(x, { dateInformation: 'dateInformation' }) }];
    }),
    ...(language === undefined ? {} : { language }),
    alternateIdentifiers: objs(a.alternateIdentifiers).flatMap((x) => {
      const id = s(x.alternateIdentifier);
      return id === undefined ? [] : [{ alternateIdentifier: id, alternateIdentifierType: s(x.alternateIdentifierType) ?? 'Other' }];
    }),
    relatedIdentifiers: objs(a.relatedIdentifiers).flatMap((x) => {
      const id = s(x.relatedIdentifier);
      const relationType = s(x.relationType);
      return id === undefined || relationType === undefined ? [] : [{
        relatedIdentifier: id,
        relatedIdentifierType: s(x.relatedIdentifierType) ?? 'URL',
        relationType,
        ...pick(x, { resourceTypeGeneral: 'resourceTypeGeneral', relatedMetadataScheme: 'relatedMetadataScheme', schemeUri: 'schemeUri', schemeURI: 'schemeUri', schemeType: 'schemeType', relationTypeInformation: 'relationTypeInformation' }),
      }];
    }),
    sizes: (Array.isArray(a.sizes) ? a.sizes : []).flatMap((x) => s(x) ?? []),
    formats: (Array.isArray(a.formats) ? a.formats : []).flatMap((x) => s(x) ?? []),
    ...(version === undefined ? {} : { version }),
    rightsList: objs(a.rightsList).map((x) => ({
      ...(t(x.rights) === undefined ? {} : { rights: t(x.rights) as string }),
      ...pick(x, { rightsUri: 'rightsUri', rightsURI: 'rightsUri', rightsIdentifier: 'rightsIdentifier', rightsIdentifierScheme: 'rightsIdentifierScheme', schemeUri: 'schemeUri', schemeURI: 'schemeUri', lang: 'lang' }),
    })).filter((x) => Object.keys(x).length > 0),
    descriptions: objs(a.descriptions).flatMap((x) => {
      const description = t(Array.isArray(x.description) ? x.description.join('\n') : x.description);
      return description === undefined ? [] : [{ description, descriptionType: s(x.descriptionType) ?? 'Other', ...pick(x, { lang: 'lang' }) }];
    }),
    geoLocations: geoLocations(a.geoLocations),
    fundingReferences: objs(a.fundingReferences).flatMap((x) => {
      const funderName = t(x.funderName);
      return funderName === undefined ? [] : [{
        funderName,
        ...pick(x, { funderIdentifier: 'funderIdentifier', funderIdentifierType: 'funderIdentifierType', schemeUri: 'schemeUri', schemeURI: 'schemeUri', awardNumber: 'awardNumber', awardUri: 'awardUri', awardURI: 'awardUri' }),
        ...(t(x.awardTitle) === undefined ? {} : { awardTitle: t(x.awardTitle) as string }),
      }];
    }),
    relatedItems: relatedItems(a.relatedItems),
    ...(url === undefined ? {} : { url }),
    ...(state === undefined ? {} : { state }),
  };
}
