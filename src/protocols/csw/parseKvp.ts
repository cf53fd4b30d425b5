import { invalidParameter, MeridianError } from '../../core/errors.js';
import { parseXml } from '../../core/xml.js';
import type { IntervalEnd } from '../../search/cql2/ast.js';
import { allOf, exprCondition, type CswCondition } from './condition.js';
import { parseCswCql } from './cqlText.js';
import { parseFilterXml } from './filterXml.js';
import { latitudeFirst } from './gmlGeometry.js';
import { timeLiteral } from './queryables.js';
import type { CswRequest, CswVersion } from './request.js';
import {
  checkService,
  listValue,
  MAX_RECORDS_DEFAULT,
  missing,
  checkOperationVersion,
  negotiateVersion,
  operationVersion,
  prefersOpenSearch,
  readElementName,
  readElementSet,
  readHarvestSource,
  readHarvestType,
  readInteger,
  readKvpSortBy,
  readOutputSchema,
  readResultType,
  readSections,
  readTypeNames,
  SCHEMA_LANGUAGES,
  XML_FORMATS,
} from './requestValues.js';

/** KVP parameter names are case-insensitive (OWS); the first value of a repeated parameter counts. */
function lowerCaseParams(params: URLSearchParams): ReadonlyMap<string, string> {
  const map = new Map<string, string>();
  for (const [k, v] of params) if (!map.has(k.toLowerCase())) map.set(k.toLowerCase(), v);
  return map;
}

/** A KVP constraint: an OGC Filter (XML text) or CQL text. */
function kvpConstraint(language: string | undefined, constraint: string | undefined): CswCondition | undefined {
  if (constraint === undefined || constraint.trim() === '') {
    if (language !== undefined && language.trim() !== '') throw missing('constraint');
    return undefined;
  }
  const lang = language?.trim().toUpperCase();
  if (lang === undefined || lang === '') throw missing('constraintLanguage');
  if (lang === 'FILTER') return parseFilterXml(parseXml(constraint));
  if (lang === 'CQL_TEXT' || lang === 'CQL') return parseCswCql(constraint);
  throw invalidParameter('constraintLanguage', `constraintLanguage ${language} is not FILTER or CQL_TEXT`);
}

/** CSW 3.0 (OpenSearch) `bbox=west,south,east,north[,crs]`, longitude first unless the CRS says otherwise. */
function bboxCondition(value: string): CswCondition {
  const parts = listValue(value);
  const crs = parts.length === 5 ? parts[4] : undefined;
  const numbers = parts.slice(0, 4).map(Number);
  if (parts.length < 4 || parts.length > 5 || numbers.some((n) => !Number.isFinite(n))) {
    throw invalidParameter('bbox', `bbox must be west,south,east,north[,crs], not "${value}"`);
  }
  const [a, b, c, d] = numbers as [number, number, number, number];
  const bbox = crs !== undefined && latitudeFirst(crs) ? [b, a, d, c] : [a, b, c, d];
  return exprCondition({ op: 's_intersects', args: [{ property: 'geometry' }, { bbox }] });
}

/** CSW 3.0 (OpenSearch) `time=start/end`, either end open; both open (an unfilled template) is no condition. */
function timeCondition(value: string): CswCondition | undefined {
  const [start = '', end = ''] = value.split('/').map((t) => t.trim());
  const edge = (t: string): IntervalEnd => {
    if (t === '' || t === '..') return '..';
    const v = timeLiteral(t);
    return /^\d{4}-\d{2}-\d{2}$/.test(v) ? { date: v } : { timestamp: v };
  };
  const interval: [IntervalEnd, IntervalEnd] = [edge(start), edge(end)];
  if (interval[0] === '..' && interval[1] === '..') return undefined;
  return exprCondition({ op: 't_intersects', args: [{ property: 'datetime' }, { interval }] });
}

