import { escapeXml } from '../../core/xml.js';
import {
  CSW,
  CSW30,
  CSW30_SCHEMA,
  CSW_SCHEMA,
  FES,
  GMD,
  GML,
  GML32,
  OGC,
  OPENSEARCH,
  OWS,
  OWS11,
  OWS20,
  XLINK,
  XSI,
} from './namespaces.js';
import { DUBLIN_CORE_QUERYABLES, ISO_QUERYABLES } from './queryables.js';
import type { CapabilitiesSection } from './request.js';
import { ATOM_FORMAT, MAX_RECORDS_DEFAULT, MAX_RECORDS_LIMIT, OPENSEARCH_FORMAT, SECTIONS } from './requestValues.js';

export interface ServiceDescription {
  /** The CSW endpoint, as clients reach it: every DCP link. */
  readonly endpoint: string;
  /** The public base URL of the catalogue. */
  readonly baseUrl: string;
  readonly title: string;
  readonly abstract: string;
}

type Domain = readonly [name: string, values: readonly string[]];

const ELEMENT_SETS = ['brief', 'summary', 'full'];
const TYPE_NAMES = ['csw:Record', 'gmd:MD_Metadata'];
const SPATIAL_OPERATORS = ['BBOX', 'Equals', 'Disjoint', 'Intersects', 'Touches', 'Crosses', 'Within', 'Contains', 'Overlaps', 'DWithin', 'Beyond'];
// AnyInteracts is understood too, but FES 2.0 capabilities cannot name it.
const TEMPORAL_OPERATORS = ['After', 'Before', 'Begins', 'BegunBy', 'TContains', 'During', 'TEquals', 'TOverlaps', 'Meets', 'OverlappedBy', 'MetBy', 'Ends', 'EndedBy'];

/** The operations of CSW 2.0.2 with their parameter domains; GetDomain answers ParameterName from the same table. */
export const OPERATIONS_202: Readonly<Record<string, readonly Domain[]>> = {
  GetCapabilities: [['sections', SECTIONS]],
  DescribeRecord: [
    ['typeName', TYPE_NAMES],
    ['outputFormat', ['application/xml']],
    ['schemaLanguage', ['http://www.w3.org/XML/Schema']],
  ],
  GetRecords: [
    ['typeNames', TYPE_NAMES],
    ['outputSchema', [CSW, GMD]],
    ['outputFormat', ['application/xml']],
    ['resultType', ['hits', 'results', 'validate']],
    ['ElementSetName', ELEMENT_SETS],
    ['CONSTRAINTLANGUAGE', ['FILTER', 'CQL_TEXT']],
  ],
  GetRecordById: [
    ['outputSchema', [CSW, GMD]],
    ['outputFormat', ['application/xml']],
    ['ElementSetName', ELEMENT_SETS],
  ],
  GetDomain: [['ParameterName', []]],
  Transaction: [['TransactionSchemas', [CSW, GMD]]],
  Harvest: [['ResourceType', [CSW, GMD]]],
};

/** `Operation.parameter` names GetDomain knows, with their values. */
export function parameterDomain(name: string): readonly string[] | undefined {
  const [operation, parameter] = name.split('.');
  const domains = operation === undefined ? undefined : OPERATIONS_202[operation];
  if (operation === 'GetDomain') return Object.entries(OPERATIONS_202).flatMap(([op, ds]) => ds.filter(([, v]) => v.length > 0).map(([p]) => `${op}.${p}`));
  return domains?.find(([p]) => p.toLowerCase() === parameter?.toLowerCase())?.[1];
}

const values10 = (values: readonly string[]): string => values.map((v) => `<ows:Value>${escapeXml(v)}</ows:Value>`).join('');
const allowed20 = (values: readonly string[]): string =>
  `<ows20:AllowedValues>${values.map((v) => `<ows20:Value>${escapeXml(v)}</ows20:Value>`).join('')}</ows20:AllowedValues>`;

function wanted(sections: readonly CapabilitiesSection[] | undefined, section: CapabilitiesSection): boolean {
  return sections === undefined || sections.includes(section);
}

