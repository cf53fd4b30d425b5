import { renderCswRecord } from '../../../crosswalks/dublin-core/fromStac.js';
import { invalidParameter, MeridianError } from '../../core/errors.js';
import type { RecordInput } from '../../core/record.js';
import { decodeXml, parseXml, type XmlElement } from '../../core/xml.js';
import type { RecordStore } from '../../store/recordStore.js';
import { incomingRecord, recordsIn } from './incomingRecord.js';
import type { TransactionSummary } from './render.js';
import type { HarvestResourceType } from './request.js';

export interface HarvestContext {
  readonly store: RecordStore;
  readonly actor: string;
  readonly baseUrl: string;
  readonly signal?: AbortSignal;
}

/** Provenance of records harvested through CSW Harvest: curator edits to them go into overlays. */
export const HARVEST_SOURCE_ID = 'csw-harvest';

const TIMEOUT_MS = 30_000;
const MAX_BYTES = 20 * 1024 * 1024;

/** The resource's bytes, within a time and size budget; any failure upstream is `UpstreamFailed`. */
async function fetchResource(url: string, signal: AbortSignal | undefined): Promise<Uint8Array> {
  const timeout = AbortSignal.timeout(TIMEOUT_MS);
  let response: Response;
  try {
    response = await fetch(url, {
      headers: { accept: 'application/xml, text/xml;q=0.9, */*;q=0.1', 'user-agent': 'Meridian CSW Harvest' },
      redirect: 'follow',
      signal: signal === undefined ? timeout : AbortSignal.any([signal, timeout]),
    });
  } catch (error) {
    throw new MeridianError('UpstreamFailed', `the resource at ${url} could not be fetched`, { locator: 'Source', cause: error });
  }
  if (!response.ok) {
    await response.body?.cancel().catch(() => undefined);
    throw new MeridianError('UpstreamFailed', `the resource at ${url} answered HTTP ${response.status}`, { locator: 'Source' });
  }
  const chunks: Uint8Array[] = [];
  let total = 0;
  for await (const chunk of response.body ?? []) {
    total += chunk.byteLength;
    if (total > MAX_BYTES) throw new MeridianError('UpstreamFailed', `the resource at ${url} is larger than ${MAX_BYTES} bytes`, { locator: 'Source' });
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/**
 * CSW Harvest, synchronously: fetches the resource (an ISO 19139 record or a csw:Record, or a CSW response
 * holding such records) with Node's fetch, reads every record in it and upserts them. A record that is the
 * whole document is kept as received as its native document. Unchanged records count as neither inserted
 * nor updated.
 */
export async function harvestResource(source: string, type: HarvestResourceType, ctx: HarvestContext): Promise<TransactionSummary> {
  const text = decodeXml(await fetchResource(source, ctx.signal));
  let root: XmlElement;
  try {
    root = parseXml(text);
  } catch (error) {
    throw invalidParameter('Source', `the resource at ${source} is not an XML document`, error);
  }
  const elements = recordsIn(root, type);
  if (elements.length === 0) {
    throw invalidParameter('ResourceType', `the resource at ${source} holds no ${type === 'iso19139' ? 'gmd:MD_Metadata' : 'csw:Record'}`);
  }
  const harvestedAt = new Date().toISOString();
  const inputs: RecordInput[] = elements.map((el) => {
    const input = incomingRecord(el, ctx.baseUrl, el === root ? text : undefined);
    return { ...input, provenance: { sourceId: HARVEST_SOURCE_ID, nativeId: input.doc.id, harvestedAt } };
  });
  const outcomes = await ctx.store.upsertMany(inputs, ctx.actor);
  const failed = outcomes.find((o) => o.status === 'failed');
  if (failed !== undefined && failed.status === 'failed') throw invalidParameter('Source', `record ${failed.id} was not stored: ${failed.reason}`);
  const created = inputs.filter((_, i) => outcomes[i]?.status === 'created');
  return {
    inserted: created.length,
    updated: outcomes.filter((o) => o.status === 'updated' || o.status === 'restored').length,
    deleted: 0,
    insertResults: [{ briefRecords: created.map((i) => renderCswRecord(i.doc, 'brief')) }],
  };
}
