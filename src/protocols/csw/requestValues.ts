import { invalidParameter, MeridianError } from '../../core/errors.js';
import type { SortKey } from '../../search/request.js';
import { OwsException } from './errors.js';
import { ATOM, CSW, CSW30, DC, DCT, GMD } from './namespaces.js';
import { resolveQueryable, sortField } from './queryables.js';
import {
  CSW_VERSIONS,
  type CapabilitiesSection,
  type CswRequest,
  type CswVersion,
  type ElementName,
  type ElementSet,
  type HarvestResourceType,
  type OutputSchema,
  type ResultType,
  type TypeName,
} from './request.js';

/** Records per GetRecords answer when the client does not say (the CSW 2.0.2 default, which CITE tests). */
export const MAX_RECORDS_DEFAULT = 10;
/** More records than this in one answer are not returned; numberOfRecordsReturned and nextRecord say so. */
export const MAX_RECORDS_LIMIT = 1000;

export const OUTPUT_SCHEMAS: Readonly<Record<OutputSchema, string>> = { csw: CSW, gmd: GMD, atom: ATOM };
export const XML_FORMATS: readonly string[] = ['application/xml', 'text/xml'];
export const ATOM_FORMAT = 'application/atom+xml';
export const OPENSEARCH_FORMAT = 'application/opensearchdescription+xml';
export const SCHEMA_LANGUAGES: readonly string[] = ['http://www.w3.org/XML/Schema', 'http://www.w3.org/2001/XMLSchema', 'XMLSCHEMA'];
export const SECTIONS: readonly CapabilitiesSection[] = ['ServiceIdentification', 'ServiceProvider', 'OperationsMetadata', 'Filter_Capabilities'];

export function missing(locator: string, what = locator): MeridianError {
  return new MeridianError('MissingParameter', `the ${what} parameter is required`, { locator });
}

/** A list parameter: comma-separated (KVP) values, blanks dropped. */
export function listValue(value: string): string[] {
  return value.split(',').map((v) => v.trim()).filter((v) => v !== '');
}

export function checkService(value: string | undefined): void {
  if (value === undefined || value.trim() === '') throw missing('service');
  if (value.trim().toUpperCase() !== 'CSW') throw invalidParameter('service', `service must be CSW, not "${value}"`);
}

/** The version an operation other than GetCapabilities is asked in. */
export function operationVersion(value: string | undefined, fallback?: CswVersion): CswVersion {
  if (value === undefined || value.trim() === '') {
    if (fallback !== undefined) return fallback;
    throw missing('version');
  }
  const v = value.trim() === '3.0' ? '3.0.0' : value.trim();
  if (!(CSW_VERSIONS as readonly string[]).includes(v)) {
    throw invalidParameter('version', `version ${value} is not supported: use 2.0.2 or 3.0.0`);
  }
  return v as CswVersion;
}

/**
 * GetCapabilities version negotiation (OWS): the first of the client's AcceptVersions that the server
 * supports; without AcceptVersions, a supported `version`, else 2.0.2 (what GDAL and most clients expect
 * from a version-less request).
 */
export function negotiateVersion(acceptVersions: readonly string[] | undefined, version: string | undefined): CswVersion {
  if (acceptVersions !== undefined && acceptVersions.length > 0) {
    const found = acceptVersions.map((v) => (v === '3.0' ? '3.0.0' : v)).find((v) => (CSW_VERSIONS as readonly string[]).includes(v));
    if (found === undefined) {
      throw new OwsException('VersionNegotiationFailed', `none of the versions ${acceptVersions.join(', ')} is supported: use 2.0.2 or 3.0.0`, 'AcceptVersions');
    }
    return found as CswVersion;
  }
  const v = version?.trim() === '3.0' ? '3.0.0' : version?.trim();
  return v === '3.0.0' ? '3.0.0' : '2.0.2';
}