const KEYWORDS = ['catalogue', 'discovery', 'metadata', 'climate', 'earth observation'];

/** CSW 2.0.2 capabilities (OWS 1.0): the answer to a version-less GetCapabilities. */
export function capabilities202(service: ServiceDescription, sections: readonly CapabilitiesSection[] | undefined): string {
  const href = escapeXml(service.endpoint);
  const dcp = `<ows:DCP><ows:HTTP><ows:Get xlink:type="simple" xlink:href="${href}"/><ows:Post xlink:type="simple" xlink:href="${href}"/></ows:HTTP></ows:DCP>`;
  const operation = (name: string, domains: readonly Domain[], constraints = ''): string =>
    `<ows:Operation name="${name}">${dcp}${domains
      .filter(([, v]) => v.length > 0)
      .map(([p, v]) => `<ows:Parameter name="${p}">${values10(v)}</ows:Parameter>`)
      .join('')}${constraints}</ows:Operation>`;
  const parts: string[] = [];
  if (wanted(sections, 'ServiceIdentification')) {
    parts.push(
      '<ows:ServiceIdentification>' +
        `<ows:Title>${escapeXml(service.title)}</ows:Title><ows:Abstract>${escapeXml(service.abstract)}</ows:Abstract>` +
        `<ows:Keywords>${KEYWORDS.map((k) => `<ows:Keyword>${k}</ows:Keyword>`).join('')}<ows:Type>theme</ows:Type></ows:Keywords>` +
        '<ows:ServiceType>CSW</ows:ServiceType><ows:ServiceTypeVersion>2.0.2</ows:ServiceTypeVersion><ows:ServiceTypeVersion>3.0.0</ows:ServiceTypeVersion>' +
        '<ows:Fees>none</ows:Fees><ows:AccessConstraints>none</ows:AccessConstraints>' +
        '</ows:ServiceIdentification>',
    );
  }
  if (wanted(sections, 'ServiceProvider')) {
    parts.push(
      `<ows:ServiceProvider><ows:ProviderName>${escapeXml(service.title)}</ows:ProviderName>` +
        `<ows:ProviderSite xlink:type="simple" xlink:href="${escapeXml(service.baseUrl)}/"/>` +
        `<ows:ServiceContact><ows:ContactInfo><ows:OnlineResource xlink:type="simple" xlink:href="${escapeXml(service.baseUrl)}/"/></ows:ContactInfo>` +
        '<ows:Role>pointOfContact</ows:Role></ows:ServiceContact></ows:ServiceProvider>',
    );
  }
  if (wanted(sections, 'OperationsMetadata')) {
    const queryables =
      `<ows:Constraint name="SupportedDublinCoreQueryables">${values10(DUBLIN_CORE_QUERYABLES)}</ows:Constraint>` +
      `<ows:Constraint name="SupportedISOQueryables">${values10(ISO_QUERYABLES)}</ows:Constraint>`;
    parts.push(
      '<ows:OperationsMetadata>' +
        Object.entries(OPERATIONS_202)
          .map(([name, domains]) => operation(name, domains, name === 'GetRecords' ? queryables : ''))
          .join('') +
        `<ows:Parameter name="service">${values10(['CSW'])}</ows:Parameter>` +
        `<ows:Parameter name="version">${values10(['2.0.2', '3.0.0'])}</ows:Parameter>` +
        `<ows:Constraint name="PostEncoding">${values10(['XML'])}</ows:Constraint>` +
        `<ows:Constraint name="MaxRecordDefault">${values10([String(MAX_RECORDS_DEFAULT)])}</ows:Constraint>` +
        `<ows:Constraint name="MaxRecordLimit">${values10([String(MAX_RECORDS_LIMIT)])}</ows:Constraint>` +
        '</ows:OperationsMetadata>',
    );
  }
  // Filter_Capabilities is mandatory in CSW 2.0.2, whatever the sections asked for.
  parts.push(
    '<ogc:Filter_Capabilities>' +
      '<ogc:Spatial_Capabilities><ogc:GeometryOperands>' +
      ['gml:Envelope', 'gml:Point', 'gml:LineString', 'gml:Polygon'].map((g) => `<ogc:GeometryOperand>${g}</ogc:GeometryOperand>`).join('') +
      '</ogc:GeometryOperands><ogc:SpatialOperators>' +
      SPATIAL_OPERATORS.map((o) => `<ogc:SpatialOperator name="${o}"/>`).join('') +
      '</ogc:SpatialOperators></ogc:Spatial_Capabilities>' +
      '<ogc:Scalar_Capabilities><ogc:LogicalOperators/><ogc:ComparisonOperators>' +
      ['EqualTo', 'NotEqualTo', 'LessThan', 'GreaterThan', 'LessThanEqualTo', 'GreaterThanEqualTo', 'Like', 'Between', 'NullCheck']
        .map((o) => `<ogc:ComparisonOperator>${o}</ogc:ComparisonOperator>`)
        .join('') +
      '</ogc:ComparisonOperators></ogc:Scalar_Capabilities>' +
      '<ogc:Id_Capabilities><ogc:EID/><ogc:FID/></ogc:Id_Capabilities>' +
      '</ogc:Filter_Capabilities>',
  );
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    `<csw:Capabilities xmlns:csw="${CSW}" xmlns:ows="${OWS}" xmlns:ogc="${OGC}" xmlns:gml="${GML}" xmlns:xlink="${XLINK}" xmlns:xsi="${XSI}" ` +
    `version="2.0.2" xsi:schemaLocation="${CSW} ${CSW_SCHEMA}">${parts.join('')}</csw:Capabilities>\n`
  );
}

