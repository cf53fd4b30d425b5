import { CrosswalkError } from '../crosswalk.js';
import type { CrosswalkContext, CrosswalkResult, CrosswalkWarning, NativeFormat } from '../crosswalk.js';
import type { BBox, StacCollection, StacLink } from '../../src/core/stac.js';
import { STAC_VERSION } from '../../src/core/stac.js';
import { XML_NS, attr, child, children, descendants, parseXml } from '../../src/core/xml.js';
import type { XmlElement } from '../../src/core/xml.js';
import { normalizeBbox } from '../../src/core/bbox.js';
import { toRfc3339 } from '../time/dates.js';
import { spdxUrl } from '../../vocabularies/licenses.js';
import { rightsSpdx } from './attributes.js';
import type {
  DataCiteAttributes,
  DataCiteBox,
  DataCiteContributor,
  DataCiteCreator,
  DataCiteGeoLocation,
  DataCitePoint,
  DataCitePolygonEntry,
  DataCiteRelatedItem,
  DataCiteRelatedItemName,
} from './attributes.js';
import { DATACITE_NS, LINK_REL_OF_RELATION, PROVIDER_ROLE_OF_CONTRIBUTOR, PUBLICATION_RELATIONS, identifierUrl } from './mappings.js';

export const EXT = {
  scientific: 'https://stac-extensions.github.io/scientific/v1.0.0/schema.json',
  contacts: 'https://stac-extensions.github.io/contacts/v0.1.1/schema.json',
  themes: 'https://stac-extensions.github.io/themes/v1.0.0/schema.json',
  version: 'https://stac-extensions.github.io/version/v1.2.0/schema.json',
  timestamps: 'https://stac-extensions.github.io/timestamps/v1.1.0/schema.json',
  language: 'https://stac-extensions.github.io/language/v1.0.0/schema.json',
} as const;

const WORLD: BBox = [-180, -90, 180, 90];

/** DataCite kernel-4 XML (4.0 to 4.7; bare or inside an oai_datacite payload) to a STAC Collection. */
export function toStac(document: string, ctx: CrosswalkContext): CrosswalkResult<StacCollection> {
  let root: XmlElement;
  try {
    root = parseXml(document);
  } catch (error) {
    throw new CrosswalkError('datacite-xml', `not readable as XML: ${(error as Error).message}`, { cause: error });
  }
  const resource = root.ns === DATACITE_NS && root.local === 'resource' ? root : descendants(root, DATACITE_NS, 'resource')[0];
  if (resource === undefined) {
    throw new CrosswalkError('datacite-xml', `not a DataCite kernel-4 resource (root element {${root.ns}}${root.local})`);
  }
  return attributesToStac(readResource(resource), ctx, 'datacite-xml');
}

const text = (el: XmlElement | undefined): string | undefined => (el === undefined || el.text === '' ? undefined : el.text);
const lang = (el: XmlElement): { lang?: string } => {
  const value = attr(el, 'lang', XML_NS);
  return value === undefined ? {} : { lang: value };
};
/** Copies the attributes that are present, renamed as the REST API names them. */
function attrs(el: XmlElement, names: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [xmlName, jsonName] of Object.entries(names)) {
    const value = attr(el, xmlName);
    if (value !== undefined && value.trim() !== '') out[jsonName] = value.trim();
  }
  return out;
}
const dc = (el: XmlElement | undefined, local: string): XmlElement | undefined => child(el, DATACITE_NS, local);
const dcAll = (el: XmlElement | undefined, local: string): XmlElement[] => children(el, DATACITE_NS, local);
const inList = (el: XmlElement, wrapper: string, item: string): XmlElement[] => dcAll(dc(el, wrapper), item);

