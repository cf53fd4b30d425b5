import { createHash } from 'node:crypto';
import { assertNever } from '../../core/errors.js';
import { escapeXml } from '../../core/xml.js';
import type { OaiErrorCode } from './errors.js';
import type { MetadataFormat } from './formats.js';
import type { OaiSet } from './sets.js';
import { scopeXmlIds } from './xmlIds.js';

const OAI_NS = 'http://www.openarchives.org/OAI/2.0/';
const OAI_IDENTIFIER_NS = 'http://www.openarchives.org/OAI/2.0/oai-identifier';
const XSI_NS = 'http://www.w3.org/2001/XMLSchema-instance';

/** What every response starts with: when it was made, and the request it answers. */
export interface OaiEnvelope {
  /** The base URL of the OAI-PMH endpoint. */
  readonly endpoint: string;
  readonly responseDate: string;
  /** The arguments echoed as attributes of `request` (none for badVerb and badArgument). */
  readonly request: Readonly<Record<string, string>>;
}

export interface IdentifyInfo {
  readonly repositoryName: string;
  readonly adminEmails: readonly string[];
  readonly earliestDatestamp: string;
  /** The oai-identifier description, when the repository identifier is a domain name. */
  readonly oaiIdentifier?: { readonly repositoryIdentifier: string; readonly sampleIdentifier: string };
}

export interface OaiRecord {
  readonly identifier: string;
  readonly datestamp: string;
  readonly setSpecs: readonly string[];
  readonly deleted: boolean;
  /** The metadata payload (a fragment in its own namespace); absent for headers and tombstones. */
  readonly xml?: string;
}

/** A resumptionToken element: `token` is empty on the page that completes a list. */
export interface Resumption {
  readonly token: string;
  readonly cursor: number;
  readonly completeListSize?: number;
}

export type OaiBody =
  | { readonly verb: 'Identify'; readonly identify: IdentifyInfo }
  | { readonly verb: 'ListMetadataFormats'; readonly formats: readonly MetadataFormat[] }
  | { readonly verb: 'ListSets'; readonly sets: readonly OaiSet[]; readonly resumption?: Resumption }
  | { readonly verb: 'GetRecord'; readonly record: OaiRecord }
  | {
      readonly verb: 'ListRecords' | 'ListIdentifiers';
      readonly records: AsyncIterable<OaiRecord>;
      /** Asked once every record was written. */
      readonly resumption: () => Promise<Resumption | undefined>;
    };

/** The order of `request` attributes. */
const REQUEST_ARGUMENTS = ['verb', 'identifier', 'metadataPrefix', 'from', 'until', 'set', 'resumptionToken'] as const;

function element(name: string, text: string): string {
  return `<${name}>${escapeXml(text)}</${name}>`;
}

function head(envelope: OaiEnvelope): string {
  const attributes = REQUEST_ARGUMENTS.flatMap((name) => {
    const value = envelope.request[name];
    return value === undefined ? [] : [` ${name}="${escapeXml(value)}"`];
  }).join('');
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    `<OAI-PMH xmlns="${OAI_NS}" xmlns:xsi="${XSI_NS}" xsi:schemaLocation="${OAI_NS} ${OAI_NS}OAI-PMH.xsd">\n` +
    `${element('responseDate', envelope.responseDate)}\n` +
    `<request${attributes}>${escapeXml(envelope.endpoint)}</request>\n`
  );
}

const TAIL = '</OAI-PMH>\n';

export function renderOaiError(envelope: OaiEnvelope, code: OaiErrorCode, message: string): string {
  return `${head(envelope)}<error code="${code}">${escapeXml(message)}</error>\n${TAIL}`;
}

function header(record: OaiRecord): string {
  return (
    `<header${record.deleted ? ' status="deleted"' : ''}>` +
    element('identifier', record.identifier) +
    element('datestamp', record.datestamp) +
    record.setSpecs.map((spec) => element('setSpec', spec)).join('') +
    '</header>'
  );
}