/** CSW 3.0 conformance classes (OGC 12-176r7), each TRUE only when served. */
const CONFORMANCE_30: readonly (readonly [string, boolean])[] = [
  ['OpenSearch', true],
  ['GetCapabilities-XML', true],
  ['GetRecordById-XML', true],
  ['GetRecords-Basic-XML', true],
  ['GetRecords-Distributed-XML', false],
  ['GetRecords-Distributed-KVP', false],
  ['GetRecords-Async-XML', false],
  ['GetRecords-Async-KVP', false],
  ['GetDomain-XML', false],
  ['GetDomain-KVP', false],
  ['Transaction', false],
  ['Harvest-Basic', false],
  ['Harvest-Async', false],
  ['Harvest-Periodic', false],
  ['Filter-CQL', true],
  ['Filter-FES-XML', true],
  ['Filter-FES-KVP', true],
];

const FES_CONFORMANCE: readonly (readonly [string, boolean])[] = [
  ['ImplementsQuery', true],
  ['ImplementsAdHocQuery', false],
  ['ImplementsFunctions', false],
  ['ImplementsResourceId', true],
  ['ImplementsMinStandardFilter', true],
  ['ImplementsStandardFilter', true],
  ['ImplementsMinSpatialFilter', true],
  ['ImplementsSpatialFilter', true],
  ['ImplementsMinTemporalFilter', true],
  ['ImplementsTemporalFilter', true],
  ['ImplementsVersionNav', false],
  ['ImplementsSorting', true],
  ['ImplementsExtendedOperators', false],
  ['ImplementsMinimumXPath', false],
  ['ImplementsSchemaElementFunc', false],
];

/** A TRUE/FALSE constraint; `ows` is the OWS prefix of the schema it belongs to (FES 2.0 uses OWS 1.1). */
const flag = (element: string, ows: string, [name, value]: readonly [string, boolean]): string =>
  `<${element} name="${name}"><${ows}:NoValues/><${ows}:DefaultValue>${value ? 'TRUE' : 'FALSE'}</${ows}:DefaultValue></${element}>`;

