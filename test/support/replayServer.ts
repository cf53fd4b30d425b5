import { EventEmitter } from 'node:events';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { attr, descendants, parseXml } from '../../src/core/xml.js';
import { EsgfIndex, IsoCatalogue, StacItems, ThreddsTree, aerisRecordJson, getRecordsResponse, type IsoEntry } from './replayData.js';
import { startLocalServer, type LocalServer } from './localServer.js';
import { readShared } from './shared.js';

/**
 * A local HTTP server (127.0.0.1, port 0) that replays real upstream documents and paged variants
 * generated from them, with fault injection:
 *
 * - `/oai`: OAI-PMH ListRecords (iso19139) over `oai` with resumption tokens, `from`, `set`, deleted
 *   headers; `/pycsw/oai` replays the recorded pycsw ListRecords page as it is (empty datestamps).
 * - `/csw`: CSW 2.0.2 GetRecords POST over `csw` (full gmd records, startPosition/maxRecords/nextRecord,
 *   `Modified >=` filter), sent in ISO-8859-1.
 * - `/geonetwork/srv/api/search/records/_search` and `/geonetwork/srv/api/records/{uuid}/formatters/xml`:
 *   a GeoNetwork 4 over `geonetwork` (Elasticsearch answers shaped like the recorded ones, paged by
 *   `search_after` or by from/size up to Elasticsearch's 10,000th hit).
 * - `/thredds/...`: a THREDDS catalog tree (`thredds`).
 * - `/esg-search/search`: esg-search Solr JSON over `esgf`.
 * - `/aeris/csw`, `/aeris/metadata/summaries` and `/aeris/metadata/{uuid}`: AERIS over `aeris`, its CSW
 *   like `/csw` and its REST API built from the documented shapes (`aerisRecordJson`): NOT real responses.
 * - `/stac/search`: an ESGF-NG STAC API over `stac`, paged by POST `next` links.
 *
 * Faults apply to the matching requests, each as many times as asked: an HTTP status, 429 with
 * Retry-After, a truncated body, a connection cut mid-body, a slow answer, a connection reset.
 */

export type Fault =
  | { readonly kind: 'status'; readonly status: number }
  | { readonly kind: 'tooManyRequests'; readonly retryAfter: string }
  /** A complete 200 response whose document is cut in half. */
  | { readonly kind: 'truncate' }
  /** The headers announce the whole body, half of it is sent, the connection closes. */
  | { readonly kind: 'cut' }
  | { readonly kind: 'slow'; readonly ms: number }
  | { readonly kind: 'reset' };

export interface ReplayRequest {
  readonly method: string;
  readonly path: string;
  readonly params: URLSearchParams;
  readonly body: string;
  /** The endpoint's page number (0 = first), for listing requests. */
  readonly page?: number;
}

interface Answer {
  readonly status: number;
  readonly contentType: string;
  readonly body: Buffer;
  readonly page?: number;
}

interface GnSearch {
  readonly from?: number;
  readonly size: number;
  /** Any sort is read as the harvester's (changeDate, then uuid, ascending); without one, index order. */
  readonly sort?: unknown;
  readonly search_after?: readonly [number, string];
  readonly query: { readonly bool: { readonly must: readonly { readonly range?: { readonly changeDate?: { readonly gte?: string } } }[] } };
}

interface FaultRule {
  readonly match: (r: ReplayRequest) => boolean;
  readonly fault: Fault;
  remaining: number;
}

const OAI_NS = 'http://www.openarchives.org/OAI/2.0/';

export interface ReplayOptions {
  readonly oaiRecords?: number;
  readonly oaiPageSize?: number;
  readonly cswRecords?: number;
  readonly geonetworkRecords?: number;
  readonly esgfDatasets?: number;
  readonly stacItems?: number;
  readonly aerisRecords?: number;
}

export class ReplayServer extends EventEmitter {
  readonly oai: IsoCatalogue;
  readonly oaiPageSize: number;
  readonly csw: IsoCatalogue;
  readonly geonetwork: IsoCatalogue;
  readonly thredds = new ThreddsTree();
  readonly esgf: EsgfIndex;
  readonly stac: StacItems;
  readonly aeris: IsoCatalogue;
  /** AERIS records whose record JSON answers 404. */
  readonly aerisWithoutJson = new Set<string>();
  /** The AERIS summaries listing answers this instead of the listing, when set. */
  aerisSummariesOverride: string | undefined;
  readonly requests: ReplayRequest[] = [];
  readonly #faults: FaultRule[] = [];
  #listening: LocalServer | undefined;
  url = '';

