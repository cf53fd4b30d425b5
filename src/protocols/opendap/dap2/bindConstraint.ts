/**
 * Resolves a parsed constraint against a dataset's DAP2 model: names to variables, brackets to
 * hyperslabs (missing brackets select whole dimensions, a stop past the end is clamped as pydap
 * expects), `grid.component` to the members of a Structure. The result lists the selected
 * variables in the dataset's declaration order whatever the request's order: netCDF-C decodes the
 * response against its own DDS in that order, and silently reads garbage otherwise.
 */
import type { Hyperslab, HyperslabRange } from '../../../netcdf/reader.js';
import { DapError } from '../errors.js';
import type { DapArray, DapDimension, DapModel, DapVariable } from './dapModel.js';
import type { Constraint, IndexRange } from './parseConstraint.js';

export interface SelectedArray {
  readonly array: DapArray;
  /** Over the DAP2 dimensions. */
  readonly slab: Hyperslab;
}

export type Selection =
  | { readonly kind: 'array'; readonly variable: DapVariable; readonly part: SelectedArray }
  | { readonly kind: 'grid'; readonly variable: DapVariable; readonly array: SelectedArray; readonly maps: readonly SelectedArray[] }
  /** Some components of a Grid: libdap answers them as a Structure of those components. */
  | { readonly kind: 'structure'; readonly variable: DapVariable; readonly members: readonly SelectedArray[] };

/** Most projections in one constraint. */
export const MAX_PROJECTIONS = 1024;

function wholeSlab(dimensions: readonly DapDimension[]): Hyperslab {
  return dimensions.map((d) => ({ start: 0, count: d.size, stride: 1 }));
}

/** The hyperslab range of one bracket (absent: the whole dimension); also used for DAP4 constraints. */
export function rangeOf(index: IndexRange | undefined, dim: { readonly name: string; readonly size: number }, name: string): HyperslabRange {
  if (index === undefined) return { start: 0, count: dim.size, stride: 1 };
  const where = `in dimension ${dim.name} (length ${dim.size}) of ${name}`;
  if (index.stride < 1) throw new DapError(1005, 400, `Constraint expression: stride ${index.stride} ${where} must be at least 1`);
  if (index.start >= dim.size) throw new DapError(1005, 400, `Constraint expression: start ${index.start} is past the end ${where}`);
  if (index.stop < index.start) throw new DapError(1005, 400, `Constraint expression: stop ${index.stop} is before start ${index.start} ${where}`);
  const stop = Math.min(index.stop, dim.size - 1);
  return { start: index.start, count: Math.floor((stop - index.start) / index.stride) + 1, stride: index.stride };
}

function slabOf(indices: readonly IndexRange[], array: DapArray, name: string): Hyperslab {
  if (indices.length > array.dimensions.length) {
    throw new DapError(1005, 400, `Constraint expression: ${name} has ${array.dimensions.length} dimensions, not ${indices.length}`);
  }
  return array.dimensions.map((d, k) => rangeOf(indices[k], d, name));
}

const sameSlab = (a: Hyperslab, b: Hyperslab): boolean =>
  a.length === b.length && a.every((r, k) => r.start === b[k]!.start && r.count === b[k]!.count && r.stride === b[k]!.stride);

interface Requested {
  whole?: Hyperslab;
  readonly members: Map<DapArray, Hyperslab>;
}

function conflict(name: string): DapError {
  return new DapError(1005, 400, `Constraint expression: ${name} is projected twice with different hyperslabs`);
}

export function bindConstraint(model: DapModel, ce: Constraint): readonly Selection[] {
  if (ce.projections.length > MAX_PROJECTIONS) {
    throw new DapError(1005, 400, `Constraint expression: more than ${MAX_PROJECTIONS} projections`);
  }
  if (ce.projections.length === 0) {
    return model.variables.map((variable) => {
      const slab = wholeSlab(variable.array.dimensions);
      return variable.kind === 'grid'
        ? { kind: 'grid', variable, array: { array: variable.array, slab }, maps: variable.maps.map((m) => ({ array: m, slab: wholeSlab(m.dimensions) })) }
        : { kind: 'array', variable, part: { array: variable.array, slab } };
    });
  }

  const requested = new Map<DapVariable, Requested>();
  for (const projection of ce.projections) {
    const [head, member, ...rest] = projection;
    const path = projection.map((c) => c.name).join('.');
    const variable = head === undefined ? undefined : model.byName.get(head.name);
    if (head === undefined || variable === undefined || rest.length > 0) {
      throw new DapError(1004, 404, `No such variable: ${path}`);
    }
    const entry = requested.get(variable) ?? { members: new Map<DapArray, Hyperslab>() };
    requested.set(variable, entry);
    if (member === undefined) {
      const slab = slabOf(head.indices, variable.array, variable.name);
      if (entry.whole !== undefined && !sameSlab(entry.whole, slab)) throw conflict(variable.name);
      entry.whole = slab;
      continue;
    }
    if (variable.kind !== 'grid') throw new DapError(1004, 404, `No such variable: ${path} (${variable.name} is not a Grid)`);
    if (head.indices.length > 0) throw new DapError(1005, 400, `Constraint expression: index the components of ${variable.name}, not the Grid, in ${path}`);
    const array = [variable.array, ...variable.maps].find((a) => a.name === member.name);
    if (array === undefined) throw new DapError(1004, 404, `No such variable: ${path}`);
    const slab = slabOf(member.indices, array, path);
    const before = entry.members.get(array);
    if (before !== undefined && !sameSlab(before, slab)) throw conflict(path);
    entry.members.set(array, slab);
  }

  const selections: Selection[] = [];
  for (const variable of model.variables) {
    const entry = requested.get(variable);
    if (entry === undefined) continue;
    if (variable.kind === 'array') {
      selections.push({ kind: 'array', variable, part: { array: variable.array, slab: entry.whole! } });
      continue;
    }
    const whole = entry.whole;
    if (whole !== undefined) {
      const maps = variable.maps.map((m, k) => ({ array: m, slab: [whole[k]!] }));
      // A component asked for besides the whole Grid must agree with it.
      for (const [array, slab] of entry.members) {
        const expected = array === variable.array ? whole : maps.find((m) => m.array === array)!.slab;
        if (!sameSlab(expected, slab)) throw conflict(`${variable.name}.${array.name}`);
      }
      selections.push({ kind: 'grid', variable, array: { array: variable.array, slab: whole }, maps });
      continue;
    }
    const members = [variable.array, ...variable.maps]
      .filter((a) => entry.members.has(a))
      .map((array) => ({ array, slab: entry.members.get(array)! }));
    selections.push({ kind: 'structure', variable, members });
  }
  return selections;
}
