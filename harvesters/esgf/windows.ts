/** A `_timestamp` window of esg-search (`from`/`to`, both inclusive), in whole seconds. */
export interface TimeWindow {
  readonly from: string;
  readonly to: string;
}

/** A time as esg-search takes it: `YYYY-MM-DDTHH:MM:SSZ`, rounded down to the second. */
export function esgfTime(time: string | number): string {
  return `${new Date(time).toISOString().slice(0, 19)}Z`;
}

const ms = (time: string): number => Date.parse(time);

/** The first half of a window, or undefined when it is too short to split. */
export function firstHalf(window: TimeWindow): TimeWindow | undefined {
  const from = ms(window.from);
  const to = ms(window.to);
  if (to - from < 2000) return undefined;
  return { from: window.from, to: esgfTime(from + (to - from) / 2) };
}

/**
 * The window after a finished one, up to `until`: it starts where the last one ended (the boundary second
 * is read twice; de-duplication absorbs it) and is twice as long, so sparse periods pass quickly.
 */
export function nextWindow(done: TimeWindow, until: string): TimeWindow | undefined {
  const end = ms(done.to);
  if (end >= ms(until)) return undefined;
  const length = Math.max(1000, end - ms(done.from));
  return { from: done.to, to: esgfTime(Math.min(ms(until), end + 2 * length)) };
}