function readName(el: XmlElement, nameElement: string): DataCiteCreator | undefined {
  const nameEl = dc(el, nameElement);
  const name = text(nameEl);
  if (nameEl === undefined || name === undefined) return undefined;
  const given = text(dc(el, 'givenName'));
  const family = text(dc(el, 'familyName'));
  return {
    name,
    ...attrs(nameEl, { nameType: 'nameType' }),
    ...lang(nameEl),
    ...(given === undefined ? {} : { givenName: given }),
    ...(family === undefined ? {} : { familyName: family }),
    nameIdentifiers: dcAll(el, 'nameIdentifier').flatMap((n) => {
      const value = text(n);
      return value === undefined ? [] : [{ nameIdentifier: value, nameIdentifierScheme: attr(n, 'nameIdentifierScheme') ?? 'Other', ...attrs(n, { schemeURI: 'schemeUri' }) }];
    }),
    affiliation: dcAll(el, 'affiliation').flatMap((a) => {
      const value = text(a);
      return value === undefined ? [] : [{ name: value, ...attrs(a, { affiliationIdentifier: 'affiliationIdentifier', affiliationIdentifierScheme: 'affiliationIdentifierScheme', schemeURI: 'schemeUri' }) }];
    }),
  };
}

function readPoint(el: XmlElement | undefined): DataCitePoint | undefined {
  const lon = Number(text(dc(el, 'pointLongitude')));
  const lat = Number(text(dc(el, 'pointLatitude')));
  return text(dc(el, 'pointLongitude')) === undefined || text(dc(el, 'pointLatitude')) === undefined || !Number.isFinite(lon) || !Number.isFinite(lat)
    ? undefined
    : { pointLongitude: lon, pointLatitude: lat };
}

function readBox(el: XmlElement): DataCiteBox | undefined {
  const values = ['westBoundLongitude', 'eastBoundLongitude', 'southBoundLatitude', 'northBoundLatitude'].map((n) => text(dc(el, n)));
  if (values.some((v) => v === undefined)) return undefined;
  const [w, e, s, n] = values.map(Number) as [number, number, number, number];
  if (![w, e, s, n].every(Number.isFinite)) return undefined;
  return { westBoundLongitude: w, eastBoundLongitude: e, southBoundLatitude: s, northBoundLatitude: n };
}

function readPolygon(el: XmlElement): DataCitePolygonEntry[] {
  const entries: DataCitePolygonEntry[] = [];
  for (const p of dcAll(el, 'polygonPoint')) {
    const point = readPoint(p);
    if (point !== undefined) entries.push({ polygonPoint: point });
  }
  const inside = readPoint(dc(el, 'inPolygonPoint'));
  if (inside !== undefined) entries.push({ inPolygonPoint: inside });
  return entries;
}

function readGeoLocation(el: XmlElement): DataCiteGeoLocation {
  const place = text(dc(el, 'geoLocationPlace'));
  const point = readPoint(dc(el, 'geoLocationPoint'));
  const boxEl = dc(el, 'geoLocationBox');
  const box = boxEl === undefined ? undefined : readBox(boxEl);
  const polygons = dcAll(el, 'geoLocationPolygon').map(readPolygon).filter((p) => p.length > 0);
  return {
    ...(place === undefined ? {} : { geoLocationPlace: place }),
    ...(point === undefined ? {} : { geoLocationPoint: point }),
    ...(box === undefined ? {} : { geoLocationBox: box }),
    ...(polygons.length === 0 ? {} : { geoLocationPolygon: polygons.length === 1 ? polygons[0] : polygons }),
  };
}

