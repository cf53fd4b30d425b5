import { invalidParameter, MeridianError } from '../../core/errors.js';
import { attr, type XmlElement } from '../../core/xml.js';
import type { SortKey } from '../../search/request.js';
import type { CswCondition } from './condition.js';
import { parseCswCql } from './cqlText.js';
import { parseFilterXml } from './filterXml.js';
import { CSW, CSW30, FES, OGC } from './namespaces.js';
import type { CswRequest, CswVersion, RecordProperty, TransactionAction } from './request.js';
import {
  checkOperationVersion,
  checkService,
  MAX_RECORDS_DEFAULT,
  missing,
  negotiateVersion,
  operationVersion,
  prefersOpenSearch,
  readElementName,
  readElementSet,
  readHarvestSource,
  readHarvestType,
  readInteger,
  readOutputSchema,
  readResultType,
  readSections,
  readTypeName,
  readTypeNames,
  SCHEMA_LANGUAGES,
  sortKey,
  XML_FORMATS,
} from './requestValues.js';

const isCsw = (el: XmlElement): boolean => el.ns === CSW || el.ns === CSW30;
const isFilterNs = (el: XmlElement): boolean => el.ns === OGC || el.ns === FES || el.ns === '';

function cswChildren(el: XmlElement, local: string): XmlElement[] {
  return el.children.filter((c) => isCsw(c) && c.local === local);
}

function cswChild(el: XmlElement, local: string): XmlElement | undefined {
  return cswChildren(el, local)[0];
}

/** OWS elements (1.0, 1.1 or 2.0) by local name. */
function owsTexts(el: XmlElement, container: string, item: string): string[] | undefined {
  const list = el.children.find((c) => c.local === container && c.ns.startsWith('http://www.opengis.net/ows'));
  return list?.children.filter((c) => c.local === item).map((c) => c.text.trim());
}

/** A csw:Constraint: an OGC Filter or csw:CqlText. */
export function constraintOf(el: XmlElement | undefined): CswCondition | undefined {
  if (el === undefined) return undefined;
  const filter = el.children.find((c) => isFilterNs(c) && c.local === 'Filter');
  if (filter !== undefined) return parseFilterXml(filter);
  const cql = cswChild(el, 'CqlText');
  if (cql !== undefined) return parseCswCql(cql.text);
  throw invalidParameter('Constraint', 'a Constraint holds an ogc:Filter or a csw:CqlText');
}

function sortByOf(query: XmlElement): SortKey[] {
  const sortBy = query.children.find((c) => isFilterNs(c) && c.local === 'SortBy');
  if (sortBy === undefined) return [];
  return sortBy.children
    .filter((c) => c.local === 'SortProperty')
    .map((p) => {
      const name = p.children.find((c) => c.local === 'PropertyName' || c.local === 'ValueReference');
      if (name === undefined) throw invalidParameter('SortBy', 'a SortProperty needs a PropertyName');
      return sortKey(name.text, p.children.find((c) => c.local === 'SortOrder')?.text, 'SortBy');
    });
}

function getRecords(root: XmlElement, version: CswVersion): CswRequest {
  if (cswChild(root, 'ResponseHandler') !== undefined) {
    throw new MeridianError('UnsupportedOperation', 'asynchronous GetRecords (ResponseHandler) is not supported', { locator: 'ResponseHandler' });
  }
  const query = cswChild(root, 'Query');
  if (query === undefined) throw missing('Query', 'csw:Query');
  const typeNames = readTypeNames(attr(query, 'typeNames') ?? '', 'typeNames');
  const setName = cswChild(query, 'ElementSetName');
  const elementNames = cswChildren(query, 'ElementName');
  if (setName !== undefined && elementNames.length > 0) throw invalidParameter('ElementName', 'ElementSetName and ElementName cannot be used together');
  const condition = constraintOf(cswChild(query, 'Constraint'));
  const requestId = attr(root, 'requestId');
  return {
    op: 'GetRecords',
    version,
    resultType: readResultType(attr(root, 'resultType'), version),
    ...(requestId === undefined ? {} : { requestId }),
    query: {
      typeNames,
      elementSet: readElementSet(setName?.text, 'summary'),
      ...(elementNames.length === 0 ? {} : { elementNames: elementNames.map((e) => readElementName(e.text)) }),
      outputSchema: readOutputSchema(attr(root, 'outputSchema'), attr(root, 'outputFormat'), version),
      ...(condition === undefined ? {} : { condition }),
      sortBy: sortByOf(query),
      startPosition: readInteger(attr(root, 'startPosition'), 'startPosition', 1, 1),
      maxRecords: readInteger(attr(root, 'maxRecords'), 'maxRecords', 0, MAX_RECORDS_DEFAULT),
    },
    echo: { kind: 'xml', element: root },
  };
}

function recordProperties(update: XmlElement): RecordProperty[] {
  return cswChildren(update, 'RecordProperty').map((p) => {
    const name = cswChild(p, 'Name')?.text.trim();
    if (name === undefined || name === '') throw missing('Name', 'RecordProperty Name');
    const value = cswChild(p, 'Value');
    return { name, ...(value === undefined ? {} : { value: value.text }) };
  });
}

