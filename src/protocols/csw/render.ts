import { escapeXml } from '../../core/xml.js';
import { atomFeedHead, type AtomFeed } from './atom.js';
import { schemaComponents } from './describeRecord.js';
import { CSW, CSW30, CSW30_SCHEMA, CSW_PUBLICATION_SCHEMA, CSW_SCHEMA, DC, DCT, OWS, OWS20, XLINK, XSI } from './namespaces.js';
import type { CswVersion, EchoedRequest, ElementSet, OutputSchema, TypeName } from './request.js';
import { OUTPUT_SCHEMAS } from './requestValues.js';
import { writeXml } from './xmlWriter.js';

const DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n';

/**
 * A response as the stream the router sends. Its parts are all rendered already (a page is bounded by
 * the largest maxRecords), so they go out as one chunk: one socket write rather than one per record.
 */
async function* parts(...chunks: readonly (string | readonly string[])[]): AsyncIterable<string> {
  yield chunks.map((chunk) => (typeof chunk === 'string' ? chunk : chunk.join(''))).join('');
}

/** A document rendered whole (capabilities, OpenSearch description). */
export function renderDocument(text: string): AsyncIterable<string> {
  return parts(text);
}

export interface SearchResultsInfo {
  readonly version: CswVersion;
  readonly matched: number;
  readonly nextRecord: number;
  readonly outputSchema: OutputSchema;
  /** Absent for ad hoc views (ElementName). */
  readonly elementSet?: ElementSet;
  readonly requestId?: string;
  readonly timestamp: string;
}

/** A GetRecords response (CSW 2.0.2 or 3.0) around records already rendered. */
export function renderGetRecords(info: SearchResultsInfo, records: readonly string[]): AsyncIterable<string> {
  const v3 = info.version === '3.0.0';
  const [p, ns, schema] = v3 ? ['csw30', CSW30, CSW30_SCHEMA] : ['csw', CSW, CSW_SCHEMA];
  const recordSchema = info.outputSchema === 'csw' ? ns : OUTPUT_SCHEMAS[info.outputSchema];
  const head =
    DECLARATION +
    `<${p}:GetRecordsResponse xmlns:${p}="${ns}" xmlns:dc="${DC}" xmlns:dct="${DCT}" xmlns:ows="${v3 ? OWS20 : OWS}" xmlns:xsi="${XSI}" version="${info.version}" xsi:schemaLocation="${ns} ${schema}">` +
    (info.requestId === undefined ? '' : `<${p}:RequestId>${escapeXml(info.requestId)}</${p}:RequestId>`) +
    `<${p}:SearchStatus timestamp="${info.timestamp}"/>` +
    `<${p}:SearchResults numberOfRecordsMatched="${info.matched}" numberOfRecordsReturned="${records.length}" nextRecord="${info.nextRecord}" recordSchema="${recordSchema}"` +
    (info.elementSet === undefined ? '' : ` elementSet="${info.elementSet}"`) +
    '>';
  return parts(head, records, `</${p}:SearchResults></${p}:GetRecordsResponse>\n`);
}

/** An Atom feed of OpenSearch results (CSW 3.0). */
export function renderAtomFeed(feed: AtomFeed, entries: readonly string[]): AsyncIterable<string> {
  return parts(atomFeedHead(feed), entries, '</feed>\n');
}

/** CSW 2.0.2 GetRecordById: the records found, none for an unknown id. */
export function renderGetRecordById(records: readonly string[]): AsyncIterable<string> {
  return parts(
    `${DECLARATION}<csw:GetRecordByIdResponse xmlns:csw="${CSW}" xmlns:xsi="${XSI}" xsi:schemaLocation="${CSW} ${CSW_SCHEMA}">`,
    records,
    '</csw:GetRecordByIdResponse>\n',
  );
}

/** CSW 3.0 GetRecordById: the record itself is the document. */
export function renderStandaloneRecord(record: string): AsyncIterable<string> {
  return parts(DECLARATION, record, '\n');
}

export function renderDescribeRecord(typeNames: readonly TypeName[]): AsyncIterable<string> {
  return parts(
    `${DECLARATION}<csw:DescribeRecordResponse xmlns:csw="${CSW}" xmlns:xsi="${XSI}" xsi:schemaLocation="${CSW} ${CSW_SCHEMA}">`,
    schemaComponents(typeNames),
    '</csw:DescribeRecordResponse>\n',
  );
}