  private constructor(options: ReplayOptions) {
    super();
    this.oai = new IsoCatalogue('oai', options.oaiRecords ?? 0);
    this.oaiPageSize = options.oaiPageSize ?? 100;
    this.csw = new IsoCatalogue('csw', options.cswRecords ?? 0);
    this.geonetwork = new IsoCatalogue('gn', options.geonetworkRecords ?? 0);
    this.esgf = new EsgfIndex(options.esgfDatasets ?? 0);
    this.stac = new StacItems(options.stacItems ?? 0);
    this.aeris = new IsoCatalogue('aeris', options.aerisRecords ?? 0);
  }

  static async start(options: ReplayOptions = {}): Promise<ReplayServer> {
    const replay = new ReplayServer(options);
    replay.#listening = await startLocalServer((req, res) => void replay.#handle(req, res));
    replay.url = replay.#listening.url;
    return replay;
  }

  /** Applies `fault` to the next `times` requests that match. */
  inject(match: (r: ReplayRequest) => boolean, fault: Fault, times = 1): void {
    this.#faults.push({ match, fault, remaining: times });
  }

  clearFaults(): void {
    this.#faults.length = 0;
  }

  async close(): Promise<void> {
    await this.#listening?.close();
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const base = { method: req.method ?? 'GET', path: url.pathname, params: url.searchParams, body: Buffer.concat(chunks).toString('utf8') };
    let answer: Answer;
    try {
      answer = this.#route(base);
    } catch (error) {
      answer = { status: 400, contentType: 'text/plain', body: Buffer.from((error as Error).message) };
    }
    const request: ReplayRequest = { ...base, ...(answer.page === undefined ? {} : { page: answer.page }) };
    this.requests.push(request);
    this.emit('request', request);
    const rule = this.#faults.find((r) => r.remaining > 0 && r.match(request));
    if (rule) rule.remaining--;
    res.on('error', () => undefined);
    await this.#send(req, res, answer, rule?.fault);
  }