function getRecords(p: ReadonlyMap<string, string>, version: CswVersion, url: string): CswRequest {
  const typeNamesValue = p.get('typenames');
  if ((typeNamesValue === undefined || typeNamesValue.trim() === '') && version === '2.0.2') throw missing('typeNames');
  const typeNames = typeNamesValue === undefined || typeNamesValue.trim() === '' ? (['csw:Record'] as const) : readTypeNames(typeNamesValue, 'typeNames');
  const elementNames = p.get('elementname');
  if (elementNames !== undefined && p.get('elementsetname') !== undefined) {
    throw invalidParameter('ElementName', 'ElementSetName and ElementName cannot be used together');
  }
  if (p.get('responsehandler') !== undefined) {
    throw new MeridianError('UnsupportedOperation', 'asynchronous GetRecords (ResponseHandler) is not supported', { locator: 'ResponseHandler' });
  }
  const outputSchema = readOutputSchema(p.get('outputschema'), p.get('outputformat'), version);
  const conditions: CswCondition[] = [];
  const constraint = kvpConstraint(p.get('constraintlanguage'), p.get('constraint'));
  if (constraint) conditions.push(constraint);
  if (version === '3.0.0') {
    const q = p.get('q');
    if (q !== undefined && q.trim() !== '') conditions.push({ kind: 'text', text: q });
    const bbox = p.get('bbox');
    if (bbox !== undefined && bbox.trim() !== '') conditions.push(bboxCondition(bbox));
    const time = timeCondition(p.get('time') ?? '');
    if (time !== undefined) conditions.push(time);
    const ids = p.get('recordids');
    if (ids !== undefined && ids.trim() !== '') conditions.push(exprCondition({ op: 'in', args: [{ property: 'id' }, listValue(ids)] }));
  }
  const sortBy = p.get('sortby');
  const requestId = p.get('requestid');
  return {
    op: 'GetRecords',
    version,
    resultType: readResultType(p.get('resulttype'), version),
    ...(requestId === undefined ? {} : { requestId }),
    query: {
      typeNames,
      elementSet: readElementSet(p.get('elementsetname'), 'summary'),
      ...(elementNames === undefined ? {} : { elementNames: listValue(elementNames).map(readElementName) }),
      outputSchema,
      ...(conditions.length === 0 ? {} : { condition: allOf(conditions) }),
      sortBy: sortBy === undefined || sortBy.trim() === '' ? [] : readKvpSortBy(sortBy),
      startPosition: readInteger(p.get('startposition'), 'startPosition', 1, 1),
      maxRecords: readInteger(p.get('maxrecords'), 'maxRecords', 0, MAX_RECORDS_DEFAULT),
    },
    echo: { kind: 'kvp', url },
  };
}

/**
 * A CSW request sent as KVP (GET query string, or a form-encoded POST). Every parameter is checked here,
 * before any query runs; names are case-insensitive. `url` is the request as the client sent it.
 */
export function parseKvpRequest(params: URLSearchParams, url: string): CswRequest {
  return checkOperationVersion(parseKvp(params, url));
}

function parseKvp(params: URLSearchParams, url: string): CswRequest {
  const p = lowerCaseParams(params);
  const request = p.get('request')?.trim();
  if (request === undefined || request === '') throw missing('request');
  checkService(p.get('service'));
  const op = request.toLowerCase();
  if (op === 'getcapabilities') {
    const accept = p.get('acceptversions');
    const sections = p.get('sections');
    const chosen = sections === undefined ? undefined : readSections(listValue(sections));
    return {
      op: 'GetCapabilities',
      version: negotiateVersion(accept === undefined ? undefined : listValue(accept), p.get('version')),
      ...(chosen === undefined ? {} : { sections: chosen }),
      openSearch: prefersOpenSearch(listValue(p.get('acceptformats') ?? '')),
    };
  }
  const version = operationVersion(p.get('version'));
  switch (op) {
    case 'describerecord': {
      const format = p.get('outputformat');
      if (format !== undefined && !XML_FORMATS.includes(format.trim())) throw invalidParameter('outputFormat', `outputFormat ${format} is not supported: use application/xml`);
      const language = p.get('schemalanguage');
      if (language !== undefined && !SCHEMA_LANGUAGES.includes(language.trim())) throw invalidParameter('schemaLanguage', `schemaLanguage ${language} is not supported: use http://www.w3.org/XML/Schema`);
      const typeName = p.get('typename');
      return { op: 'DescribeRecord', version, typeNames: typeName === undefined || typeName.trim() === '' ? [] : readTypeNames(typeName, 'typeName') };
    }
    case 'getrecords':
      return getRecords(p, version, url);
    case 'getrecordbyid': {
      const ids = listValue(p.get('id') ?? '');
      if (ids.length === 0) throw missing('Id');
      if (version === '3.0.0' && ids.length > 1) throw invalidParameter('id', 'CSW 3.0 GetRecordById takes one id');
      return {
        op: 'GetRecordById',
        version,
        ids,
        elementSet: readElementSet(p.get('elementsetname'), 'summary'),
        outputSchema: readOutputSchema(p.get('outputschema'), p.get('outputformat'), version),
      };
    }
    case 'getdomain': {
      const parameterNames = listValue(p.get('parametername') ?? '');
      const propertyNames = listValue(p.get('propertyname') ?? '');
      if (parameterNames.length === 0 && propertyNames.length === 0) throw missing('ParameterName', 'ParameterName or PropertyName');
      return { op: 'GetDomain', version, parameterNames, propertyNames };
    }
    case 'harvest':
      return { op: 'Harvest', version, source: readHarvestSource(p.get('source')), resourceType: readHarvestType(p.get('resourcetype')) };
    case 'transaction':
      throw invalidParameter('request', 'Transaction requests are XML documents sent with POST');
    default:
      throw new MeridianError('UnsupportedOperation', `request ${request} is not an operation of this service`, { locator: 'request' });
  }
}
