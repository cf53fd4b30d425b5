import { bboxGeometry, normalizeBbox } from '../../src/core/bbox.js';
import { STAC_VERSION, type BBox, type StacAsset, type StacItem, type StacLink } from '../../src/core/stac.js';
import { attr, parseXml, XML_NS } from '../../src/core/xml.js';
import { CrosswalkError, type CrosswalkContext, type CrosswalkResult, type CrosswalkWarning } from '../crosswalk.js';
import { toRfc3339 } from '../time/dates.js';
import { parseThreddsCatalog, type ThreddsCatalogRef, type ThreddsDataset, type ThreddsMetadata, type ThreddsTimeCoverage } from './catalog.js';
import { FILE_EXTENSION, SERVICE_ASSETS, UNKNOWN_SERVICE_ASSET } from './mappings.js';

/**
 * THREDDS catalog → STAC: every dataset with data to access becomes an Item (id = `ID`, else `urlPath`),
 * with one asset per service access URL (Compound services expanded), its inherited metadata, size,
 * modification date, coverage and variables. Container datasets and catalogRefs are not items; the
 * catalogRefs are returned for the crawler.
 */

export interface ThreddsConversion {
  readonly items: readonly StacItem[];
  readonly catalogRefs: readonly ThreddsCatalogRef[];
}

function bboxOf(metadata: ThreddsMetadata, path: string, warnings: CrosswalkWarning[]): BBox | undefined {
  const coverage = metadata.geospatialCoverage;
  const ns = coverage?.northSouth;
  const ew = coverage?.eastWest;
  if (!coverage) return undefined;
  if (!ns || !ew) {
    warnings.push({ path: `${path}/geospatialCoverage`, kind: 'dropped', detail: 'needs both northsouth and eastwest for a bbox' });
    return undefined;
  }
  const degrees = (units: string | undefined): boolean => units === undefined || /^degree/i.test(units);
  if (!degrees(ns.units) || !degrees(ew.units)) {
    warnings.push({ path: `${path}/geospatialCoverage`, kind: 'unsupported', detail: `coverage in ${ns.units ?? ''} ${ew.units ?? ''}, not degrees` });
    return undefined;
  }
  const south = Math.min(ns.start, ns.start + ns.size);
  const north = Math.max(ns.start, ns.start + ns.size);
  const west = Math.min(ew.start, ew.start + ew.size);
  const east = Math.max(ew.start, ew.start + ew.size);
  if (south < -90 || north > 90) {
    warnings.push({ path: `${path}/geospatialCoverage`, kind: 'malformed', detail: `latitudes ${south}..${north} out of range` });
    return undefined;
  }
  return normalizeBbox([west, south, east, north]);
}

const DURATION_UNITS: Readonly<Record<string, number>> = {
  sec: 1, secs: 1, second: 1, seconds: 1, s: 1,
  min: 60, mins: 60, minute: 60, minutes: 60,
  hour: 3600, hours: 3600, hr: 3600, hrs: 3600, h: 3600,
  day: 86400, days: 86400, d: 86400,
  week: 604800, weeks: 604800,
};

