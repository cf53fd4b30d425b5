/** A small deterministic random source: the same seed always gives the same sequence. */
export interface SeededRandom {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [min, max], both included. */
  int(min: number, max: number): number;
  /** A float in [min, max). */
  float(min: number, max: number): number;
  pick<T>(values: readonly T[]): T;
  /** Picks by weight; `weights` has one entry per value. */
  weighted<T>(values: readonly T[], weights: readonly number[]): T;
  /** A random (version 4 layout) UUID built from the sequence, lower case. */
  uuid(): string;
}

/**
 * mulberry32: 32 bits of state, fast, and good enough for synthetic metadata.
 * Written inline so that demo and benchmark data never depend on Math.random or the clock.
 */
export function seededRandom(seed: number): SeededRandom {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min: number, max: number): number => min + Math.floor(next() * (max - min + 1));
  const pick = <T>(values: readonly T[]): T => {
    if (values.length === 0) throw new Error('cannot pick from an empty list');
    return values[Math.floor(next() * values.length)] as T;
  };
  return {
    next,
    int,
    float: (min, max) => min + next() * (max - min),
    pick,
    weighted<T>(values: readonly T[], weights: readonly number[]): T {
      const total = weights.reduce((sum, w) => sum + w, 0);
      let target = next() * total;
      for (let i = 0; i < values.length; i += 1) {
        target -= weights[i] ?? 0;
        if (target < 0) return values[i] as T;
      }
      return pick(values);
    },
    uuid() {
      const hex = Array.from({ length: 32 }, () => int(0, 15).toString(16));
      hex[12] = '4';
      hex[16] = (8 + int(0, 3)).toString(16);
      const s = hex.join('');
      return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
    },
  };
}
