import type { IncomingMessage, ServerResponse } from 'node:http';
import { startLocalServer, type LocalServer } from '../test/support/localServer.js';
import { esgfDatasetDoc, getRecordsResponse, renderIsoRecord } from '../test/support/replayData.js';

/**
 * The upstream catalogues of the harvest benchmark, on 127.0.0.1: a CSW 2.0.2 server (`/csw`, GetRecords
 * POST, full gmd records or brief ones) and an esg-search index node (`/esg-search/search`, Solr JSON),
 * each holding `count` records generated from one real fixture record with its identifier and title
 * varied. Nothing is held per record: each real record is split once around its identifier, and a page
 * is the parts joined with the ids of its records, so that the server stays light beside the harvest.
 */

const ID_MARK = '@@ID@@';
const N_MARK = '@@N@@';
const TIME_MARK = '@@T@@';

/** The record as its template's parts, to be joined with the marks' values. */
interface Template {
  readonly parts: readonly string[];
  readonly marks: readonly string[];
}

function splitTemplate(text: string, marks: readonly string[]): Template {
  const pattern = new RegExp(`(${marks.join('|')})`);
  const pieces = text.split(pattern);
  return { parts: pieces.filter((_, i) => i % 2 === 0), marks: pieces.filter((_, i) => i % 2 === 1) };
}

function fill(template: Template, values: Readonly<Record<string, string>>): string {
  let out = template.parts[0] ?? '';
  for (let i = 0; i < template.marks.length; i++) out += (values[template.marks[i] ?? ''] ?? '') + (template.parts[i + 1] ?? '');
  return out;
}

const ISO_RECORD = splitTemplate(
  renderIsoRecord({ id: ID_MARK, title: `Air temperature ${N_MARK}`, datestamp: '2024-01-01T00:00:00Z', broken: false }),
  [ID_MARK, N_MARK],
);

/** What a brief gmd record of GeoNetwork carries that the identifier listing reads. */
const briefIsoRecord = (id: string): string =>
  `<gmd:MD_Metadata xmlns:gmd="http://www.isotc211.org/2005/gmd" xmlns:gco="http://www.isotc211.org/2005/gco">` +
  `<gmd:fileIdentifier><gco:CharacterString>${id}</gco:CharacterString></gmd:fileIdentifier></gmd:MD_Metadata>`;

const cswId = (n: number): string => `bench-${String(n).padStart(7, '0')}`;

/** ESGF datasets are indexed one second apart from this time on, so that `_timestamp` windows select ranges of them. */
const ESGF_EPOCH = Date.UTC(2019, 0, 1);
const ESGF_NODE = 'esgf.ceda.ac.uk';
const memberOf = (n: number): string => `r${n + 1}i1p1f1`;
const esgfTime = (n: number): string => `${new Date(ESGF_EPOCH + n * 1000).toISOString().slice(0, 19)}Z`;

const ESGF_DATASET = splitTemplate(
  JSON.stringify({ ...esgfDatasetDoc(ID_MARK, ESGF_NODE), replica: false, _timestamp: TIME_MARK, score: 1.0 }),
  [ID_MARK, TIME_MARK],
);
const esgfDataset = (n: number): string => fill(ESGF_DATASET, { [ID_MARK]: memberOf(n), [TIME_MARK]: esgfTime(n) });
const ESGF_LISTED = splitTemplate(JSON.stringify({ id: esgfDatasetDoc(ID_MARK, ESGF_NODE).id, latest: true, retracted: false }), [ID_MARK]);
const MEMBER = /\.r(\d+)i1p1f1\./;

export type HarvestKind = 'csw' | 'esgf';

export class HarvestReplay {
  #listening: LocalServer | undefined;
  readonly #count: number;
  readonly #served: Record<HarvestKind, number> = { csw: 0, esgf: 0 };
  url = '';

  private constructor(count: number) {
    this.#count = count;
  }

