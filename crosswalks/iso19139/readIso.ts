import type { CrosswalkWarning, NativeFormat } from '../crosswalk.js';
import { attr, XLINK_NS, type XmlElement } from '../../src/core/xml.js';
import { toBcp47 } from '../../vocabularies/languages.js';
import { isGmlNamespace, isIsoNamespace } from './namespaces.js';

/**
 * Reads ISO 19139 (`gmd:MD_Metadata`, `gmi:MI_Metadata`) and ISO 19115-3 (`mdb:MD_Metadata`) into one
 * plain model. Elements are matched by local name within the ISO namespaces, because both standards
 * use the same local names for nearly everything; the few structural differences (identifier, parties,
 * locales, dateStamp, lineage, scope) are handled where they occur.
 */

/** A CharacterString property with its PT_FreeText translations, keyed by BCP 47 tag. */
export interface LocalisedText {
  readonly text: string;
  readonly translations: Readonly<Record<string, string>>;
}

export interface IsoParty {
  readonly role?: string;
  readonly individual?: string;
  readonly organisation?: string;
  readonly position?: string;
  readonly emails: readonly string[];
  readonly phones: readonly string[];
  readonly address?: IsoAddress;
  readonly url?: string;
}

export interface IsoAddress {
  readonly deliveryPoint: readonly string[];
  readonly city?: string;
  readonly administrativeArea?: string;
  readonly postalCode?: string;
  readonly country?: string;
}

export interface IsoKeyword {
  readonly text: LocalisedText;
  readonly href?: string;
}

export interface IsoThesaurus {
  readonly title?: string;
  /** The thesaurus URI: Anchor href of its title, else of its identifier code. */
  readonly href?: string;
}

export interface IsoKeywordGroup {
  readonly keywords: readonly IsoKeyword[];
  readonly type?: string;
  readonly thesaurus?: IsoThesaurus;
}

export interface IsoOnlineResource {
  readonly url: string;
  readonly protocol?: string;
  readonly name?: string;
  readonly description?: string;
  readonly function?: string;
  /** Where it was found: distribution transfer options, a service connect point, or the metadata linkage. */
  readonly source: 'distribution' | 'service' | 'metadata';
}

export interface IsoGraphic {
  readonly url: string;
  readonly description?: string;
  readonly fileType?: string;
}

export interface IsoBox {
  readonly west: number;
  readonly south: number;
  readonly east: number;
  readonly north: number;
}

export interface IsoPeriod {
  readonly begin?: string;
  readonly end?: string;
  /** `now` or `unknown` (or `before`/`after`) on either end; such ends become open (null) in STAC. */
  readonly beginIndeterminate?: string;
  readonly endIndeterminate?: string;
}

export interface IsoIdentifier {
  readonly code: string;
  readonly codeSpace?: string;
  readonly href?: string;
}

export interface IsoRecord {
  readonly format: NativeFormat;
  readonly fileIdentifier: string;
  readonly parentIdentifier?: string;
  readonly hierarchyLevel?: string;
  /** Language of the metadata text (BCP 47), falling back to the resource language. */
  readonly language?: string;
  /** Other locales of the record (BCP 47), in document order. */
  readonly locales: readonly string[];
  readonly dateStamp?: string;
  readonly title?: LocalisedText;
  readonly alternateTitles: readonly string[];
  readonly abstract?: LocalisedText;
  readonly edition?: string;
  readonly citationDates: readonly { readonly type: string; readonly value: string }[];
  readonly identifiers: readonly IsoIdentifier[];
  readonly dataSetUri?: string;
  /** Metadata contacts first, then points of contact, cited parties and distributors. */
  readonly parties: readonly IsoParty[];
  readonly keywordGroups: readonly IsoKeywordGroup[];
  readonly topicCategories: readonly string[];
  readonly boxes: readonly IsoBox[];
  readonly periods: readonly IsoPeriod[];
  readonly graphics: readonly IsoGraphic[];
  readonly useLimitations: readonly LocalisedText[];
  readonly otherConstraints: readonly { readonly text?: string; readonly href?: string }[];
  readonly onlineResources: readonly IsoOnlineResource[];
  readonly lineage?: LocalisedText;
}

type Warn = (path: string, kind: CrosswalkWarning['kind'], detail: string) => void;

function iso(el: XmlElement | undefined, local: string): XmlElement | undefined {
  return el?.children.find((c) => c.local === local && isIsoNamespace(c.ns));
}

