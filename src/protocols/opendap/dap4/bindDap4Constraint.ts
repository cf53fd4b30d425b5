/**
 * The DAP4 constraint (`dap4.ce`): `;`-separated clauses, each either a variable projection
 * `/group/var[..][..]` or a shared dimension slice `/dim=[..]`, with the index forms `[]`, `[i]`,
 * `[a:b]`, `[a:s:b]`, `[a:]`, `[a:s:]`. A dimension slice narrows that dimension in every selected
 * variable that does not index it itself (no brackets, or `[]`), and the DMR then declares the
 * dimension with its narrowed size; explicit indices give anonymous dimensions. A constraint of
 * dimension slices only selects every variable. Filters (`|`) and structure fields (`{}`) are
 * refused by name: they act on Sequences and Structures, which gridded NetCDF data does not have.
 */
import type { Hyperslab, HyperslabRange } from '../../../netcdf/reader.js';
import { rangeOf, MAX_PROJECTIONS } from '../dap2/bindConstraint.js';
import { MAX_CONSTRAINT_LENGTH, type IndexRange } from '../dap2/parseConstraint.js';
import { DapError } from '../errors.js';
import type { Dap4Dimension, Dap4Model, Dap4Variable } from './dap4Model.js';

export interface Dap4Selection {
  readonly variable: Dap4Variable;
  readonly slab: Hyperslab;
  /**
   * Per dimension: true when the values along it are those of the shared dimension as the
   * constraint leaves it (whole, or narrowed by a dimension slice), so that the DMR names it;
   * false for a slice of the variable's own, which the DMR gives as an anonymous dimension.
   */
  readonly shared: readonly boolean[];
}

const parseError = (message: string): DapError => new DapError(1005, 400, `DAP4 constraint parse error: ${message}`);

/** Escapes left after the query's own decoding: netCDF-C 4.9 encodes a `dap4.ce` in the URL three times (`[` as `%25255b`). */
const MAX_EXTRA_DECODINGS = 3;

function decodeLeftovers(ce: string): string {
  let text = ce;
  for (let i = 0; i < MAX_EXTRA_DECODINGS && /%[0-9a-fA-F]{2}/.test(text); i++) {
    try {
      text = decodeURIComponent(text);
    } catch {
      throw parseError('malformed %-escape');
    }
  }
  return text;
}

function parseIndex(text: string, clause: string): IndexRange | undefined {
  if (text.trim() === '') return undefined;
  const parts = text.split(':').map((p) => p.trim());
  const number = (p: string | undefined, what: string): number => {
    if (p === undefined || !/^\d+$/.test(p)) throw parseError(`${what} "${p ?? ''}" in ${clause} is not a non-negative integer`);
    const n = Number(p);
    if (!Number.isSafeInteger(n)) throw parseError(`${what} ${p} in ${clause} is too large`);
    return n;
  };
  const stopOf = (p: string | undefined): number => (p === '' ? Number.MAX_SAFE_INTEGER : number(p, 'the stop'));
  switch (parts.length) {
    case 1: {
      const i = number(parts[0], 'the index');
      return { start: i, stride: 1, stop: i };
    }
    case 2:
      return { start: number(parts[0], 'the start'), stride: 1, stop: stopOf(parts[1]) };
    case 3:
      return { start: number(parts[0], 'the start'), stride: number(parts[1], 'the stride'), stop: stopOf(parts[2]) };
    default:
      throw parseError(`too many ":" in [${text}] in ${clause}`);
  }
}

/** A clause's name as a fully qualified name: a leading `/` added, `\x` escapes undone. */
function fqnOf(name: string): string {
  const unescaped = name.trim().replace(/\\(.)/g, '$1');
  return unescaped.startsWith('/') ? unescaped : `/${unescaped}`;
}

/** The bracketed indices after a name; each `undefined` is `[]`. */
function indicesOf(text: string, clause: string): (IndexRange | undefined)[] {
  if (!/^(\s*\[[^[\]]*\])*\s*$/.test(text)) throw parseError(`malformed brackets in ${clause}`);
  return [...text.matchAll(/\[([^[\]]*)\]/g)].map((m) => parseIndex(m[1]!, clause));
}

function sameRange(a: HyperslabRange, b: HyperslabRange): boolean {
  return a.start === b.start && a.count === b.count && a.stride === b.stride;
}

