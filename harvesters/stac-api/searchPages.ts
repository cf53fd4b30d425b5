import { MeridianError } from '../../src/core/errors.js';
import type { Checkpoint, HarvestContext, HarvestedDocument } from '../../src/core/harvest.js';
import type { NativeFormat } from '../../src/core/nativeFormat.js';
import { isJsonObject, type JsonObject, type JsonValue } from '../../src/core/json.js';

/** One request of a STAC item listing: the first one, or a `next` link (GET, or POST with a body). */
export interface StacRequest {
  readonly href: string;
  readonly method: 'GET' | 'POST';
  readonly body?: JsonObject;
}

export interface StacPage {
  readonly items: readonly JsonValue[];
  readonly next?: StacRequest;
  readonly matched?: number;
}

/** Reads an ItemCollection and its `next` link (relative links resolve against the response URL). */
export function readStacPage(text: string, responseUrl: string, current: StacRequest): StacPage {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new MeridianError('UpstreamFailed', `the STAC response from ${current.href} is not JSON: ${(error as Error).message}`, { cause: error });
  }
  if (!isJsonObject(parsed) || !Array.isArray(parsed.features)) {
    throw new MeridianError('UpstreamFailed', `the STAC response from ${current.href} is not an ItemCollection`);
  }
  const links = Array.isArray(parsed.links) ? parsed.links.filter(isJsonObject) : [];
  const link = links.find((l) => l.rel === 'next' && typeof l.href === 'string');
  const context = isJsonObject(parsed.context) ? parsed.context : {};
  const matched = typeof parsed.numberMatched === 'number' ? parsed.numberMatched : typeof context.matched === 'number' ? context.matched : undefined;
  let next: StacRequest | undefined;
  if (link) {
    const method = String(link.method ?? 'GET').toUpperCase() === 'POST' ? 'POST' : 'GET';
    const linkBody = isJsonObject(link.body) ? link.body : undefined;
    // A POST next link's body replaces the request body, or is merged into it when `merge` is true.
    const body = method === 'POST' ? (link.merge === true ? { ...(current.body ?? {}), ...(linkBody ?? {}) } : (linkBody ?? current.body)) : undefined;
    next = { href: new URL(String(link.href), responseUrl).toString(), method, ...(body === undefined ? {} : { body }) };
  }
  return { items: parsed.features, ...(next ? { next } : {}), ...(matched === undefined ? {} : { matched }) };
}

const sameRequest = (a: StacRequest, b: StacRequest): boolean =>
  a.href === b.href && a.method === b.method && JSON.stringify(a.body ?? null) === JSON.stringify(b.body ?? null);

function checkpointRequest(value: JsonValue | undefined): StacRequest | undefined {
  if (!isJsonObject(value) || typeof value.href !== 'string') return undefined;
  return { href: value.href, method: value.method === 'POST' ? 'POST' : 'GET', ...(isJsonObject(value.body) ? { body: value.body } : {}) };
}

/**
 * The items of a STAC listing as native documents, page by page along `next` links. The checkpoint after
 * a page is the request of the next page (null: done), so a resumed harvest continues where it stopped.
 */
export async function* stacDocuments(
  first: StacRequest,
  from: Checkpoint | undefined,
  format: NativeFormat,
  ctx: HarvestContext,
): AsyncGenerator<HarvestedDocument> {
  if (from !== undefined && from.next === null) return;
  let request: StacRequest | undefined = checkpointRequest(from?.next) ?? first;
  while (request !== undefined) {
    const response = await ctx.http.request(
      {
        url: request.href,
        method: request.method,
        headers: { accept: 'application/geo+json, application/json', ...(request.body ? { 'content-type': 'application/json' } : {}) },
        ...(request.body ? { body: JSON.stringify(request.body) } : {}),
      },
      { signal: ctx.signal },
    );
    const page = readStacPage(response.text, response.url, request);
    if (page.next && sameRequest(page.next, request)) {
      throw new MeridianError('UpstreamFailed', `the STAC API at ${request.href} links a page to itself`);
    }
    const checkpoint: Checkpoint = { next: page.next ? { ...page.next } : null };
    for (const [i, item] of page.items.entries()) {
      const id = isJsonObject(item) && typeof item.id === 'string' ? item.id : undefined;
      const properties = isJsonObject(item) && isJsonObject(item.properties) ? item.properties : {};
      yield {
        nativeId: id ?? `(item ${i + 1} of a page without an id)`,
        format,
        document: JSON.stringify(item),
        ...(typeof properties.updated === 'string' ? { datestamp: properties.updated } : {}),
        deleted: false,
        ...(page.matched === undefined ? {} : { total: page.matched }),
        ...(i === page.items.length - 1 ? { checkpoint } : {}),
      };
    }
    request = page.next;
  }
}

/** `updated >= since` in CQL2 JSON, on the named property; rounded down to the second, as servers often store it. */
export function updatedSince(property: string, since: string): JsonObject {
  return { op: '>=', args: [{ property }, { timestamp: `${new Date(since).toISOString().slice(0, 19)}Z` }] };
}
