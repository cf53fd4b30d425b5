import { MeridianError } from '../../src/core/errors.js';
import type { HttpClient } from '../../src/core/http/httpClient.js';
import { isJsonObject } from '../../src/core/json.js';

/** The catalogue REST API of the AERIS production instance (`.../metadata/summaries`, `.../metadata/{uuid}`). */
export const AERIS_METADATA_API = 'https://api.sedoo.fr/aeris-catalogue-prod/metadata';

/** One entry of `GET .../metadata/summaries`: only `id` (the metadata uuid) is relied on. */
export interface AerisSummary {
  readonly id: string;
}

/**
 * Reads a summaries listing, `{"results": [{"id": "<uuid>", ...}, ...]}`. Entries without a string id
 * are left out; anything but that shape throws `UpstreamFailed`, so that a broken listing never reads as
 * "every record was deleted".
 */
export function parseSummaries(text: string): AerisSummary[] {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (error) {
    throw new MeridianError('UpstreamFailed', 'the AERIS summaries listing is not JSON', { cause: error });
  }
  const results = isJsonObject(body) ? body['results'] : undefined;
  if (!Array.isArray(results)) throw new MeridianError('UpstreamFailed', 'the AERIS summaries listing has no "results" array');
  return results.flatMap((entry: unknown) => {
    if (!isJsonObject(entry)) return [];
    const id = entry['id'];
    return typeof id === 'string' && id.trim() !== '' ? [{ id: id.trim() }] : [];
  });
}

/** `GET {api}/summaries?project={project}`; an empty project lists every record. */
export function summariesUrl(api: string, project = ''): string {
  return `${api.replace(/\/+$/, '')}/summaries?project=${encodeURIComponent(project)}`;
}

/** The metadata uuids the catalogue lists now: what a reconciliation compares the harvested records with. */
export async function listAerisIds(
  api: string,
  project: string | undefined,
  ctx: { readonly http: HttpClient; readonly signal?: AbortSignal },
): Promise<Set<string>> {
  const response = await ctx.http.request(
    { url: summariesUrl(api, project), headers: { accept: 'application/json' } },
    ctx.signal === undefined ? undefined : { signal: ctx.signal },
  );
  return new Set(parseSummaries(response.text).map((s) => s.id));
}

/**
 * The harvested uuids the listing no longer has: the records to delete. An empty listing against
 * harvested records is refused (`UpstreamFailed`) rather than read as the whole catalogue being deleted.
 */
export function goneFromListing(listed: ReadonlySet<string>, harvested: Iterable<string>): string[] {
  const gone = [...new Set(harvested)].filter((id) => !listed.has(id));
  if (listed.size === 0 && gone.length > 0) {
    throw new MeridianError('UpstreamFailed', 'the AERIS summaries listing is empty: no record is deleted on its word');
  }
  return gone;
}