function sameSlab(a: Hyperslab, b: Hyperslab): boolean {
  return a.length === b.length && a.every((r, k) => sameRange(r, b[k]!));
}

interface Projection {
  readonly variable: Dap4Variable;
  readonly indices: readonly (IndexRange | undefined)[];
  readonly clause: string;
}

/** Splits the clauses into dimension slices (bound at once) and variable projections. */
function parseClauses(model: Dap4Model, clauses: readonly string[]): { dimensions: Map<string, HyperslabRange>; projections: Projection[] } {
  const dimensions = new Map<string, HyperslabRange>();
  const projections: Projection[] = [];
  for (const clause of clauses) {
    if (clause.includes('|')) throw new DapError(1008, 501, `DAP4 filters act on Sequences, which gridded NetCDF data does not have: ${clause}`);
    if (/[{}]/.test(clause)) throw new DapError(1008, 501, `DAP4 structure field projections act on Structures, which gridded NetCDF data does not have: ${clause}`);
    const equals = clause.indexOf('=');
    if (equals !== -1) {
      const fqn = fqnOf(clause.slice(0, equals));
      const dimension = model.dimensionsByFqn.get(fqn);
      if (dimension === undefined) throw new DapError(1004, 404, `No such dimension: ${fqn}`);
      const indices = indicesOf(clause.slice(equals + 1), clause);
      if (indices.length !== 1) throw parseError(`a dimension slice has one index: ${clause}`);
      const range = rangeOf(indices[0], { name: fqn, size: dimension.size }, fqn);
      const before = dimensions.get(fqn);
      if (before !== undefined && !sameRange(before, range)) throw parseError(`${fqn} is sliced twice differently`);
      dimensions.set(fqn, range);
      continue;
    }
    const bracket = clause.indexOf('[');
    const fqn = fqnOf(bracket === -1 ? clause : clause.slice(0, bracket));
    const variable = model.byFqn.get(fqn);
    if (variable === undefined) throw new DapError(1004, 404, `No such variable: ${fqn}`);
    const indices = bracket === -1 ? [] : indicesOf(clause.slice(bracket), clause);
    if (indices.length > variable.dimensions.length) {
      throw parseError(`${fqn} has ${variable.dimensions.length} dimensions, not ${indices.length}`);
    }
    projections.push({ variable, indices, clause });
  }
  return { dimensions, projections };
}

/** The selected variables in declaration order; every variable whole when there is no constraint. */
export function bindDap4Constraint(model: Dap4Model, ce: string | undefined): readonly Dap4Selection[] {
  const text = ce === undefined ? '' : decodeLeftovers(ce);
  if (text.length > MAX_CONSTRAINT_LENGTH) throw parseError(`longer than ${MAX_CONSTRAINT_LENGTH} characters`);
  const clauses = text.split(';').map((c) => c.trim()).filter((c) => c !== '');
  if (clauses.length > MAX_PROJECTIONS) throw parseError(`more than ${MAX_PROJECTIONS} clauses`);
  const { dimensions, projections } = parseClauses(model, clauses);
  const sharedRange = (d: Dap4Dimension): HyperslabRange => dimensions.get(d.fqn) ?? { start: 0, count: d.size, stride: 1 };

  const select = (variable: Dap4Variable, indices: readonly (IndexRange | undefined)[]): Dap4Selection => {
    const slab = variable.dimensions.map((d, k) => {
      const index = indices[k];
      return index === undefined ? sharedRange(d) : rangeOf(index, { name: d.fqn, size: d.size }, variable.fqn);
    });
    return { variable, slab, shared: variable.dimensions.map((d, k) => sameRange(slab[k]!, sharedRange(d))) };
  };
  if (projections.length === 0) return model.variables.map((v) => select(v, []));

  const chosen = new Map<Dap4Variable, Dap4Selection>();
  for (const { variable, indices, clause } of projections) {
    const selection = select(variable, indices);
    const before = chosen.get(variable);
    if (before !== undefined && !sameSlab(before.slab, selection.slab)) throw parseError(`${variable.fqn} is selected twice with different slices (${clause})`);
    chosen.set(variable, selection);
  }
  return model.variables.filter((v) => chosen.has(v)).map((v) => chosen.get(v)!);
}
