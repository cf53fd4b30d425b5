import express, { type Request, type Router } from 'express';
import type { Logger } from 'pino';
import { MeridianError } from '../../core/errors.js';
import type { SourceConfig } from '../../core/harvest.js';
import type { HarvestStore, RunSummary, SourceState } from '../../store/harvestStore.js';
import { requireRole } from '../../web/authentication.js';
import { jsonApiErrorHandler } from '../jsonApiErrors.js';

/** What the harvest routes show of the configured sources and their schedules. */
export interface HarvestView {
  readonly sources: readonly SourceConfig[];
  /** The next scheduled run of a source; undefined when it has no schedule or nothing schedules runs. */
  nextRun(sourceId: string): Date | undefined;
}

const DEFAULT_LIMIT = 20;
const MAX_LIMIT = 200;


/** A source URL without credentials: no user information, and no query parameter that looks like a secret. */
function publicUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return url;
  }
  parsed.username = '';
  parsed.password = '';
  for (const name of [...parsed.searchParams.keys()]) {
    if (/token|key|secret|password|passwd|auth/i.test(name)) parsed.searchParams.set(name, '***');
  }
  return parsed.toString();
}

function sourceJson(source: SourceConfig, state: SourceState | undefined, lastRun: RunSummary | undefined, next: Date | undefined): object {
  return {
    id: source.id,
    kind: source.kind,
    ...(source.title === undefined ? {} : { title: source.title }),
    url: publicUrl(source.url),
    ...(source.schedule === undefined ? {} : { schedule: source.schedule }),
    state: state?.state ?? 'never-run',
    ...(state?.highWaterMark === undefined ? {} : { highWaterMark: state.highWaterMark }),
    ...(state?.lastSuccessRun === undefined ? {} : { lastSuccessRun: state.lastSuccessRun, lastSuccessAt: state.lastSuccessAt }),
    ...(lastRun === undefined ? {} : { lastRun }),
    ...(next === undefined ? {} : { nextRun: next.toISOString() }),
  };
}

function positiveInteger(req: Request, name: string, max: number): number | undefined {
  const raw = req.query[name];
  if (raw === undefined) return undefined;
  if (typeof raw !== 'string' || !/^\d+$/.test(raw) || Number(raw) < 1 || Number(raw) > max) {
    throw new MeridianError('InvalidParameter', `${name} must be an integer from 1 to ${max}`, { locator: name });
  }
  return Number(raw);
}

/**
 * Read access for curators to the harvesting: `GET /harvest/sources` (configured sources, without
 * credentials, with their state and next scheduled run), `GET /harvest/sources/{id}/runs` (run reports,
 * newest first, `limit` and `before` a run id) and `GET /harvest/runs/{runId}` (one report with the
 * records it skipped).
 */
export function harvestRouter(harvests: HarvestStore, view: HarvestView, log: Logger): Router {
  const router = express.Router();
  router.use(requireRole('curator'));

  router.get('/sources', async (_req, res) => {
    const [states, runs] = await Promise.all([harvests.sourceStates(), harvests.latestRuns()]);
    const stateOf = new Map(states.map((s) => [s.sourceId, s]));
    const runOf = new Map(runs.map((r) => [r.sourceId, r]));
    res.json({
      sources: view.sources.map((s) => sourceJson(s, stateOf.get(s.id), runOf.get(s.id), view.nextRun(s.id))),
    });
  });

  router.get('/sources/:id/runs', async (req, res) => {
    const id = req.params['id'] ?? '';
    if (!view.sources.some((s) => s.id === id)) throw new MeridianError('NotFound', `no source "${id}" is configured`);
    const limit = positiveInteger(req, 'limit', MAX_LIMIT) ?? DEFAULT_LIMIT;
    const before = positiveInteger(req, 'before', Number.MAX_SAFE_INTEGER);
    const runs = await harvests.runsOf(id, { limit: limit + 1, ...(before === undefined ? {} : { before }) });
    const page = runs.slice(0, limit);
    const last = page[page.length - 1];
    const next = runs.length > limit && last ? `${req.baseUrl}/sources/${encodeURIComponent(id)}/runs?limit=${limit}&before=${last.runId}` : undefined;
    res.json({ runs: page, ...(next === undefined ? {} : { links: [{ rel: 'next', href: next, type: 'application/json' }] }) });
  });

  router.get('/runs/:runId', async (req, res) => {
    const raw = req.params['runId'] ?? '';
    const report = /^\d{1,15}$/.test(raw) ? await harvests.runReport(Number(raw)) : undefined;
    if (!report) throw new MeridianError('NotFound', `no harvest run ${raw}`);
    res.json(report);
  });

  router.use((_req, _res, next) => next(new MeridianError('NotFound', 'no such harvest resource')));
  router.use(jsonApiErrorHandler(log, 'harvest'));
  return router;
}
