/**
 * How a NetCDF dataset looks through DAP4: the NetCDF-4 data model nearly as it is (groups, 64-bit
 * integers, Int8/UInt8, Char and String), each variable named by its fully qualified name
 * (`/group/variable`), with the coordinate variables of its dimensions as Maps.
 */
import type { DatasetHeader, NetcdfAttribute, NetcdfGroup, NetcdfType } from '../../../netcdf/datasetHeader.js';

export type Dap4Type = 'Int8' | 'UInt8' | 'Char' | 'Int16' | 'UInt16' | 'Int32' | 'UInt32' | 'Int64' | 'UInt64' | 'Float32' | 'Float64' | 'String';

export const DAP4_TYPES: Readonly<Record<NetcdfType, Dap4Type>> = {
  byte: 'Int8',
  ubyte: 'UInt8',
  char: 'Char',
  short: 'Int16',
  ushort: 'UInt16',
  int: 'Int32',
  uint: 'UInt32',
  int64: 'Int64',
  uint64: 'UInt64',
  float: 'Float32',
  double: 'Float64',
  string: 'String',
};

export interface Dap4Dimension {
  /** Fully qualified: `/time`, `/group/n`. */
  readonly fqn: string;
  readonly size: number;
}

export interface Dap4Variable {
  readonly fqn: string;
  /** The name within its group. */
  readonly name: string;
  /** The variable's name for `Dataset.read`. */
  readonly source: string;
  readonly ncType: NetcdfType;
  readonly type: Dap4Type;
  readonly dimensions: readonly Dap4Dimension[];
  readonly attributes: readonly NetcdfAttribute[];
  /** Fully qualified names of the coordinate variables of its dimensions, when all have one. */
  readonly maps: readonly string[];
}

export interface Dap4Group {
  readonly name: string;
  readonly fqn: string;
  readonly dimensions: readonly (Dap4Dimension & { readonly name: string; readonly unlimited: boolean })[];
  readonly variables: readonly Dap4Variable[];
  readonly attributes: readonly NetcdfAttribute[];
  readonly groups: readonly Dap4Group[];
}

export interface Dap4Model {
  readonly root: Dap4Group;
  /** Every variable in declaration order (a group's before its subgroups'). */
  readonly variables: readonly Dap4Variable[];
  readonly byFqn: ReadonlyMap<string, Dap4Variable>;
  /** Every shared dimension, of every group. */
  readonly dimensionsByFqn: ReadonlyMap<string, Dap4Dimension>;
}

interface Scope {
  readonly fqnPrefix: string;
  readonly dimensions: ReadonlyMap<string, number>;
  readonly parent?: Scope;
}

export function buildDap4Model(header: DatasetHeader): Dap4Model {
  const all: Dap4Variable[] = [];

  const visit = (name: string, group: Omit<NetcdfGroup, 'name'>, prefix: string, parent?: Scope): Dap4Group => {
    const scope: Scope = { fqnPrefix: prefix, dimensions: new Map(group.dimensions.map((d) => [d.name, d.size])), ...(parent ? { parent } : {}) };
    const resolve = (dim: string): Dap4Dimension | undefined => {
      for (let s: Scope | undefined = scope; s !== undefined; s = s.parent) {
        const size = s.dimensions.get(dim);
        if (size !== undefined) return { fqn: `${s.fqnPrefix}/${dim}`, size };
      }
      return undefined;
    };
    const variables: Dap4Variable[] = [];
    for (const v of group.variables) {
      const dims = v.dimensions.map(resolve);
      if (v.type === undefined || dims.some((d) => d === undefined)) continue;
      const fqn = `${prefix}/${v.name}`;
      variables.push({
        fqn,
        name: v.name,
        source: fqn.slice(1),
        ncType: v.type,
        type: DAP4_TYPES[v.type],
        dimensions: dims as Dap4Dimension[],
        attributes: v.attributes,
        maps: [],
      });
    }
    all.push(...variables);
    const groups = group.groups.map((g) => visit(g.name, g, `${prefix}/${g.name}`, scope));
    return {
      name,
      fqn: prefix === '' ? '/' : prefix,
      dimensions: group.dimensions.map((d) => ({ name: d.name, fqn: `${prefix}/${d.name}`, size: d.size, unlimited: d.unlimited })),
      variables,
      attributes: group.attributes,
      groups,
    };
  };
  const root = visit('', header, '');

  // A coordinate variable is the one-dimensional variable named, and placed, like its dimension.
  const coordinates = new Set(all.filter((v) => v.dimensions.length === 1 && v.dimensions[0]!.fqn === v.fqn && v.type !== 'Char').map((v) => v.fqn));
  const withMaps = (v: Dap4Variable): Dap4Variable => {
    const isCoordinate = coordinates.has(v.fqn);
    const maps = v.dimensions.map((d) => d.fqn);
    return !isCoordinate && v.type !== 'Char' && maps.length > 0 && maps.every((m) => coordinates.has(m)) ? { ...v, maps } : v;
  };
  const mapGroup = (g: Dap4Group): Dap4Group => ({ ...g, variables: g.variables.map(withMaps), groups: g.groups.map(mapGroup) });
  const mapped = mapGroup(root);
  const variables: Dap4Variable[] = [];
  const dimensions: Dap4Dimension[] = [];
  const collect = (g: Dap4Group): void => {
    variables.push(...g.variables);
    dimensions.push(...g.dimensions.map((d) => ({ fqn: d.fqn, size: d.size })));
    g.groups.forEach(collect);
  };
  collect(mapped);
  return { root: mapped, variables, byFqn: new Map(variables.map((v) => [v.fqn, v])), dimensionsByFqn: new Map(dimensions.map((d) => [d.fqn, d])) };
}