function readRelatedItem(el: XmlElement): DataCiteRelatedItem {
  const idEl = dc(el, 'relatedItemIdentifier');
  const id = text(idEl);
  const names = (wrapper: string, item: string, nameEl: string): DataCiteRelatedItemName[] =>
    inList(el, wrapper, item).flatMap((c) => {
      const n = readName(c, nameEl);
      if (n === undefined) return [];
      const type = attr(c, 'contributorType');
      return [{ name: n.name, ...(n.nameType === undefined ? {} : { nameType: n.nameType }), ...(n.givenName === undefined ? {} : { givenName: n.givenName }), ...(n.familyName === undefined ? {} : { familyName: n.familyName }), ...(type === undefined ? {} : { contributorType: type }) }];
    });
  const creators = names('creators', 'creator', 'creatorName');
  const contributors = names('contributors', 'contributor', 'contributorName');
  const titles = inList(el, 'titles', 'title').flatMap((t) => (text(t) === undefined ? [] : [{ title: t.text, ...attrs(t, { titleType: 'titleType' }), ...lang(t) }]));
  const scalar = (name: string): Record<string, string> => {
    const value = text(dc(el, name));
    return value === undefined ? {} : { [name]: value };
  };
  const numberEl = dc(el, 'number');
  return {
    relationType: attr(el, 'relationType') ?? 'References',
    relatedItemType: attr(el, 'relatedItemType') ?? 'Other',
    ...(idEl === undefined || id === undefined ? {} : {
      relatedItemIdentifier: { relatedItemIdentifier: id, ...attrs(idEl, { relatedItemIdentifierType: 'relatedItemIdentifierType', relatedMetadataScheme: 'relatedMetadataScheme', schemeURI: 'schemeURI', schemeType: 'schemeType' }) },
    }),
    ...(creators.length === 0 ? {} : { creators }),
    ...(titles.length === 0 ? {} : { titles }),
    ...scalar('publicationYear'),
    ...scalar('volume'),
    ...scalar('issue'),
    ...scalar('number'),
    ...(numberEl === undefined ? {} : attrs(numberEl, { numberType: 'numberType' })),
    ...scalar('firstPage'),
    ...scalar('lastPage'),
    ...scalar('publisher'),
    ...scalar('edition'),
    ...(contributors.length === 0 ? {} : { contributors }),
  };
}

