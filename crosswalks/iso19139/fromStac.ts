import type { CrosswalkContext, CrosswalkWarning, FromStacResult } from '../crosswalk.js';
import { escapeXml } from '../../src/core/xml.js';
import { isStacItem, type BBox, type StacAsset, type StacLink, type StacRecord } from '../../src/core/stac.js';
import { toIso639B } from '../../vocabularies/languages.js';
import type { Translations } from './buildStac.js';
import {
  CODELISTS,
  functionOf,
  ISO_ROLE_OF_PROVIDER,
  LANGUAGE_CODELIST,
  protocolOf,
  TOPIC_CATEGORY_SCHEME,
  type ProviderRole,
} from './mappings.js';
import { GCO, GMD, GML32, GMX } from './namespaces.js';

/**
 * A STAC Collection or Item to a complete ISO 19139:2007 `gmd:MD_Metadata` (GML 3.2), valid against the
 * ISO/TS 19139:2007 schemas. Fields that came from ISO (`meridian:*`, see buildStac.ts) are given back
 * where they were read: translations as PT_FreeText with `gmd:locale`, constraints, scope, metadata date.
 * Records that never came from ISO get defaults (scope `dataset`, nil metadata date) and a warning for
 * what has no place in ISO 19139.
 */
export function fromStac(record: StacRecord, _ctx: CrosswalkContext): FromStacResult<string> {
  const warnings: CrosswalkWarning[] = [];
  const warn = (path: string, kind: CrosswalkWarning['kind'], detail: string): void => {
    warnings.push({ path, kind, detail });
  };
  if (typeof record.id !== 'string' || record.id.trim() === '') {
    return { ok: false, problems: [{ path: 'id', kind: 'missing', detail: 'a record without an id cannot become an ISO record' }] };
  }
  const item = isStacItem(record);
  const f: Readonly<Record<string, unknown>> = item ? record.properties : record;
  const base = item ? 'properties.' : '';
  const language = str(f.language, 'code');
  const languageB = language === undefined ? undefined : toIso639B(language);
  const translations = (f['meridian:translations'] ?? {}) as Translations;
  const localeIds = new Map<string, string>();
  for (const tag of translationLanguages(translations, f.languages)) {
    if (tag !== language && tag !== 'und' && toIso639B(tag) !== undefined) localeIds.set(tag, tag.toUpperCase().replace(/[^A-Z0-9-]/g, '_'));
  }
  const text = (name: string, value: string, byLanguage: Readonly<Record<string, string>> | undefined): string =>
    freeText(name, value, byLanguage, localeIds);

  // Identification.
  const fileIdentifier = typeof f['meridian:native_id'] === 'string' ? (f['meridian:native_id'] as string) : record.id;
  const title = typeof f.title === 'string' && f.title !== '' ? f.title : undefined;
  if (title === undefined) warn(`${base}title`, 'defaulted', 'no title: the record id is the ISO title');
  const description = typeof f.description === 'string' && f.description !== '' ? f.description : undefined;
  if (description === undefined) warn(`${base}description`, 'missing', 'no description: the ISO abstract is nil');
  const scope = typeof f['meridian:hierarchy_level'] === 'string' ? (f['meridian:hierarchy_level'] as string) : 'dataset';
  const parent = parentIdentifier(record);

  // Parties: contacts (one CI_ResponsibleParty per role), then providers that no contact stands for.
  const contacts = Array.isArray(f.contacts) ? (f.contacts as Contact[]).filter((c) => typeof c?.name === 'string') : [];
  const providers = Array.isArray(f.providers) ? (f.providers as Provider[]).filter((p) => typeof p?.name === 'string') : [];
  const contactParties = contacts.flatMap((c) => (c.roles?.length ? c.roles : ['pointOfContact']).map((role) => party(c, role)));
  const known = new Set(contacts.flatMap((c) => [c.name, c.organization]));
  const providerParties = providers
    .filter((p) => !known.has(p.name))
    .flatMap((p) =>
      (p.roles ?? []).flatMap((r) => {
        const role = ISO_ROLE_OF_PROVIDER[r as ProviderRole];
        return role === undefined ? [] : [party({ name: p.name, ...(p.url === undefined ? {} : { links: [{ href: p.url }] }) }, role)];
      }),
    );
  const metadataContact = contacts[0] !== undefined
    ? party(contacts[0], contacts[0].roles?.[0] ?? 'pointOfContact')
    : providers[0] !== undefined
      ? party({ name: providers[0].name }, 'pointOfContact')
      : undefined;
  if (metadataContact === undefined) warn(`${base}contacts`, 'missing', 'no contact or provider: the metadata contact is nil');

  // Dates.
  const citationDates = (['created', 'updated', 'published', 'expires'] as const).flatMap((field) => {
    const value = f[field];
    const type = { created: 'creation', updated: 'revision', published: 'publication', expires: 'expiry' }[field];
    return typeof value === 'string' ? [ciDate(value, type)] : [];
  });
  const dateStamp = [f['meridian:metadata_datestamp'], f.updated, f.created].find((d): d is string => typeof d === 'string');
  if (dateStamp === undefined) warn(`${base}meridian:metadata_datestamp`, 'missing', 'no metadata date: the dateStamp is nil');

  // Keywords: one MD_Keywords per theme (thesaurus), the rest in one without thesaurus.
  const themes = Array.isArray(f.themes) ? (f.themes as Theme[]) : [];
  const keywordGroups: string[] = [];
  const topicCategories: string[] = [];
  const inThemes = new Set<string>();
  for (const theme of themes) {
    const concepts = Array.isArray(theme?.concepts) ? theme.concepts.filter((c) => typeof c?.id === 'string') : [];
    if (theme.scheme === TOPIC_CATEGORY_SCHEME) {
      for (const c of concepts) {
        if (TOPIC_CATEGORIES.has(c.id)) topicCategories.push(c.id);
        else warn(`${base}themes`, 'dropped', `'${c.id}' is not an ISO topic category`);
      }
      continue;
    }
    if (concepts.length === 0) continue;
    const keywords = concepts.map((c) => {
      const label = c.title ?? c.id;
      inThemes.add(label);
      return keyword(label, c.url, translations.keywords?.[label], localeIds);
    });
    const schemeIsUri = /^[a-z][a-z0-9+.-]*:\/\//i.test(theme.scheme);
    const thesaurusTitle = schemeIsUri
      ? `<gmd:title>${anchor(theme.title ?? theme.scheme, theme.scheme)}</gmd:title>`
      : `<gmd:title>${cs(theme.scheme)}</gmd:title>`;
    keywordGroups.push(
      `<gmd:descriptiveKeywords><gmd:MD_Keywords>${keywords.join('')}<gmd:thesaurusName><gmd:CI_Citation>${thesaurusTitle}<gmd:date gco:nilReason="unknown"/></gmd:CI_Citation></gmd:thesaurusName></gmd:MD_Keywords></gmd:descriptiveKeywords>`,
    );
  }
  const freeKeywords = (Array.isArray(f.keywords) ? (f.keywords as unknown[]) : []).filter((k): k is string => typeof k === 'string' && !inThemes.has(k));
  if (freeKeywords.length > 0) {
    keywordGroups.unshift(
      `<gmd:descriptiveKeywords><gmd:MD_Keywords>${freeKeywords.map((k) => keyword(k, undefined, translations.keywords?.[k], localeIds)).join('')}</gmd:MD_Keywords></gmd:descriptiveKeywords>`,
    );
  }

  // Constraints: the licence (an Anchor to its link), then the constraint texts kept from ISO.
  const links = (record.links ?? []).filter((l): l is StacLink => typeof l?.href === 'string');
  const license = typeof f.license === 'string' ? f.license : undefined;
  const licenseLinks = links.filter((l) => l.rel === 'license');
  const otherConstraints = (Array.isArray(f['meridian:other_constraints']) ? (f['meridian:other_constraints'] as { text?: string; href?: string }[]) : []).filter(
    (c) => typeof c?.text === 'string' || typeof c?.href === 'string',
  );
  const constraintHrefs = new Set(otherConstraints.map((c) => c.href));
  const licenceConstraints = [
    ...(license !== undefined && license !== 'other'
      ? [licenseLinks[0] === undefined ? cs(license) : anchor(license, licenseLinks[0].href)]
      : licenseLinks.filter((l) => !constraintHrefs.has(l.href)).map((l) => anchor(l.title ?? l.href, l.href))),
    ...otherConstraints.map((c) => (c.href === undefined ? cs(c.text as string) : anchor(c.text ?? c.href, c.href))),
  ];
  const useLimitations = (Array.isArray(f['meridian:use_limitations']) ? (f['meridian:use_limitations'] as unknown[]) : []).filter((u): u is string => typeof u === 'string');
  const constraints =
    useLimitations.length + licenceConstraints.length === 0
      ? ''
      : `<gmd:resourceConstraints><gmd:MD_LegalConstraints>${useLimitations.map((u) => `<gmd:useLimitation>${cs(u)}</gmd:useLimitation>`).join('')}${
          licenceConstraints.length > 0 ? `${code('useConstraints', 'MD_RestrictionCode', 'otherRestrictions')}${licenceConstraints.map((c) => `<gmd:otherConstraints>${c}</gmd:otherConstraints>`).join('')}` : ''
        }</gmd:MD_LegalConstraints></gmd:resourceConstraints>`;

  // Graphic overviews and online resources.
  const assets = Object.values((record.assets ?? {}) as Readonly<Record<string, StacAsset>>).filter((a) => typeof a?.href === 'string');
  const isPreview = (a: StacAsset): boolean => (a.roles ?? []).some((r) => r === 'thumbnail' || r === 'overview');
  const graphics = assets.filter(isPreview).map(
    (a) =>
      `<gmd:graphicOverview><gmd:MD_BrowseGraphic><gmd:fileName>${cs(a.href)}</gmd:fileName>${a.title === undefined ? '' : `<gmd:fileDescription>${cs(a.title)}</gmd:fileDescription>`}${
        a.type === undefined ? '' : `<gmd:fileType>${cs(a.type)}</gmd:fileType>`
      }</gmd:MD_BrowseGraphic></gmd:graphicOverview>`,
  );
  const doi = typeof f['sci:doi'] === 'string' ? (f['sci:doi'] as string) : undefined;
  const doiUrl = doi === undefined ? undefined : `https://doi.org/${doi}`;
  const onlineResources = [
    ...assets.filter((a) => !isPreview(a)).map((a) => onlineResource(a.href, undefined, a)),
    ...links.filter((l) => !NOT_ONLINE_RESOURCES.has(l.rel) && !(l.rel === 'cite-as' && l.href === doiUrl)).map((l) => onlineResource(l.href, l.rel, l)),
  ];

  // Extents.
  const { boxes, periods } = item ? itemExtent(record) : collectionExtent(record);
  const extentXml =
    boxes.length + periods.length === 0
      ? ''
      : `<gmd:extent><gmd:EX_Extent>${boxes.map(boxXml).join('')}${periods.map((p, i) => periodXml(p, i)).join('')}</gmd:EX_Extent></gmd:extent>`;

  // Lineage.
  const lineage = [f['processing:lineage'], f['meridian:lineage']].find((l): l is string => typeof l === 'string');

  const unmapped = [...new Set(Object.keys(f).filter((k) => UNMAPPED_PREFIX.test(k)).map((k) => k.split(':')[0] as string))];
  if (unmapped.length > 0) warn(base || '/', 'dropped', `no ISO 19139 element for the ${unmapped.join(', ')} fields`);

  const citation = [
    title === undefined ? `<gmd:title>${cs(record.id)}</gmd:title>` : text('title', title, translations.title),
    citationDates.length > 0 ? citationDates.join('') : '<gmd:date gco:nilReason="missing"/>',
    typeof f.version === 'string' ? `<gmd:edition>${cs(f.version)}</gmd:edition>` : '',
    doi === undefined
      ? ''
      : `<gmd:identifier><gmd:RS_Identifier><gmd:code>${anchor(doi, doiUrl as string)}</gmd:code><gmd:codeSpace>${cs('doi')}</gmd:codeSpace></gmd:RS_Identifier></gmd:identifier>`,
    ...providerParties.map((p) => `<gmd:citedResponsibleParty>${p}</gmd:citedResponsibleParty>`),
    typeof f['sci:citation'] === 'string' ? `<gmd:otherCitationDetails>${cs(f['sci:citation'])}</gmd:otherCitationDetails>` : '',
  ].join('');

  const identification = [
    `<gmd:citation><gmd:CI_Citation>${citation}</gmd:CI_Citation></gmd:citation>`,
    description === undefined ? '<gmd:abstract gco:nilReason="missing"/>' : text('abstract', description, translations.description),
    ...contactParties.map((p) => `<gmd:pointOfContact>${p}</gmd:pointOfContact>`),
    ...graphics,
    ...keywordGroups,
    constraints,
    languageB === undefined ? '<gmd:language gco:nilReason="unknown"/>' : `<gmd:language>${languageCode(languageB)}</gmd:language>`,
    ...topicCategories.map((t) => `<gmd:topicCategory><gmd:MD_TopicCategoryCode>${t}</gmd:MD_TopicCategoryCode></gmd:topicCategory>`),
    extentXml,
  ].join('');

  const xml = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<gmd:MD_Metadata xmlns:gmd="${GMD}" xmlns:gco="${GCO}" xmlns:gmx="${GMX}" xmlns:gml="${GML32}" xmlns:xlink="http://www.w3.org/1999/xlink" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="${GMD} http://schemas.opengis.net/iso/19139/20070417/gmd/gmd.xsd ${GMX} http://schemas.opengis.net/iso/19139/20070417/gmx/gmx.xsd">`,
    `<gmd:fileIdentifier>${cs(fileIdentifier)}</gmd:fileIdentifier>`,
    languageB === undefined ? '' : `<gmd:language>${languageCode(languageB)}</gmd:language>`,
    `<gmd:characterSet>${codeValue('MD_CharacterSetCode', 'utf8')}</gmd:characterSet>`,
    parent === undefined ? '' : `<gmd:parentIdentifier>${cs(parent)}</gmd:parentIdentifier>`,
    `<gmd:hierarchyLevel>${codeValue('MD_ScopeCode', scope)}</gmd:hierarchyLevel>`,
    metadataContact === undefined ? '<gmd:contact gco:nilReason="missing"/>' : `<gmd:contact>${metadataContact}</gmd:contact>`,
    dateStamp === undefined ? '<gmd:dateStamp gco:nilReason="missing"/>' : `<gmd:dateStamp><gco:DateTime>${escapeXml(dateTimeOf(dateStamp))}</gco:DateTime></gmd:dateStamp>`,
    `<gmd:metadataStandardName>${cs('ISO 19115:2003/19139')}</gmd:metadataStandardName>`,
    `<gmd:metadataStandardVersion>${cs('1.0')}</gmd:metadataStandardVersion>`,
    ...[...localeIds].map(([tag, id]) => localeXml(tag, id)),
    `<gmd:identificationInfo><gmd:MD_DataIdentification>${identification}</gmd:MD_DataIdentification></gmd:identificationInfo>`,
    onlineResources.length === 0
      ? ''
      : `<gmd:distributionInfo><gmd:MD_Distribution><gmd:transferOptions><gmd:MD_DigitalTransferOptions>${onlineResources.join('')}</gmd:MD_DigitalTransferOptions></gmd:transferOptions></gmd:MD_Distribution></gmd:distributionInfo>`,
    lineage === undefined
      ? ''
      : `<gmd:dataQualityInfo><gmd:DQ_DataQuality><gmd:scope><gmd:DQ_Scope><gmd:level>${codeValue('MD_ScopeCode', scope)}</gmd:level></gmd:DQ_Scope></gmd:scope><gmd:lineage><gmd:LI_Lineage>${text('statement', lineage, translations.lineage)}</gmd:LI_Lineage></gmd:lineage></gmd:DQ_DataQuality></gmd:dataQualityInfo>`,
    '</gmd:MD_Metadata>',
  ].join('');
  return { ok: true, value: xml, warnings };
}

interface Contact {
  readonly name: string;
  readonly organization?: string;
  readonly positionName?: string;
  readonly phones?: readonly { readonly value: string }[];
  readonly emails?: readonly { readonly value: string }[];
  readonly addresses?: readonly Readonly<Record<string, unknown>>[];
  readonly links?: readonly { readonly href: string }[];
  readonly roles?: readonly string[];
}

interface Provider {
  readonly name: string;
  readonly roles?: readonly string[];
  readonly url?: string;
}

interface Theme {
  readonly scheme: string;
  readonly title?: string;
  readonly concepts: readonly { readonly id: string; readonly title?: string; readonly url?: string }[];
}

/** Links that are STAC navigation or written elsewhere (licence → constraints), not online resources. */
const NOT_ONLINE_RESOURCES: ReadonlySet<string> = new Set(['self', 'root', 'parent', 'collection', 'child', 'item', 'items', 'license']);

/** Extension fields with no ISO 19139 counterpart, reported once per prefix. */
const UNMAPPED_PREFIX = /^(cube|cmip6|proj|eo|sar|sat|view|raster|file|storage|alternate|esgf):/;

const TOPIC_CATEGORIES: ReadonlySet<string> = new Set([
  'farming', 'biota', 'boundaries', 'climatologyMeteorologyAtmosphere', 'economy', 'elevation', 'environment',
  'geoscientificInformation', 'health', 'imageryBaseMapsEarthCover', 'intelligenceMilitary', 'inlandWaters', 'location',
  'oceans', 'planningCadastre', 'society', 'structure', 'transportation', 'utilitiesCommunication',
]);

function str(value: unknown, key: string): string | undefined {
  const v = typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined;
  return typeof v === 'string' ? v : undefined;
}

function cs(value: string): string {
  return `<gco:CharacterString>${escapeXml(value)}</gco:CharacterString>`;
}

function anchor(value: string, href: string): string {
  return `<gmx:Anchor xlink:href="${escapeXml(href)}">${escapeXml(value)}</gmx:Anchor>`;
}

function codeValue(list: string, value: string): string {
  return `<gmd:${list} codeList="${CODELISTS}#${list}" codeListValue="${escapeXml(value)}">${escapeXml(value)}</gmd:${list}>`;
}

function code(property: string, list: string, value: string): string {
  return `<gmd:${property}>${codeValue(list, value)}</gmd:${property}>`;
}

function languageCode(iso639b: string): string {
  return `<gmd:LanguageCode codeList="${LANGUAGE_CODELIST}" codeListValue="${iso639b}">${iso639b}</gmd:LanguageCode>`;
}

/** A CharacterString property with its translations as PT_FreeText (only for languages declared as locales). */
function freeText(name: string, value: string, byLanguage: Readonly<Record<string, string>> | undefined, localeIds: ReadonlyMap<string, string>): string {
  const groups = Object.entries(byLanguage ?? {}).flatMap(([tag, t]) => {
    const id = localeIds.get(tag);
    return id === undefined || typeof t !== 'string' ? [] : [`<gmd:textGroup><gmd:LocalisedCharacterString locale="#${id}">${escapeXml(t)}</gmd:LocalisedCharacterString></gmd:textGroup>`];
  });
  return groups.length === 0
    ? `<gmd:${name}>${cs(value)}</gmd:${name}>`
    : `<gmd:${name} xsi:type="gmd:PT_FreeText_PropertyType">${cs(value)}<gmd:PT_FreeText>${groups.join('')}</gmd:PT_FreeText></gmd:${name}>`;
}

function keyword(label: string, url: string | undefined, byLanguage: Readonly<Record<string, string>> | undefined, localeIds: ReadonlyMap<string, string>): string {
  return url === undefined ? freeText('keyword', label, byLanguage, localeIds) : `<gmd:keyword>${anchor(label, url)}</gmd:keyword>`;
}

function translationLanguages(translations: Translations, languages: unknown): string[] {
  const tags = new Set<string>();
  for (const byLanguage of [translations.title, translations.description, translations.lineage, ...Object.values(translations.keywords ?? {})]) {
    for (const tag of Object.keys(byLanguage ?? {})) tags.add(tag);
  }
  if (Array.isArray(languages)) for (const l of languages) if (typeof str(l, 'code') === 'string') tags.add(str(l, 'code') as string);
  return [...tags];
}

function localeXml(tag: string, id: string): string {
  return `<gmd:locale><gmd:PT_Locale id="${escapeXml(id)}"><gmd:languageCode>${languageCode(toIso639B(tag) as string)}</gmd:languageCode><gmd:characterEncoding>${codeValue('MD_CharacterSetCode', 'utf8')}</gmd:characterEncoding></gmd:PT_Locale></gmd:locale>`;
}

function party(contact: Contact, role: string): string {
  const individual = contact.organization === undefined ? undefined : contact.name;
  const organisation = contact.organization ?? contact.name;
  const phones = (contact.phones ?? []).filter((p) => typeof p?.value === 'string');
  const emails = (contact.emails ?? []).filter((e) => typeof e?.value === 'string');
  const address = contact.addresses?.[0];
  const addressText = (key: string): string => (typeof address?.[key] === 'string' ? `<gmd:${key}>${cs(address[key] as string)}</gmd:${key}>` : '');
  const deliveryPoints = Array.isArray(address?.deliveryPoint) ? (address.deliveryPoint as unknown[]).filter((d): d is string => typeof d === 'string') : [];
  const hasAddress = address !== undefined || emails.length > 0;
  const url = contact.links?.find((l) => typeof l?.href === 'string')?.href;
  const contactInfo =
    phones.length === 0 && !hasAddress && url === undefined
      ? ''
      : `<gmd:contactInfo><gmd:CI_Contact>${
          phones.length === 0 ? '' : `<gmd:phone><gmd:CI_Telephone>${phones.map((p) => `<gmd:voice>${cs(p.value)}</gmd:voice>`).join('')}</gmd:CI_Telephone></gmd:phone>`
        }${
          hasAddress
            ? `<gmd:address><gmd:CI_Address>${deliveryPoints.map((d) => `<gmd:deliveryPoint>${cs(d)}</gmd:deliveryPoint>`).join('')}${addressText('city')}${addressText('administrativeArea')}${addressText('postalCode')}${addressText('country')}${emails
                .map((e) => `<gmd:electronicMailAddress>${cs(e.value)}</gmd:electronicMailAddress>`)
                .join('')}</gmd:CI_Address></gmd:address>`
            : ''
        }${url === undefined ? '' : `<gmd:onlineResource><gmd:CI_OnlineResource><gmd:linkage><gmd:URL>${escapeXml(url)}</gmd:URL></gmd:linkage></gmd:CI_OnlineResource></gmd:onlineResource>`}</gmd:CI_Contact></gmd:contactInfo>`;
  return `<gmd:CI_ResponsibleParty>${individual === undefined ? '' : `<gmd:individualName>${cs(individual)}</gmd:individualName>`}<gmd:organisationName>${cs(organisation)}</gmd:organisationName>${
    contact.positionName === undefined ? '' : `<gmd:positionName>${cs(contact.positionName)}</gmd:positionName>`
  }${contactInfo}${code('role', 'CI_RoleCode', role)}</gmd:CI_ResponsibleParty>`;
}

function ciDate(value: string, type: string): string {
  return `<gmd:date><gmd:CI_Date><gmd:date><gco:DateTime>${escapeXml(dateTimeOf(value))}</gco:DateTime></gmd:date>${code('dateType', 'CI_DateTypeCode', type)}</gmd:CI_Date></gmd:date>`;
}

/** xs:dateTime has no fractional-second limit but needs the `T`; RFC 3339 values already fit. */
function dateTimeOf(value: string): string {
  return /^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00Z` : value;
}

