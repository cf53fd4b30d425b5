import type { CswSourceConfig } from '../../src/core/harvest.js';
import type { NativeFormat } from '../../src/core/nativeFormat.js';
import { MeridianError } from '../../src/core/errors.js';
import { escapeXml } from '../../src/core/xml.js';
import { fragmentText, selectFragments, type PathStep, type Selection, type XmlFragment } from '../../src/core/xmlFragments.js';

const CSW_NS = 'http://www.opengis.net/cat/csw/2.0.2';
const OWS_NS = 'http://www.opengis.net/ows';
const GMD = 'http://www.isotc211.org/2005/gmd';
const GMI = 'http://www.isotc211.org/2005/gmi';
const GCO = 'http://www.isotc211.org/2005/gco';
const MDB = 'http://standards.iso.org/iso/19115/-3/mdb/2.0';
const MCC = 'http://standards.iso.org/iso/19115/-3/mcc/1.0';
const CIT = 'http://standards.iso.org/iso/19115/-3/cit/2.0';
const DC = 'http://purl.org/dc/elements/1.1/';
const DCT = 'http://purl.org/dc/terms/';

type OutputSchema = NonNullable<CswSourceConfig['outputSchema']>;

const SCHEMAS: Readonly<Record<OutputSchema, { readonly uri: string; readonly typeNames: string; readonly modified: string }>> = {
  iso19139: { uri: GMD, typeNames: 'gmd:MD_Metadata', modified: 'apiso:Modified' },
  'iso19115-3': { uri: MDB, typeNames: 'gmd:MD_Metadata', modified: 'apiso:Modified' },
  'csw-record': { uri: CSW_NS, typeNames: 'csw:Record', modified: 'dct:modified' },
};

/**
 * A GetRecords request (POST body): one page of records, changed since `since` when given; full records
 * to harvest, brief ones (identifier and title) to list the identifiers.
 */
export function getRecordsRequest(
  source: CswSourceConfig,
  startPosition: number,
  since: string | undefined,
  list: { readonly elementSet: 'full' | 'brief'; readonly maxRecords: number } = { elementSet: 'full', maxRecords: source.pageSize ?? 50 },
): string {
  const schema = SCHEMAS[source.outputSchema ?? 'iso19139'];
  const constraint =
    since === undefined
      ? ''
      : `<csw:Constraint version="1.1.0"><ogc:Filter><ogc:PropertyIsGreaterThanOrEqualTo>` +
        `<ogc:PropertyName>${escapeXml(source.modifiedProperty ?? schema.modified)}</ogc:PropertyName>` +
        `<ogc:Literal>${escapeXml(`${new Date(since).toISOString().slice(0, 19)}Z`)}</ogc:Literal>` +
        `</ogc:PropertyIsGreaterThanOrEqualTo></ogc:Filter></csw:Constraint>`;
  return (
    `<?xml version="1.0" encoding="UTF-8"?>` +
    `<csw:GetRecords xmlns:csw="${CSW_NS}" xmlns:ogc="http://www.opengis.net/ogc" xmlns:gmd="${GMD}" ` +
    `xmlns:dc="${DC}" xmlns:dct="${DCT}" xmlns:apiso="http://www.opengis.net/cat/csw/apiso/1.0" ` +
    `service="CSW" version="2.0.2" resultType="results" startPosition="${startPosition}" ` +
    `maxRecords="${list.maxRecords}" outputFormat="application/xml" outputSchema="${schema.uri}">` +
    `<csw:Query typeNames="${schema.typeNames}"><csw:ElementSetName>${list.elementSet}</csw:ElementSetName>${constraint}</csw:Query>` +
    `</csw:GetRecords>`
  );
}

export interface CswRecord {
  /** Absent when the record has no identifier (it is then reported, not stored). */
  readonly nativeId?: string;
  readonly datestamp?: string;
  readonly format: NativeFormat;
  readonly text: string;
}

export interface CswPage {
  readonly matched: number;
  readonly returned: number;
  /** The position of the next record; 0 when there is none. */
  readonly nextRecord: number;
  readonly records: readonly CswRecord[];
}