/** A kernel-4 `resource` element read into the REST API attribute model. */
function readResource(r: XmlElement): DataCiteAttributes {
  const identifier = dc(r, 'identifier');
  const publisherEl = dc(r, 'publisher');
  const publisher = text(publisherEl);
  const year = Number(text(dc(r, 'publicationYear')));
  const typeEl = dc(r, 'resourceType');
  const general = typeEl === undefined ? undefined : attr(typeEl, 'resourceTypeGeneral');
  const language = text(dc(r, 'language'));
  const version = text(dc(r, 'version'));
  return {
    ...(identifier !== undefined && text(identifier) !== undefined && (attr(identifier, 'identifierType') ?? 'DOI').toUpperCase() === 'DOI' ? { doi: identifier.text } : {}),
    creators: inList(r, 'creators', 'creator').map((c) => readName(c, 'creatorName')).filter((c) => c !== undefined),
    titles: inList(r, 'titles', 'title').flatMap((t) => (text(t) === undefined ? [] : [{ title: t.text, ...attrs(t, { titleType: 'titleType' }), ...lang(t) }])),
    ...(publisherEl === undefined || publisher === undefined ? {} : {
      publisher: { name: publisher, ...attrs(publisherEl, { publisherIdentifier: 'publisherIdentifier', publisherIdentifierScheme: 'publisherIdentifierScheme', schemeURI: 'schemeUri' }), ...lang(publisherEl) },
    }),
    ...(Number.isInteger(year) && year > 0 ? { publicationYear: year } : {}),
    ...(general === undefined || typeEl === undefined ? {} : { types: { resourceTypeGeneral: general, ...(text(typeEl) === undefined ? {} : { resourceType: typeEl.text }) } }),
    subjects: inList(r, 'subjects', 'subject').flatMap((s) => (text(s) === undefined ? [] : [{
      subject: s.text,
      ...attrs(s, { subjectScheme: 'subjectScheme', schemeURI: 'schemeUri', valueURI: 'valueUri', classificationCode: 'classificationCode' }),
      ...lang(s),
    }])),
    contributors: inList(r, 'contributors', 'contributor').flatMap((c): DataCiteContributor[] => {
      const name = readName(c, 'contributorName');
      return name === undefined ? [] : [{ ...name, contributorType: attr(c, 'contributorType') ?? 'Other' }];
    }),
    dates: inList(r, 'dates', 'date').flatMap((d) => (text(d) === undefined ? [] : [{ date: d.text, dateType: attr(d, 'dateType') ?? 'Other', ...attrs(d, { dateInformation: 'dateInformation' }) }])),
    ...(language === undefined ? {} : { language }),
    alternateIdentifiers: inList(r, 'alternateIdentifiers', 'alternateIdentifier').flatMap((a) => (text(a) === undefined ? [] : [{ alternateIdentifier: a.text, alternateIdentifierType: attr(a, 'alternateIdentifierType') ?? 'Other' }])),
    relatedIdentifiers: inList(r, 'relatedIdentifiers', 'relatedIdentifier').flatMap((x) => (text(x) === undefined ? [] : [{
      relatedIdentifier: x.text,
      relatedIdentifierType: attr(x, 'relatedIdentifierType') ?? 'URL',
      relationType: attr(x, 'relationType') ?? 'References',
      ...attrs(x, { resourceTypeGeneral: 'resourceTypeGeneral', relatedMetadataScheme: 'relatedMetadataScheme', schemeURI: 'schemeUri', schemeType: 'schemeType', relationTypeInformation: 'relationTypeInformation' }),
    }])),
    sizes: inList(r, 'sizes', 'size').flatMap((s) => text(s) ?? []),
    formats: inList(r, 'formats', 'format').flatMap((s) => text(s) ?? []),
    ...(version === undefined ? {} : { version }),
    rightsList: inList(r, 'rightsList', 'rights').map((x) => ({
      ...(text(x) === undefined ? {} : { rights: x.text }),
      ...attrs(x, { rightsURI: 'rightsUri', rightsIdentifier: 'rightsIdentifier', rightsIdentifierScheme: 'rightsIdentifierScheme', schemeURI: 'schemeUri' }),
      ...lang(x),
    })).filter((x) => Object.keys(x).length > 0),
    descriptions: inList(r, 'descriptions', 'description').flatMap((d) => (text(d) === undefined ? [] : [{ description: d.text, descriptionType: attr(d, 'descriptionType') ?? 'Other', ...lang(d) }])),
    geoLocations: inList(r, 'geoLocations', 'geoLocation').map(readGeoLocation).filter((g) => Object.keys(g).length > 0),
    fundingReferences: inList(r, 'fundingReferences', 'fundingReference').flatMap((x) => {
      const funderName = text(dc(x, 'funderName'));
      if (funderName === undefined) return [];
      const funderId = dc(x, 'funderIdentifier');
      const award = dc(x, 'awardNumber');
      const awardTitle = text(dc(x, 'awardTitle'));
      return [{
        funderName,
        ...(funderId === undefined || text(funderId) === undefined ? {} : { funderIdentifier: funderId.text, ...attrs(funderId, { funderIdentifierType: 'funderIdentifierType', schemeURI: 'schemeUri' }) }),
        ...(award === undefined || text(award) === undefined ? {} : { awardNumber: award.text, ...attrs(award, { awardURI: 'awardUri' }) }),
        ...(awardTitle === undefined ? {} : { awardTitle }),
      }];
    }),
    relatedItems: inList(r, 'relatedItems', 'relatedItem').map(readRelatedItem),
  };
}

/** Polygons of a geoLocation, whether written as one list of points or a list of such lists. */
export function polygonsOf(g: DataCiteGeoLocation): (readonly DataCitePolygonEntry[])[] {
  const p = g.geoLocationPolygon;
  if (p === undefined || p.length === 0) return [];
  return Array.isArray(p[0]) ? (p as readonly (readonly DataCitePolygonEntry[])[]).slice() : [p as readonly DataCitePolygonEntry[]];
}