export function readSections(values: readonly string[]): readonly CapabilitiesSection[] | undefined {
  if (values.some((v) => v.toLowerCase() === 'all')) return undefined;
  return values.map((v) => {
    const found = SECTIONS.find((s) => s.toLowerCase() === v.toLowerCase());
    if (found === undefined) throw invalidParameter('sections', `unknown section ${v}: use ${SECTIONS.join(', ')} or All`);
    return found;
  });
}

/** The record schema from outputSchema and outputFormat together (Atom is an outputFormat in CSW 3.0). */
export function readOutputSchema(schema: string | undefined, format: string | undefined, version: CswVersion): OutputSchema {
  const f = format?.trim().toLowerCase().split(';')[0]?.trim();
  const atomFormat = f === ATOM_FORMAT;
  if (f !== undefined && f !== '' && !atomFormat && !XML_FORMATS.includes(f)) {
    throw invalidParameter('outputFormat', `outputFormat ${format} is not supported: use application/xml${version === '3.0.0' ? ` or ${ATOM_FORMAT}` : ''}`);
  }
  if (atomFormat && version !== '3.0.0') throw invalidParameter('outputFormat', `outputFormat ${ATOM_FORMAT} needs CSW 3.0.0`);
  const s = schema?.trim();
  let chosen: OutputSchema;
  if (s === undefined || s === '' || s === CSW || s === CSW30 || s === 'csw:Record') chosen = atomFormat ? 'atom' : 'csw';
  else if (s === GMD || s === 'csw:IsoRecord' || s === 'http://www.isotc211.org/2005/gmd/') chosen = 'gmd';
  else if (s === ATOM && version === '3.0.0') chosen = 'atom';
  else throw invalidParameter('outputSchema', `outputSchema ${schema} is not supported: use ${CSW} or ${GMD}`);
  if (atomFormat && chosen !== 'atom') throw invalidParameter('outputFormat', `outputFormat ${ATOM_FORMAT} gives Atom entries, not outputSchema ${schema}`);
  return chosen;
}

/** Queryable record types; the views (csw:BriefRecord, csw:SummaryRecord) cannot be queried. */
export function readTypeName(value: string, locator: string): TypeName {
  const v = value.trim();
  const colon = v.indexOf(':');
  const prefix = colon < 0 ? '' : v.slice(0, colon).toLowerCase();
  const local = v.slice(colon + 1);
  if ((prefix === 'csw' || prefix === 'csw30') && local === 'Record') return 'csw:Record';
  if (prefix === 'gmd' && local === 'MD_Metadata') return 'gmd:MD_Metadata';
  if (prefix === '') throw invalidParameter(locator, `type name ${v} must be namespace-qualified (csw:Record or gmd:MD_Metadata)`);
  throw invalidParameter(locator, `type ${v} cannot be queried: use csw:Record or gmd:MD_Metadata`);
}

export function readTypeNames(value: string, locator: string): TypeName[] {
  const names = value.split(/[\s,]+/).filter((v) => v !== '');
  if (names.length === 0) throw missing(locator);
  return names.map((n) => readTypeName(n, locator));
}

export function readElementSet(value: string | undefined, fallback: ElementSet): ElementSet {
  const v = value?.trim().toLowerCase();
  if (v === undefined || v === '') return fallback;
  if (v === 'brief' || v === 'summary' || v === 'full') return v;
  throw invalidParameter('ElementSetName', `ElementSetName ${value} is not one of brief, summary, full`);
}

/** A Dublin Core element named in csw:ElementName (`dc:title`, `dct:abstract`, `ows:BoundingBox`...). */
export function readElementName(value: string): ElementName {
  const name = value.trim().split('/').filter((s) => s !== '').pop() ?? '';
  const [prefix, local] = name.includes(':') ? [name.slice(0, name.indexOf(':')).toLowerCase(), name.slice(name.indexOf(':') + 1)] : ['', name];
  const ns = prefix === 'dc' ? DC : prefix === 'dct' ? DCT : prefix === 'ows' ? 'http://www.opengis.net/ows' : undefined;
  if (ns === undefined || local === '') throw invalidParameter('ElementName', `ElementName ${value} is not a Dublin Core element (dc:, dct:) or ows:BoundingBox`);
  return { ns, local };
}

