import type { Logger } from 'pino';
import type { DatasetRootConfig } from '../core/config.js';
import { publishRoot, type PublishDeps } from './publishRoot.js';

/**
 * Publishes the configured data roots one after the other, logging each report; a root that fails
 * does not stop the others. Aborting stops between files, and the promise then resolves.
 */
export async function publishRoots(
  deps: PublishDeps,
  roots: readonly DatasetRootConfig[],
  opts: { readonly baseUrl: string; readonly log: Logger; readonly signal: AbortSignal },
): Promise<void> {
  for (const root of roots) {
    if (opts.signal.aborted) return;
    try {
      const { failed, ...counts } = await publishRoot(deps, root, { baseUrl: opts.baseUrl, signal: opts.signal });
      opts.log.info({ root: root.name, ...counts, skipped: failed.length }, 'published a data root');
      for (const f of failed) opts.log.warn({ root: root.name, file: f.relativePath, reason: f.reason }, 'skipped a file of a data root');
    } catch (error) {
      if (opts.signal.aborted) return;
      opts.log.error({ root: root.name, err: error }, 'cannot publish a data root');
    }
  }
}