export interface Domain {
  readonly kind: 'ParameterName' | 'PropertyName';
  readonly name: string;
  /** Undefined: the domain is not known (no ListOfValues). */
  readonly values?: readonly string[];
}

export function renderGetDomain(domains: readonly Domain[]): AsyncIterable<string> {
  const body = domains.map(
    (d) =>
      `<csw:DomainValues type="csw:Record"><csw:${d.kind}>${escapeXml(d.name)}</csw:${d.kind}>` +
      (d.values === undefined ? '' : `<csw:ListOfValues>${d.values.map((v) => `<csw:Value>${escapeXml(v)}</csw:Value>`).join('')}</csw:ListOfValues>`) +
      '</csw:DomainValues>',
  );
  return parts(`${DECLARATION}<csw:GetDomainResponse xmlns:csw="${CSW}" xmlns:xsi="${XSI}" xsi:schemaLocation="${CSW} ${CSW_SCHEMA}">`, body, '</csw:GetDomainResponse>\n');
}

/** resultType=validate: the request is valid; it is echoed (an XML request as read, a KVP request by its URL). */
export function renderAcknowledgement(echo: EchoedRequest, timestamp: string, requestId?: string): AsyncIterable<string> {
  const echoed = echo.kind === 'xml' ? writeXml(echo.element) : `<ows:Get xmlns:ows="${OWS}" xmlns:xlink="${XLINK}" xlink:type="simple" xlink:href="${escapeXml(echo.url)}"/>`;
  return parts(
    `${DECLARATION}<csw:Acknowledgement xmlns:csw="${CSW}" xmlns:xsi="${XSI}" timeStamp="${timestamp}" xsi:schemaLocation="${CSW} ${CSW_SCHEMA}">`,
    `<csw:EchoedRequest>${echoed}</csw:EchoedRequest>`,
    requestId === undefined ? '' : `<csw:RequestId>${escapeXml(requestId)}</csw:RequestId>`,
    '</csw:Acknowledgement>\n',
  );
}

export interface TransactionSummary {
  readonly inserted: number;
  readonly updated: number;
  readonly deleted: number;
  /** csw:BriefRecord of each inserted record, grouped by the handle of its Insert. */
  readonly insertResults: readonly { readonly handle?: string; readonly briefRecords: readonly string[] }[];
  readonly requestId?: string;
}

function transactionResponse(summary: TransactionSummary, declare: boolean): string {
  const xmlns = declare ? ` xmlns:csw="${CSW}" xmlns:dc="${DC}" xmlns:dct="${DCT}" xmlns:ows="${OWS}" xmlns:xsi="${XSI}" xsi:schemaLocation="${CSW} ${CSW_PUBLICATION_SCHEMA}"` : '';
  return (
    `<csw:TransactionResponse${xmlns} version="2.0.2">` +
    `<csw:TransactionSummary${summary.requestId === undefined ? '' : ` requestId="${escapeXml(summary.requestId)}"`}>` +
    `<csw:totalInserted>${summary.inserted}</csw:totalInserted><csw:totalUpdated>${summary.updated}</csw:totalUpdated><csw:totalDeleted>${summary.deleted}</csw:totalDeleted>` +
    '</csw:TransactionSummary>' +
    summary.insertResults
      .filter((r) => r.briefRecords.length > 0)
      .map((r) => `<csw:InsertResult${r.handle === undefined ? '' : ` handleRef="${escapeXml(r.handle)}"`}>${r.briefRecords.join('')}</csw:InsertResult>`)
      .join('') +
    '</csw:TransactionResponse>'
  );
}

export function renderTransactionResponse(summary: TransactionSummary): AsyncIterable<string> {
  return parts(DECLARATION, transactionResponse(summary, true), '\n');
}

export function renderHarvestResponse(summary: TransactionSummary): AsyncIterable<string> {
  return parts(
    `${DECLARATION}<csw:HarvestResponse xmlns:csw="${CSW}" xmlns:dc="${DC}" xmlns:dct="${DCT}" xmlns:ows="${OWS}" xmlns:xsi="${XSI}" xsi:schemaLocation="${CSW} ${CSW_PUBLICATION_SCHEMA}">`,
    transactionResponse(summary, false),
    '</csw:HarvestResponse>\n',
  );
}