/** CSW 3.0 capabilities (OWS 2.0, FES 2.0). */
export function capabilities30(service: ServiceDescription, sections: readonly CapabilitiesSection[] | undefined): string {
  const href = escapeXml(service.endpoint);
  const dcp = `<ows20:DCP><ows20:HTTP><ows20:Get xlink:type="simple" xlink:href="${href}"/><ows20:Post xlink:type="simple" xlink:href="${href}"/></ows20:HTTP></ows20:DCP>`;
  const parameter = ([name, values]: Domain): string => `<ows20:Parameter name="${name}">${allowed20(values)}</ows20:Parameter>`;
  const parts: string[] = [];
  if (wanted(sections, 'ServiceIdentification')) {
    parts.push(
      '<ows20:ServiceIdentification>' +
        `<ows20:Title>${escapeXml(service.title)}</ows20:Title><ows20:Abstract>${escapeXml(service.abstract)}</ows20:Abstract>` +
        `<ows20:Keywords>${KEYWORDS.map((k) => `<ows20:Keyword>${k}</ows20:Keyword>`).join('')}<ows20:Type>theme</ows20:Type></ows20:Keywords>` +
        '<ows20:ServiceType codeSpace="OGC">CSW</ows20:ServiceType><ows20:ServiceTypeVersion>3.0.0</ows20:ServiceTypeVersion><ows20:ServiceTypeVersion>2.0.2</ows20:ServiceTypeVersion>' +
        '<ows20:Fees>none</ows20:Fees><ows20:AccessConstraints>none</ows20:AccessConstraints>' +
        '</ows20:ServiceIdentification>',
    );
  }
  if (wanted(sections, 'ServiceProvider')) {
    parts.push(
      `<ows20:ServiceProvider><ows20:ProviderName>${escapeXml(service.title)}</ows20:ProviderName>` +
        `<ows20:ProviderSite xlink:type="simple" xlink:href="${escapeXml(service.baseUrl)}/"/>` +
        `<ows20:ServiceContact><ows20:ContactInfo><ows20:OnlineResource xlink:type="simple" xlink:href="${escapeXml(service.baseUrl)}/"/></ows20:ContactInfo>` +
        '<ows20:Role>pointOfContact</ows20:Role></ows20:ServiceContact></ows20:ServiceProvider>',
    );
  }
  if (wanted(sections, 'OperationsMetadata')) {
    const schemas = [CSW30, GMD, 'http://www.w3.org/2005/Atom'];
    const operations: readonly (readonly [string, readonly Domain[]])[] = [
      ['GetCapabilities', [['sections', SECTIONS], ['acceptFormats', ['application/xml', OPENSEARCH_FORMAT]]]],
      ['GetRecords', [['typeNames', TYPE_NAMES], ['outputSchema', schemas], ['outputFormat', ['application/xml', ATOM_FORMAT]], ['resultType', ['hits', 'results']], ['ElementSetName', ELEMENT_SETS], ['CONSTRAINTLANGUAGE', ['FILTER', 'CQL_TEXT']]]],
      ['GetRecordById', [['outputSchema', schemas], ['outputFormat', ['application/xml', ATOM_FORMAT]], ['ElementSetName', ELEMENT_SETS]]],
    ];
    parts.push(
      '<ows20:OperationsMetadata>' +
        operations.map(([name, domains]) => `<ows20:Operation name="${name}">${dcp}${domains.map(parameter).join('')}</ows20:Operation>`).join('') +
        parameter(['service', ['CSW']]) +
        parameter(['version', ['3.0.0', '2.0.2']]) +
        CONFORMANCE_30.map((c) => flag('ows20:Constraint', 'ows20', c)).join('') +
        `<ows20:Constraint name="MaxRecordDefault"><ows20:NoValues/><ows20:DefaultValue>${MAX_RECORDS_DEFAULT}</ows20:DefaultValue></ows20:Constraint>` +
        `<ows20:Constraint name="CoreQueryables">${allowed20(DUBLIN_CORE_QUERYABLES)}</ows20:Constraint>` +
        `<ows20:Constraint name="CoreSortables">${allowed20(['dc:identifier', 'dc:title', 'dct:modified', 'dc:type'])}</ows20:Constraint>` +
        '</ows20:OperationsMetadata>',
    );
  }
  if (wanted(sections, 'Filter_Capabilities')) {
    parts.push(
      '<fes:Filter_Capabilities>' +
        `<fes:Conformance>${FES_CONFORMANCE.map((c) => flag('fes:Constraint', 'ows11', c)).join('')}</fes:Conformance>` +
        '<fes:Id_Capabilities><fes:ResourceIdentifier name="csw30:Id"/></fes:Id_Capabilities>' +
        '<fes:Scalar_Capabilities><fes:LogicalOperators/><fes:ComparisonOperators>' +
        ['PropertyIsEqualTo', 'PropertyIsNotEqualTo', 'PropertyIsLessThan', 'PropertyIsGreaterThan', 'PropertyIsLessThanOrEqualTo',
          'PropertyIsGreaterThanOrEqualTo', 'PropertyIsLike', 'PropertyIsNull', 'PropertyIsBetween']
          .map((o) => `<fes:ComparisonOperator name="${o}"/>`)
          .join('') +
        '</fes:ComparisonOperators></fes:Scalar_Capabilities>' +
        '<fes:Spatial_Capabilities><fes:GeometryOperands>' +
        ['gml32:Envelope', 'gml32:Point', 'gml32:LineString', 'gml32:Polygon'].map((g) => `<fes:GeometryOperand name="${g}"/>`).join('') +
        `</fes:GeometryOperands><fes:SpatialOperators>${SPATIAL_OPERATORS.map((o) => `<fes:SpatialOperator name="${o}"/>`).join('')}</fes:SpatialOperators></fes:Spatial_Capabilities>` +
        '<fes:Temporal_Capabilities><fes:TemporalOperands><fes:TemporalOperand name="gml32:TimeInstant"/><fes:TemporalOperand name="gml32:TimePeriod"/></fes:TemporalOperands>' +
        `<fes:TemporalOperators>${TEMPORAL_OPERATORS.map((o) => `<fes:TemporalOperator name="${o}"/>`).join('')}</fes:TemporalOperators></fes:Temporal_Capabilities>` +
        '</fes:Filter_Capabilities>',
    );
  }
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    `<csw30:Capabilities xmlns:csw30="${CSW30}" xmlns:ows20="${OWS20}" xmlns:ows11="${OWS11}" xmlns:fes="${FES}" xmlns:gml32="${GML32}" xmlns:xlink="${XLINK}" xmlns:xsi="${XSI}" ` +
    `version="3.0.0" xsi:schemaLocation="${CSW30} ${CSW30_SCHEMA}">${parts.join('')}</csw30:Capabilities>\n`
  );
}

