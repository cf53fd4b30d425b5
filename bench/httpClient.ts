import { Agent, request } from 'node:http';

/** Every benchmark request goes to the server under test on the loopback interface, nowhere else. */
const HOST = '127.0.0.1';

export interface HttpRequest {
  readonly method: 'GET' | 'POST';
  /** Path and query string, e.g. `/search?q=temperature`. */
  readonly path: string;
  /** Sent as JSON, or as is when `contentType` is given (an XML document, a form). */
  readonly body?: unknown;
  readonly contentType?: string;
}

export interface HttpResponse {
  readonly status: number;
  readonly body: string;
  /** From sending the request to the last byte of the body. */
  readonly ms: number;
}

export interface HttpClient {
  send(req: HttpRequest, opts?: { readonly signal?: AbortSignal }): Promise<HttpResponse>;
  close(): void;
}

/**
 * A keep-alive client for one local port: sockets are reused across requests, so latencies measure
 * the server rather than TCP set-up. A request that takes longer than `timeoutMs` fails.
 */
export function httpClient(port: number, options: { readonly maxSockets?: number; readonly timeoutMs?: number } = {}): HttpClient {
  const agent = new Agent({ keepAlive: true, maxSockets: options.maxSockets ?? 32 });
  const timeoutMs = options.timeoutMs ?? 30_000;
  return {
    async send(req, opts) {
      try {
        return await sendOnce(agent, port, timeoutMs, req, opts?.signal);
      } catch (error) {
        // a kept-alive socket that the server closed while idle fails on reuse (a known Node race): retried once
        if (!(error instanceof StaleSocketError)) throw error;
        return sendOnce(agent, port, timeoutMs, req, opts?.signal);
      }
    },
    close() {
      agent.destroy();
    },
  };
}

function sendOnce(agent: Agent, port: number, timeoutMs: number, req: HttpRequest, signal: AbortSignal | undefined): Promise<HttpResponse> {
  const payload = req.body === undefined ? undefined : req.contentType === undefined ? JSON.stringify(req.body) : String(req.body);
  return new Promise<HttpResponse>((resolve, reject) => {
    const started = performance.now();
    const outgoing = request(
      {
        host: HOST,
        port,
        method: req.method,
        path: req.path,
        agent,
        signal,
        timeout: timeoutMs,
        headers: {
          accept: 'application/json',
          ...(payload === undefined ? {} : { 'content-type': req.contentType ?? 'application/json', 'content-length': Buffer.byteLength(payload) }),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', reject);
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), ms: performance.now() - started }));
      },
    );
    outgoing.on('timeout', () => outgoing.destroy(new Error(`${req.method} ${req.path}: no answer within ${timeoutMs} ms`)));
    outgoing.on('error', (error: NodeJS.ErrnoException) => {
      reject(outgoing.reusedSocket && error.code === 'ECONNRESET' ? new StaleSocketError(error.message) : error);
    });
    outgoing.end(payload);
  });
}

class StaleSocketError extends Error {}

/** The request a `next` (or any) STAC link stands for, sent to the local server whatever host the link names. */
export function linkRequest(link: { readonly href: string; readonly method?: string; readonly body?: unknown; readonly merge?: boolean }, previous: HttpRequest): HttpRequest {
  const url = new URL(link.href, `http://${HOST}`);
  const path = `${url.pathname}${url.search}`;
  if ((link.method ?? 'GET').toUpperCase() !== 'POST') return { method: 'GET', path };
  const body = link.merge && isObject(previous.body) && isObject(link.body) ? { ...previous.body, ...link.body } : (link.body ?? previous.body);
  return { method: 'POST', path, body };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
