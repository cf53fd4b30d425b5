import type { CrosswalkContext, CrosswalkWarning, FromStacResult } from '../crosswalk.js';
import type { StacRecord } from '../../src/core/stac.js';
import { escapeXml } from '../../src/core/xml.js';
import { toAttributes } from './attributes.js';
import { polygonsOf } from './toStac.js';
import type { DataCiteAttributes, DataCiteCreator, DataCitePoint, DataCiteRelatedItemName } from './attributes.js';
import {
  CONTRIBUTOR_TYPES_46,
  DATACITE_46_XSD,
  DATACITE_NS,
  DATE_TYPES_46,
  DESCRIPTION_TYPES_46,
  FUNDER_IDENTIFIER_TYPES_46,
  NAME_TYPES,
  NUMBER_TYPES_46,
  RELATED_IDENTIFIER_TYPES_46,
  RELATION_TYPES_46,
  RESOURCE_TYPES_46,
  TITLE_TYPES_46,
} from './mappings.js';

/** A STAC record to DataCite Metadata Schema 4.6 XML, or the list of what is missing to write one. */
export function fromStac(record: StacRecord, ctx: CrosswalkContext): FromStacResult<string> {
  const result = toAttributes(record, ctx);
  if (!result.ok) return result;
  if (result.value.doi === undefined) {
    return { ok: false, problems: [{ path: 'sci:doi', kind: 'missing', detail: 'identifier: the DOI (sci:doi) is required in DataCite XML' }] };
  }
  const warnings = result.warnings.filter((w) => w.path !== 'sci:doi');
  const xml = attributesToXml(result.value, warnings);
  return { ok: true, value: xml, warnings };
}

type Attrs = Readonly<Record<string, string | undefined>>;

function open(name: string, attrs: Attrs = {}): string {
  let out = `<${name}`;
  for (const [key, value] of Object.entries(attrs)) if (value !== undefined && value !== '') out += ` ${key}="${escapeXml(value)}"`;
  return out;
}

function el(name: string, value: string | number | undefined, attrs: Attrs = {}): string {
  if (value === undefined || value === '') return '';
  return `${open(name, attrs)}>${escapeXml(String(value))}</${name}>`;
}

function wrap(name: string, items: readonly string[]): string {
  const content = items.join('');
  return content === '' ? '' : `<${name}>${content}</${name}>`;
}

/** Keeps a code-list value when DataCite 4.6 knows it; otherwise warns and uses the fallback. */
function code(set: ReadonlySet<string>, value: string | undefined, fallback: string | undefined, path: string, warnings: CrosswalkWarning[]): string | undefined {
  if (value === undefined || set.has(value)) return value;
  warnings.push({ path, kind: 'unsupported', detail: `"${value}" is not a DataCite 4.6 value${fallback === undefined ? ': left out' : `: written as "${fallback}"`}` });
  return fallback;
}

function name(c: DataCiteCreator, nameElement: string, warnings: CrosswalkWarning[]): string {
  return [
    el(nameElement, c.name, { nameType: code(NAME_TYPES, c.nameType, undefined, `${nameElement}@nameType`, warnings), 'xml:lang': c.lang }),
    el('givenName', c.givenName),
    el('familyName', c.familyName),
    ...c.nameIdentifiers.map((n) => el('nameIdentifier', n.nameIdentifier, { nameIdentifierScheme: n.nameIdentifierScheme, schemeURI: n.schemeUri })),
    ...c.affiliation.map((a) => el('affiliation', a.name, { affiliationIdentifier: a.affiliationIdentifier, affiliationIdentifierScheme: a.affiliationIdentifierScheme, schemeURI: a.schemeUri })),
  ].join('');
}

function point(tag: string, p: DataCitePoint): string {
  return `<${tag}>${el('pointLongitude', p.pointLongitude)}${el('pointLatitude', p.pointLatitude)}</${tag}>`;
}

function itemName(n: DataCiteRelatedItemName, nameElement: string): string {
  return [el(nameElement, n.name, { nameType: n.nameType !== undefined && NAME_TYPES.has(n.nameType) ? n.nameType : undefined }), el('givenName', n.givenName), el('familyName', n.familyName)].join('');
}

