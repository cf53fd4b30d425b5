import type { Logger } from 'pino';
import type { SourceConfig } from '../../src/core/harvest.js';
import { FetchHttpClient } from '../../src/core/http/httpClient.js';

/** The HTTP client of one source: its `http` settings over the client's defaults, retries logged. */
export function sourceHttpClient(source: SourceConfig, log: Logger): FetchHttpClient {
  const h = source.http;
  return new FetchHttpClient({
    ...(h?.timeoutSeconds === undefined ? {} : { timeoutMs: h.timeoutSeconds * 1000 }),
    ...(h?.retries === undefined ? {} : { retries: h.retries }),
    ...(h?.minIntervalMs === undefined ? {} : { minIntervalMs: h.minIntervalMs }),
    ...(h?.concurrency === undefined ? {} : { concurrency: h.concurrency }),
    ...(h?.maxResponseBytes === undefined ? {} : { maxResponseBytes: h.maxResponseBytes }),
    onRetry: (n) => log.warn({ source: source.id, url: n.url, attempt: n.attempt, delayMs: n.delayMs, reason: n.reason }, 'request failed: retrying'),
  });
}
