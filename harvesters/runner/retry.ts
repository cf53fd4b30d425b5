import { MeridianError } from '../../src/core/errors.js';
import { backoffDelay } from '../../src/core/http/backoff.js';

/** How the runner retries a pass that failed upstream: from the last stored checkpoint, with backoff. */
export interface RetryPolicy {
  /** Retries in a row without progress before the run fails. */
  readonly attempts: number;
  readonly baseMs: number;
  readonly maxMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 5, baseMs: 5_000, maxMs: 300_000 };

/** Transport failures are worth another try; configuration problems, bad data and bugs are not. */
export function isRetryable(error: unknown): boolean {
  return error instanceof MeridianError && error.code === 'UpstreamFailed';
}

/** The wait before retry number `attempt` (from 1): exponential, with jitter, never under half the step. */
export function retryDelayMs(policy: RetryPolicy, attempt: number): number {
  const step = Math.min(policy.maxMs, policy.baseMs * 2 ** (attempt - 1));
  return Math.round(step / 2 + backoffDelay(0, step / 2, policy.maxMs));
}