function geoBoxes(a: DataCiteAttributes, warnings: CrosswalkWarning[]): BBox[] {
  const boxes: BBox[] = [];
  const valid = (lon: number, lat: number): boolean => lon >= -180 && lon <= 360 && lat >= -90 && lat <= 90;
  a.geoLocations.forEach((g, i) => {
    const at = `geoLocations[${i}]`;
    if (g.geoLocationBox !== undefined) {
      const b = g.geoLocationBox;
      if (valid(b.westBoundLongitude, b.southBoundLatitude) && valid(b.eastBoundLongitude, b.northBoundLatitude) && b.southBoundLatitude <= b.northBoundLatitude) {
        boxes.push(normalizeBbox([b.westBoundLongitude, b.southBoundLatitude, b.eastBoundLongitude, b.northBoundLatitude]));
      } else {
        warnings.push({ path: `${at}.geoLocationBox`, kind: 'malformed', detail: 'box outside the valid longitude/latitude ranges' });
      }
    }
    if (g.geoLocationPoint !== undefined) {
      const { pointLongitude: lon, pointLatitude: lat } = g.geoLocationPoint;
      if (valid(lon, lat)) boxes.push(normalizeBbox([lon, lat, lon, lat]));
      else warnings.push({ path: `${at}.geoLocationPoint`, kind: 'malformed', detail: 'point outside the valid ranges' });
    }
    for (const polygon of polygonsOf(g)) {
      const points = polygon.flatMap((e) => ('polygonPoint' in e ? [e.polygonPoint] : []));
      const lons = points.map((p) => p.pointLongitude);
      const lats = points.map((p) => p.pointLatitude);
      if (points.length > 0 && points.every((p) => valid(p.pointLongitude, p.pointLatitude))) {
        boxes.push(normalizeBbox([Math.min(...lons), Math.min(...lats), Math.max(...lons), Math.max(...lats)]));
      }
    }
  });
  const distinct = boxes.filter((b, i) => boxes.findIndex((o) => o.join() === b.join()) === i);
  if (distinct.length <= 1) return distinct;
  const crosses = distinct.some((b) => b[0] > b[2]);
  const union: BBox = [
    crosses ? -180 : Math.min(...distinct.map((b) => b[0])),
    Math.min(...distinct.map((b) => b[1])),
    crosses ? 180 : Math.max(...distinct.map((b) => b[2])),
    Math.max(...distinct.map((b) => b[3])),
  ];
  return [union, ...distinct];
}

/** `2010-01-01/2011-12-31`, `2010/`, or a single date, as a STAC interval; undefined if unreadable. */
function dateInterval(value: string): [string | null, string | null] | undefined {
  const [from = '', to] = value.split('/');
  const start = from.trim() === '' ? null : toRfc3339(from, 'start') ?? undefined;
  const end = to === undefined ? toRfc3339(from, 'end') ?? undefined : to.trim() === '' ? null : toRfc3339(to, 'end') ?? undefined;
  if (start === undefined || end === undefined || (start === null && end === null)) return undefined;
  return [start, end];
}

function temporal(a: DataCiteAttributes, warnings: CrosswalkWarning[]): [string | null, string | null][] {
  const pick = (type: string): [string | null, string | null][] =>
    a.dates.filter((d) => d.dateType === type).flatMap((d) => {
      const interval = dateInterval(d.date);
      if (interval === undefined) warnings.push({ path: `dates[${type}]`, kind: 'malformed', detail: `"${d.date}" is not a date or interval` });
      return interval === undefined ? [] : [interval];
    });
  const intervals = pick('Coverage').length > 0 ? pick('Coverage') : pick('Collected');
  if (intervals.length === 0) return [[null, null]];
  if (intervals.length === 1) return intervals;
  const starts = intervals.map((i) => i[0]);
  const ends = intervals.map((i) => i[1]);
  const union: [string | null, string | null] = [
    starts.includes(null) ? null : starts.reduce((m, s) => (s! < m! ? s : m)),
    ends.includes(null) ? null : ends.reduce((m, e) => (e! > m! ? e : m)),
  ];
  return [union, ...intervals];
}

