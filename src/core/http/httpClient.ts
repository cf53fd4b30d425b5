import { MeridianError } from '../errors.js';
import { backoffDelay, retryAfterMs, sleep } from './backoff.js';
import { decodeBody } from './decodeBody.js';
import { HostRateLimit, Semaphore } from './requestLimits.js';

export interface HttpRequest {
  readonly url: string;
  readonly method?: 'GET' | 'POST';
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string;
  /** Error statuses answered as responses rather than failures (404 for a record that vanished). */
  readonly acceptStatuses?: readonly number[];
}

export interface HttpResponse {
  /** The final URL, after redirects. */
  readonly url: string;
  readonly status: number;
  readonly contentType: string;
  readonly headers: Headers;
  /** The body decoded by its charset (see `decodeBody`). */
  readonly text: string;
}

/** What harvesters use to reach a source: successful (2xx or accepted) responses or `MeridianError('UpstreamFailed')`. */
export interface HttpClient {
  request(req: HttpRequest, opts?: { readonly signal?: AbortSignal }): Promise<HttpResponse>;
}

export interface RetryNotice {
  readonly url: string;
  /** The attempt that failed, from 1. */
  readonly attempt: number;
  readonly delayMs: number;
  readonly reason: string;
}

export interface HttpClientOptions {
  /** Time allowed for one attempt, body included. */
  readonly timeoutMs?: number;
  /** Attempts after the first one, for 5xx, 429, timeouts and broken connections. */
  readonly retries?: number;
  readonly backoffMs?: number;
  readonly maxBackoffMs?: number;
  /** A longer Retry-After is cut to this. */
  readonly maxRetryAfterMs?: number;
  /** Least time between two requests to the same host. */
  readonly minIntervalMs?: number;
  /** Requests in flight at once, all hosts together. */
  readonly concurrency?: number;
  /** A larger response is aborted. */
  readonly maxResponseBytes?: number;
  readonly userAgent?: string;
  readonly onRetry?: (notice: RetryNotice) => void;
}

const HTTP_DEFAULTS = {
  timeoutMs: 60_000,
  retries: 4,
  backoffMs: 1_000,
  maxBackoffMs: 60_000,
  maxRetryAfterMs: 300_000,
  minIntervalMs: 0,
  concurrency: 4,
  maxResponseBytes: 200 * 1024 * 1024,
  userAgent: 'Meridian harvester',
} as const;

type Attempt =
  | { readonly ok: true; readonly response: HttpResponse }
  | { readonly ok: false; readonly retry: boolean; readonly error: MeridianError; readonly retryAfterMs?: number };

// Errors of a connection that broke or never opened: worth another attempt.
const NETWORK_CODES = new Set([
  'ECONNRESET', 'ECONNREFUSED', 'ECONNABORTED', 'EPIPE', 'ETIMEDOUT', 'EAI_AGAIN', 'ENOTFOUND', 'EHOSTUNREACH',
  'ENETUNREACH', 'UND_ERR_SOCKET', 'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'UND_ERR_CLOSED',
]);

function networkErrorCode(error: unknown): string | undefined {
  for (let e: unknown = error, depth = 0; e !== undefined && e !== null && depth < 4; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && NETWORK_CODES.has(code)) return code;
    if (e instanceof Error && /socket hang up|other side closed|terminated/i.test(e.message)) return e.message;
  }
  // fetch reports every transport failure as a TypeError ("fetch failed").
  return error instanceof TypeError ? error.message : undefined;
}

/**
 * An HTTP client over Node's fetch for harvesting: a timeout per attempt, retries with exponential backoff
 * and jitter (honouring Retry-After), a per-host rate limit, a bound on requests in flight, a response size
 * guard, and decoding by charset.
 */
export class FetchHttpClient implements HttpClient {
  readonly #options: Required<Omit<HttpClientOptions, 'onRetry'>>;
  readonly #onRetry: HttpClientOptions['onRetry'];
  readonly #slots: Semaphore;
  readonly #rate: HostRateLimit;