function isoAll(el: XmlElement | undefined, local: string): XmlElement[] {
  return el ? el.children.filter((c) => c.local === local && isIsoNamespace(c.ns)) : [];
}

/** Follows property/object steps by local name, branching over every match. */
function isoPathAll(el: XmlElement | undefined, ...locals: readonly string[]): XmlElement[] {
  let current: XmlElement[] = el ? [el] : [];
  for (const local of locals) current = current.flatMap((c) => isoAll(c, local));
  return current;
}

function isoPath(el: XmlElement | undefined, ...locals: readonly string[]): XmlElement | undefined {
  return isoPathAll(el, ...locals)[0];
}

/** The object inside a property element (`gmd:citation` → `gmd:CI_Citation`), whatever its type name. */
function objectOf(property: XmlElement | undefined): XmlElement | undefined {
  return property?.children[0];
}

function gml(el: XmlElement | undefined, local: string): XmlElement | undefined {
  return el?.children.find((c) => c.local === local && isGmlNamespace(c.ns));
}

/** Collapses the whitespace some servers leave inside values (identifiers split over lines). */
function clean(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  const t = text.replace(/\s+/g, ' ').trim();
  return t === '' ? undefined : t;
}

/**
 * The text of a CharacterString-like property: gco:CharacterString, gmx:Anchor, gmx:FileName (its `src`),
 * gmx:MimeFileType, gco:Decimal, gmd:URL... or the property's own text. Multi-line text keeps its lines.
 */
function textOf(property: XmlElement | undefined): string | undefined {
  if (!property) return undefined;
  const value = property.children.find((c) => c.local !== 'PT_FreeText');
  if (value?.local === 'FileName') return clean(attr(value, 'src')) ?? clean(value.text);
  const raw = value ? value.text : property.text;
  const t = raw.trim();
  return t === '' ? undefined : t;
}

function hrefOf(property: XmlElement | undefined): string | undefined {
  const anchor = property?.children.find((c) => c.local === 'Anchor');
  return clean(attr(anchor, 'href', XLINK_NS));
}

/** A code list value: `codeListValue`, else the element text (both occur, sometimes one of them empty). */
function codeOf(property: XmlElement | undefined): string | undefined {
  const code = property?.children[0];
  if (!code) return clean(property?.text);
  return clean(attr(code, 'codeListValue')) ?? clean(code.text);
}