/** A THREDDS duration ("45 days", "0 hours", ISO 8601 "P1DT6H") in seconds; months and years are not fixed lengths. */
export function durationSeconds(value: string): number | undefined {
  const udunits = /^\s*([\d.]+)\s*([a-zA-Z]+)\s*$/.exec(value);
  if (udunits) {
    const factor = DURATION_UNITS[(udunits[2] as string).toLowerCase()];
    const amount = Number(udunits[1]);
    return factor === undefined || !Number.isFinite(amount) ? undefined : amount * factor;
  }
  const iso = /^P(?:(\d+(?:\.\d+)?)W)?(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/.exec(value.trim());
  if (!iso || value.trim() === 'P' || value.trim().endsWith('T')) return undefined;
  const [, w, d, h, m, s] = iso.map((v) => (v === undefined ? 0 : Number(v)));
  return (w ?? 0) * 604800 + (d ?? 0) * 86400 + (h ?? 0) * 3600 + (m ?? 0) * 60 + (s ?? 0);
}

function shift(instant: string, seconds: number): string {
  const text = new Date(Date.parse(instant) + seconds * 1000).toISOString();
  return text.endsWith('.000Z') ? `${text.slice(0, -5)}Z` : text;
}

interface TimeFields {
  readonly datetime: string | null;
  readonly start_datetime?: string;
  readonly end_datetime?: string;
}

function timeOf(coverage: ThreddsTimeCoverage | undefined, path: string, warnings: CrosswalkWarning[]): TimeFields | undefined {
  if (!coverage) return undefined;
  const where = `${path}/timeCoverage`;
  // "present" moves with the clock, which a crosswalk does not read.
  if (coverage.start === 'present' || coverage.end === 'present') {
    warnings.push({ path: where, kind: 'unsupported', detail: 'a time coverage relative to "present"' });
    return undefined;
  }
  let start = toRfc3339(coverage.start, 'start');
  let end = toRfc3339(coverage.end, 'end');
  const seconds = coverage.duration === undefined ? undefined : durationSeconds(coverage.duration);
  if (coverage.duration !== undefined && seconds === undefined) {
    warnings.push({ path: `${where}/duration`, kind: 'unsupported', detail: `duration ${coverage.duration}` });
  }
  if (seconds !== undefined && start !== undefined && end === undefined) end = shift(start, seconds);
  if (seconds !== undefined && end !== undefined && start === undefined) start = shift(end, -seconds);
  if (start !== undefined && end !== undefined) {
    return start === end ? { datetime: start } : { datetime: null, start_datetime: start, end_datetime: end };
  }
  const single = start ?? end;
  if (single !== undefined) {
    warnings.push({ path: where, kind: 'missing', detail: 'only one end of the time coverage is known' });
    return { datetime: single };
  }
  return undefined;
}

function dateOf(dataset: ThreddsDataset, type: string): string | undefined {
  const found = dataset.dates.find((d) => (d.type ?? '').toLowerCase() === type);
  return found === undefined ? undefined : toRfc3339(found.value);
}

function assetsOf(dataset: ThreddsDataset, warnings: CrosswalkWarning[]): Record<string, StacAsset> {
  const assets: Record<string, StacAsset> = {};
  const isNetcdf = /\.(nc|nc4|netcdf|cdf)$/i.test(dataset.urlPath ?? '') || /netcdf/i.test(dataset.metadata.dataFormat ?? '');
  for (const access of dataset.access) {
    const type = access.serviceType.toLowerCase();
    const spec = SERVICE_ASSETS[type] ?? UNKNOWN_SERVICE_ASSET;
    if (SERVICE_ASSETS[type] === undefined) {
      warnings.push({ path: dataset.path, kind: 'unsupported', detail: `service type ${access.serviceType}: asset without media type` });
    }
    let key = access.serviceName;
    for (let n = 2; assets[key] !== undefined; n += 1) key = `${access.serviceName}-${n}`;
    const mediaType = spec.type ?? (type === 'httpserver' && isNetcdf ? 'application/netcdf' : undefined);
    assets[key] = {
      href: access.href,
      ...(mediaType === undefined ? {} : { type: mediaType }),
      title: spec.title,
      roles: spec.roles,
      ...(type === 'httpserver' && dataset.dataSize !== undefined ? { 'file:size': dataset.dataSize } : {}),
    };
  }
  return assets;
}

function datasetLink(catalogUrl: string, dataset: ThreddsDataset): StacLink | undefined {
  if (dataset.id === undefined) return undefined;
  try {
    const url = new URL(catalogUrl);
    url.searchParams.set('dataset', dataset.id);
    return { rel: 'via', href: url.href, type: 'application/xml', title: 'THREDDS catalog' };
  } catch {
    return undefined;
  }
}

function documentation(metadata: ThreddsMetadata, type: string): string[] {
  return metadata.documentation.flatMap((d) => ((d.type ?? '').toLowerCase() === type && d.text !== undefined ? [d.text] : []));
}

const DESCRIBED_TYPES = new Set(['summary', '', 'title', 'rights', 'processing_level', 'funding']);

function datasetToItem(dataset: ThreddsDataset, catalogUrl: string, ctx: CrosswalkContext, warnings: CrosswalkWarning[]): StacItem | undefined {
  const m = dataset.metadata;
  const id = dataset.id ?? dataset.urlPath;
  if (id === undefined || id === '') {
    warnings.push({ path: dataset.path, kind: 'missing', detail: 'a dataset without ID or urlPath' });
    return undefined;
  }
  const modified = dateOf(dataset, 'modified');
  const created = dateOf(dataset, 'created');
  let time = timeOf(m.timeCoverage, dataset.path, warnings);
  if (!time) {
    const fallback = modified ?? created ?? dateOf(dataset, 'issued') ?? dateOf(dataset, 'available');
    if (fallback === undefined) {
      warnings.push({ path: dataset.path, kind: 'missing', detail: `${id}: no time coverage and no date, no item` });
      return undefined;
    }
    warnings.push({ path: dataset.path, kind: 'defaulted', detail: 'no time coverage: datetime is the dataset date' });
    time = { datetime: fallback };
  }
  const bbox = bboxOf(m, dataset.path, warnings);
  const description = [...documentation(m, 'summary'), ...documentation(m, '')].join('\n\n');
  const otherDocs = m.documentation.filter((d) => d.text !== undefined && !DESCRIBED_TYPES.has((d.type ?? '').toLowerCase()));
  const rights = documentation(m, 'rights');
  const levels = documentation(m, 'processing_level');
  const funding = documentation(m, 'funding');
  const providers = [
    ...m.creators.map((p) => ({ name: p.name, roles: ['producer'], ...(p.url === undefined ? {} : { url: p.url }) })),
    ...m.publishers.map((p) => ({ name: p.name, roles: ['host'], ...(p.url === undefined ? {} : { url: p.url }) })),
  ];
  const properties: Record<string, unknown> = {
    title: documentation(m, 'title')[0] ?? dataset.name,
    ...(description === '' ? {} : { description }),
    ...time,
    ...(created === undefined ? {} : { created }),
    ...(modified === undefined ? {} : { updated: modified }),
    ...(m.keywords.length === 0 ? {} : { keywords: m.keywords }),
    ...(providers.length === 0 ? {} : { providers }),
    ...(m.authority === undefined ? {} : { 'thredds:authority': m.authority }),
    ...(m.dataType === undefined ? {} : { 'thredds:data_type': m.dataType }),
    ...(m.dataFormat === undefined ? {} : { 'thredds:data_format': m.dataFormat }),
    ...(m.projects.length === 0 ? {} : { 'thredds:projects': m.projects }),
    ...(rights.length === 0 ? {} : { 'thredds:rights': rights.join('\n\n') }),
    ...(levels.length === 0 ? {} : { 'thredds:processing_level': levels.join('\n\n') }),
    ...(funding.length === 0 ? {} : { 'thredds:funding': funding.join('\n\n') }),
    ...(otherDocs.length === 0 ? {} : { 'thredds:documentation': otherDocs.map((d) => ({ type: d.type, text: d.text })) }),
    ...(m.properties.length === 0 ? {} : { 'thredds:properties': Object.fromEntries(m.properties.map((p) => [p.name, p.value])) }),
    ...(m.variables.length === 0
      ? {}
      : {
          'thredds:variables': m.variables.map((v) => ({
            name: v.name,
            ...(v.description === undefined ? {} : { description: v.description }),
            ...(v.units === undefined ? {} : { unit: v.units }),
            ...(v.vocabularyName === undefined ? {} : { standard_name: v.vocabularyName }),
            ...(v.vocabulary === undefined ? {} : { vocabulary: v.vocabulary }),
          })),
        }),
  };
  const links: StacLink[] = [];
  const collection = ctx.collection;
  if (collection !== undefined) {
    links.push({ rel: 'collection', href: `${ctx.baseUrl.replace(/\/+$/, '')}/collections/${encodeURIComponent(collection)}`, type: 'application/json' });
  }
  const via = datasetLink(catalogUrl, dataset);
  if (via) links.push(via);
  for (const d of m.documentation) {
    if (d.href !== undefined) links.push({ rel: 'describedby', href: d.href, ...(d.title === undefined ? {} : { title: d.title }) });
  }
  for (const ref of m.metadataLinks) links.push({ rel: 'describedby', href: ref.href, ...(ref.title === undefined ? {} : { title: ref.title }) });
  const assets = assetsOf(dataset, warnings);
  const usesFile = Object.values(assets).some((a) => a['file:size'] !== undefined);
  return {
    type: 'Feature',
    stac_version: STAC_VERSION,
    ...(usesFile ? { stac_extensions: [FILE_EXTENSION] } : {}),
    id,
    ...(collection === undefined ? {} : { collection }),
    geometry: bbox ? bboxGeometry(bbox) : null,
    ...(bbox ? { bbox } : {}),
    properties: properties as StacItem['properties'],
    links,
    assets,
  };
}

/** Every dataset of a catalog with data to access, as STAC Items, and the catalog's references. */
export function catalogToStac(xml: string, catalogUrl: string, ctx: CrosswalkContext): CrosswalkResult<ThreddsConversion> {
  const catalog = parseThreddsCatalog(xml, catalogUrl);
  const warnings: CrosswalkWarning[] = [...catalog.warnings];
  const items: StacItem[] = [];
  for (const dataset of catalog.datasets) {
    const item = datasetToItem(dataset, catalogUrl, ctx, warnings);
    if (item) items.push(item);
  }
  return { value: { items, catalogRefs: catalog.catalogRefs }, warnings };
}

/**
 * One record: a single-dataset catalog (what TDS returns for `catalog.xml?dataset=ID`). The catalog's
 * URL, which relative service bases need, comes from an `xml:base` on its root when the harvester set
 * one; without it the access URLs stay relative to the server.
 */
export function toStac(document: string, ctx: CrosswalkContext): CrosswalkResult<StacItem> {
  const base = attr(parseXml(document), 'base', XML_NS);
  const warnings: CrosswalkWarning[] = [];
  if (base === undefined) warnings.push({ path: 'catalog/@xml:base', kind: 'missing', detail: 'no catalog URL: access URLs are server-relative' });
  const { value, warnings: more } = catalogToStac(document, base ?? 'relative:/', ctx);
  const items = value.items.map((item) => (base === undefined ? withRelativeHrefs(item) : item));
  if (items.length !== 1) throw new CrosswalkError('thredds', `the catalog holds ${items.length} datasets; convert it with catalogToStac`);
  return { value: items[0] as StacItem, warnings: [...warnings, ...more] };
}

function withRelativeHrefs(item: StacItem): StacItem {
  const strip = (href: string): string => href.replace(/^relative:/, '');
  return {
    ...item,
    links: item.links.filter((l) => !l.href.startsWith('relative:')),
    assets: Object.fromEntries(Object.entries(item.assets).map(([k, a]) => [k, { ...a, href: strip(a.href) }])),
  };
}