/** A record; in a list, `scope` keeps the ids of its payload apart from the other records'. */
/**
 * The prefix that makes a record's xs:ID values unique in a list: derived from the record's identifier,
 * so that the same record reads the same on every page and in every harvest (a position-based prefix made
 * harvesters see unchanged records as updated).
 */
function idScope(identifier: string): string {
  return `r${createHash('sha256').update(identifier).digest('hex').slice(0, 10)}`;
}

function recordElement(record: OaiRecord, scope?: string): string {
  const xml = record.xml === undefined || scope === undefined ? record.xml : scopeXmlIds(record.xml, scope);
  const metadata = !record.deleted && xml !== undefined ? `<metadata>${xml}</metadata>` : '';
  return `<record>${header(record)}${metadata}</record>\n`;
}

function resumptionElement(resumption: Resumption | undefined): string {
  if (resumption === undefined) return '';
  const size = resumption.completeListSize === undefined ? '' : ` completeListSize="${resumption.completeListSize}"`;
  const attributes = `${size} cursor="${resumption.cursor}"`;
  return resumption.token === ''
    ? `<resumptionToken${attributes}/>\n`
    : `<resumptionToken${attributes}>${escapeXml(resumption.token)}</resumptionToken>\n`;
}

function identify(endpoint: string, info: IdentifyInfo): string {
  const description = info.oaiIdentifier
    ? '<description>' +
      `<oai-identifier xmlns="${OAI_IDENTIFIER_NS}" xsi:schemaLocation="${OAI_IDENTIFIER_NS} ${OAI_IDENTIFIER_NS}.xsd">` +
      element('scheme', 'oai') +
      element('repositoryIdentifier', info.oaiIdentifier.repositoryIdentifier) +
      element('delimiter', ':') +
      element('sampleIdentifier', info.oaiIdentifier.sampleIdentifier) +
      '</oai-identifier></description>\n'
    : '';
  return (
    '<Identify>\n' +
    `${element('repositoryName', info.repositoryName)}\n` +
    `${element('baseURL', endpoint)}\n` +
    `${element('protocolVersion', '2.0')}\n` +
    info.adminEmails.map((email) => `${element('adminEmail', email)}\n`).join('') +
    `${element('earliestDatestamp', info.earliestDatestamp)}\n` +
    `${element('deletedRecord', 'persistent')}\n` +
    `${element('granularity', 'YYYY-MM-DDThh:mm:ssZ')}\n` +
    description +
    '</Identify>\n'
  );
}

/** A response, piece by piece: list records are written as they are read, never all held at once. */
export async function* renderOai(envelope: OaiEnvelope, body: OaiBody): AsyncGenerator<string> {
  yield head(envelope);
  switch (body.verb) {
    case 'Identify':
      yield identify(envelope.endpoint, body.identify);
      break;
    case 'ListMetadataFormats':
      yield '<ListMetadataFormats>\n';
      for (const f of body.formats) {
        yield `<metadataFormat>${element('metadataPrefix', f.prefix)}${element('schema', f.schema)}${element('metadataNamespace', f.namespace)}</metadataFormat>\n`;
      }
      yield '</ListMetadataFormats>\n';
      break;
    case 'ListSets':
      yield '<ListSets>\n';
      for (const set of body.sets) yield `<set>${element('setSpec', set.spec)}${element('setName', set.name)}</set>\n`;
      yield `${resumptionElement(body.resumption)}</ListSets>\n`;
      break;
    case 'GetRecord':
      yield `<GetRecord>\n${recordElement(body.record)}</GetRecord>\n`;
      break;
    case 'ListRecords':
    case 'ListIdentifiers': {
      yield `<${body.verb}>\n`;
      for await (const record of body.records) {
        yield body.verb === 'ListRecords' ? recordElement(record, idScope(record.identifier)) : `${header(record)}\n`;
      }
      yield `${resumptionElement(await body.resumption())}</${body.verb}>\n`;
      break;
    }
    default:
      assertNever(body, 'OAI-PMH response');
  }
  yield TAIL;
}
