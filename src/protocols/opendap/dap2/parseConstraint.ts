/**
 * The DAP2 constraint expression (ESE-RFC-004 §4): projections `a`, `a[i]`, `a[start:stop]`,
 * `a[start:stride:stop]`, `grid.component[..]`, separated by commas, then `&` selections. Parsed by
 * recursive descent from the query once percent-decoded; `%XX` escapes left in names are decoded too.
 * Selections and server functions are parsed far enough to be refused by name.
 */
import { DapError } from '../errors.js';

/** One bracket: `[i]` is start = stop = i, stride 1; a missing stop or stride is absent. */
export interface IndexRange {
  readonly start: number;
  readonly stride: number;
  readonly stop: number;
}

export interface Component {
  readonly name: string;
  readonly indices: readonly IndexRange[];
}

/** `a.b[..]` is two components. */
export type Projection = readonly Component[];

export interface Constraint {
  readonly projections: readonly Projection[];
}

/** Longest constraint accepted, in characters once decoded. */
export const MAX_CONSTRAINT_LENGTH = 8192;

const PUNCTUATION = new Set(['[', ']', ',', '.', '&', '(', ')', '{', '}', '=', '!', '<', '>', '~', '"', ':']);

function parseError(message: string): DapError {
  return new DapError(1005, 400, `Constraint expression parse error: ${message}`);
}

export function parseConstraint(ce: string): Constraint {
  if (ce.length > MAX_CONSTRAINT_LENGTH) throw parseError(`longer than ${MAX_CONSTRAINT_LENGTH} characters`);
  let pos = 0;
  const peek = (): string | undefined => ce[pos];
  const skipSpace = (): void => {
    while (pos < ce.length && /\s/.test(ce[pos]!)) pos++;
  };
  const expect = (c: string): void => {
    skipSpace();
    if (ce[pos] !== c) throw parseError(`expected "${c}" at character ${pos + 1}, found ${describe()}`);
    pos++;
  };
  const describe = (): string => (pos >= ce.length ? 'the end' : `"${ce[pos]}"`);

  const name = (): string => {
    skipSpace();
    const from = pos;
    while (pos < ce.length && !PUNCTUATION.has(ce[pos]!) && !/\s/.test(ce[pos]!)) pos++;
    if (pos === from) throw parseError(`expected a variable name at character ${pos + 1}, found ${describe()}`);
    const raw = ce.slice(from, pos);
    try {
      return decodeURIComponent(raw);
    } catch {
      throw parseError(`the name "${raw}" has a malformed %-escape`);
    }
  };

  const integer = (): number => {
    skipSpace();
    const from = pos;
    while (pos < ce.length && ce[pos]! >= '0' && ce[pos]! <= '9') pos++;
    if (pos === from) throw parseError(`expected a non-negative integer at character ${pos + 1}, found ${describe()}`);
    const n = Number(ce.slice(from, pos));
    if (!Number.isSafeInteger(n)) throw parseError(`the index ${ce.slice(from, pos)} is too large`);
    return n;
  };

  const index = (): IndexRange => {
    expect('[');
    const first = integer();
    skipSpace();
    if (peek() === ']') {
      pos++;
      return { start: first, stride: 1, stop: first };
    }
    expect(':');
    const second = integer();
    skipSpace();
    if (peek() === ']') {
      pos++;
      return { start: first, stride: 1, stop: second };
    }
    expect(':');
    const third = integer();
    expect(']');
    return { start: first, stride: second, stop: third };
  };

  const component = (): Component => {
    const n = name();
    const indices: IndexRange[] = [];
    skipSpace();
    while (peek() === '[') {
      indices.push(index());
      skipSpace();
    }
    return { name: n, indices };
  };

  const projection = (): Projection => {
    const parts = [component()];
    skipSpace();
    if (peek() === '(') throw new DapError(1008, 501, `Server functions are not supported: ${parts[0]!.name}()`);
    while (peek() === '.') {
      pos++;
      parts.push(component());
      skipSpace();
    }
    return parts;
  };

  const projections: Projection[] = [];
  skipSpace();
  if (pos < ce.length && peek() !== '&') {
    projections.push(projection());
    skipSpace();
    while (peek() === ',') {
      pos++;
      projections.push(projection());
      skipSpace();
    }
  }
  skipSpace();
  if (pos < ce.length && peek() !== '&') throw parseError(`unexpected ${describe()} at character ${pos + 1}`);
  // Selections filter Sequences; a gridded dataset has none. Empty clauses (a trailing `&`) are harmless.
  const selections = ce.slice(pos).split('&').filter((s) => s.trim() !== '');
  if (selections.length > 0) {
    throw new DapError(1005, 400, `Selections ("&${selections[0]}") apply only to Sequences; this dataset has none`);
  }
  return { projections };
}
