import type { CrosswalkContext, CrosswalkWarning, FromStacResult } from '../crosswalk.js';
import type { BBox, StacRecord } from '../../src/core/stac.js';
import { isJsonObject } from '../../src/core/json.js';
import { toBox2D } from '../../src/core/bbox.js';
import { spdxUrl, toSpdx } from '../../vocabularies/licenses.js';
import {
  CONTRIBUTOR_TYPE_OF_ROLE,
  CONTRIBUTOR_TYPES_46,
  CREATOR_ROLES,
  DATACITE_SCHEMA_VERSION,
  RELATION_TYPES_46,
  RESOURCE_TYPES_46,
  bareDoi,
} from './mappings.js';

/**
 * The DataCite REST API `attributes` object (the JSON lupo accepts in `POST /dois` and returns from
 * `GET /dois/{doi}`). It is also the one model both DataCite crosswalks go through: kernel-4 XML and
 * REST JSON are read into it, and STAC is turned into it before the XML is written.
 */
export interface DataCiteNameIdentifier {
  readonly nameIdentifier: string;
  readonly nameIdentifierScheme: string;
  readonly schemeUri?: string;
}
export interface DataCiteAffiliation {
  readonly name: string;
  readonly affiliationIdentifier?: string;
  readonly affiliationIdentifierScheme?: string;
  readonly schemeUri?: string;
}
export interface DataCiteCreator {
  readonly name: string;
  readonly nameType?: string;
  readonly lang?: string;
  readonly givenName?: string;
  readonly familyName?: string;
  readonly nameIdentifiers: readonly DataCiteNameIdentifier[];
  readonly affiliation: readonly DataCiteAffiliation[];
}
export interface DataCiteContributor extends DataCiteCreator {
  readonly contributorType: string;
}
export interface DataCiteTitle {
  readonly title: string;
  readonly titleType?: string;
  readonly lang?: string;
}
export interface DataCitePublisher {
  readonly name: string;
  readonly publisherIdentifier?: string;
  readonly publisherIdentifierScheme?: string;
  readonly schemeUri?: string;
  readonly lang?: string;
}
export interface DataCiteTypes {
  readonly resourceTypeGeneral: string;
  readonly resourceType?: string;
}
export interface DataCiteSubject {
  readonly subject: string;
  readonly subjectScheme?: string;
  readonly schemeUri?: string;
  readonly valueUri?: string;
  readonly classificationCode?: string;
  readonly lang?: string;
}
export interface DataCiteDate {
  readonly date: string;
  readonly dateType: string;
  readonly dateInformation?: string;
}
export interface DataCiteAlternateIdentifier {
  readonly alternateIdentifier: string;
  readonly alternateIdentifierType: string;
}
export interface DataCiteRelatedIdentifier {
  readonly relatedIdentifier: string;
  readonly relatedIdentifierType: string;
  readonly relationType: string;
  readonly resourceTypeGeneral?: string;
  readonly relatedMetadataScheme?: string;
  readonly schemeUri?: string;
  readonly schemeType?: string;
  readonly relationTypeInformation?: string;
}
export interface DataCiteRights {
  readonly rights?: string;
  readonly rightsUri?: string;
  readonly rightsIdentifier?: string;
  readonly rightsIdentifierScheme?: string;
  readonly schemeUri?: string;
  readonly lang?: string;
}
export interface DataCiteDescription {
  readonly description: string;
  readonly descriptionType: string;
  readonly lang?: string;
}
export interface DataCitePoint {
  readonly pointLongitude: number;
  readonly pointLatitude: number;
}
export interface DataCiteBox {
  readonly westBoundLongitude: number;
  readonly eastBoundLongitude: number;
  readonly southBoundLatitude: number;
  readonly northBoundLatitude: number;
}
export type DataCitePolygonEntry = { readonly polygonPoint: DataCitePoint } | { readonly inPolygonPoint: DataCitePoint };
export interface DataCiteGeoLocation {
  readonly geoLocationPlace?: string;
  readonly geoLocationPoint?: DataCitePoint;
  readonly geoLocationBox?: DataCiteBox;
  /** One polygon as lupo writes it (a list of points); several polygons as a list of such lists. */
  readonly geoLocationPolygon?: readonly DataCitePolygonEntry[] | readonly (readonly DataCitePolygonEntry[])[];
}
export interface DataCiteFundingReference {
  readonly funderName: string;
  readonly funderIdentifier?: string;
  readonly funderIdentifierType?: string;
  readonly schemeUri?: string;
  readonly awardNumber?: string;
  readonly awardUri?: string;
  readonly awardTitle?: string;
}
export interface DataCiteRelatedItemName {
  readonly name: string;
  readonly nameType?: string;
  readonly givenName?: string;
  readonly familyName?: string;
  readonly contributorType?: string;
}
export interface DataCiteRelatedItem {
  readonly relationType: string;
  readonly relatedItemType: string;
  readonly relatedItemIdentifier?: {
    readonly relatedItemIdentifier: string;
    readonly relatedItemIdentifierType?: string;
    readonly relatedMetadataScheme?: string;
    readonly schemeURI?: string;
    readonly schemeType?: string;
  };
  readonly creators?: readonly DataCiteRelatedItemName[];
  readonly titles?: readonly DataCiteTitle[];
  readonly publicationYear?: string;
  readonly volume?: string;
  readonly issue?: string;
  readonly number?: string;
  readonly numberType?: string;
  readonly firstPage?: string;
  readonly lastPage?: string;
  readonly publisher?: string;
  readonly edition?: string;
  readonly contributors?: readonly DataCiteRelatedItemName[];
}
export interface DataCiteAttributes {
  readonly doi?: string;
  readonly creators: readonly DataCiteCreator[];
  readonly titles: readonly DataCiteTitle[];
  readonly publisher?: DataCitePublisher;
  readonly publicationYear?: number;
  readonly types?: DataCiteTypes;
  readonly subjects: readonly DataCiteSubject[];
  readonly contributors: readonly DataCiteContributor[];
  readonly dates: readonly DataCiteDate[];
  readonly language?: string;
  readonly alternateIdentifiers: readonly DataCiteAlternateIdentifier[];
  readonly relatedIdentifiers: readonly DataCiteRelatedIdentifier[];
  readonly sizes: readonly string[];
  readonly formats: readonly string[];
  readonly version?: string;
  readonly rightsList: readonly DataCiteRights[];
  readonly descriptions: readonly DataCiteDescription[];
  readonly geoLocations: readonly DataCiteGeoLocation[];
  readonly fundingReferences: readonly DataCiteFundingReference[];
  readonly relatedItems: readonly DataCiteRelatedItem[];
  readonly schemaVersion?: string;
  /** Registry fields (REST API only): landing page and DOI state. */
  readonly url?: string;
  readonly state?: string;
}