function onlineResource(href: string, rel: string | undefined, source: StacLink | StacAsset): string {
  const protocol = typeof source['meridian:protocol'] === 'string' ? (source['meridian:protocol'] as string) : protocolOf(rel, source.type, (source as StacAsset).roles);
  const fn = typeof source['meridian:function'] === 'string' ? (source['meridian:function'] as string) : functionOf(rel);
  const description = typeof source.description === 'string' ? source.description : undefined;
  return `<gmd:onLine><gmd:CI_OnlineResource><gmd:linkage><gmd:URL>${escapeXml(href)}</gmd:URL></gmd:linkage><gmd:protocol>${cs(protocol)}</gmd:protocol>${
    source.title === undefined ? '' : `<gmd:name>${cs(source.title)}</gmd:name>`
  }${description === undefined ? '' : `<gmd:description>${cs(description)}</gmd:description>`}${code('function', 'CI_OnLineFunctionCode', fn)}</gmd:CI_OnlineResource></gmd:onLine>`;
}

function parentIdentifier(record: StacRecord): string | undefined {
  const link = record.links?.find((l) => l?.rel === (isStacItem(record) ? 'collection' : 'parent'));
  const fromLink = link?.href.split(/[?#]/)[0]?.split('/').filter((s) => s !== '').at(-1);
  if (fromLink !== undefined) return decodeURIComponent(fromLink);
  return isStacItem(record) ? record.collection : undefined;
}

type Period = readonly [string | null, string | null];

function collectionExtent(record: StacRecord & { type: 'Collection' }): { boxes: BBox[]; periods: Period[] } {
  const bboxes = (record.extent?.spatial?.bbox ?? []) as BBox[];
  const intervals = (record.extent?.temporal?.interval ?? []) as Period[];
  // The first box and interval are the union of the others when there are several.
  const boxes = bboxes.length > 1 ? bboxes.slice(1) : bboxes;
  const periods = (intervals.length > 1 ? intervals.slice(1) : intervals).filter((p) => p[0] !== null || p[1] !== null);
  return { boxes, periods };
}

function itemExtent(record: StacRecord & { type: 'Feature' }): { boxes: BBox[]; periods: Period[] } {
  const p = record.properties;
  const start = typeof p.start_datetime === 'string' ? p.start_datetime : p.datetime;
  const end = typeof p.end_datetime === 'string' ? p.end_datetime : p.datetime;
  return { boxes: record.bbox === undefined ? [] : [record.bbox], periods: start === null && end === null ? [] : [[start ?? null, end ?? null]] };
}

function boxXml(bbox: BBox): string {
  const [west, south, east, north] = bbox.length === 6 ? [bbox[0], bbox[1], bbox[3], bbox[4]] : bbox;
  const decimal = (name: string, v: number): string => `<gmd:${name}><gco:Decimal>${v}</gco:Decimal></gmd:${name}>`;
  return `<gmd:geographicElement><gmd:EX_GeographicBoundingBox>${decimal('westBoundLongitude', west)}${decimal('eastBoundLongitude', east)}${decimal('southBoundLatitude', south)}${decimal('northBoundLatitude', north)}</gmd:EX_GeographicBoundingBox></gmd:geographicElement>`;
}

function periodXml([start, end]: Period, i: number): string {
  // An open STAC end is ongoing (`now`); an open start is unknown.
  const begin = start === null ? '<gml:beginPosition indeterminatePosition="unknown"/>' : `<gml:beginPosition>${escapeXml(start)}</gml:beginPosition>`;
  const finish = end === null ? '<gml:endPosition indeterminatePosition="now"/>' : `<gml:endPosition>${escapeXml(end)}</gml:endPosition>`;
  return `<gmd:temporalElement><gmd:EX_TemporalExtent><gmd:extent><gml:TimePeriod gml:id="tp${i + 1}">${begin}${finish}</gml:TimePeriod></gmd:extent></gmd:EX_TemporalExtent></gmd:temporalElement>`;
}
