/**
 * How a NetCDF dataset looks through DAP2, following THREDDS where clients depend on it: a Grid for
 * each variable whose dimensions all have coordinate variables, char arrays as Strings (last
 * dimension dropped), signed and unsigned bytes as `Byte` told apart by `_Unsigned`, 64-bit integer
 * variables left out (DAP2 has no such type; they are named in a global attribute), groups flattened
 * as `group/variable`.
 */
import type { DatasetHeader, NetcdfAttribute, NetcdfDimension, NetcdfGroup, NetcdfType, NetcdfVariable } from '../../../netcdf/datasetHeader.js';

export type Dap2Type = 'Byte' | 'Int16' | 'UInt16' | 'Int32' | 'UInt32' | 'Float32' | 'Float64' | 'String';

export interface DapDimension {
  readonly name: string;
  readonly size: number;
}

/** One NetCDF variable as a DAP2 array (or scalar: no dimensions). */
export interface DapArray {
  /** The DAP2 name: the variable's path, `group/variable` inside groups. */
  readonly name: string;
  /** The variable's name for `Dataset.read`. */
  readonly source: string;
  readonly ncType: NetcdfType;
  readonly type: Dap2Type;
  /** The DAP2 dimensions (a char array's last one dropped). */
  readonly dimensions: readonly DapDimension[];
  /** For a char array served as String: the characters of one value (its last dimension). */
  readonly stringLength?: number;
  readonly attributes: readonly NetcdfAttribute[];
}

export type DapVariable =
  | { readonly kind: 'array'; readonly name: string; readonly array: DapArray }
  | { readonly kind: 'grid'; readonly name: string; readonly array: DapArray; readonly maps: readonly DapArray[] };

export interface DapModel {
  /** The top-level variables in the dataset's declaration order. */
  readonly variables: readonly DapVariable[];
  readonly byName: ReadonlyMap<string, DapVariable>;
  readonly globalAttributes: readonly NetcdfAttribute[];
  /** Attribute containers of groups, named by the group path. */
  readonly groupAttributes: readonly { readonly name: string; readonly attributes: readonly NetcdfAttribute[] }[];
  readonly unlimitedDimensions: readonly string[];
  /** Variables DAP2 cannot carry (64-bit integers, types it lacks). */
  readonly omitted: readonly string[];
}

const DAP2_TYPES: Readonly<Record<NetcdfType, Dap2Type | undefined>> = {
  byte: 'Byte',
  ubyte: 'Byte',
  char: 'String',
  short: 'Int16',
  ushort: 'UInt16',
  int: 'Int32',
  uint: 'UInt32',
  float: 'Float32',
  double: 'Float64',
  string: 'String',
  int64: undefined,
  uint64: undefined,
};

interface Scope {
  readonly path: string;
  readonly dimensions: ReadonlyMap<string, NetcdfDimension>;
  readonly parent?: Scope;
}

function lookupDimension(scope: Scope, name: string): { dim: NetcdfDimension; scope: Scope } | undefined {
  for (let s: Scope | undefined = scope; s !== undefined; s = s.parent) {
    const dim = s.dimensions.get(name);
    if (dim !== undefined) return { dim, scope: s };
  }
  return undefined;
}

const join = (path: string, name: string): string => (path === '' ? name : `${path}/${name}`);

export function buildDapModel(header: DatasetHeader): DapModel {
  const arrays: { array: DapArray; dimScopes: string[] }[] = [];
  const omitted: string[] = [];
  const groupAttributes: { name: string; attributes: readonly NetcdfAttribute[] }[] = [];
  const unlimited: string[] = [];

  const visit = (path: string, group: Omit<NetcdfGroup, 'name'>, parent?: Scope): void => {
    const scope: Scope = { path, dimensions: new Map(group.dimensions.map((d) => [d.name, d])), ...(parent ? { parent } : {}) };
    for (const d of group.dimensions) if (d.unlimited) unlimited.push(join(path, d.name));
    for (const v of group.variables) {
      const array = toArray(path, v, scope);
      if (array === undefined) omitted.push(join(path, v.name));
      else arrays.push(array);
    }
    for (const g of group.groups) {
      const gp = join(path, g.name);
      if (g.attributes.length > 0) groupAttributes.push({ name: gp, attributes: g.attributes });
      visit(gp, g, scope);
    }
  };
  visit('', header);

  // A coordinate variable: one dimension, named like it, in the scope that defines it.
  const coordinates = new Map<string, DapArray>();
  for (const { array, dimScopes } of arrays) {
    const ownName = array.source.split('/').at(-1);
    if (array.dimensions.length === 1 && array.type !== 'String' && array.dimensions[0]!.name.split('/').at(-1) === ownName) {
      const key = join(dimScopes[0]!, ownName!);
      if (key === array.source) coordinates.set(key, array);
    }
  }
  const variables: DapVariable[] = arrays.map(({ array, dimScopes }) => {
    if (array.dimensions.length === 0 || array.type === 'String' || coordinates.get(array.source) === array) {
      return { kind: 'array', name: array.name, array };
    }
    const maps = array.dimensions.map((d, k) => coordinates.get(join(dimScopes[k]!, d.name.split('/').at(-1)!)));
    if (maps.every((m): m is DapArray => m !== undefined)) return { kind: 'grid', name: array.name, array, maps };
    return { kind: 'array', name: array.name, array };
  });
  return {
    variables,
    byName: new Map(variables.map((v) => [v.name, v])),
    globalAttributes: header.attributes,
    groupAttributes,
    unlimitedDimensions: unlimited,
    omitted,
  };

  function toArray(path: string, v: NetcdfVariable, scope: Scope): { array: DapArray; dimScopes: string[] } | undefined {
    const type = v.type === undefined ? undefined : DAP2_TYPES[v.type];
    if (v.type === undefined || type === undefined) return undefined;
    const dims: DapDimension[] = [];
    const dimScopes: string[] = [];
    for (const name of v.dimensions) {
      const found = lookupDimension(scope, name);
      if (found === undefined) return undefined;
      // A dimension of another group keeps its path, so that clients tell same-named ones apart.
      dims.push({ name: join(found.scope.path, name), size: found.dim.size });
      dimScopes.push(found.scope.path);
    }
    const source = join(path, v.name);
    const base = { name: source, source, ncType: v.type, type, attributes: v.attributes };
    if (v.type === 'char') {
      const last = dims.pop();
      dimScopes.pop();
      // A scalar char is a one-character String.
      return { array: last === undefined ? { ...base, dimensions: dims } : { ...base, dimensions: dims, stringLength: last.size }, dimScopes };
    }
    return { array: { ...base, dimensions: dims }, dimScopes };
  }
}
