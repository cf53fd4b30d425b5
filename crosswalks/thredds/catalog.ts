import { attr, child, children, parseXml, XLINK_NS, type XmlElement } from '../../src/core/xml.js';
import { CrosswalkError, type CrosswalkWarning } from '../crosswalk.js';

/**
 * A THREDDS catalog (InvCatalog 1.0.x, as TDS 4/5, Hyrax and RAMADDA write it) read into its datasets,
 * each with the metadata it holds or inherits and an access URL per service, and the catalogRefs a
 * crawler follows. Inheritance stays within the catalog: referenced catalogs re-declare what they use.
 */

export const THREDDS_NS = 'http://www.unidata.ucar.edu/namespaces/thredds/InvCatalog/v1.0';

export interface ThreddsService {
  readonly name: string;
  readonly serviceType: string;
  readonly base: string;
  readonly suffix: string;
  /** Member services of a Compound service. */
  readonly services: readonly ThreddsService[];
}

export interface ThreddsDocumentation {
  readonly type?: string;
  readonly text?: string;
  readonly href?: string;
  readonly title?: string;
}

export interface ThreddsParty {
  readonly name: string;
  readonly vocabulary?: string;
  readonly url?: string;
  readonly email?: string;
}

export interface ThreddsVariable {
  readonly name: string;
  readonly vocabulary?: string;
  readonly vocabularyName?: string;
  readonly units?: string;
  readonly description?: string;
}

export interface ThreddsGeospatialCoverage {
  readonly northSouth?: { readonly start: number; readonly size: number; readonly units?: string };
  readonly eastWest?: { readonly start: number; readonly size: number; readonly units?: string };
}

export interface ThreddsTimeCoverage {
  readonly start?: string;
  readonly end?: string;
  readonly duration?: string;
  readonly resolution?: string;
}

/** The metadata of a dataset: its own elements and `<metadata>` blocks, plus what its ancestors pass down. */
export interface ThreddsMetadata {
  readonly serviceName?: string;
  readonly authority?: string;
  readonly dataType?: string;
  readonly dataFormat?: string;
  readonly geospatialCoverage?: ThreddsGeospatialCoverage;
  readonly timeCoverage?: ThreddsTimeCoverage;
  readonly documentation: readonly ThreddsDocumentation[];
  readonly keywords: readonly string[];
  readonly projects: readonly string[];
  readonly creators: readonly ThreddsParty[];
  readonly publishers: readonly ThreddsParty[];
  readonly properties: readonly { readonly name: string; readonly value: string }[];
  readonly variables: readonly ThreddsVariable[];
  /** `xlink:href` of external metadata (`<metadata xlink:href>`, `<variableMap>`). */
  readonly metadataLinks: readonly { readonly href: string; readonly title?: string }[];
}

export interface ThreddsAccess {
  readonly serviceName: string;
  readonly serviceType: string;
  readonly href: string;
}

export interface ThreddsDataset {
  readonly id?: string;
  readonly name: string;
  readonly urlPath?: string;
  /** Where the dataset is in the catalog, for warnings (`catalog/dataset[2]/dataset[1]`). */
  readonly path: string;
  readonly access: readonly ThreddsAccess[];
  /** `dataSize` in bytes (catalogs round it to a few digits in their unit). */
  readonly dataSize?: number;
  readonly dates: readonly { readonly type?: string; readonly value: string }[];
  readonly metadata: ThreddsMetadata;
}

export interface ThreddsCatalogRef {
  readonly href: string;
  readonly title?: string;
  readonly name?: string;
  readonly id?: string;
  readonly datasetScan: boolean;
}

export interface ThreddsCatalog {
  readonly name?: string;
  readonly services: readonly ThreddsService[];
  /** Datasets with data to access (a `urlPath` or `access` elements), in document order. */
  readonly datasets: readonly ThreddsDataset[];
  readonly catalogRefs: readonly ThreddsCatalogRef[];
  readonly warnings: readonly CrosswalkWarning[];
}

const EMPTY_METADATA: ThreddsMetadata = {
  documentation: [],
  keywords: [],
  projects: [],
  creators: [],
  publishers: [],
  properties: [],
  variables: [],
  metadataLinks: [],
};

