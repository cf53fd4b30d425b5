import type { NativeFormat } from '../../src/core/nativeFormat.js';
import { MeridianError } from '../../src/core/errors.js';
import { fragmentText, selectFragments, type Selection, type XmlFragment } from '../../src/core/xmlFragments.js';

const OAI_NS = 'http://www.openarchives.org/OAI/2.0/';
const OAI_DATACITE_NS = 'http://schema.datacite.org/oai/oai-1.1/';
const OAI = (local: string) => [OAI_NS, local] as const;

export interface OaiRecord {
  readonly identifier: string;
  /** Empty datestamps (pycsw sends `<datestamp/>`) are left out. */
  readonly datestamp?: string;
  readonly deleted: boolean;
  readonly metadata?: { readonly format: NativeFormat | undefined; readonly text: string };
}

export interface OaiPage {
  readonly records: readonly OaiRecord[];
  /** The resumption token; absent or empty on the last page. */
  readonly token?: string;
  readonly completeListSize?: number;
  readonly error?: { readonly code: string; readonly message: string };
}

/** The native format of a record by its root element, whatever the metadataPrefix is called. */
function formatOfRoot(ns: string, local: string): NativeFormat | undefined {
  if (ns === 'http://www.isotc211.org/2005/gmd' && local === 'MD_Metadata') return 'iso19139';
  if (ns === 'http://www.isotc211.org/2005/gmi' && local === 'MI_Metadata') return 'iso19139';
  if (ns === 'http://standards.iso.org/iso/19115/-3/mdb/2.0' && local === 'MD_Metadata') return 'iso19115-3';
  if (ns === 'http://www.openarchives.org/OAI/2.0/oai_dc/' && local === 'dc') return 'dublin-core';
  if (ns === 'http://www.opengis.net/cat/csw/2.0.2' && local === 'Record') return 'dublin-core';
  if (ns.startsWith('http://datacite.org/schema/kernel-') && local === 'resource') return 'datacite-xml';
  return undefined;
}

/** The record inside `metadata`: an `oai_datacite` envelope gives its DataCite `resource`. */
function metadataRecord(fragment: XmlFragment): { format: NativeFormat | undefined; text: string } {
  if (fragment.ns === OAI_DATACITE_NS && fragment.local === 'oai_datacite') {
    const { found } = selectFragments(fragment.text, { resource: [[OAI_DATACITE_NS, 'oai_datacite'], [OAI_DATACITE_NS, 'payload'], '*'] });
    const [resource] = found.resource;
    if (resource) return { format: formatOfRoot(resource.ns, resource.local), text: resource.text };
  }
  return { format: formatOfRoot(fragment.ns, fragment.local), text: fragment.text };
}

function readRecord(record: XmlFragment): OaiRecord {
  const { found } = selectFragments(record.text, {
    header: [OAI('record'), OAI('header')],
    identifier: [OAI('record'), OAI('header'), OAI('identifier')],
    datestamp: [OAI('record'), OAI('header'), OAI('datestamp')],
    metadata: [OAI('record'), OAI('metadata'), '*'],
  });
  const datestamp = fragmentText(found.datestamp[0]);
  const metadata = found.metadata[0];
  return {
    identifier: fragmentText(found.identifier[0]) ?? '',
    ...(datestamp === undefined ? {} : { datestamp }),
    deleted: found.header[0]?.attrs.status === 'deleted',
    ...(metadata ? { metadata: metadataRecord(metadata) } : {}),
  };
}

/**
 * Reads one ListRecords response. A page whose tags do not balance (a truncated page) is an upstream
 * failure; a record that is not well-formed inside a sound page fails alone, in its crosswalk.
 */
export function readListRecordsPage(xml: string): OaiPage {
  let page: Selection<'error' | 'records' | 'token'>;
  try {
    page = selectFragments(xml, {
      error: [OAI('OAI-PMH'), OAI('error')],
      records: [OAI('OAI-PMH'), OAI('ListRecords'), OAI('record')],
      token: [OAI('OAI-PMH'), OAI('ListRecords'), OAI('resumptionToken')],
    });
  } catch (error) {
    throw new MeridianError('UpstreamFailed', `the OAI-PMH response is not well-formed XML: ${(error as Error).message}`, { cause: error });
  }
  if (page.root.ns !== OAI_NS || page.root.local !== 'OAI-PMH') {
    throw new MeridianError('UpstreamFailed', `not an OAI-PMH response: the root element is {${page.root.ns}}${page.root.local}`);
  }
  const [error] = page.found.error;
  if (error) return { records: [], error: { code: error.attrs.code ?? 'unknown', message: fragmentText(error) ?? '' } };
  const [tokenElement] = page.found.token;
  const token = fragmentText(tokenElement);
  const size = Number(tokenElement?.attrs.completeListSize);
  return {
    records: page.found.records.map(readRecord),
    ...(token === undefined ? {} : { token }),
    ...(Number.isInteger(size) && size >= 0 ? { completeListSize: size } : {}),
  };
}
