import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { createServer, get } from 'node:http';
import { fileURLToPath } from 'node:url';
import type { Driver } from './report.js';

const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));
const MERIDIAN_BIN = fileURLToPath(new URL('../bin/meridian.js', import.meta.url));
/** Enough of a process's output to explain a failure, without holding everything it printed. */
const OUTPUT_TAIL_CHARS = 8_000;

export interface MeridianProcess {
  readonly child: ChildProcess;
  /** Resolves with the exit code (null when killed by a signal). */
  readonly exited: Promise<number | null>;
  /** The last few kilobytes the process wrote to stdout and stderr. */
  output(): string;
  /** SIGTERM, then SIGKILL if it is still alive after `graceMs`. */
  stop(graceMs?: number): Promise<void>;
}

/** Runs `node bin/meridian.js <args>` from the repository root with exactly the given environment. */
export function spawnMeridian(args: readonly string[], env: NodeJS.ProcessEnv, nodeFlags: readonly string[] = []): MeridianProcess {
  const child = spawn(process.execPath, [...nodeFlags, MERIDIAN_BIN, ...args], { cwd: REPO_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let tail = '';
  const keep = (chunk: Buffer): void => {
    tail = (tail + chunk.toString('utf8')).slice(-OUTPUT_TAIL_CHARS);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<number | null>((resolve) => {
    child.once('error', (error) => {
      keep(Buffer.from(`\n${String(error)}\n`));
      resolve(-1);
    });
    child.once('close', (code) => resolve(code));
  });
  return {
    child,
    exited,
    output: () => tail,
    async stop(graceMs = 5_000) {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** A TCP port that was free on 127.0.0.1 a moment ago. */
export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  server.close();
  await once(server, 'close');
  if (address === null || typeof address === 'string') throw new Error('could not find a free port');
  return address.port;
}

function status(port: number, path: string): Promise<number> {
  return new Promise((resolve) => {
    const req = get({ host: '127.0.0.1', port, path, timeout: 2_000 }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(0));
  });
}

/**
 * Polls `GET path` (default `/`) until it answers 200 and returns the milliseconds since `since`. Fails if
 * the process exits first, nothing answers within `timeoutMs`, or the signal aborts.
 */
export async function waitForOk(
  proc: MeridianProcess,
  port: number,
  since: number,
  timeoutMs: number,
  opts: { readonly path?: string; readonly signal?: AbortSignal } = {},
): Promise<number> {
  const path = opts.path ?? '/';
  let exited = false;
  void proc.exited.then(() => {
    exited = true;
  });
  while (performance.now() - since < timeoutMs) {
    opts.signal?.throwIfAborted();
    if (exited) {
      const how = proc.child.signalCode ? `on ${proc.child.signalCode}` : `with code ${proc.child.exitCode}`;
      throw new Error(`meridian exited ${how} before answering on port ${port}:\n${proc.output()}`);
    }
    if ((await status(port, path)) === 200) return performance.now() - since;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`no 200 on GET ${path} within ${timeoutMs / 1000} s:\n${proc.output()}`);
}

/** Resident set size of a process in MB, from /proc (Linux only; undefined elsewhere or once it has exited). */
export function rssMb(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match?.[1] ? Number(match[1]) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

/** Samples a process's RSS every `everyMs` until stopped, keeping the maximum. */
export function rssSampler(pid: number | undefined, everyMs = 200): { max(): number | undefined; stop(): void } {
  let max: number | undefined;
  const sample = (): void => {
    const mb = rssMb(pid);
    if (mb !== undefined && (max === undefined || mb > max)) max = mb;
  };
  sample();
  let timer: NodeJS.Timeout | undefined = setInterval(sample, everyMs);
  return {
    max: () => max,
    stop: () => {
      if (timer === undefined) return;
      sample();
      clearInterval(timer);
      timer = undefined;
    },
  };
}

/** The database half of a run's environment: PGlite in a data directory, or the PostgreSQL of `databaseUrl`. */
export function databaseEnv(driver: Driver, databaseUrl: string | undefined, dataDir: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, MERIDIAN_DEMO: 'false' };
  if (driver === 'pglite') {
    delete env.DATABASE_URL;
    env.MERIDIAN_DATA_DIR = dataDir;
  } else {
    env.DATABASE_URL = databaseUrl;
    delete env.MERIDIAN_DATA_DIR;
  }
  return env;
}

/** `meridian import <file>`, timed from spawn to exit (process start and migrations included). */
export async function runImport(file: string, count: number, env: NodeJS.ProcessEnv, processes: MeridianProcess[], signal: AbortSignal): Promise<{ seconds: number; itemsPerSecond: number }> {
  // generous: the run fails rather than hangs below 200 items/s
  const timeoutMs = 120_000 + count * 5;
  const started = performance.now();
  const proc = spawnMeridian(['import', file], env);
  processes.push(proc);
  const stop = (): void => void proc.stop();
  const timer = setTimeout(stop, timeoutMs);
  signal.addEventListener('abort', stop, { once: true });
  const code = await proc.exited;
  clearTimeout(timer);
  signal.removeEventListener('abort', stop);
  signal.throwIfAborted();
  const seconds = (performance.now() - started) / 1000;
  if (code !== 0) {
    throw new Error(`meridian import ${code === null ? `was stopped after ${Math.round(seconds)} s` : `exited with code ${code}`}:\n${proc.output()}`);
  }
  return { seconds: Number(seconds.toFixed(3)), itemsPerSecond: Number((count / seconds).toFixed(1)) };
}

/** `meridian serve` on a free port, once `GET /` answers 200; `seconds` is the time it took. */
export async function startServer(env: NodeJS.ProcessEnv, processes: MeridianProcess[], timeoutMs: number, signal: AbortSignal): Promise<{ server: MeridianProcess; port: number; seconds: number }> {
  const port = await freePort();
  const started = performance.now();
  const server = spawnMeridian(['serve'], { ...env, PORT: String(port) });
  processes.push(server);
  const ms = await waitForOk(server, port, started, timeoutMs, { signal });
  return { server, port, seconds: ms / 1000 };
}

/** Aborts when the server exits: a server that dies mid-run ends the run with its last output. */
export function serverExit(server: MeridianProcess): AbortSignal {
  const gone = new AbortController();
  void server.exited.then((code) => {
    // `meridian serve` exits 0 only after a SIGINT or SIGTERM, which a run never sends before its end
    const how = server.child.signalCode ?? (code === 0 ? 'code 0: it was sent SIGINT or SIGTERM by another process' : `code ${code}`);
    gone.abort(new Error(`the server exited (${how}) during the run:\n${server.output()}`));
  });
  return gone.signal;
}