function text(el: XmlElement | undefined): string | undefined {
  return el === undefined || el.text === '' ? undefined : el.text.replace(/\s+/g, ' ');
}

function childText(el: XmlElement, local: string): string | undefined {
  return text(child(el, THREDDS_NS, local));
}

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}

function readParty(el: XmlElement): ThreddsParty | undefined {
  const nameEl = child(el, THREDDS_NS, 'name');
  const name = text(nameEl);
  if (name === undefined) return undefined;
  const contact = child(el, THREDDS_NS, 'contact');
  return {
    name,
    ...optional('vocabulary', attr(nameEl, 'vocabulary')),
    ...optional('url', attr(contact, 'url')),
    ...optional('email', attr(contact, 'email')),
  };
}

function readRange(el: XmlElement | undefined): { start: number; size: number; units?: string } | undefined {
  if (!el) return undefined;
  const start = Number(childText(el, 'start'));
  const size = Number(childText(el, 'size'));
  if (!Number.isFinite(start) || !Number.isFinite(size) || childText(el, 'start') === undefined || childText(el, 'size') === undefined) return undefined;
  return { start, size, ...optional('units', childText(el, 'units')) };
}

/** Reads the THREDDS metadata elements directly under a dataset or a `<metadata>` block. */
function readMetadataGroup(el: XmlElement): ThreddsMetadata {
  const geo = child(el, THREDDS_NS, 'geospatialCoverage');
  const time = child(el, THREDDS_NS, 'timeCoverage');
  const northSouth = readRange(child(geo, THREDDS_NS, 'northsouth'));
  const eastWest = readRange(child(geo, THREDDS_NS, 'eastwest'));
  const metadataLinks: { href: string; title?: string }[] = [];
  for (const ref of [...children(el, THREDDS_NS, 'variableMap'), ...(el.local === 'metadata' ? [el, ...children(el, THREDDS_NS, 'metadata')] : [])]) {
    const href = attr(ref, 'href', XLINK_NS);
    if (href !== undefined) metadataLinks.push({ href, ...optional('title', attr(ref, 'title', XLINK_NS)) });
  }
  return {
    ...optional('serviceName', childText(el, 'serviceName')),
    ...optional('authority', childText(el, 'authority')),
    ...optional('dataType', childText(el, 'dataType')),
    ...optional('dataFormat', childText(el, 'dataFormat')),
    ...(geo && (northSouth || eastWest) ? { geospatialCoverage: { ...optional('northSouth', northSouth), ...optional('eastWest', eastWest) } } : {}),
    ...(time
      ? {
          timeCoverage: {
            ...optional('start', childText(time, 'start')),
            ...optional('end', childText(time, 'end')),
            ...optional('duration', childText(time, 'duration')),
            ...optional('resolution', childText(time, 'resolution')),
          },
        }
      : {}),
    documentation: children(el, THREDDS_NS, 'documentation').map((d) => ({
      ...optional('type', attr(d, 'type')),
      ...optional('text', text(d)),
      ...optional('href', attr(d, 'href', XLINK_NS)),
      ...optional('title', attr(d, 'title', XLINK_NS)),
    })),
    keywords: children(el, THREDDS_NS, 'keyword').flatMap((k) => text(k) ?? []),
    projects: children(el, THREDDS_NS, 'project').flatMap((p) => text(p) ?? []),
    creators: children(el, THREDDS_NS, 'creator').flatMap((c) => readParty(c) ?? []),
    publishers: children(el, THREDDS_NS, 'publisher').flatMap((p) => readParty(p) ?? []),
    properties: children(el, THREDDS_NS, 'property').flatMap((p) => {
      const name = attr(p, 'name');
      return name === undefined ? [] : [{ name, value: attr(p, 'value') ?? '' }];
    }),
    variables: children(el, THREDDS_NS, 'variables').flatMap((vars) =>
      children(vars, THREDDS_NS, 'variable').flatMap((v) => {
        const name = attr(v, 'name');
        if (name === undefined) return [];
        return [
          {
            name,
            ...optional('vocabulary', attr(vars, 'vocabulary')),
            ...optional('vocabularyName', attr(v, 'vocabulary_name') || undefined),
            ...optional('units', attr(v, 'units') || undefined),
            ...optional('description', text(v)),
          },
        ];
      }),
    ),
    metadataLinks,
  };
}

