import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { CheckpointTracker } from '../../../harvesters/runner/checkpoint.js';
import { retryDelayMs } from '../../../harvesters/runner/retry.js';
import { parseSources } from '../../../harvesters/sources.js';
import { backoffDelay, retryAfterMs } from '../../../src/core/http/backoff.js';

describe('checkpoints', () => {
  it('advance only past batches stored together with every batch before them', () => {
    const tracker = new CheckpointTracker({ token: 'start' });
    const a = tracker.open({ token: 'a' });
    const b = tracker.open(undefined);
    const c = tracker.open({ token: 'c' });
    expect(tracker.stored(c)).toBeUndefined();
    expect(tracker.latest).toEqual({ token: 'start' });
    expect(tracker.stored(b)).toBeUndefined();
    expect(tracker.stored(a)).toEqual({ token: 'c' });
    expect(tracker.latest).toEqual({ token: 'c' });
  });

  it('keep the last checkpoint of the stored prefix when later batches carry none', () => {
    const tracker = new CheckpointTracker(undefined);
    const a = tracker.open({ next: 51 });
    const b = tracker.open(undefined);
    expect(tracker.stored(a)).toEqual({ next: 51 });
    expect(tracker.stored(b)).toBeUndefined();
    expect(tracker.latest).toEqual({ next: 51 });
  });
});

describe('backoff', () => {
  it('grows exponentially with full jitter, capped', () => {
    expect(backoffDelay(0, 100, 10_000, () => 1)).toBe(100);
    expect(backoffDelay(3, 100, 10_000, () => 1)).toBe(800);
    expect(backoffDelay(20, 100, 10_000, () => 1)).toBe(10_000);
    expect(backoffDelay(3, 100, 10_000, () => 0)).toBe(0);
  });

  it('reads Retry-After as seconds or as an HTTP date', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(retryAfterMs('7', now)).toBe(7000);
    expect(retryAfterMs('Thu, 01 Jan 2026 00:00:30 GMT', now)).toBe(30_000);
    expect(retryAfterMs('Wed, 31 Dec 2025 23:00:00 GMT', now)).toBe(0);
    expect(retryAfterMs('soon', now)).toBeUndefined();
    expect(retryAfterMs(null, now)).toBeUndefined();
  });

  it('waits at least half of each retry step of the runner', () => {
    const policy = { attempts: 5, baseMs: 1000, maxMs: 5000 };
    for (let i = 0; i < 50; i++) {
      const first = retryDelayMs(policy, 1);
      expect(first).toBeGreaterThanOrEqual(500);
      expect(first).toBeLessThanOrEqual(1000);
      expect(retryDelayMs(policy, 10)).toBeLessThanOrEqual(5000);
    }
  });
});

describe('source configuration', () => {
  it('accepts config/sources.example.yaml, one source of each kind', () => {
    const file = new URL('../../../config/sources.example.yaml', import.meta.url);
    const sources = parseSources((parseYaml(readFileSync(file, 'utf8')) as { sources: unknown }).sources, 'example');
    expect(sources.map((s) => s.kind).sort()).toEqual(['aeris', 'csw', 'esgf', 'esgf-ng', 'geonetwork', 'oai-pmh', 'stac-api', 'thredds']);
  });

  it('names what is wrong, with its path', () => {
    expect(() => parseSources([{ id: 'x', kind: 'esgf', url: 'https://e.org/esg-search/search' }], 'f.yaml')).toThrow(
      /invalid sources in f\.yaml: \/sources\/0 must have required property 'collection'/,
    );
    expect(() => parseSources([{ id: 'x', kind: 'ftp', url: 'ftp://e.org' }], 'f.yaml')).toThrow(/\/sources\/0\/kind/);
    expect(() => parseSources([{ id: 'x', kind: 'csw', url: 'http://a' }, { id: 'x', kind: 'csw', url: 'http://b' }], 'f.yaml')).toThrow(/used twice/);
  });
});
