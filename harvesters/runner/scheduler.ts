import type { Logger } from 'pino';
import { MeridianError } from '../../src/core/errors.js';
import type { SourceConfig } from '../../src/core/harvest.js';
import type { Database } from '../../src/db/database.js';
import type { RunReport } from '../../src/store/harvestStore.js';
import { runHarvest } from './run.js';
import { nextFireTime, parseCron, type CronSchedule } from './schedule.js';
import { sourceHttpClient } from './sourceHttpClient.js';

/** Runs one incremental harvest of a source; the signal stops it. */
export type ScheduledRun = (source: SourceConfig, signal: AbortSignal) => Promise<RunReport>;

export interface HarvestSchedulerOptions {
  /** The configured sources; those without a `schedule` are never run. */
  readonly sources: readonly SourceConfig[];
  readonly run: ScheduledRun;
  readonly log: Logger;
}

/** The longest a timer may wait (setTimeout's limit); longer waits are re-armed. */
const MAX_TIMER_MS = 2 ** 31 - 1;

interface Entry {
  readonly source: SourceConfig;
  readonly schedule: CronSchedule;
  next: Date;
  running?: Promise<void>;
}

/**
 * Runs each source with a `schedule` at its cron times while the server runs. A source is never run
 * twice at once: a fire time that comes while its previous run goes on is skipped and logged. `stop()`
 * (or aborting the signal given to `start()`) interrupts the runs in progress and waits for them.
 */
export class HarvestScheduler {
  readonly #entries: Entry[];
  readonly #run: ScheduledRun;
  readonly #log: Logger;
  readonly #controller = new AbortController();
  #timer: ReturnType<typeof setTimeout> | undefined;
  #started = false;

  constructor(opts: HarvestSchedulerOptions) {
    const now = new Date();
    this.#entries = opts.sources.flatMap((source) => {
      if (source.schedule === undefined) return [];
      const schedule = parseCron(source.schedule);
      return [{ source, schedule, next: nextFireTime(schedule, now) }];
    });
    this.#run = opts.run;
    this.#log = opts.log;
  }

  /** Arms the timers; aborting `signal` stops the scheduler as `stop()` does. */
  start(signal?: AbortSignal): void {
    if (this.#started || this.#controller.signal.aborted) return;
    this.#started = true;
    signal?.addEventListener('abort', () => void this.stop(), { once: true });
    if (signal?.aborted) {
      void this.stop();
      return;
    }
    const now = new Date();
    for (const e of this.#entries) e.next = nextFireTime(e.schedule, now);
    if (this.#entries.length > 0) {
      this.#log.info({ sources: this.#entries.map((e) => ({ source: e.source.id, schedule: e.schedule.expression, next: e.next.toISOString() })) }, 'harvest schedules started');
    }
    this.#arm();
  }

  /** The next time a source is due, or undefined when it has no schedule or the scheduler stopped. */
  nextRun(sourceId: string): Date | undefined {
    if (this.#controller.signal.aborted) return undefined;
    return this.#entries.find((e) => e.source.id === sourceId)?.next;
  }

  /** Whether a scheduled run of the source is in progress. */
  isRunning(sourceId: string): boolean {
    return this.#entries.some((e) => e.source.id === sourceId && e.running !== undefined);
  }

  /** Stops the timers, interrupts the runs in progress and waits for them to end. */
  async stop(): Promise<void> {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
    if (!this.#controller.signal.aborted) {
      this.#controller.abort(new MeridianError('Unavailable', 'the server is shutting down'));
    }
    await Promise.all(this.#entries.map((e) => e.running));
  }

  #arm(): void {
    if (this.#controller.signal.aborted || this.#entries.length === 0) return;
    const first = Math.min(...this.#entries.map((e) => e.next.getTime()));
    const delay = Math.min(MAX_TIMER_MS, Math.max(0, first - Date.now()));
    this.#timer = setTimeout(() => this.#fire(), delay);
    this.#timer.unref();
  }

  #fire(): void {
    this.#timer = undefined;
    const now = new Date();
    for (const e of this.#entries) {
      if (e.next.getTime() > now.getTime()) continue;
      const due = e.next;
      e.next = nextFireTime(e.schedule, now);
      if (e.running) {
        this.#log.warn({ source: e.source.id, due: due.toISOString() }, 'scheduled harvest skipped: the previous run is still going on');
        continue;
      }
      e.running = this.#start(e).finally(() => {
        e.running = undefined;
      });
    }
    this.#arm();
  }

  async #start(e: Entry): Promise<void> {
    const log = this.#log.child({ source: e.source.id });
    log.info('scheduled harvest started');
    try {
      const report = await this.#run(e.source, this.#controller.signal);
      const level = report.status === 'succeeded' ? 'info' : 'warn';
      log[level](
        { runId: report.runId, status: report.status, seen: report.seen, created: report.created, updated: report.updated, deleted: report.deleted, failed: report.failed },
        'scheduled harvest finished',
      );
    } catch (error) {
      log.error({ err: error }, 'scheduled harvest failed');
    }
  }
}

/** Incremental harvest runs over the server's database, each source with its own HTTP client. */
export function incrementalRuns(deps: { readonly db: Database; readonly log: Logger; readonly baseUrl: string }): ScheduledRun {
  return (source, signal) =>
    runHarvest(source, { db: deps.db, http: sourceHttpClient(source, deps.log), log: deps.log, baseUrl: deps.baseUrl }, { mode: 'incremental', signal });
}