  constructor(options: HttpClientOptions = {}) {
    const { onRetry, ...rest } = options;
    this.#options = { ...HTTP_DEFAULTS, ...stripUndefined(rest) };
    this.#onRetry = onRetry;
    this.#slots = new Semaphore(this.#options.concurrency);
    this.#rate = new HostRateLimit(this.#options.minIntervalMs);
  }

  async request(req: HttpRequest, opts?: { readonly signal?: AbortSignal }): Promise<HttpResponse> {
    for (let attempt = 1; ; attempt++) {
      const outcome = await this.#attempt(req, opts?.signal);
      if (outcome.ok) return outcome.response;
      if (!outcome.retry) throw outcome.error;
      if (attempt > this.#options.retries) {
        throw new MeridianError('UpstreamFailed', `${outcome.error.message} (${attempt} attempts)`, { cause: outcome.error.cause });
      }
      const delayMs =
        outcome.retryAfterMs !== undefined
          ? Math.min(outcome.retryAfterMs, this.#options.maxRetryAfterMs)
          : backoffDelay(attempt - 1, this.#options.backoffMs, this.#options.maxBackoffMs);
      this.#onRetry?.({ url: req.url, attempt, delayMs, reason: outcome.error.message });
      await sleep(delayMs, opts);
    }
  }

  async #attempt(req: HttpRequest, signal: AbortSignal | undefined): Promise<Attempt> {
    const method = req.method ?? 'GET';
    const what = `${method} ${req.url}`;
    const release = await this.#slots.acquire({ signal });
    try {
      await this.#rate.wait(new URL(req.url).host, { signal });
      const timeout = AbortSignal.timeout(this.#options.timeoutMs);
      const combined = signal ? AbortSignal.any([signal, timeout]) : timeout;
      try {
        const res = await fetch(req.url, {
          method,
          headers: { 'user-agent': this.#options.userAgent, ...req.headers },
          ...(req.body === undefined ? {} : { body: req.body }),
          signal: combined,
          redirect: 'follow',
        });
        if (!res.ok && !req.acceptStatuses?.includes(res.status)) {
          await res.body?.cancel().catch(() => undefined);
          const retry = res.status === 429 || res.status >= 500;
          const error = new MeridianError('UpstreamFailed', `${what}: HTTP ${res.status}`);
          const after = retry ? retryAfterMs(res.headers.get('retry-after')) : undefined;
          return { ok: false, retry, error, ...(after === undefined ? {} : { retryAfterMs: after }) };
        }
        const contentType = res.headers.get('content-type') ?? '';
        const bytes = await readLimited(res, this.#options.maxResponseBytes, what);
        return { ok: true, response: { url: res.url || req.url, status: res.status, contentType, headers: res.headers, text: decodeBody(bytes, contentType) } };
      } catch (error) {
        if (signal?.aborted) throw signal.reason;
        if (error instanceof MeridianError) return { ok: false, retry: false, error };
        if (timeout.aborted) {
          return { ok: false, retry: true, error: new MeridianError('UpstreamFailed', `${what}: no complete answer within ${this.#options.timeoutMs} ms`, { cause: error }) };
        }
        const code = networkErrorCode(error);
        if (code !== undefined) {
          return { ok: false, retry: true, error: new MeridianError('UpstreamFailed', `${what}: connection failed (${code})`, { cause: error }) };
        }
        return { ok: false, retry: false, error: new MeridianError('UpstreamFailed', `${what}: ${(error as Error).message}`, { cause: error }) };
      }
    } finally {
      release();
    }
  }
}

/** The body's bytes, aborting the transfer as soon as it passes `maxBytes`. */
async function readLimited(res: Response, maxBytes: number, what: string): Promise<Uint8Array> {
  const tooLarge = () => new MeridianError('UpstreamFailed', `${what}: the response is larger than ${maxBytes} bytes`);
  const declared = Number(res.headers.get('content-length') ?? NaN);
  if (Number.isFinite(declared) && declared > maxBytes) {
    await res.body?.cancel().catch(() => undefined);
    throw tooLarge();
  }
  if (!res.body) return new Uint8Array();
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge();
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
