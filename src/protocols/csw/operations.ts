import type { Logger } from 'pino';
import { assertNever, MeridianError } from '../../core/errors.js';
import type { RecordEnvelope, SearchBackend } from '../../search/backend.js';
import type { RecordStore } from '../../store/recordStore.js';
import { capabilities202, capabilities30, openSearchDescription, parameterDomain, type ServiceDescription } from './capabilities.js';
import { countMatches, findByIds, findRecords } from './catalogue.js';
import { toSearchCriteria } from './condition.js';
import { harvestResource } from './harvest.js';
import { domainFields, resolveQueryable } from './queryables.js';
import {
  renderAcknowledgement,
  renderAtomFeed,
  renderDescribeRecord,
  renderDocument,
  renderGetDomain,
  renderGetRecordById,
  renderGetRecords,
  renderHarvestResponse,
  renderStandaloneRecord,
  renderTransactionResponse,
  type Domain,
} from './render.js';
import { nativeIsoRecord, renderRecord, withUniqueIds, type RecordView } from './renderRecord.js';
import type { CswRequest } from './request.js';
import { ATOM_FORMAT, MAX_RECORDS_LIMIT, OPENSEARCH_FORMAT } from './requestValues.js';
import { runTransaction } from './transaction.js';

export interface OperationContext {
  readonly search: SearchBackend;
  readonly store: RecordStore;
  readonly log: Logger;
  readonly service: ServiceDescription;
  /** The request as the client sent it (absolute URL). */
  readonly requestUrl: string;
  /** Who writes are recorded as. */
  readonly actor: string;
  /** Resolves when the caller may write (curator role); rejects with Unauthorized or Forbidden. */
  readonly authorize: () => Promise<void>;
  readonly signal?: AbortSignal;
}

export interface CswAnswer {
  readonly contentType: string;
  readonly body: AsyncIterable<string>;
}

const XML_TYPE = 'application/xml; charset=utf-8';

/** The native ISO 19139 document of a record, when it is to be served as harvested (no curator overlay). */
async function nativeDocument(record: RecordEnvelope, store: RecordStore): Promise<string | undefined> {
  if (record.nativeFormat !== 'iso19139') return undefined;
  const stored = await store.get({ kind: record.kind, collectionId: record.collectionId, id: record.id });
  if (stored === undefined || stored.overlay !== null || stored.native?.format !== 'iso19139') return undefined;
  return nativeIsoRecord(stored.native.document);
}

/** Renders each record; one that cannot be rendered is left out and logged, never failing the answer. */
async function renderAll(records: readonly RecordEnvelope[], view: RecordView, ctx: OperationContext): Promise<string[]> {
  const out: string[] = [];
  const ids = new Set<string>();
  for (const record of records) {
    const native = view.outputSchema === 'gmd' ? await nativeDocument(record, ctx.store) : undefined;
    const rendered = renderRecord(record, native, view);
    if (rendered.ok) out.push(view.outputSchema === 'gmd' ? withUniqueIds(rendered.xml, ids) : rendered.xml);
    else ctx.log.warn({ record: { kind: record.kind, collection: record.collectionId, id: record.id }, schema: view.outputSchema, reason: rendered.reason }, 'record left out of a CSW response');
  }
  return out;
}

/** The same KVP request from another start position (Atom `next` links). */
function withStartPosition(url: string, position: number): string {
  const u = new URL(url);
  for (const key of [...u.searchParams.keys()]) if (key.toLowerCase() === 'startposition') u.searchParams.delete(key);
  u.searchParams.set('startPosition', String(position));
  return u.toString();
}

/** The values of a queryable over the whole catalogue (term counts of both record kinds), sorted. */
async function propertyValues(name: string, search: SearchBackend): Promise<readonly string[] | undefined> {
  const fields = domainFields(resolveQueryable(name, 'PropertyName'));
  if (fields === undefined) return undefined;
  const values = new Set<string>();
  for (const field of fields) {
    for (const target of ['collections', 'items'] as const) {
      const [terms] = await search.aggregate({ target, limit: 1, aggregations: [{ kind: 'terms', name: 'values', field, size: 1000 }] });
      if (terms?.kind === 'terms') for (const b of terms.buckets) values.add(b.key);
    }
  }
  return [...values].sort();
}

type Operation<Op extends CswRequest['op']> = (req: Extract<CswRequest, { op: Op }>, ctx: OperationContext) => Promise<CswAnswer>;

const getCapabilities: Operation<'GetCapabilities'> = async (req, ctx) => {
  if (req.openSearch) return { contentType: `${OPENSEARCH_FORMAT}; charset=utf-8`, body: renderDocument(openSearchDescription(ctx.service)) };
  const doc = req.version === '3.0.0' ? capabilities30(ctx.service, req.sections) : capabilities202(ctx.service, req.sections);
  return { contentType: XML_TYPE, body: renderDocument(doc) };
};