type Fields = Readonly<Record<string, unknown>>;

/**
 * STAC (Collection or Item) to the DataCite REST API `attributes` object. The `datacite:*` fields a
 * DataCite crosswalk wrote give back the DataCite structure; the STAC fields win where both say the
 * same thing (a curator's new title, abstract, keywords, version, licence, DOI). Records from other
 * sources are mapped from their STAC fields alone (contacts, providers, extent, links).
 */
export function toAttributes(record: StacRecord, _ctx?: CrosswalkContext): FromStacResult<DataCiteAttributes> {
  const f: Fields = record.type === 'Feature' ? { ...record.properties, links: record.links, bbox: record.bbox } : record;
  const warnings: CrosswalkWarning[] = [];
  const problems: CrosswalkWarning[] = [];

  const doi = str(f['sci:doi']);
  if (doi !== undefined && bareDoi(doi) === undefined) {
    problems.push({ path: 'sci:doi', kind: 'malformed', detail: `identifier: "${doi}" is not a DOI (10.prefix/suffix)` });
  }
  if (doi === undefined) {
    warnings.push({ path: 'sci:doi', kind: 'missing', detail: 'identifier: the record has no DOI yet; DataCite will need one (or a prefix) to register it' });
  }

  const creators = readCreators(f, warnings);
  if (creators.length === 0) {
    problems.push({ path: 'datacite:creators', kind: 'missing', detail: 'creators: at least one creator (a person or organisation who made the data) is required; add a contact with the role "creator"' });
  }
  const titles = readTitles(f);
  if (titles.length === 0) problems.push({ path: 'title', kind: 'missing', detail: 'titles: a title is required' });
  const publisher = readPublisher(f);
  if (publisher === undefined) {
    problems.push({ path: 'datacite:publisher', kind: 'missing', detail: 'publisher: the publisher (the data centre that holds and distributes the data) is required; add a provider with the role "host" or a contact with the role "publisher"' });
  }
  const publicationYear = readPublicationYear(f);
  if (publicationYear === undefined) {
    problems.push({ path: 'datacite:publicationYear', kind: 'missing', detail: 'publicationYear: the year of publication is required (datacite:publicationYear or a `published` date)' });
  }
  const types = readTypes(f, record, warnings);
  if (types === undefined) {
    problems.push({ path: 'datacite:resourceTypeGeneral', kind: 'malformed', detail: 'resourceType: resourceTypeGeneral must be one of the DataCite 4.6 types (Dataset, Collection, ...)' });
  }
  if (problems.length > 0 || publisher === undefined || publicationYear === undefined || types === undefined) {
    return { ok: false, problems };
  }

  const version = str(f.version);
  const language = readLanguage(f);
  // A record a DataCite crosswalk wrote keeps every DataCite list, empty ones by their absence.
  const native = f['datacite:creators'] !== undefined || f['datacite:resourceTypeGeneral'] !== undefined;
  const attributes: DataCiteAttributes = {
    ...(doi === undefined ? {} : { doi: bareDoi(doi) ?? doi }),
    creators,
    titles,
    publisher,
    publicationYear,
    types,
    subjects: readSubjects(f, native),
    contributors: readContributors(f, native, warnings),
    dates: native ? list<DataCiteDate>(f['datacite:dates']) : readDates(f),
    ...(language === undefined ? {} : { language }),
    alternateIdentifiers: list<DataCiteAlternateIdentifier>(f['datacite:alternateIdentifiers']),
    relatedIdentifiers: readRelatedIdentifiers(f, native, warnings),
    sizes: list<string>(f['datacite:sizes']),
    formats: list<string>(f['datacite:formats']),
    ...(version === undefined ? {} : { version }),
    rightsList: readRights(f),
    descriptions: readDescriptions(f),
    geoLocations: native ? list<DataCiteGeoLocation>(f['datacite:geoLocations']) : readGeoLocations(f),
    fundingReferences: list<DataCiteFundingReference>(f['datacite:fundingReferences']),
    relatedItems: list<DataCiteRelatedItem>(f['datacite:relatedItems']),
    schemaVersion: DATACITE_SCHEMA_VERSION,
  };
  return { ok: true, value: attributes, warnings };
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

function list<T>(value: unknown): T[] {
  return Array.isArray(value) ? (value as T[]) : [];
}

function objects(value: unknown): Fields[] {
  return Array.isArray(value) ? value.filter(isJsonObject) : [];
}

interface Contact {
  readonly name?: string;
  readonly organization?: string;
  readonly identifier?: string;
  readonly roles?: readonly string[];
}

function contactsWith(f: Fields, accept: (role: string) => boolean): Contact[] {
  return objects(f.contacts).filter((c) => list<string>(c.roles).some(accept)) as Contact[];
}

/** A DataCite name from a STAC contact: a person's name with the organisation as affiliation, or the organisation. */
function nameFromContact(c: Contact): DataCiteCreator | undefined {
  const person = str(c.name);
  const org = str(c.organization);
  const name = person ?? org;
  if (name === undefined) return undefined;
  const identifier = str(c.identifier);
  const orcid = identifier !== undefined && /orcid\.org\/|^\d{4}-\d{4}-\d{4}-\d{3}[\dX]$/.test(identifier);
  const ror = identifier !== undefined && /ror\.org\//.test(identifier);
  const nameIdentifiers: DataCiteNameIdentifier[] = identifier === undefined ? [] : [
    orcid ? { nameIdentifier: identifier, nameIdentifierScheme: 'ORCID', schemeUri: 'https://orcid.org' }
      : ror ? { nameIdentifier: identifier, nameIdentifierScheme: 'ROR', schemeUri: 'https://ror.org' }
        : { nameIdentifier: identifier, nameIdentifierScheme: 'Other' },
  ];
  return {
    name,
    nameType: person === undefined ? 'Organizational' : 'Personal',
    nameIdentifiers,
    affiliation: person !== undefined && org !== undefined ? [{ name: org }] : [],
  };
}

function readCreators(f: Fields, warnings: CrosswalkWarning[]): DataCiteCreator[] {
  const kept = list<DataCiteCreator>(f['datacite:creators']).filter((c) => str(c.name) !== undefined);
  if (kept.length > 0) return kept;
  const fromContacts = contactsWith(f, (r) => CREATOR_ROLES.has(r)).map(nameFromContact).filter((c) => c !== undefined);
  if (fromContacts.length > 0) return fromContacts;
  const producers = objects(f.providers).filter((p) => list<string>(p.roles).includes('producer'));
  const fromProviders = producers.flatMap((p) => {
    const name = str(p.name);
    return name === undefined ? [] : [{ name, nameType: 'Organizational', nameIdentifiers: [], affiliation: [] }];
  });
  if (fromProviders.length > 0) {
    warnings.push({ path: 'providers', kind: 'defaulted', detail: 'creators taken from the producer providers' });
  }
  return fromProviders;
}

function readContributors(f: Fields, native: boolean, warnings: CrosswalkWarning[]): DataCiteContributor[] {
  if (native) {
    return list<DataCiteContributor>(f['datacite:contributors']).filter((c) => {
      if (CONTRIBUTOR_TYPES_46.has(c.contributorType)) return true;
      warnings.push({ path: 'datacite:contributors', kind: 'dropped', detail: `contributor "${c.name}" has contributorType "${c.contributorType}", not in DataCite 4.6` });
      return false;
    });
  }
  const contributors: DataCiteContributor[] = [];
  for (const contact of objects(f.contacts) as Contact[]) {
    const roles = list<string>(contact.roles);
    if (roles.some((r) => CREATOR_ROLES.has(r) || r === 'publisher')) continue;
    const type = roles.map((r) => (CONTRIBUTOR_TYPES_46.has(r) ? r : CONTRIBUTOR_TYPE_OF_ROLE[r])).find((t) => t !== undefined);
    const name = nameFromContact(contact);
    if (name !== undefined) contributors.push({ ...name, contributorType: type ?? 'Other' });
  }
  return contributors;
}

function readTitles(f: Fields): DataCiteTitle[] {
  const kept = list<DataCiteTitle>(f['datacite:titles']);
  const title = str(f.title);
  if (title === undefined || kept.some((t) => t.title === title)) return kept;
  const main = kept.findIndex((t) => t.titleType === undefined);
  if (main < 0) return [{ title }, ...kept];
  return kept.map((t, i) => (i === main ? { ...t, title } : t));
}

function readDescriptions(f: Fields): DataCiteDescription[] {
  const kept = list<DataCiteDescription>(f['datacite:descriptions']);
  const description = str(f.description);
  if (description === undefined || kept.some((d) => d.description === description)) return kept;
  const main = kept.findIndex((d) => d.descriptionType === 'Abstract');
  // A description that only repeats the title was made up for STAC, which requires one.
  if (main < 0) return description === str(f.title) ? kept : [{ description, descriptionType: 'Abstract' }, ...kept];
  return kept.map((d, i) => (i === main ? { ...d, description } : d));
}

function readPublisher(f: Fields): DataCitePublisher | undefined {
  const kept = f['datacite:publisher'];
  if (isJsonObject(kept) && str(kept.name) !== undefined) return kept as unknown as DataCitePublisher;
  const contact = contactsWith(f, (r) => r === 'publisher')[0];
  const name = str(contact?.organization) ?? str(contact?.name);
  if (name !== undefined) return { name };
  const host = objects(f.providers).find((p) => list<string>(p.roles).includes('host'));
  const hostName = str(host?.name);
  return hostName === undefined ? undefined : { name: hostName };
}

function readPublicationYear(f: Fields): number | undefined {
  const kept = f['datacite:publicationYear'];
  if (typeof kept === 'number' && Number.isInteger(kept)) return kept;
  const published = str(f.published) ?? str(f.created);
  const year = published === undefined ? undefined : /^(\d{4})/.exec(published)?.[1];
  return year === undefined ? undefined : Number(year);
}

function readTypes(f: Fields, record: StacRecord, warnings: CrosswalkWarning[]): DataCiteTypes | undefined {
  const general = str(f['datacite:resourceTypeGeneral']);
  const resourceType = str(f['datacite:resourceType']);
  if (general === undefined) {
    warnings.push({ path: 'datacite:resourceTypeGeneral', kind: 'defaulted', detail: 'resourceTypeGeneral set to Dataset' });
    return { resourceTypeGeneral: 'Dataset', ...(record.type === 'Collection' ? {} : { resourceType: 'Dataset' }) };
  }
  if (!RESOURCE_TYPES_46.has(general)) return undefined;
  return { resourceTypeGeneral: general, ...(resourceType === undefined ? {} : { resourceType }) };
}

function readLanguage(f: Fields): string | undefined {
  const language = f.language;
  if (isJsonObject(language)) return str(language.code);
  return str(language);
}

function readSubjects(f: Fields, native: boolean): DataCiteSubject[] {
  const kept = list<DataCiteSubject>(f['datacite:subjects']);
  const known = new Set(kept.map((s) => s.subject));
  const added = list<string>(f.keywords).filter((k) => typeof k === 'string' && !known.has(k)).map((subject) => ({ subject }));
  if (native || !Array.isArray(f.themes)) return [...kept, ...added];
  // Records from other sources: their themes keep the vocabulary of each keyword.
  const themed: DataCiteSubject[] = [];
  for (const theme of objects(f.themes)) {
    const scheme = str(theme.scheme);
    for (const concept of objects(theme.concepts)) {
      const subject = str(concept.title) ?? str(concept.id);
      if (subject === undefined) continue;
      const valueUri = str(concept.url);
      themed.push({
        subject,
        ...(scheme === undefined ? {} : /^https?:\/\//.test(scheme) ? { schemeUri: scheme } : { subjectScheme: scheme }),
        ...(valueUri === undefined ? {} : { valueUri }),
      });
    }
  }
  const themedText = new Set(themed.map((s) => s.subject));
  return [...themed, ...added.filter((s) => !themedText.has(s.subject))];
}

function readDates(f: Fields): DataCiteDate[] {
  const dates: DataCiteDate[] = [];
  const day = (value: unknown): string | undefined => str(value)?.slice(0, 10);
  const created = day(f.created);
  const published = day(f.published);
  const updated = day(f.updated);
  if (created !== undefined) dates.push({ date: created, dateType: 'Created' });
  if (published !== undefined) dates.push({ date: published, dateType: 'Issued' });
  if (updated !== undefined) dates.push({ date: updated, dateType: 'Updated' });
  for (const [start, end] of intervals(f)) {
    if (start === null && end === null) continue;
    dates.push({ date: `${start?.slice(0, 10) ?? ''}/${end?.slice(0, 10) ?? ''}`, dateType: 'Coverage' });
  }
  return dates;
}

function intervals(f: Fields): (readonly [string | null, string | null])[] {
  const extent = f.extent;
  if (isJsonObject(extent) && isJsonObject(extent.temporal) && Array.isArray(extent.temporal.interval)) {
    return (extent.temporal.interval as unknown as (readonly [string | null, string | null])[]).slice(0, 1);
  }
  const start = str(f.start_datetime) ?? str(f.datetime) ?? null;
  const end = str(f.end_datetime) ?? str(f.datetime) ?? null;
  return [[start, end]];
}

function readRelatedIdentifiers(f: Fields, native: boolean, warnings: CrosswalkWarning[]): DataCiteRelatedIdentifier[] {
  if (native) {
    return list<DataCiteRelatedIdentifier>(f['datacite:relatedIdentifiers']).filter((r) => {
      if (RELATION_TYPES_46.has(r.relationType)) return true;
      warnings.push({ path: 'datacite:relatedIdentifiers', kind: 'dropped', detail: `relation type "${r.relationType}" of ${r.relatedIdentifier} is not in DataCite 4.6` });
      return false;
    });
  }
  const related: DataCiteRelatedIdentifier[] = [];
  for (const link of objects(f.links)) {
    const href = str(link.href);
    const relationType = str(link['datacite:relationType'])
      ?? ({ describedby: 'IsDescribedBy', derived_from: 'IsDerivedFrom', cites: 'References' } as Record<string, string>)[String(link.rel)];
    if (href === undefined || relationType === undefined || !RELATION_TYPES_46.has(relationType)) continue;
    const doi = bareDoi(href);
    related.push(doi === undefined
      ? { relatedIdentifier: href, relatedIdentifierType: 'URL', relationType }
      : { relatedIdentifier: doi, relatedIdentifierType: 'DOI', relationType });
  }
  return related;
}

function readRights(f: Fields): DataCiteRights[] {
  const kept = list<DataCiteRights>(f['datacite:rightsList']);
  const license = str(f.license);
  const id = license === undefined ? undefined : toSpdx(license);
  if (kept.length > 0 && (id === undefined || kept.some((r) => rightsSpdx(r) === id))) return kept;
  if (id !== undefined) {
    const url = spdxUrl(id);
    return [{ rightsIdentifier: id, rightsIdentifierScheme: 'SPDX', schemeUri: 'https://spdx.org/licenses/', ...(url === undefined ? {} : { rightsUri: url }) }];
  }
  const link = objects(f.links).find((l) => l.rel === 'license');
  const href = str(link?.href);
  if (href === undefined) return kept;
  const title = str(link?.title);
  return [{ ...(title === undefined ? {} : { rights: title }), rightsUri: href }];
}

/** The SPDX id a DataCite rights entry names, by identifier, URI or text. */
export function rightsSpdx(r: DataCiteRights): string | undefined {
  return (r.rightsIdentifier === undefined ? undefined : toSpdx(r.rightsIdentifier))
    ?? (r.rightsUri === undefined ? undefined : toSpdx(r.rightsUri))
    ?? (r.rights === undefined ? undefined : toSpdx(r.rights));
}

function readGeoLocations(f: Fields): DataCiteGeoLocation[] {
  const boxes: BBox[] = [];
  const extent = f.extent;
  if (isJsonObject(extent) && isJsonObject(extent.spatial) && Array.isArray(extent.spatial.bbox)) {
    const all = extent.spatial.bbox as unknown as BBox[];
    // The first box of several is their union; the others are the real areas.
    boxes.push(...(all.length > 1 ? all.slice(1) : all));
  } else if (Array.isArray(f.bbox)) {
    boxes.push(f.bbox as unknown as BBox);
  }
  return boxes.map((bbox) => {
    const [w, s, e, n] = toBox2D(bbox);
    return { geoLocationBox: { westBoundLongitude: w, eastBoundLongitude: e, southBoundLatitude: s, northBoundLatitude: n } };
  });
}
