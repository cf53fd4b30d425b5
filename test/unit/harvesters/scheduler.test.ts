import type { Logger } from 'pino';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { HarvestScheduler, type ScheduledRun } from '../../../harvesters/runner/scheduler.js';
import type { SourceConfig } from '../../../src/core/harvest.js';
import type { RunReport } from '../../../src/store/harvestStore.js';

function recordingLog(): { log: Logger; messages: string[] } {
  const messages: string[] = [];
  const write = (_obj: unknown, msg?: string) => {
    messages.push(typeof _obj === 'string' ? _obj : (msg ?? ''));
  };
  const log = { info: write, warn: write, error: write, debug: write } as Record<string, unknown>;
  log['child'] = () => log;
  return { log: log as unknown as Logger, messages };
}

const source = (id: string, schedule?: string): SourceConfig => ({
  id,
  kind: 'csw',
  url: 'https://c.org/csw',
  ...(schedule === undefined ? {} : { schedule }),
});

function report(sourceId: string): RunReport {
  return {
    runId: 1, sourceId, mode: 'incremental', resumed: false, startedAt: new Date().toISOString(), status: 'succeeded', swept: false,
    errors: [], pages: 1, seen: 0, created: 0, updated: 0, unchanged: 0, deleted: 0, failed: 0,
  };
}

/** A run that ends when the test says so, or when its signal is aborted. */
function controllableRuns() {
  const calls: { source: string; signal: AbortSignal; finish: () => void }[] = [];
  const run: ScheduledRun = (s, signal) =>
    new Promise<RunReport>((resolve) => {
      const finish = () => resolve({ ...report(s.id), status: signal.aborted ? 'interrupted' : 'succeeded' });
      signal.addEventListener('abort', finish, { once: true });
      calls.push({ source: s.id, signal, finish });
    });
  return { run, calls };
}

describe('harvest scheduler', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: new Date('2026-11-20T10:00:30Z') });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('runs a scheduled source at its cron times and leaves unscheduled sources alone', async () => {
    const { run, calls } = controllableRuns();
    const { log } = recordingLog();
    const scheduler = new HarvestScheduler({ sources: [source('a', '*/5 * * * *'), source('b')], run, log });
    scheduler.start();
    expect(scheduler.nextRun('a')?.toISOString()).toBe('2026-11-20T10:05:00.000Z');
    expect(scheduler.nextRun('b')).toBeUndefined();
    await vi.advanceTimersByTimeAsync(4 * 60_000);
    expect(calls).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(30_000);
    expect(calls.map((c) => c.source)).toEqual(['a']);
    expect(scheduler.isRunning('a')).toBe(true);
    expect(scheduler.nextRun('a')?.toISOString()).toBe('2026-11-20T10:10:00.000Z');
    calls[0]?.finish();
    await vi.advanceTimersByTimeAsync(0);
    expect(scheduler.isRunning('a')).toBe(false);
    await vi.advanceTimersByTimeAsync(5 * 60_000);
    expect(calls).toHaveLength(2);
    await scheduler.stop();
  });

  it('skips and logs a fire time while the previous run of the source goes on', async () => {
    const { run, calls } = controllableRuns();
    const { log, messages } = recordingLog();
    const scheduler = new HarvestScheduler({ sources: [source('a', '* * * * *')], run, log });
    scheduler.start();
    await vi.advanceTimersByTimeAsync(30_000);
    expect(calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(3 * 60_000);
    expect(calls).toHaveLength(1);
    expect(messages.filter((m) => m.includes('skipped'))).toHaveLength(3);
    calls[0]?.finish();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(calls).toHaveLength(2);
    await scheduler.stop();
  });

  it('runs different sources at the same time', async () => {
    const { run, calls } = controllableRuns();
    const { log } = recordingLog();
    const scheduler = new HarvestScheduler({ sources: [source('a', '* * * * *'), source('b', '* * * * *')], run, log });
    scheduler.start();
    await vi.advanceTimersByTimeAsync(30_000);
    expect(calls.map((c) => c.source).sort()).toEqual(['a', 'b']);
    await scheduler.stop();
  });

  it('interrupts the runs in progress on shutdown and waits for them', async () => {
    const { run, calls } = controllableRuns();
    const { log } = recordingLog();
    const shutdown = new AbortController();
    const scheduler = new HarvestScheduler({ sources: [source('a', '* * * * *')], run, log });
    scheduler.start(shutdown.signal);
    await vi.advanceTimersByTimeAsync(30_000);
    expect(calls).toHaveLength(1);
    shutdown.abort();
    expect(calls[0]?.signal.aborted).toBe(true);
    await scheduler.stop();
    expect(scheduler.isRunning('a')).toBe(false);
    expect(scheduler.nextRun('a')).toBeUndefined();
    await vi.advanceTimersByTimeAsync(10 * 60_000);
    expect(calls).toHaveLength(1);
  });

  it('logs a failed run and keeps the schedule', async () => {
    const { log, messages } = recordingLog();
    let n = 0;
    const run: ScheduledRun = () => {
      n += 1;
      return Promise.reject(new Error('database gone'));
    };
    const scheduler = new HarvestScheduler({ sources: [source('a', '* * * * *')], run, log });
    scheduler.start();
    await vi.advanceTimersByTimeAsync(30_000 + 60_000);
    expect(n).toBe(2);
    expect(messages.filter((m) => m === 'scheduled harvest failed')).toHaveLength(2);
    await scheduler.stop();
  });
});