export function readIso(root: XmlElement, format: NativeFormat, warn: Warn): IsoRecord {
  const is19115_3 = format === 'iso19115-3';
  const locales = new Map<string, string>();
  const localeTags: string[] = [];
  const readLocale = (locale: XmlElement | undefined, isDefault: boolean): string | undefined => {
    const code = codeOf(iso(locale, 'languageCode') ?? iso(locale, 'language'));
    const tag = toBcp47(code);
    const id = attr(locale, 'id');
    if (code !== undefined && tag === undefined) warn('locale', 'malformed', `language code '${code}' is not recognised`);
    if (tag !== undefined) {
      if (id !== undefined) locales.set(id, tag);
      if (!isDefault && !localeTags.includes(tag)) localeTags.push(tag);
    }
    return tag;
  };

  const localised = (property: XmlElement | undefined): LocalisedText | undefined => {
    const text = textOf(property);
    const translations: Record<string, string> = {};
    for (const group of isoPathAll(property, 'PT_FreeText', 'textGroup')) {
      for (const lcs of isoAll(group, 'LocalisedCharacterString')) {
        const ref = (attr(lcs, 'locale') ?? '').replace(/^#/, '');
        const tag = locales.get(ref) ?? toBcp47(ref);
        const value = lcs.text.trim();
        if (tag === undefined) warn('PT_FreeText', 'malformed', `translation with unknown locale '${ref}' dropped`);
        else if (value !== '') translations[tag] = value;
      }
    }
    const primary = text ?? Object.values(translations)[0];
    return primary === undefined ? undefined : { text: primary, translations };
  };

  // Identifier, scope, language and locales.
  const fileIdentifier = clean(
    is19115_3 ? textOf(isoPath(root, 'metadataIdentifier', 'MD_Identifier', 'code')) : textOf(iso(root, 'fileIdentifier')),
  );
  const hierarchyLevel = is19115_3
    ? codeOf(isoPath(root, 'metadataScope', 'MD_MetadataScope', 'resourceScope'))
    : codeOf(iso(root, 'hierarchyLevel'));

  let language: string | undefined;
  if (is19115_3) {
    language = readLocale(isoPath(root, 'defaultLocale', 'PT_Locale'), true);
    for (const locale of isoPathAll(root, 'otherLocale', 'PT_Locale')) readLocale(locale, false);
  } else {
    const code = codeOf(iso(root, 'language'));
    language = toBcp47(code);
    if (code !== undefined && language === undefined) warn('language', 'malformed', `language code '${code}' is not recognised`);
    for (const locale of isoPathAll(root, 'locale', 'PT_Locale')) readLocale(locale, false);
  }

  const identificationInfos = isoAll(root, 'identificationInfo').map(objectOf).filter((e): e is XmlElement => e !== undefined);
  const ident = identificationInfos.find((e) => e.local.endsWith('DataIdentification')) ?? identificationInfos[0];
  if (!ident) warn('identificationInfo', 'missing', 'the record has no identification section');
  if (language === undefined) {
    language = is19115_3
      ? readLocale(isoPath(ident, 'defaultLocale', 'PT_Locale'), true)
      : toBcp47(codeOf(iso(ident, 'language')));
  }
  // The default locale of the record is not a translation target.
  const otherLocales = localeTags.filter((t) => t !== language);

  // Dates of the metadata itself.
  let dateStamp: string | undefined;
  if (is19115_3) {
    const dates = isoPathAll(root, 'dateInfo', 'CI_Date').map((d) => ({ type: codeOf(iso(d, 'dateType')), value: textOf(iso(d, 'date')) }));
    const pick = (type: string): string | undefined =>
      dates.filter((d) => d.type === type && d.value !== undefined).map((d) => d.value as string).sort().at(-1);
    dateStamp = pick('revision') ?? pick('creation');
  } else {
    dateStamp = textOf(iso(root, 'dateStamp'));
  }

  const parentIdentifier = is19115_3
    ? clean(attr(iso(root, 'parentMetadata'), 'uuidref')) ??
      clean(textOf(isoPath(root, 'parentMetadata', 'CI_Citation', 'identifier', 'MD_Identifier', 'code')))
    : clean(textOf(iso(root, 'parentIdentifier')));

  // Citation.
  const citation = isoPath(ident, 'citation', 'CI_Citation');
  const citationDates = isoPathAll(citation, 'date', 'CI_Date').flatMap((d) => {
    const type = codeOf(iso(d, 'dateType'));
    const value = textOf(iso(d, 'date'));
    return type !== undefined && value !== undefined ? [{ type, value }] : [];
  });
  const identifiers = isoAll(citation, 'identifier').flatMap((prop) => {
    const id = objectOf(prop);
    const codeProp = iso(id, 'code');
    const code = clean(textOf(codeProp));
    if (code === undefined) return [];
    const codeSpace = clean(textOf(iso(id, 'codeSpace')));
    const href = hrefOf(codeProp);
    return [{ code, ...(codeSpace === undefined ? {} : { codeSpace }), ...(href === undefined ? {} : { href }) }];
  });

  // Parties: metadata contact, points of contact, cited parties, distributors.
  const parties: IsoParty[] = [
    ...isoAll(root, 'contact').flatMap((p) => readParties(objectOf(p))),
    ...isoAll(ident, 'pointOfContact').flatMap((p) => readParties(objectOf(p))),
    ...isoAll(citation, 'citedResponsibleParty').flatMap((p) => readParties(objectOf(p))),
    ...isoPathAll(root, 'distributionInfo', 'MD_Distribution', 'distributor', 'MD_Distributor', 'distributorContact').flatMap((p) =>
      readParties(objectOf(p)),
    ),
  ];

  // Keywords and topic categories.
  const keywordGroups: IsoKeywordGroup[] = isoPathAll(ident, 'descriptiveKeywords', 'MD_Keywords').flatMap((group) => {
    const keywords = isoAll(group, 'keyword').flatMap((k) => {
      const text = localised(k);
      const href = hrefOf(k);
      return text === undefined ? [] : [{ text, ...(href === undefined ? {} : { href }) }];
    });
    if (keywords.length === 0) return [];
    const thesaurusCitation = isoPath(group, 'thesaurusName', 'CI_Citation');
    const titleProp = iso(thesaurusCitation, 'title');
    const title = clean(textOf(titleProp));
    const href = hrefOf(titleProp) ?? hrefOf(iso(objectOf(iso(thesaurusCitation, 'identifier')), 'code'));
    const type = codeOf(iso(group, 'type'));
    const thesaurus = title === undefined && href === undefined ? undefined : { ...(title === undefined ? {} : { title }), ...(href === undefined ? {} : { href }) };
    return [{ keywords, ...(type === undefined ? {} : { type }), ...(thesaurus === undefined ? {} : { thesaurus }) }];
  });
  const topicCategories = isoAll(ident, 'topicCategory').flatMap((t) => {
    const code = codeOf(t);
    return code === undefined ? [] : [code];
  });

  // Extents of every identification section (ncISO repeats the data extent in its service sections).
  const boxes: IsoBox[] = [];
  const periods: IsoPeriod[] = [];
  const seenBoxes = new Set<string>();
  const seenPeriods = new Set<string>();
  identificationInfos.forEach((info, i) => {
    for (const extent of isoAll(info, 'extent').map(objectOf)) {
      for (const element of isoAll(extent, 'geographicElement').map(objectOf)) {
        if (element?.local !== 'EX_GeographicBoundingBox') continue;
        const box = readBox(element, `identificationInfo[${i}]/extent/geographicElement`, warn);
        if (box && !seenBoxes.has(JSON.stringify(box))) {
          seenBoxes.add(JSON.stringify(box));
          boxes.push(box);
        }
      }
      for (const element of isoAll(extent, 'temporalElement').map(objectOf)) {
        const period = readPeriod(iso(element, 'extent'));
        if (period === undefined) {
          warn(`identificationInfo[${i}]/extent/temporalElement`, 'malformed', 'temporal element without a GML time period or instant');
        } else if (!seenPeriods.has(JSON.stringify(period))) {
          seenPeriods.add(JSON.stringify(period));
          periods.push(period);
        }
      }
    }
  });

  // Graphic overviews.
  const graphics = isoPathAll(ident, 'graphicOverview', 'MD_BrowseGraphic').flatMap((g) => {
    const url = clean(textOf(iso(g, 'fileName')));
    if (url === undefined) return [];
    const description = clean(textOf(iso(g, 'fileDescription')));
    const fileType = clean(textOf(iso(g, 'fileType')));
    return [{ url, ...(description === undefined ? {} : { description }), ...(fileType === undefined ? {} : { fileType }) }];
  });

  // Constraints: use limitations, other constraints (Anchor hrefs to licences), 19115-3 licence citations.
  const useLimitations: LocalisedText[] = [];
  const otherConstraints: { text?: string; href?: string }[] = [];
  for (const constraints of isoAll(ident, 'resourceConstraints').map(objectOf)) {
    for (const u of isoAll(constraints, 'useLimitation')) {
      const text = localised(u);
      if (text) useLimitations.push(text);
    }
    for (const o of isoAll(constraints, 'otherConstraints')) {
      const text = clean(textOf(o));
      const href = hrefOf(o);
      if (text !== undefined || href !== undefined) otherConstraints.push({ ...(text === undefined ? {} : { text }), ...(href === undefined ? {} : { href }) });
    }
    for (const ref of isoPathAll(constraints, 'reference', 'CI_Citation')) {
      const text = clean(textOf(iso(ref, 'title')));
      const href = clean(textOf(isoPath(ref, 'onlineResource', 'CI_OnlineResource', 'linkage')));
      if (text !== undefined || href !== undefined) otherConstraints.push({ ...(text === undefined ? {} : { text }), ...(href === undefined ? {} : { href }) });
    }
  }

  // Online resources: distribution (also per distributor), service connect points, metadata linkage.
  const onlineResources: IsoOnlineResource[] = [];
  const addResource = (resource: XmlElement, source: IsoOnlineResource['source'], where: string): void => {
    const url = clean(textOf(iso(resource, 'linkage')));
    if (url === undefined) {
      warn(where, 'malformed', 'online resource without a linkage URL dropped');
      return;
    }
    const protocol = clean(textOf(iso(resource, 'protocol')));
    const name = clean(textOf(iso(resource, 'name')));
    const description = clean(textOf(iso(resource, 'description')));
    const fn = codeOf(iso(resource, 'function'));
    if (onlineResources.some((r) => r.url === url && r.protocol === protocol)) return;
    onlineResources.push({
      url,
      ...(protocol === undefined ? {} : { protocol }),
      ...(name === undefined ? {} : { name }),
      ...(description === undefined ? {} : { description }),
      ...(fn === undefined ? {} : { function: fn }),
      source,
    });
  };
  const distribution = isoPath(root, 'distributionInfo', 'MD_Distribution');
  const transferOptions = [
    ...isoAll(distribution, 'transferOptions'),
    ...isoPathAll(distribution, 'distributor', 'MD_Distributor', 'distributorTransferOptions'),
  ];
  for (const options of transferOptions) {
    for (const resource of isoPathAll(options, 'MD_DigitalTransferOptions', 'onLine', 'CI_OnlineResource')) {
      addResource(resource, 'distribution', 'distributionInfo/transferOptions/onLine');
    }
  }
  for (const info of identificationInfos) {
    for (const resource of isoPathAll(info, 'containsOperations', 'SV_OperationMetadata', 'connectPoint', 'CI_OnlineResource')) {
      addResource(resource, 'service', 'identificationInfo/containsOperations/connectPoint');
    }
  }
  for (const resource of isoPathAll(root, 'metadataLinkage', 'CI_OnlineResource')) addResource(resource, 'metadata', 'metadataLinkage');

  const lineage = localised(
    is19115_3
      ? isoPath(root, 'resourceLineage', 'LI_Lineage', 'statement')
      : isoPath(root, 'dataQualityInfo', 'DQ_DataQuality', 'lineage', 'LI_Lineage', 'statement'),
  );

  const title = localised(iso(citation, 'title'));
  const abstract = localised(iso(ident, 'abstract'));
  const edition = clean(textOf(iso(citation, 'edition')));
  const dataSetUri = clean(textOf(iso(root, 'dataSetURI')));
  return {
    format,
    fileIdentifier: fileIdentifier ?? '',
    ...(parentIdentifier === undefined ? {} : { parentIdentifier }),
    ...(hierarchyLevel === undefined ? {} : { hierarchyLevel }),
    ...(language === undefined ? {} : { language }),
    locales: otherLocales,
    ...(dateStamp === undefined ? {} : { dateStamp }),
    ...(title === undefined ? {} : { title }),
    alternateTitles: isoAll(citation, 'alternateTitle').flatMap((t) => clean(textOf(t)) ?? []),
    ...(abstract === undefined ? {} : { abstract }),
    ...(edition === undefined ? {} : { edition }),
    citationDates,
    identifiers,
    ...(dataSetUri === undefined ? {} : { dataSetUri }),
    parties,
    keywordGroups,
    topicCategories,
    boxes,
    periods,
    graphics,
    useLimitations,
    otherConstraints,
    onlineResources,
    ...(lineage === undefined ? {} : { lineage }),
  };
}

function readBox(element: XmlElement, where: string, warn: Warn): IsoBox | undefined {
  const inclusion = textOf(iso(element, 'extentTypeCode'));
  if (inclusion === '0' || inclusion === 'false') {
    warn(where, 'dropped', 'exclusion bounding box (extentTypeCode false) dropped');
    return undefined;
  }
  const value = (local: string): number | undefined => {
    const text = textOf(iso(element, local));
    const n = text === undefined ? Number.NaN : Number(text.replace(',', '.'));
    return Number.isFinite(n) ? n : undefined;
  };
  const west = value('westBoundLongitude');
  const east = value('eastBoundLongitude');
  const south = value('southBoundLatitude');
  const north = value('northBoundLatitude');
  if (west === undefined || east === undefined || south === undefined || north === undefined) {
    warn(where, 'malformed', 'bounding box with a missing or non-numeric bound dropped');
    return undefined;
  }
  if (Math.abs(south) > 90 || Math.abs(north) > 90 || west < -180 || west > 360 || east < -180 || east > 360) {
    warn(where, 'malformed', `bounding box out of range (${west}, ${south}, ${east}, ${north}) dropped`);
    return undefined;
  }
  if (south > north) {
    warn(where, 'malformed', 'bounding box with south > north: latitudes swapped');
    return { west, south: north, east, north: south };
  }
  return { west, south, east, north };
}

function readPeriod(extent: XmlElement | undefined): IsoPeriod | undefined {
  const geometry = extent?.children.find((c) => isGmlNamespace(c.ns));
  if (!geometry) return undefined;
  const position = (el: XmlElement | undefined): { value?: string; indeterminate?: string } => {
    if (!el) return {};
    const value = el.text.trim();
    const indeterminate = attr(el, 'indeterminatePosition');
    return { ...(value === '' ? {} : { value }), ...(indeterminate === undefined ? {} : { indeterminate }) };
  };
  if (geometry.local === 'TimeInstant') {
    const p = position(gml(geometry, 'timePosition'));
    return { ...toPeriodEnd('begin', p), ...toPeriodEnd('end', p) };
  }
  if (geometry.local !== 'TimePeriod') return undefined;
  const begin = position(gml(geometry, 'beginPosition') ?? gml(gml(gml(geometry, 'begin'), 'TimeInstant'), 'timePosition'));
  const end = position(gml(geometry, 'endPosition') ?? gml(gml(gml(geometry, 'end'), 'TimeInstant'), 'timePosition'));
  return { ...toPeriodEnd('begin', begin), ...toPeriodEnd('end', end) };
}

function toPeriodEnd(side: 'begin' | 'end', p: { value?: string; indeterminate?: string }): Partial<IsoPeriod> {
  return {
    ...(p.value === undefined ? {} : { [side]: p.value }),
    ...(p.indeterminate === undefined ? {} : { [`${side}Indeterminate`]: p.indeterminate }),
  };
}

/** Reads CI_ResponsibleParty (19139) or CI_Responsibility (19115-3, one party per individual). */
function readParties(party: XmlElement | undefined): IsoParty[] {
  if (!party) return [];
  const role = codeOf(iso(party, 'role'));
  if (party.local === 'CI_ResponsibleParty') {
    const individual = clean(textOf(iso(party, 'individualName')));
    const organisation = clean(textOf(iso(party, 'organisationName')));
    const position = clean(textOf(iso(party, 'positionName')));
    return [makeParty(role, individual, organisation, position, objectOf(iso(party, 'contactInfo')))];
  }
  const result: IsoParty[] = [];
  for (const p of isoAll(party, 'party').map(objectOf)) {
    if (!p) continue;
    if (p.local === 'CI_Organisation') {
      const organisation = clean(textOf(iso(p, 'name')));
      const orgContact = objectOf(iso(p, 'contactInfo'));
      const individuals = isoPathAll(p, 'individual', 'CI_Individual');
      if (individuals.length === 0) result.push(makeParty(role, undefined, organisation, undefined, orgContact));
      for (const ind of individuals) {
        const contact = objectOf(iso(ind, 'contactInfo')) ?? orgContact;
        result.push(makeParty(role, clean(textOf(iso(ind, 'name'))), organisation, clean(textOf(iso(ind, 'positionName'))), contact));
      }
    } else {
      result.push(makeParty(role, clean(textOf(iso(p, 'name'))), undefined, clean(textOf(iso(p, 'positionName'))), objectOf(iso(p, 'contactInfo'))));
    }
  }
  return result;
}

function makeParty(
  role: string | undefined,
  individual: string | undefined,
  organisation: string | undefined,
  position: string | undefined,
  contact: XmlElement | undefined,
): IsoParty {
  const phones: string[] = [];
  for (const tel of isoPathAll(contact, 'phone', 'CI_Telephone')) {
    // 19139 has voice/facsimile; 19115-3 has number + numberType. Faxes are not phones to call.
    const numbers = [...isoAll(tel, 'voice'), ...(codeOf(iso(tel, 'numberType')) === 'facsimile' ? [] : isoAll(tel, 'number'))];
    for (const n of numbers) {
      const value = clean(textOf(n));
      if (value !== undefined) phones.push(value);
    }
  }
  const addressEl = isoPath(contact, 'address', 'CI_Address');
  const emails = isoAll(addressEl, 'electronicMailAddress').flatMap((e) => clean(textOf(e)) ?? []);
  const deliveryPoint = isoAll(addressEl, 'deliveryPoint').flatMap((d) => clean(textOf(d)) ?? []);
  const city = clean(textOf(iso(addressEl, 'city')));
  const administrativeArea = clean(textOf(iso(addressEl, 'administrativeArea')));
  const postalCode = clean(textOf(iso(addressEl, 'postalCode')));
  const country = clean(textOf(iso(addressEl, 'country')));
  const hasAddress = deliveryPoint.length > 0 || [city, administrativeArea, postalCode, country].some((v) => v !== undefined);
  const url = clean(textOf(isoPath(contact, 'onlineResource', 'CI_OnlineResource', 'linkage')));
  return {
    ...(role === undefined ? {} : { role }),
    ...(individual === undefined ? {} : { individual }),
    ...(organisation === undefined ? {} : { organisation }),
    ...(position === undefined ? {} : { position }),
    emails,
    phones,
    ...(hasAddress
      ? {
          address: {
            deliveryPoint,
            ...(city === undefined ? {} : { city }),
            ...(administrativeArea === undefined ? {} : { administrativeArea }),
            ...(postalCode === undefined ? {} : { postalCode }),
            ...(country === undefined ? {} : { country }),
          },
        }
      : {}),
    ...(url === undefined ? {} : { url }),
  };
}