  async #send(req: IncomingMessage, res: ServerResponse, answer: Answer, fault: Fault | undefined): Promise<void> {
    switch (fault?.kind) {
      case 'reset':
        req.socket.resetAndDestroy();
        return;
      case 'status':
        res.writeHead(fault.status, { 'content-type': 'text/plain' }).end(`replayed failure ${fault.status}`);
        return;
      case 'tooManyRequests':
        res.writeHead(429, { 'content-type': 'text/plain', 'retry-after': fault.retryAfter }).end('slow down');
        return;
      case 'truncate': {
        const half = answer.body.subarray(0, Math.floor(answer.body.length / 2));
        res.writeHead(answer.status, { 'content-type': answer.contentType, 'content-length': half.length }).end(half);
        return;
      }
      case 'cut':
        res.writeHead(answer.status, { 'content-type': answer.contentType, 'content-length': answer.body.length });
        res.write(answer.body.subarray(0, Math.floor(answer.body.length / 2)), () => req.socket.destroy());
        return;
      case 'slow':
        await new Promise((resolve) => setTimeout(resolve, fault.ms));
        if (req.socket.destroyed) return;
        break;
      case undefined:
        break;
    }
    res.writeHead(answer.status, { 'content-type': answer.contentType, 'content-length': answer.body.length }).end(answer.body);
  }

  #route(r: Omit<ReplayRequest, 'page'>): Answer {
    if (r.path === '/oai') return this.#oai(r.params);
    if (r.path === '/pycsw/oai') return xml(readShared('fixtures/geonetwork/oai-pmh_ListRecords_iso19139_pycsw.xml'));
    if (r.path === '/csw' && r.method === 'POST') return this.#csw(this.csw, r.body);
    if (r.path === '/aeris/csw' && r.method === 'POST') return this.#csw(this.aeris, r.body);
    if (r.path === '/aeris/metadata/summaries') return this.#aerisSummaries();
    const aerisRecord = /^\/aeris\/metadata\/([^/]+)$/.exec(r.path);
    if (aerisRecord) return this.#aerisRecord(decodeURIComponent(aerisRecord[1] ?? ''));
    if (r.path === '/geonetwork/srv/api/search/records/_search' && r.method === 'POST') return this.#gnSearch(JSON.parse(r.body) as GnSearch);
    const record = /^\/geonetwork\/srv\/api\/records\/([^/]+)\/formatters\/xml$/.exec(r.path);
    if (record) return this.#gnRecord(decodeURIComponent(record[1] ?? ''));
    if (r.path.startsWith('/thredds/')) {
      const catalog = this.thredds.catalogs.get(r.path.slice('/thredds/'.length));
      return catalog === undefined ? { status: 404, contentType: 'text/plain', body: Buffer.from('not found') } : xml(catalog);
    }
    if (r.path === '/esg-search/search') return this.#esgf(r.params);
    if (r.path === '/stac/search') return this.#stac(r.method === 'POST' ? (JSON.parse(r.body) as Record<string, unknown>) : {});
    return { status: 404, contentType: 'text/plain', body: Buffer.from('not found') };
  }

  #oai(params: URLSearchParams): Answer {
    const token = params.get('resumptionToken');
    const state = token
      ? (JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { o: number; f?: string; s?: string })
      : { o: 0, ...(params.get('from') ? { f: params.get('from') as string } : {}), ...(params.get('set') ? { s: params.get('set') as string } : {}) };
    if (!token && params.get('metadataPrefix') !== 'iso19139') return oaiError('cannotDisseminateFormat', 'only iso19139');
    const from = state.f === undefined ? undefined : Date.parse(state.f);
    const list = this.oai.entries.filter((e) => (from === undefined || Date.parse(e.datestamp) >= from) && (state.s === undefined || e.set === state.s));
    if (list.length === 0) return oaiError('noRecordsMatch', 'no records');
    const page = list.slice(state.o, state.o + this.oaiPageSize);
    const nextOffset = state.o + page.length;
    const next = nextOffset < list.length ? Buffer.from(JSON.stringify({ ...state, o: nextOffset })).toString('base64url') : '';
    const records = page.map((e) => oaiRecord(e, this.oai)).join('\n');
    return {
      ...xml(
        `<?xml version="1.0" encoding="UTF-8"?>\n<oai:OAI-PMH xmlns:oai="${OAI_NS}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">` +
          `<oai:responseDate>${new Date().toISOString().slice(0, 19)}Z</oai:responseDate><oai:request verb="ListRecords">${this.url}/oai</oai:request>` +
          `<oai:ListRecords>\n${records}\n<oai:resumptionToken completeListSize="${list.length}" cursor="${state.o}">${next}</oai:resumptionToken></oai:ListRecords></oai:OAI-PMH>`,
      ),
      page: Math.floor(state.o / this.oaiPageSize),
    };
  }

  #csw(catalogue: IsoCatalogue, body: string): Answer {
    const request = parseXml(body);
    const start = Number(attr(request, 'startPosition') ?? 1);
    const max = Number(attr(request, 'maxRecords') ?? 10);
    const literal = descendants(request, 'http://www.opengis.net/ogc', 'Literal')[0]?.text;
    const since = literal === undefined ? undefined : Date.parse(literal);
    const list = catalogue.entries.filter((e) => since === undefined || Date.parse(e.datestamp) >= since);
    const page = list.slice(start - 1, start - 1 + max);
    const next = start + page.length <= list.length ? start + page.length : 0;
    const text = getRecordsResponse(page.map((e) => catalogue.render(e)), { matched: list.length, nextRecord: next });
    // Served as the record's own declaration says, without a charset: the client must read the declaration.
    return { status: 200, contentType: 'application/xml', body: Buffer.from(text, 'latin1'), page: Math.floor((start - 1) / max) };
  }

  #aerisSummaries(): Answer {
    const body = this.aerisSummariesOverride ?? JSON.stringify({ results: this.aeris.liveIds().map((id) => ({ id, name: this.aeris.entry(id).title })) });
    return { status: 200, contentType: 'application/json', body: Buffer.from(body) };
  }

  #aerisRecord(uuid: string): Answer {
    const entry = this.aeris.entries.find((e) => e.id === uuid && !e.deleted);
    if (!entry || this.aerisWithoutJson.has(uuid)) return { status: 404, contentType: 'application/json', body: Buffer.from('{"message":"not found"}') };
    return { status: 200, contentType: 'application/json', body: Buffer.from(aerisRecordJson(entry)) };
  }

  #gnSearch(body: GnSearch): Answer {
    const since = body.query.bool.must.map((m) => m.range?.changeDate?.gte).find((d) => d !== undefined);
    const list = this.geonetwork.entries.filter((e) => !e.deleted && (since === undefined || Date.parse(e.datestamp) >= Date.parse(since)));
    const sortValues = (e: IsoEntry): [number, string] => [Date.parse(e.datestamp), e.id];
    if (body.sort !== undefined) list.sort((a, b) => compareSortValues(sortValues(a), sortValues(b)));
    const after = body.search_after;
    const next = after === undefined ? -1 : list.findIndex((e) => compareSortValues(sortValues(e), after) > 0);
    const from = after === undefined ? (body.from ?? 0) : next < 0 ? list.length : next;
    // Elasticsearch's max_result_window: from/size never reaches past the 10,000th hit.
    if (after === undefined && from + body.size > 10_000) {
      const reason = `Result window is too large, from + size must be less than or equal to: [10000] but was [${from + body.size}]`;
      return { status: 400, contentType: 'application/json', body: Buffer.from(JSON.stringify({ error: { type: 'illegal_argument_exception', reason }, status: 400 })) };
    }
    const hits = list.slice(from, from + body.size).map((e) => ({
      _index: 'gn-records',
      _type: '_doc',
      _id: e.id,
      _score: null,
      _source: { uuid: e.id, documentStandard: 'iso19139', resourceType: ['dataset'], isTemplate: 'n', changeDate: e.datestamp, dateStamp: e.datestamp },
      ...(body.sort === undefined ? {} : { sort: sortValues(e) }),
    }));
    const answer = { took: 1, timed_out: false, hits: { total: { value: list.length, relation: 'eq' }, max_score: null, hits } };
    return { status: 200, contentType: 'application/json', body: Buffer.from(JSON.stringify(answer)), page: Math.floor(from / Math.max(1, body.size)) };
  }

  #gnRecord(uuid: string): Answer {
    const entry = this.geonetwork.entries.find((e) => e.id === uuid && !e.deleted);
    if (!entry) return { status: 404, contentType: 'application/json', body: Buffer.from('{"message":"Metadata not found"}') };
    return { status: 200, contentType: 'application/xml', body: Buffer.from(this.geonetwork.render(entry), 'utf8') };
  }

  #esgf(params: URLSearchParams): Answer {
    const { numFound, docs } = this.esgf.search(params);
    const offset = Number(params.get('offset') ?? 0);
    const limit = Number(params.get('limit') ?? 10);
    const listing = params.has('from') && limit > 0;
    const body = JSON.stringify({
      responseHeader: { status: 0, QTime: 1, params: Object.fromEntries(params) },
      response: { numFound, start: offset, maxScore: 1.0, docs },
    });
    return { status: 200, contentType: 'application/json;charset=UTF-8', body: Buffer.from(body), ...(listing ? { page: Math.floor(offset / limit) } : {}) };
  }

  #stac(body: Record<string, unknown>): Answer {
    const limit = Number(body.limit ?? 10);
    const offset = typeof body.token === 'string' ? Number(body.token.replace('offset:', '')) : 0;
    const matches = this.stac.matching(body.filter);
    const features = matches.slice(offset, offset + limit);
    const links = [{ rel: 'self', href: `${this.url}/stac/search`, type: 'application/geo+json' }];
    if (offset + limit < matches.length) {
      links.push({ rel: 'next', href: `${this.url}/stac/search`, type: 'application/geo+json', method: 'POST', body: { token: `offset:${offset + limit}` }, merge: true } as (typeof links)[number]);
    }
    const collection = { type: 'FeatureCollection', features, links, numberMatched: matches.length, numberReturned: features.length };
    return { status: 200, contentType: 'application/geo+json', body: Buffer.from(JSON.stringify(collection)), page: Math.floor(offset / limit) };
  }
}