function unique<T>(values: readonly T[]): T[] {
  const seen = new Set<string>();
  return values.filter((v) => {
    const key = JSON.stringify(v);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Nearer metadata wins for single values; lists gather both, nearer first. */
function mergeMetadata(near: ThreddsMetadata, far: ThreddsMetadata): ThreddsMetadata {
  return {
    ...optional('serviceName', near.serviceName ?? far.serviceName),
    ...optional('authority', near.authority ?? far.authority),
    ...optional('dataType', near.dataType ?? far.dataType),
    ...optional('dataFormat', near.dataFormat ?? far.dataFormat),
    ...optional('geospatialCoverage', near.geospatialCoverage ?? far.geospatialCoverage),
    ...optional('timeCoverage', near.timeCoverage ?? far.timeCoverage),
    documentation: unique([...near.documentation, ...far.documentation]),
    keywords: unique([...near.keywords, ...far.keywords]),
    projects: unique([...near.projects, ...far.projects]),
    creators: unique([...near.creators, ...far.creators]),
    publishers: unique([...near.publishers, ...far.publishers]),
    properties: unique([...near.properties, ...far.properties]),
    variables: unique([...near.variables, ...far.variables]),
    metadataLinks: unique([...near.metadataLinks, ...far.metadataLinks]),
  };
}

function readService(el: XmlElement): ThreddsService {
  return {
    name: attr(el, 'name') ?? '',
    serviceType: attr(el, 'serviceType') ?? '',
    base: attr(el, 'base') ?? '',
    suffix: attr(el, 'suffix') ?? '',
    services: children(el, THREDDS_NS, 'service').map(readService),
  };
}

function indexServices(services: readonly ThreddsService[], byName: Map<string, ThreddsService>): void {
  for (const service of services) {
    if (!byName.has(service.name)) byName.set(service.name, service);
    indexServices(service.services, byName);
  }
}

/** A service and, for a Compound service, its members (recursively): the services that serve data. */
function leafServices(service: ThreddsService): ThreddsService[] {
  return service.serviceType.toLowerCase() === 'compound' ? service.services.flatMap(leafServices) : [service];
}

function resolveHref(base: string, path: string, catalogUrl: string): string {
  try {
    return new URL(`${base}${path}`, catalogUrl).href;
  } catch {
    return `${base}${path}`;
  }
}

/** The query string some services need to answer at all (OGC services want a request). */
const SERVICE_QUERY: Readonly<Record<string, string>> = {
  wms: '?service=WMS&version=1.3.0&request=GetCapabilities',
  wcs: '?service=WCS&version=1.0.0&request=GetCapabilities',
};

/** Units of `dataSize`; TDS writes decimal multiples (its byte formatter divides by 1000). */
const SIZE_UNITS: Readonly<Record<string, number>> = {
  bytes: 1,
  byte: 1,
  kbytes: 1e3,
  mbytes: 1e6,
  gbytes: 1e9,
  tbytes: 1e12,
  pbytes: 1e15,
};

/**
 * Parses a THREDDS catalog. `catalogUrl` is the URL the catalog was fetched from: service bases and
 * catalogRef hrefs (relative, server-absolute or absolute) are resolved against it.
 */
export function parseThreddsCatalog(xml: string, catalogUrl: string): ThreddsCatalog {
  let root: XmlElement;
  try {
    root = parseXml(xml);
  } catch (cause) {
    throw new CrosswalkError('thredds', 'the THREDDS catalog is not well-formed XML', { cause });
  }
  if (root.local !== 'catalog' || root.ns !== THREDDS_NS) {
    throw new CrosswalkError('thredds', `not a THREDDS catalog: root element {${root.ns}}${root.local}`);
  }
  const warnings: CrosswalkWarning[] = [];
  const services = children(root, THREDDS_NS, 'service').map(readService);
  const byName = new Map<string, ThreddsService>();
  indexServices(services, byName);
  const datasets: ThreddsDataset[] = [];
  const catalogRefs: ThreddsCatalogRef[] = [];

  const accessFor = (serviceName: string | undefined, urlPath: string, path: string): ThreddsAccess[] => {
    const service = serviceName === undefined ? (services.length === 1 ? services[0] : undefined) : byName.get(serviceName);
    if (!service) {
      warnings.push({ path, kind: 'missing', detail: serviceName === undefined ? 'no service for the dataset' : `no service named ${serviceName}` });
      return [];
    }
    return leafServices(service)
      .filter((s) => s.serviceType.toLowerCase() !== 'resolver')
      .map((s) => ({
        serviceName: s.name,
        serviceType: s.serviceType,
        href: `${resolveHref(s.base, urlPath, catalogUrl)}${s.suffix}${SERVICE_QUERY[s.serviceType.toLowerCase()] ?? ''}`,
      }));
  };

  const visit = (parent: XmlElement, inherited: ThreddsMetadata, path: string): void => {
    let datasetIndex = 0;
    for (const el of parent.children) {
      if (el.ns !== THREDDS_NS) continue;
      if (el.local === 'catalogRef') {
        const href = attr(el, 'href', XLINK_NS);
        if (href === undefined) {
          warnings.push({ path, kind: 'malformed', detail: 'a catalogRef without xlink:href' });
          continue;
        }
        catalogRefs.push({
          href: resolveHref('', href, catalogUrl),
          ...optional('title', attr(el, 'title', XLINK_NS)),
          ...optional('name', attr(el, 'name') || undefined),
          ...optional('id', attr(el, 'ID')),
          datasetScan: children(el, THREDDS_NS, 'property').some((p) => attr(p, 'name') === 'DatasetScan' && attr(p, 'value') === 'true'),
        });
        continue;
      }
      if (el.local !== 'dataset') continue;
      datasetIndex += 1;
      const here = `${path}/dataset[${datasetIndex}]`;
      const blocks = children(el, THREDDS_NS, 'metadata');
      const passedDown = blocks.filter((m) => attr(m, 'inherited') === 'true').map(readMetadataGroup).reduce(mergeMetadata, EMPTY_METADATA);
      const own = [readMetadataGroup(el), ...blocks.filter((m) => attr(m, 'inherited') !== 'true').map(readMetadataGroup)].reduce(
        mergeMetadata,
        EMPTY_METADATA,
      );
      const childInherited = mergeMetadata(passedDown, inherited);
      const metadata = mergeMetadata(own, childInherited);
      const urlPath = attr(el, 'urlPath');
      const access = [
        ...(urlPath === undefined ? [] : accessFor(metadata.serviceName, urlPath, here)),
        ...children(el, THREDDS_NS, 'access').flatMap((a) => {
          const path = attr(a, 'urlPath');
          return path === undefined ? [] : accessFor(attr(a, 'serviceName') ?? metadata.serviceName, path, here);
        }),
      ];
      if (urlPath !== undefined || children(el, THREDDS_NS, 'access').length > 0) {
        const sizeEl = child(el, THREDDS_NS, 'dataSize');
        const amount = Number(text(sizeEl));
        const factor = SIZE_UNITS[(attr(sizeEl, 'units') ?? 'bytes').toLowerCase()];
        if (sizeEl && (!Number.isFinite(amount) || factor === undefined)) {
          warnings.push({ path: `${here}/dataSize`, kind: 'malformed', detail: `not a size: ${sizeEl.text} ${attr(sizeEl, 'units') ?? ''}` });
        }
        datasets.push({
          ...optional('id', attr(el, 'ID')),
          name: attr(el, 'name') ?? urlPath ?? '',
          ...optional('urlPath', urlPath),
          path: here,
          access,
          ...(sizeEl && Number.isFinite(amount) && factor !== undefined ? { dataSize: Math.round(amount * factor) } : {}),
          dates: children(el, THREDDS_NS, 'date').flatMap((d) => (d.text === '' ? [] : [{ ...optional('type', attr(d, 'type')), value: d.text }])),
          metadata,
        });
      }
      visit(el, childInherited, here);
    }
  };
  visit(root, EMPTY_METADATA, 'catalog');
  return { ...optional('name', attr(root, 'name')), services, datasets, catalogRefs, warnings };
}