/** The OpenSearch description document of CSW 3.0: Atom and Dublin Core results through GetRecords. */
export function openSearchDescription(service: ServiceDescription): string {
  const search = (format: Readonly<Record<string, string>>): string =>
    escapeXml(
      `${service.endpoint}?service=CSW&version=3.0.0&request=GetRecords&typeNames=csw:Record&elementSetName=full&resultType=results` +
        Object.entries(format).map(([k, v]) => `&${k}=${encodeURIComponent(v)}`).join('') +
        '&q={searchTerms?}&bbox={geo:box?}&time={time:start?}/{time:end?}&recordIds={geo:uid?}&startPosition={startIndex?}&maxRecords={count?}',
    );
  const self = escapeXml(`${service.endpoint}?service=CSW&request=GetCapabilities&acceptFormats=${encodeURIComponent(OPENSEARCH_FORMAT)}`);
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    `<OpenSearchDescription xmlns="${OPENSEARCH}" xmlns:geo="http://a9.com/-/opensearch/extensions/geo/1.0/" xmlns:time="http://a9.com/-/opensearch/extensions/time/1.0/">` +
    `<ShortName>${escapeXml(service.title.slice(0, 16))}</ShortName>` +
    `<Description>${escapeXml(service.abstract)}</Description>` +
    `<Url type="${ATOM_FORMAT}" rel="results" indexOffset="1" template="${search({ outputFormat: ATOM_FORMAT })}"/>` +
    `<Url type="application/xml" rel="results" indexOffset="1" template="${search({ outputSchema: CSW30 })}"/>` +
    `<Url type="${OPENSEARCH_FORMAT}" rel="self" template="${self}"/>` +
    '<Query role="example" searchTerms="climate"/>' +
    '<InputEncoding>UTF-8</InputEncoding><OutputEncoding>UTF-8</OutputEncoding>' +
    '</OpenSearchDescription>\n'
  );
}