/** Elasticsearch's order of sort values: the change time, then the uuid. */
function compareSortValues(a: readonly [number, string], b: readonly [number, string]): number {
  return a[0] - b[0] || (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0);
}

function xml(text: string): Answer {
  return { status: 200, contentType: 'text/xml; charset=UTF-8', body: Buffer.from(text, 'utf8') };
}

function oaiError(code: string, message: string): Answer {
  return xml(
    `<?xml version="1.0" encoding="UTF-8"?><OAI-PMH xmlns="${OAI_NS}"><responseDate>${new Date().toISOString().slice(0, 19)}Z</responseDate>` +
      `<request>replay</request><error code="${code}">${message}</error></OAI-PMH>`,
  );
}

function oaiRecord(e: IsoEntry, catalogue: IsoCatalogue): string {
  const header =
    `<oai:header${e.deleted ? ' status="deleted"' : ''}><oai:identifier>${e.id}</oai:identifier>` +
    `<oai:datestamp>${e.datestamp.slice(0, 19)}Z</oai:datestamp><oai:setSpec>${e.set}</oai:setSpec></oai:header>`;
  return e.deleted ? `<oai:record>${header}</oai:record>` : `<oai:record>${header}<oai:metadata>${catalogue.render(e)}</oai:metadata></oai:record>`;
}

/** Request matchers for `inject`: the n-th page (from 0) of an endpoint's listing. */
export const oaiPage = (n: number) => (r: ReplayRequest): boolean => r.path === '/oai' && r.page === n;
export const cswPage = (n: number) => (r: ReplayRequest): boolean => r.path === '/csw' && r.page === n;
export const aerisRecordRequest = (uuid: string) => (r: ReplayRequest): boolean => r.path === `/aeris/metadata/${uuid}`;
export const geonetworkPage = (n: number) => (r: ReplayRequest): boolean => r.path.endsWith('/_search') && r.page === n;
export const esgfPage = (n: number) => (r: ReplayRequest): boolean => r.path === '/esg-search/search' && r.page === n;
export const stacPage = (n: number) => (r: ReplayRequest): boolean => r.path === '/stac/search' && r.page === n;