/** The attribute model as a kernel-4.6 `resource` document (properties in the order of the schema documentation). */
export function attributesToXml(a: DataCiteAttributes, warnings: CrosswalkWarning[]): string {
  const types = a.types ?? { resourceTypeGeneral: 'Dataset' };
  const parts = [
    el('identifier', a.doi, { identifierType: 'DOI' }),
    wrap('creators', a.creators.map((c) => `<creator>${name(c, 'creatorName', warnings)}</creator>`)),
    wrap('titles', a.titles.map((t, i) => el('title', t.title, { titleType: code(TITLE_TYPES_46, t.titleType, 'Other', `titles[${i}]`, warnings), 'xml:lang': t.lang }))),
    a.publisher === undefined ? '' : el('publisher', a.publisher.name, {
      publisherIdentifier: a.publisher.publisherIdentifier,
      publisherIdentifierScheme: a.publisher.publisherIdentifierScheme,
      schemeURI: a.publisher.schemeUri,
      'xml:lang': a.publisher.lang,
    }),
    el('publicationYear', a.publicationYear),
    `${open('resourceType', { resourceTypeGeneral: code(RESOURCE_TYPES_46, types.resourceTypeGeneral, 'Other', 'types.resourceTypeGeneral', warnings) })}>${escapeXml(types.resourceType ?? '')}</resourceType>`,
    wrap('subjects', a.subjects.map((s) => el('subject', s.subject, {
      subjectScheme: s.subjectScheme, schemeURI: s.schemeUri, valueURI: s.valueUri, classificationCode: s.classificationCode, 'xml:lang': s.lang,
    }))),
    wrap('contributors', a.contributors.map((c, i) =>
      `${open('contributor', { contributorType: code(CONTRIBUTOR_TYPES_46, c.contributorType, 'Other', `contributors[${i}]`, warnings) })}>${name(c, 'contributorName', warnings)}</contributor>`)),
    wrap('dates', a.dates.flatMap((d, i) => {
      const type = code(DATE_TYPES_46, d.dateType, 'Other', `dates[${i}]`, warnings);
      return [el('date', d.date, { dateType: type, dateInformation: d.dateInformation ?? (type !== d.dateType ? d.dateType : undefined) })];
    })),
    el('language', a.language),
    wrap('alternateIdentifiers', a.alternateIdentifiers.map((x) => el('alternateIdentifier', x.alternateIdentifier, { alternateIdentifierType: x.alternateIdentifierType }))),
    wrap('relatedIdentifiers', a.relatedIdentifiers.flatMap((r, i) => {
      const relation = code(RELATION_TYPES_46, r.relationType, undefined, `relatedIdentifiers[${i}].relationType`, warnings);
      const type = code(RELATED_IDENTIFIER_TYPES_46, r.relatedIdentifierType, undefined, `relatedIdentifiers[${i}].relatedIdentifierType`, warnings);
      if (relation === undefined || type === undefined) return [];
      return [el('relatedIdentifier', r.relatedIdentifier, {
        relatedIdentifierType: type,
        relationType: relation,
        resourceTypeGeneral: code(RESOURCE_TYPES_46, r.resourceTypeGeneral, undefined, `relatedIdentifiers[${i}].resourceTypeGeneral`, warnings),
        relatedMetadataScheme: r.relatedMetadataScheme,
        schemeURI: r.schemeUri,
        schemeType: r.schemeType,
      })];
    })),
    wrap('sizes', a.sizes.map((x) => el('size', x))),
    wrap('formats', a.formats.map((x) => el('format', x))),
    el('version', a.version),
    wrap('rightsList', a.rightsList.map((r) => `${open('rights', {
      'xml:lang': r.lang, rightsURI: r.rightsUri, rightsIdentifierScheme: r.rightsIdentifierScheme, rightsIdentifier: r.rightsIdentifier, schemeURI: r.schemeUri,
    })}>${escapeXml(r.rights ?? '')}</rights>`)),
    wrap('descriptions', a.descriptions.map((d, i) => el('description', d.description, {
      descriptionType: code(DESCRIPTION_TYPES_46, d.descriptionType, 'Other', `descriptions[${i}]`, warnings), 'xml:lang': d.lang,
    }))),
    wrap('geoLocations', a.geoLocations.map((g) => wrap('geoLocation', [
      el('geoLocationPlace', g.geoLocationPlace),
      g.geoLocationPoint === undefined ? '' : point('geoLocationPoint', g.geoLocationPoint),
      g.geoLocationBox === undefined ? '' : `<geoLocationBox>${el('westBoundLongitude', g.geoLocationBox.westBoundLongitude)}${el('eastBoundLongitude', g.geoLocationBox.eastBoundLongitude)}${el('southBoundLatitude', g.geoLocationBox.southBoundLatitude)}${el('northBoundLatitude', g.geoLocationBox.northBoundLatitude)}</geoLocationBox>`,
      // The schema needs at least four corners; a shorter polygon cannot be written.
      ...polygonsOf(g).filter((p) => p.filter((e) => 'polygonPoint' in e).length >= 4).map((p) => wrap('geoLocationPolygon', [
        ...p.flatMap((e) => ('polygonPoint' in e ? [point('polygonPoint', e.polygonPoint)] : [])),
        ...p.flatMap((e) => ('inPolygonPoint' in e ? [point('inPolygonPoint', e.inPolygonPoint)] : [])).slice(0, 1),
      ])),
    ]))),
    wrap('fundingReferences', a.fundingReferences.map((x, i) => wrap('fundingReference', [
      el('funderName', x.funderName),
      el('funderIdentifier', x.funderIdentifier, {
        funderIdentifierType: code(FUNDER_IDENTIFIER_TYPES_46, x.funderIdentifierType ?? 'Other', 'Other', `fundingReferences[${i}]`, warnings),
        schemeURI: x.schemeUri,
      }),
      el('awardNumber', x.awardNumber, { awardURI: x.awardUri }),
      el('awardTitle', x.awardTitle),
    ]))),
    wrap('relatedItems', a.relatedItems.flatMap((r, i) => {
      const relation = code(RELATION_TYPES_46, r.relationType, undefined, `relatedItems[${i}].relationType`, warnings);
      if (relation === undefined) return [];
      const id = r.relatedItemIdentifier;
      return [`${open('relatedItem', { relatedItemType: code(RESOURCE_TYPES_46, r.relatedItemType, 'Other', `relatedItems[${i}]`, warnings), relationType: relation })}>${[
        id === undefined ? '' : el('relatedItemIdentifier', id.relatedItemIdentifier, {
          relatedItemIdentifierType: id.relatedItemIdentifierType !== undefined && RELATED_IDENTIFIER_TYPES_46.has(id.relatedItemIdentifierType) ? id.relatedItemIdentifierType : undefined,
          relatedMetadataScheme: id.relatedMetadataScheme, schemeURI: id.schemeURI, schemeType: id.schemeType,
        }),
        wrap('creators', (r.creators ?? []).map((c) => `<creator>${itemName(c, 'creatorName')}</creator>`)),
        wrap('titles', (r.titles ?? []).map((t) => el('title', t.title, { titleType: t.titleType !== undefined && TITLE_TYPES_46.has(t.titleType) ? t.titleType : undefined, 'xml:lang': t.lang }))),
        el('publicationYear', r.publicationYear),
        el('volume', r.volume),
        el('issue', r.issue),
        el('number', r.number, { numberType: r.numberType !== undefined && NUMBER_TYPES_46.has(r.numberType) ? r.numberType : undefined }),
        el('firstPage', r.firstPage),
        el('lastPage', r.lastPage),
        el('publisher', r.publisher),
        el('edition', r.edition),
        wrap('contributors', (r.contributors ?? []).map((c) =>
          `${open('contributor', { contributorType: c.contributorType !== undefined && CONTRIBUTOR_TYPES_46.has(c.contributorType) ? c.contributorType : 'Other' })}>${itemName(c, 'contributorName')}</contributor>`)),
      ].join('')}</relatedItem>`];
    })),
  ];
  return `<?xml version="1.0" encoding="UTF-8"?>\n<resource xmlns="${DATACITE_NS}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="${DATACITE_NS} ${DATACITE_46_XSD}">${parts.join('')}</resource>\n`;
}