function firstDate(a: DataCiteAttributes, type: string): string | undefined {
  const date = a.dates.find((d) => d.dateType === type)?.date;
  return date === undefined ? undefined : toRfc3339(date.split('/')[0], 'start');
}

function citation(a: DataCiteAttributes, title: string, doi: string): string {
  const names = a.creators.map((c) => c.name).join('; ');
  const year = a.publicationYear ?? 'n.d.';
  const end = /[.!?]$/.test(title) ? '' : '.';
  const version = a.version === undefined ? '' : ` Version ${a.version}.`;
  const publisher = a.publisher === undefined ? '' : ` ${a.publisher.name}.`;
  return `${names === '' ? '' : `${names} `}(${year}): ${title}${end}${version}${publisher} https://doi.org/${doi}`;
}

/** An identifier given as a bare ORCID or ROR id is made a URL, as DataCite recommends. */
function identifierAsUrl(id: { nameIdentifier: string; nameIdentifierScheme: string }): string | undefined {
  const v = id.nameIdentifier;
  if (/^https?:\/\//.test(v)) return v;
  if (id.nameIdentifierScheme.toUpperCase() === 'ORCID') return `https://orcid.org/${v}`;
  if (id.nameIdentifierScheme.toUpperCase() === 'ROR') return `https://ror.org/${v}`;
  return undefined;
}

function contactOf(c: DataCiteCreator, role: string): Record<string, unknown> {
  const urls = c.nameIdentifiers.map(identifierAsUrl).filter((u) => u !== undefined);
  const first = c.nameIdentifiers[0];
  const organisation = c.nameType === 'Organizational';
  const affiliation = c.affiliation[0]?.name;
  return {
    name: c.name,
    ...(first === undefined ? {} : { identifier: urls[0] ?? first.nameIdentifier }),
    ...(organisation ? { organization: c.name } : affiliation === undefined ? {} : { organization: affiliation }),
    ...(urls.length === 0 ? {} : { links: urls.map((href) => ({ rel: 'about', href, type: 'text/html' })) }),
    roles: [role],
  };
}

function providers(a: DataCiteAttributes): Record<string, unknown>[] {
  const byName = new Map<string, { roles: string[]; url?: string }>();
  const add = (name: string, role: string, url: string | undefined): void => {
    const entry = byName.get(name) ?? { roles: [] };
    if (!entry.roles.includes(role)) entry.roles.push(role);
    if (entry.url === undefined && url !== undefined) entry.url = url;
    byName.set(name, entry);
  };
  const orgUrl = (c: DataCiteCreator): string | undefined => c.nameIdentifiers.map(identifierAsUrl).find((u) => u !== undefined);
  if (a.publisher !== undefined) {
    const id = a.publisher.publisherIdentifier;
    add(a.publisher.name, 'host', id !== undefined && /^https?:\/\//.test(id) ? id : undefined);
  }
  for (const c of a.creators) if (c.nameType === 'Organizational') add(c.name, 'producer', orgUrl(c));
  for (const c of a.contributors) {
    const role = PROVIDER_ROLE_OF_CONTRIBUTOR[c.contributorType];
    if (role !== undefined && c.nameType === 'Organizational') add(c.name, role, orgUrl(c));
  }
  return [...byName].map(([name, p]) => ({ name, roles: p.roles, ...(p.url === undefined ? {} : { url: p.url }) }));
}

function themes(a: DataCiteAttributes): Record<string, unknown>[] {
  const byScheme = new Map<string, Map<string, Record<string, string>>>();
  for (const s of a.subjects) {
    const scheme = s.schemeUri ?? s.subjectScheme;
    if (scheme === undefined) continue;
    const id = s.classificationCode ?? s.subject;
    const concepts = byScheme.get(scheme) ?? new Map<string, Record<string, string>>();
    if (!concepts.has(id)) {
      concepts.set(id, {
        id,
        ...(id === s.subject ? {} : { title: s.subject }),
        ...(s.valueUri !== undefined && /^https?:\/\//.test(s.valueUri) ? { url: s.valueUri } : {}),
      });
    }
    byScheme.set(scheme, concepts);
  }
  return [...byScheme].map(([scheme, concepts]) => ({ concepts: [...concepts.values()], scheme }));
}

/** A STAC id from a DOI: lower case (DOIs are case-insensitive), URL-safe. */
export function recordIdFromDoi(doi: string): string {
  return doi.toLowerCase().replace(/[^a-z0-9._-]+/g, '-');
}

const LANGUAGE_CODE = /^[a-z]{2,3}(?:-[a-z0-9]{2,8})*$/i;

/**
 * The DataCite attribute model to a STAC Collection: discovery fields in STAC and its extensions,
 * and the DataCite structure itself in `datacite:*` fields so that the record can be written back.
 */
export function attributesToStac(a: DataCiteAttributes, _ctx: CrosswalkContext, format: NativeFormat): CrosswalkResult<StacCollection> {
  const warnings: CrosswalkWarning[] = [];
  if (a.doi === undefined) throw new CrosswalkError(format, 'the record has no DOI identifier');
  const doi = a.doi;

  const language = a.language !== undefined && LANGUAGE_CODE.test(a.language) ? a.language : undefined;
  if (a.language !== undefined && language === undefined) warnings.push({ path: 'language', kind: 'malformed', detail: `"${a.language}" is not a language code` });
  const inLanguage = <T extends { readonly lang?: string }>(items: readonly T[]): T | undefined =>
    items.find((i) => i.lang === undefined || language === undefined || i.lang.toLowerCase().startsWith(language.toLowerCase())) ?? items[0];

  const title = inLanguage(a.titles.filter((t) => t.titleType === undefined))?.title ?? a.titles[0]?.title;
  if (title === undefined) warnings.push({ path: 'titles', kind: 'missing', detail: 'no title' });
  let description = (inLanguage(a.descriptions.filter((d) => d.descriptionType === 'Abstract')) ?? a.descriptions[0])?.description;
  if (description === undefined) {
    description = title ?? doi;
    warnings.push({ path: 'descriptions', kind: 'defaulted', detail: 'no description: the title stands in for it' });
  }

  const licensed = a.rightsList.map((r) => ({ r, id: rightsSpdx(r) }));
  const license = licensed.find((x) => x.id !== undefined)?.id;
  if (license === undefined) {
    warnings.push({ path: 'rightsList', kind: a.rightsList.length === 0 ? 'missing' : 'unsupported', detail: 'no SPDX licence recognised: license is "other"' });
  }

  let bboxes = geoBoxes(a, warnings);
  if (bboxes.length === 0) {
    bboxes = [WORLD];
    warnings.push({ path: 'geoLocations', kind: 'defaulted', detail: 'no usable geolocation: the spatial extent is the whole world' });
  }

  const contacts = [...a.creators.map((c) => contactOf(c, 'creator')), ...a.contributors.map((c) => contactOf(c, c.contributorType))];
  const themeList = themes(a);
  const created = firstDate(a, 'Created');
  const updated = firstDate(a, 'Updated');
  const published = firstDate(a, 'Issued');
  const keywords = [...new Set(a.subjects.map((s) => s.subject))];
  const publications = a.relatedIdentifiers
    .filter((r) => r.relatedIdentifierType === 'DOI' && PUBLICATION_RELATIONS.has(r.relationType))
    .map((r) => ({ doi: r.relatedIdentifier }));
  const languages = [...new Set([...a.titles, ...a.descriptions].flatMap((t) => (t.lang !== undefined && LANGUAGE_CODE.test(t.lang) ? [t.lang] : [])))]
    .filter((l) => l !== language);

  const links: StacLink[] = [{ rel: 'cite-as', href: `https://doi.org/${doi}`, title: `DOI ${doi}` }];
  if (a.url !== undefined) links.push({ rel: 'alternate', href: a.url, type: 'text/html', title: 'Landing page' });
  for (const { r, id } of licensed) {
    const href = (id === undefined ? undefined : spdxUrl(id)) ?? r.rightsUri;
    if (href !== undefined) links.push({ rel: 'license', href, ...(r.rights === undefined ? {} : { title: r.rights }) });
  }
  for (const r of a.relatedIdentifiers) {
    const href = identifierUrl(r.relatedIdentifierType, r.relatedIdentifier);
    if (href === undefined) continue;
    links.push({ rel: LINK_REL_OF_RELATION[r.relationType] ?? 'related', href, title: `${r.relationType} ${r.relatedIdentifierType} ${r.relatedIdentifier}`, 'datacite:relationType': r.relationType });
  }

  const extensions = [
    EXT.scientific,
    ...(contacts.length > 0 ? [EXT.contacts] : []),
    ...(themeList.length > 0 ? [EXT.themes] : []),
    ...(a.version !== undefined ? [EXT.version] : []),
    ...(published !== undefined ? [EXT.timestamps] : []),
    ...(language !== undefined ? [EXT.language] : []),
  ].sort();

  const collection: StacCollection = {
    type: 'Collection',
    stac_version: STAC_VERSION,
    stac_extensions: extensions,
    id: recordIdFromDoi(doi),
    ...(title === undefined ? {} : { title }),
    description,
    ...(keywords.length === 0 ? {} : { keywords }),
    license: license ?? 'other',
    providers: providers(a),
    extent: { spatial: { bbox: bboxes }, temporal: { interval: temporal(a, warnings) } },
    ...(created === undefined ? {} : { created }),
    ...(updated === undefined ? {} : { updated }),
    ...(published === undefined ? {} : { published }),
    ...(a.version === undefined ? {} : { version: a.version }),
    ...(language === undefined ? {} : { language: { code: language } }),
    ...(languages.length === 0 ? {} : { languages: languages.map((code) => ({ code })) }),
    'sci:doi': doi,
    'sci:citation': citation(a, title ?? '', doi),
    ...(publications.length === 0 ? {} : { 'sci:publications': publications }),
    ...(contacts.length === 0 ? {} : { contacts }),
    ...(themeList.length === 0 ? {} : { themes: themeList }),
    ...datacitefields(a),
    links,
  };
  return { value: collection, warnings };
}

/** The DataCite structure kept as it is, in `datacite:*` fields (empty lists left out). */
function datacitefields(a: DataCiteAttributes): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  const keep = (key: string, value: unknown): void => {
    if (value !== undefined && !(Array.isArray(value) && value.length === 0)) fields[`datacite:${key}`] = value;
  };
  keep('alternateIdentifiers', a.alternateIdentifiers);
  keep('contributors', a.contributors);
  keep('creators', a.creators);
  keep('dates', a.dates);
  keep('descriptions', a.descriptions);
  keep('formats', a.formats);
  keep('fundingReferences', a.fundingReferences);
  keep('geoLocations', a.geoLocations);
  keep('publicationYear', a.publicationYear);
  keep('publisher', a.publisher);
  keep('relatedIdentifiers', a.relatedIdentifiers);
  keep('relatedItems', a.relatedItems);
  keep('resourceType', a.types?.resourceType);
  keep('resourceTypeGeneral', a.types?.resourceTypeGeneral);
  keep('rightsList', a.rightsList);
  keep('sizes', a.sizes);
  keep('state', a.state);
  keep('subjects', a.subjects);
  keep('titles', a.titles);
  return fields;
}