function transactionActions(root: XmlElement): TransactionAction[] {
  const actions = root.children.map((el): TransactionAction => {
    const handle = attr(el, 'handle');
    const h = handle === undefined ? {} : { handle };
    if (!isCsw(el)) throw invalidParameter('Transaction', `{${el.ns}}${el.local} is not a transaction action`);
    switch (el.local) {
      case 'Insert':
        if (el.children.length === 0) throw missing('Insert', 'record to insert');
        return { kind: 'insert', records: el.children, ...h };
      case 'Update': {
        const properties = recordProperties(el);
        if (properties.length > 0) {
          const condition = constraintOf(cswChild(el, 'Constraint'));
          if (condition === undefined) throw missing('Constraint', 'Constraint of an Update by RecordProperty');
          return { kind: 'updateProperties', properties, condition, ...h };
        }
        const record = el.children.find((c) => !(isCsw(c) && c.local === 'Constraint'));
        if (record === undefined) throw missing('Update', 'record or RecordProperty of an Update');
        return { kind: 'update', record, ...h };
      }
      case 'Delete': {
        const typeName = attr(el, 'typeName');
        if (typeName !== undefined) readTypeName(typeName, 'typeName');
        const condition = constraintOf(cswChild(el, 'Constraint'));
        if (condition === undefined) throw missing('Constraint', 'Constraint of a Delete');
        return { kind: 'delete', condition, ...h };
      }
      default:
        throw invalidParameter('Transaction', `${el.local} is not a transaction action (Insert, Update, Delete)`);
    }
  });
  if (actions.length === 0) throw missing('Transaction', 'Insert, Update or Delete');
  return actions;
}

function parseXml(root: XmlElement): CswRequest {
  if (!isCsw(root)) throw invalidParameter('request', `{${root.ns}}${root.local} is not a CSW request`);
  const byNamespace: CswVersion = root.ns === CSW30 ? '3.0.0' : '2.0.2';
  if (root.local === 'GetCapabilities') {
    const service = attr(root, 'service');
    if (service !== undefined) checkService(service);
    const sections = owsTexts(root, 'Sections', 'Section');
    const chosen = sections === undefined ? undefined : readSections(sections);
    return {
      op: 'GetCapabilities',
      version: negotiateVersion(owsTexts(root, 'AcceptVersions', 'Version'), byNamespace),
      ...(chosen === undefined ? {} : { sections: chosen }),
      openSearch: prefersOpenSearch(owsTexts(root, 'AcceptFormats', 'OutputFormat') ?? []),
    };
  }
  checkService(attr(root, 'service') ?? 'CSW');
  const version = operationVersion(attr(root, 'version'), byNamespace);
  if (version !== byNamespace) throw invalidParameter('version', `version ${version} does not match the namespace ${root.ns}`);
  switch (root.local) {
    case 'DescribeRecord': {
      const format = attr(root, 'outputFormat');
      if (format !== undefined && !XML_FORMATS.includes(format.trim())) throw invalidParameter('outputFormat', `outputFormat ${format} is not supported: use application/xml`);
      const language = attr(root, 'schemaLanguage');
      if (language !== undefined && !SCHEMA_LANGUAGES.includes(language.trim())) throw invalidParameter('schemaLanguage', `schemaLanguage ${language} is not supported: use http://www.w3.org/XML/Schema`);
      return { op: 'DescribeRecord', version, typeNames: cswChildren(root, 'TypeName').map((t) => readTypeName(t.text, 'TypeName')) };
    }
    case 'GetRecords':
      return getRecords(root, version);
    case 'GetRecordById': {
      const ids = cswChildren(root, 'Id').map((i) => i.text.trim()).filter((i) => i !== '');
      if (ids.length === 0) throw missing('Id');
      return {
        op: 'GetRecordById',
        version,
        ids,
        elementSet: readElementSet(cswChild(root, 'ElementSetName')?.text, 'summary'),
        outputSchema: readOutputSchema(attr(root, 'outputSchema'), attr(root, 'outputFormat'), version),
      };
    }
    case 'GetDomain': {
      const parameterNames = cswChildren(root, 'ParameterName').map((n) => n.text.trim());
      const propertyNames = cswChildren(root, 'PropertyName').map((n) => n.text.trim());
      if (parameterNames.length === 0 && propertyNames.length === 0) throw missing('ParameterName', 'ParameterName or PropertyName');
      return { op: 'GetDomain', version, parameterNames, propertyNames };
    }
    case 'Transaction': {
      const requestId = attr(root, 'requestId');
      return { op: 'Transaction', version, actions: transactionActions(root), ...(requestId === undefined ? {} : { requestId }) };
    }
    case 'Harvest':
      return {
        op: 'Harvest',
        version,
        source: readHarvestSource(cswChild(root, 'Source')?.text),
        resourceType: readHarvestType(cswChild(root, 'ResourceType')?.text),
      };
    default:
      throw new MeridianError('UnsupportedOperation', `${root.local} is not an operation of this service`, { locator: 'request' });
  }
}

/** A CSW request sent as an XML document (POST); every element and attribute is checked before any query runs. */
export function parseXmlRequest(root: XmlElement): CswRequest {
  return checkOperationVersion(parseXml(root));
}