const getRecords: Operation<'GetRecords'> = async (req, ctx) => {
  const { query } = req;
  const timestamp = new Date().toISOString();
  if (req.resultType === 'validate') return { contentType: XML_TYPE, body: renderAcknowledgement(req.echo, timestamp, req.requestId) };
  const criteria = toSearchCriteria(query.condition);
  const start = query.startPosition - 1;
  const limit = req.resultType === 'hits' ? 0 : Math.min(query.maxRecords, MAX_RECORDS_LIMIT);
  const opts = ctx.signal === undefined ? undefined : { signal: ctx.signal };
  const slice = limit === 0 ? { matched: await countMatches(ctx.search, criteria, opts), records: [] } : await findRecords(ctx.search, criteria, query.sortBy, start, limit, opts);
  const view: RecordView = {
    version: req.version,
    outputSchema: query.outputSchema,
    elementSet: query.elementSet,
    ...(query.elementNames === undefined ? {} : { elementNames: query.elementNames }),
    baseUrl: ctx.service.baseUrl,
    endpoint: ctx.service.endpoint,
  };
  const records = await renderAll(slice.records, view, ctx);
  // Positions consumed include records left out, so that the next page starts after them.
  const consumed = start + slice.records.length;
  const nextRecord = consumed < slice.matched ? consumed + 1 : 0;
  if (query.outputSchema === 'atom') {
    const feed = {
      id: ctx.requestUrl,
      title: ctx.service.title,
      updated: timestamp,
      osdd: `${ctx.service.endpoint}?service=CSW&request=GetCapabilities&acceptFormats=${encodeURIComponent(OPENSEARCH_FORMAT)}`,
      matched: slice.matched,
      startPosition: query.startPosition,
      maxRecords: limit,
      ...(nextRecord > 0 && req.echo.kind === 'kvp' ? { next: withStartPosition(req.echo.url, nextRecord) } : {}),
    };
    return { contentType: `${ATOM_FORMAT}; charset=utf-8`, body: renderAtomFeed(feed, records) };
  }
  return {
    contentType: XML_TYPE,
    body: renderGetRecords(
      {
        version: req.version,
        matched: slice.matched,
        nextRecord,
        outputSchema: query.outputSchema,
        ...(query.elementNames === undefined && query.outputSchema === 'csw' ? { elementSet: query.elementSet } : {}),
        ...(query.outputSchema === 'gmd' ? { elementSet: 'full' as const } : {}),
        ...(req.requestId === undefined ? {} : { requestId: req.requestId }),
        timestamp,
      },
      records,
    ),
  };
};

const getRecordById: Operation<'GetRecordById'> = async (req, ctx) => {
  const found = await findByIds(ctx.search, req.ids, ctx.signal === undefined ? undefined : { signal: ctx.signal });
  const view: RecordView = {
    version: req.version,
    outputSchema: req.outputSchema,
    elementSet: req.elementSet,
    baseUrl: ctx.service.baseUrl,
    endpoint: ctx.service.endpoint,
    standalone: true,
  };
  const records = await renderAll(found, view, ctx);
  if (req.version === '2.0.2') return { contentType: XML_TYPE, body: renderGetRecordById(records) };
  const record = records[0];
  if (record === undefined) throw new MeridianError('NotFound', `no record has the id ${req.ids.join(', ')}`, { locator: 'id' });
  return { contentType: req.outputSchema === 'atom' ? `${ATOM_FORMAT}; charset=utf-8` : XML_TYPE, body: renderStandaloneRecord(record) };
};

const describeRecord: Operation<'DescribeRecord'> = async (req) => ({ contentType: XML_TYPE, body: renderDescribeRecord(req.typeNames) });

const getDomain: Operation<'GetDomain'> = async (req, ctx) => {
  const domains: Domain[] = [];
  for (const name of req.parameterNames) {
    const values = parameterDomain(name);
    domains.push({ kind: 'ParameterName', name, ...(values === undefined ? {} : { values }) });
  }
  for (const name of req.propertyNames) {
    const values = await propertyValues(name, ctx.search);
    domains.push({ kind: 'PropertyName', name, ...(values === undefined ? {} : { values }) });
  }
  return { contentType: XML_TYPE, body: renderGetDomain(domains) };
};

const transaction: Operation<'Transaction'> = async (req, ctx) => {
  await ctx.authorize();
  const summary = await runTransaction(req.actions, { store: ctx.store, search: ctx.search, actor: ctx.actor, baseUrl: ctx.service.baseUrl });
  return { contentType: XML_TYPE, body: renderTransactionResponse({ ...summary, ...(req.requestId === undefined ? {} : { requestId: req.requestId }) }) };
};

const harvest: Operation<'Harvest'> = async (req, ctx) => {
  await ctx.authorize();
  const summary = await harvestResource(req.source, req.resourceType, {
    store: ctx.store,
    actor: ctx.actor,
    baseUrl: ctx.service.baseUrl,
    ...(ctx.signal === undefined ? {} : { signal: ctx.signal }),
  });
  return { contentType: XML_TYPE, body: renderHarvestResponse(summary) };
};

/** Runs a parsed CSW request against the core and the store; the answer is ready to stream. */
export function answerCsw(req: CswRequest, ctx: OperationContext): Promise<CswAnswer> {
  switch (req.op) {
    case 'GetCapabilities':
      return getCapabilities(req, ctx);
    case 'DescribeRecord':
      return describeRecord(req, ctx);
    case 'GetRecords':
      return getRecords(req, ctx);
    case 'GetRecordById':
      return getRecordById(req, ctx);
    case 'GetDomain':
      return getDomain(req, ctx);
    case 'Transaction':
      return transaction(req, ctx);
    case 'Harvest':
      return harvest(req, ctx);
    default:
      return assertNever(req, 'CSW request');
  }
}