/** Where each kind of record keeps its identifier and its change date (`*`: gco:Date or gco:DateTime). */
const FORMATS: readonly { readonly ns: string; readonly local: string; readonly format: NativeFormat; readonly id: readonly PathStep[]; readonly date: readonly PathStep[] }[] = [
  { ns: GMD, local: 'MD_Metadata', format: 'iso19139', id: [[GMD, 'fileIdentifier'], [GCO, 'CharacterString']], date: [[GMD, 'dateStamp'], '*'] },
  { ns: GMI, local: 'MI_Metadata', format: 'iso19139', id: [[GMD, 'fileIdentifier'], [GCO, 'CharacterString']], date: [[GMD, 'dateStamp'], '*'] },
  {
    ns: MDB,
    local: 'MD_Metadata',
    format: 'iso19115-3',
    id: [[MDB, 'metadataIdentifier'], [MCC, 'MD_Identifier'], [MCC, 'code'], [GCO, 'CharacterString']],
    date: [[MDB, 'dateInfo'], [CIT, 'CI_Date'], [CIT, 'date'], '*'],
  },
  { ns: CSW_NS, local: 'Record', format: 'dublin-core', id: [[DC, 'identifier']], date: [[DCT, 'modified']] },
  { ns: CSW_NS, local: 'SummaryRecord', format: 'dublin-core', id: [[DC, 'identifier']], date: [[DCT, 'modified']] },
  { ns: CSW_NS, local: 'BriefRecord', format: 'dublin-core', id: [[DC, 'identifier']], date: [[DCT, 'modified']] },
];

/** A record's identifier and change date, read from its own fragment without parsing the whole record. */
function describeRecord(record: XmlFragment): CswRecord {
  const kind = FORMATS.find((f) => f.ns === record.ns && f.local === record.local);
  if (!kind) throw new MeridianError('UpstreamFailed', `unexpected record {${record.ns}}${record.local} in a GetRecords response`);
  const self: PathStep = [record.ns, record.local];
  const { found } = selectFragments(record.text, { id: [self, ...kind.id], date: [self, ...kind.date] });
  const nativeId = fragmentText(found.id[0]);
  const datestamp = fragmentText(found.date[0]);
  return { format: kind.format, text: record.text, ...(nativeId ? { nativeId } : {}), ...(datestamp ? { datestamp } : {}) };
}

const count = (value: string | undefined): number => {
  const n = Number(value);
  return Number.isInteger(n) && n >= 0 ? n : 0;
};

/** Reads one GetRecords response; an ExceptionReport is a configuration problem, bad XML an upstream failure. */
export function readGetRecordsPage(xml: string): CswPage {
  let page: Selection<'results' | 'records' | 'exception'>;
  try {
    page = selectFragments(xml, {
      results: [[CSW_NS, 'GetRecordsResponse'], [CSW_NS, 'SearchResults']],
      records: [[CSW_NS, 'GetRecordsResponse'], [CSW_NS, 'SearchResults'], '*'],
      exception: [[OWS_NS, 'ExceptionReport'], [OWS_NS, 'Exception'], [OWS_NS, 'ExceptionText']],
    });
  } catch (error) {
    throw new MeridianError('UpstreamFailed', `the CSW response is not well-formed XML: ${(error as Error).message}`, { cause: error });
  }
  if (page.root.ns === OWS_NS && page.root.local === 'ExceptionReport') {
    throw new MeridianError('InvalidParameter', `the CSW server refused GetRecords: ${fragmentText(page.found.exception[0]) ?? 'no detail'}`);
  }
  const [results] = page.found.results;
  if (!results) throw new MeridianError('UpstreamFailed', `not a GetRecords response: the root element is {${page.root.ns}}${page.root.local}`);
  return {
    matched: count(results.attrs.numberOfRecordsMatched),
    returned: count(results.attrs.numberOfRecordsReturned),
    nextRecord: count(results.attrs.nextRecord),
    records: page.found.records.map(describeRecord),
  };
}