  static async start(count: number): Promise<HarvestReplay> {
    const replay = new HarvestReplay(count);
    replay.#listening = await startLocalServer((req, res) => void replay.#handle(req, res));
    replay.url = replay.#listening.url;
    return replay;
  }

  /** Full records served so far by the harvest listing of a kind (not by the identifier listings). */
  served(kind: HarvestKind): number {
    return this.#served[kind];
  }

  async close(): Promise<void> {
    await this.#listening?.close();
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    let answer: { type: string; body: Buffer } | undefined;
    if (url.pathname === '/csw' && req.method === 'POST') answer = this.#csw(Buffer.concat(chunks).toString('utf8'));
    else if (url.pathname === '/esg-search/search') answer = this.#esgf(url.searchParams);
    if (answer === undefined) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': answer.type, 'content-length': answer.body.length }).end(answer.body);
  }

  #csw(body: string): { type: string; body: Buffer } {
    const start = Number(/startPosition="(\d+)"/.exec(body)?.[1] ?? 1);
    const max = Number(/maxRecords="(\d+)"/.exec(body)?.[1] ?? 10);
    const brief = /<csw:ElementSetName>brief</.test(body);
    const first = start - 1;
    const last = Math.min(this.#count, first + max);
    const records: string[] = [];
    for (let n = first; n < last; n++) {
      records.push(brief ? briefIsoRecord(cswId(n)) : fill(ISO_RECORD, { [ID_MARK]: cswId(n), [N_MARK]: String(n) }));
    }
    if (!brief) this.#served.csw += records.length;
    const text = getRecordsResponse(records, { matched: this.#count, nextRecord: last < this.#count ? last + 1 : 0 });
    return { type: 'application/xml', body: Buffer.from(text, 'latin1') };
  }

  /**
   * esg-search as the harvester uses it: Dataset pages in a `from`/`to` window, the copies of given
   * `instance_id`s, and the id listing (`fields`); no File documents.
   */
  #esgf(params: URLSearchParams): { type: string; body: Buffer } {
    const offset = Number(params.get('offset') ?? 0);
    const limit = Number(params.get('limit') ?? 10);
    let numFound = 0;
    let docs: string[] = [];
    if (params.get('type') === 'Dataset' && params.has('instance_id')) {
      // Every dataset of this index is an original: asked for replicas only, there are none.
      const ns = params.get('replica') === 'true' ? [] : (params.get('instance_id') ?? '').split(',').flatMap((id) => {
        const n = Number(MEMBER.exec(id)?.[1]) - 1;
        return Number.isInteger(n) && n >= 0 && n < this.#count ? [n] : [];
      });
      numFound = ns.length;
      docs = ns.slice(offset, offset + limit).map(esgfDataset);
    } else if (params.get('type') === 'Dataset') {
      const from = params.get('from');
      const to = params.get('to');
      const lo = from === null ? 0 : Math.max(0, Math.ceil((Date.parse(from) - ESGF_EPOCH) / 1000));
      const hi = to === null ? this.#count - 1 : Math.min(this.#count - 1, Math.floor((Date.parse(to) + 999 - ESGF_EPOCH) / 1000));
      numFound = Math.max(0, hi - lo + 1);
      const first = lo + offset;
      const last = Math.min(hi + 1, first + limit);
      const listing = params.get('fields') === 'id,latest,retracted';
      for (let n = first; n < last; n++) docs.push(listing ? fill(ESGF_LISTED, { [ID_MARK]: memberOf(n) }) : esgfDataset(n));
      if (!listing) this.#served.esgf += docs.length;
    }
    const text =
      `{"responseHeader":{"status":0,"QTime":1},"response":{"numFound":${numFound},"start":${offset},"maxScore":1.0,` +
      `"docs":[${docs.join(',')}]}}`;
    return { type: 'application/json;charset=UTF-8', body: Buffer.from(text) };
  }
}
