/**
 * The DAP4 constraint (`dap4.ce`): `;`-separated clauses `/path/var[..][..]` with the index forms
 * `[]`, `[i]`, `[a:b]`, `[a:s:b]`, `[a:]`, `[a:s:]`. Dimension slices, filters and structure
 * fields are refused by name: gridded NetCDF data needs none of them.
 */
import type { Hyperslab } from '../../../netcdf/reader.js';
import { rangeOf, MAX_PROJECTIONS } from '../dap2/bindConstraint.js';
import { MAX_CONSTRAINT_LENGTH, type IndexRange } from '../dap2/parseConstraint.js';
import { DapError } from '../errors.js';
import type { Dap4Model, Dap4Variable } from './dap4Model.js';

export interface Dap4Selection {
  readonly variable: Dap4Variable;
  readonly slab: Hyperslab;
}

const parseError = (message: string): DapError => new DapError(1005, 400, `DAP4 constraint parse error: ${message}`);

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

function sameSlab(a: Hyperslab, b: Hyperslab): boolean {
  return a.length === b.length && a.every((r, k) => r.start === b[k]!.start && r.count === b[k]!.count && r.stride === b[k]!.stride);
}

/** The selected variables in declaration order; every variable whole when there is no constraint. */
export function bindDap4Constraint(model: Dap4Model, ce: string | undefined): readonly Dap4Selection[] {
  const whole = (variable: Dap4Variable): Dap4Selection => ({ variable, slab: variable.dimensions.map((d) => ({ start: 0, count: d.size, stride: 1 })) });
  if (ce === undefined || ce.trim() === '') return model.variables.map(whole);
  if (ce.length > MAX_CONSTRAINT_LENGTH) throw parseError(`longer than ${MAX_CONSTRAINT_LENGTH} characters`);
  const clauses = ce.split(';').map((c) => c.trim()).filter((c) => c !== '');
  if (clauses.length > MAX_PROJECTIONS) throw parseError(`more than ${MAX_PROJECTIONS} clauses`);
  const chosen = new Map<Dap4Variable, Hyperslab>();
  for (const clause of clauses) {
    if (/[|{}=]/.test(clause)) throw new DapError(1008, 501, `DAP4 dimension slices, filters and fields are not supported: ${clause}`);
    const bracket = clause.indexOf('[');
    const path = (bracket === -1 ? clause : clause.slice(0, bracket)).trim();
    const rest = bracket === -1 ? '' : clause.slice(bracket);
    if (!/^(\[[^[\]]*\])*$/.test(rest)) throw parseError(`malformed brackets in ${clause}`);
    const indices = [...rest.matchAll(/\[([^[\]]*)\]/g)].map((m) => parseIndex(m[1]!, clause));
    const fqn = path.startsWith('/') ? path : `/${path}`;
    const variable = model.byFqn.get(fqn);
    if (variable === undefined) throw new DapError(1004, 404, `No such variable: ${fqn}`);
    if (indices.length > variable.dimensions.length) {
      throw parseError(`${fqn} has ${variable.dimensions.length} dimensions, not ${indices.length}`);
    }
    const slab = variable.dimensions.map((d, k) => rangeOf(indices[k], { name: d.fqn, size: d.size }, fqn));
    const before = chosen.get(variable);
    if (before !== undefined && !sameSlab(before, slab)) throw parseError(`${fqn} is selected twice with different slices`);
    chosen.set(variable, slab);
  }
  return model.variables.filter((v) => chosen.has(v)).map((variable) => ({ variable, slab: chosen.get(variable)! }));
}