export function readResultType(value: string | undefined, version: CswVersion): ResultType {
  const v = value?.trim().toLowerCase();
  if (v === undefined || v === '') return 'hits';
  if (v === 'hits' || v === 'results' || (v === 'validate' && version === '2.0.2')) return v;
  throw invalidParameter('resultType', `resultType ${value} is not one of hits, results${version === '2.0.2' ? ', validate' : ''}`);
}

export function readInteger(value: string | undefined, locator: string, min: number, fallback: number): number {
  if (value === undefined || value.trim() === '') return fallback;
  if (!/^\s*\d+\s*$/.test(value) || Number(value) < min) throw invalidParameter(locator, `${locator} must be an integer from ${min}, not "${value}"`);
  return Number(value);
}

function direction(order: string | undefined, locator: string): 'asc' | 'desc' {
  const o = (order ?? 'ASC').trim().toUpperCase();
  if (o === 'A' || o === 'ASC') return 'asc';
  if (o === 'D' || o === 'DESC') return 'desc';
  throw invalidParameter(locator, `sort order ${order} is not ASC or DESC`);
}

export function sortKey(property: string, order: string | undefined, locator: string): SortKey {
  return { field: sortField(resolveQueryable(property, locator), locator), direction: direction(order, locator) };
}

/** KVP `sortBy=dc:title:A,dct:modified:D` (the order suffix is optional). */
export function readKvpSortBy(value: string): SortKey[] {
  return listValue(value).map((part) => {
    const match = /^(.*):(A|D|ASC|DESC)$/i.exec(part);
    return match ? sortKey(match[1] as string, match[2], 'sortBy') : sortKey(part, undefined, 'sortBy');
  });
}

/**
 * AcceptFormats: the OpenSearch description document when the client lists it before any XML format;
 * formats the server does not know are passed over (the default XML capabilities answer them).
 */
export function prefersOpenSearch(formats: readonly string[]): boolean {
  return formats.find((f) => f === OPENSEARCH_FORMAT || XML_FORMATS.includes(f)) === OPENSEARCH_FORMAT;
}

/** CSW 3.0 is served for discovery: GetCapabilities, GetRecords and GetRecordById. */
const CSW3_OPERATIONS: ReadonlySet<CswRequest['op']> = new Set(['GetCapabilities', 'GetRecords', 'GetRecordById']);

export function checkOperationVersion(request: CswRequest): CswRequest {
  if (request.version === '3.0.0' && !CSW3_OPERATIONS.has(request.op)) {
    throw new MeridianError('UnsupportedOperation', `${request.op} is served in CSW 2.0.2 only`, { locator: 'request' });
  }
  return request;
}

const HARVEST_TYPES: Readonly<Record<string, HarvestResourceType>> = {
  [GMD]: 'iso19139',
  [CSW]: 'csw-record',
  'http://www.opengis.net/cat/csw/2.0.2/': 'csw-record',
};

export function readHarvestType(value: string | undefined): HarvestResourceType {
  if (value === undefined || value.trim() === '') throw missing('ResourceType');
  const type = HARVEST_TYPES[value.trim()];
  if (type === undefined) throw invalidParameter('ResourceType', `ResourceType ${value} is not supported: use ${GMD} or ${CSW}`);
  return type;
}

export function readHarvestSource(value: string | undefined): string {
  if (value === undefined || value.trim() === '') throw missing('Source');
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    throw invalidParameter('Source', `Source ${value} is not a URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw invalidParameter('Source', 'Source must be an http or https URL');
  return url.toString();
}
