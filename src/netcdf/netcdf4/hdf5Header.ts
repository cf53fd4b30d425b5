/**
 * The NetCDF-4 view of an HDF5 file, built the way netCDF-C builds it (libhdf5/hdf5open.c):
 * dimensions are the dimension-scale datasets (dimension-only ones carry the NAME "This is a netCDF
 * dimension but not a netCDF variable"), ordered by `_Netcdf4Dimid`; a variable's dimensions come
 * from its attached scales (`DIMENSION_LIST`), a coordinate variable's from `_Netcdf4Coordinates`,
 * and axes with neither get netCDF-C's phony dimensions; an unlimited dimension is as long as the
 * longest variable along it. The attributes netCDF-C keeps to itself are left out. Runs in a worker.
 */
import type { Metadata } from 'h5wasm/node';
import type { DatasetHeader, NetcdfAttribute, NetcdfDimension, NetcdfGroup, NetcdfStorage, NetcdfType, NetcdfVariable } from '../datasetHeader.js';
import { valueWidth } from '../reader.js';
import { cStringBytes, decodeUtf8, H5T_FLOAT, H5T_INTEGER, H5T_STRING, stringPointers, withHeap, type H5Module } from './h5Module.js';

/** How a variable's values sit in the heap after `H5Dread`. */
export type ValueStorage = 'fixed' | 'vlenString' | 'fixedString';

/** What reading a variable needs, beside its header entry. */
export interface VariableLayout {
  /** Path from the root group: `tas`, `grp/sub/var`. */
  readonly name: string;
  readonly hdf5Path: string;
  readonly type: NetcdfType;
  /** The lengths of its dimensions. */
  readonly shape: readonly number[];
  /**
   * The HDF5 dataset's own extent: shorter than `shape` along an unlimited dimension that another
   * variable has grown further. netCDF-C reads the records beyond it as the fill value.
   */
  readonly extent: readonly number[];
  readonly chunks: readonly number[] | null;
  readonly storage: ValueStorage;
  /** Bytes of one value in the heap (a pointer for variable-length strings). */
  readonly size: number;
  /** One fill value, little-endian, for `fixed` storage; strings fill with "". */
  readonly fill: Uint8Array | null;
}

export interface Netcdf4File {
  readonly header: DatasetHeader;
  readonly variables: readonly VariableLayout[];
}

/** netCDF-C's bookkeeping attributes, never shown by `ncdump -h`. */
const HIDDEN_ATTRIBUTES = new Set([
  'CLASS',
  'NAME',
  'DIMENSION_LIST',
  'REFERENCE_LIST',
  '_Netcdf4Dimid',
  '_Netcdf4Coordinates',
  '_NCProperties',
  '_nc3_strict',
  '_IsNetcdf4',
  '_SuperblockVersion',
  '_Format',
]);

const DIMENSION_ONLY = 'This is a netCDF dimension but not a netCDF variable';
/** netCDF-C stores a variable named like a dimension it is not the coordinate of under this prefix. */
const NON_COORDINATE_PREFIX = '_nc4_non_coord_';
const H5Z_FILTER_DEFLATE = 1;
const H5Z_FILTER_SHUFFLE = 2;
const H5Z_FILTER_FLETCHER32 = 3;

interface RawGroup {
  readonly path: string;
  readonly name: string;
  readonly attributes: NetcdfAttribute[];
  readonly datasets: RawDataset[];
  readonly groups: RawGroup[];
  readonly dimensions: Dim[];
}

interface RawDataset {
  readonly path: string;
  readonly link: string;
  readonly metadata: Metadata;
  readonly attributes: NetcdfAttribute[];
  /** Set for a dimension scale. */
  readonly scale?: { readonly dimensionOnly: boolean; readonly dimid?: number };
  readonly coordinates?: readonly number[];
}

interface Dim {
  readonly name: string;
  readonly group: RawGroup;
  size: number;
  readonly unlimited: boolean;
  readonly id: number;
}

interface ResolvedVariable {
  readonly dataset: RawDataset;
  readonly dims: Dim[];
  readonly type: NetcdfType;
  readonly storage: ValueStorage;
}

/** Reads the whole NetCDF-4 header of the open file `fileId`. */
export function readHdf5Header(h5: H5Module, fileId: bigint): Netcdf4File {
  const root = readGroup(h5, fileId, '/', '');
  const resolved = resolveVariables(h5, fileId, root);
  const layouts: VariableLayout[] = [];
  const chain: RawGroup[] = [];
  const toGroup = (g: RawGroup, prefix: string): Omit<NetcdfGroup, 'name'> => {
    chain.push(g);
    const variables: NetcdfVariable[] = [];
    for (const d of g.datasets) {
      const v = resolved.get(d);
      if (v === undefined) continue;
      const name = d.link.startsWith(NON_COORDINATE_PREFIX) ? d.link.slice(NON_COORDINATE_PREFIX.length) : d.link;
      variables.push({
        name,
        type: v.type,
        dimensions: v.dims.map((dim) => dimensionName(dim, chain)),
        attributes: d.attributes,
        storage: storageOf(h5, fileId, d),
      });
      layouts.push({
        name: prefix + name,
        hdf5Path: d.path,
        type: v.type,
        shape: v.dims.map((dim) => dim.size),
        extent: d.metadata.shape!,
        chunks: d.metadata.chunks,
        storage: v.storage,
        size: d.metadata.size,
        fill: v.storage === 'fixed' ? fillValue(v.type, d.attributes) : null,
      });
    }
    const group = {
      dimensions: g.dimensions.map((d): NetcdfDimension => ({ name: d.name, size: d.size, unlimited: d.unlimited })),
      variables,
      attributes: g.attributes,
      groups: g.groups.map((c): NetcdfGroup => ({ name: c.name, ...toGroup(c, `${prefix}${c.name}/`) })),
    };
    chain.pop();
    return group;
  };
  return { header: toGroup(root, ''), variables: layouts };
}

/**
 * Fills each group's dimensions (its scales, then the phony ones its variables need) and returns
 * every readable variable with its dimensions.
 */
function resolveVariables(h5: H5Module, fileId: bigint, root: RawGroup): Map<RawDataset, ResolvedVariable> {
  const byPath = new Map<string, Dim>();
  const byId = new Map<number, Dim>();
  let nextId = 0;
  forEachGroup(root, (g) => {
    for (const d of g.datasets) if (d.scale?.dimid !== undefined) nextId = Math.max(nextId, d.scale.dimid + 1);
  });
  forEachGroup(root, (g) => {
    const dims = g.datasets
      .filter((d) => d.scale !== undefined)
      .map((d): Dim => {
        const dim: Dim = {
          name: d.link,
          group: g,
          size: d.metadata.shape?.[0] ?? 0,
          unlimited: isUnlimited(d.metadata.maxshape?.[0]),
          id: d.scale?.dimid ?? nextId++,
        };
        byPath.set(d.path, dim);
        byId.set(dim.id, dim);
        return dim;
      });
    g.dimensions.push(...dims.sort((a, b) => a.id - b.id));
  });

  const resolved = new Map<RawDataset, ResolvedVariable>();
  const visit = (g: RawGroup): void => {
    // netCDF-C matches child groups first, so their phony dimensions get the lower numbers.
    g.groups.forEach(visit);
    for (const d of g.datasets) {
      const kind = variableType(d.metadata);
      if (d.scale?.dimensionOnly === true || kind === undefined || d.metadata.shape === null) continue;
      const dims: Dim[] = [];
      d.metadata.shape.forEach((length, axis) => {
        let dim = d.scale === undefined ? attachedScale(h5, fileId, d.path, axis, byPath) : coordinateDim(d, axis, byId, byPath);
        if (dim === undefined) {
          const unlimited = isUnlimited(d.metadata.maxshape?.[axis]);
          dim = g.dimensions.find((c) => c.size === length && c.unlimited === unlimited && !dims.includes(c));
          if (dim === undefined) {
            dim = { name: `phony_dim_${nextId}`, group: g, size: length, unlimited, id: nextId++ };
            g.dimensions.push(dim);
          }
        }
        dims.push(dim);
      });
      resolved.set(d, { dataset: d, dims, ...kind });
    }
  };
  visit(root);
  for (const v of resolved.values()) {
    v.dims.forEach((dim, axis) => {
      if (dim.unlimited) dim.size = Math.max(dim.size, v.dataset.metadata.shape![axis]!);
    });
  }
  return resolved;
}

function readGroup(h5: H5Module, fileId: bigint, path: string, name: string): RawGroup {
  const group: RawGroup = { path, name, attributes: [], datasets: [], groups: [], dimensions: [] };
  group.attributes.push(...visibleAttributes(h5, fileId, path));
  const base = path === '/' ? '/' : `${path}/`;
  for (const link of h5.get_names(fileId, path, false)) {
    const child = base + link;
    const kind = h5.get_type(fileId, child);
    if (kind === h5.H5G_GROUP) group.groups.push(readGroup(h5, fileId, child, link));
    else if (kind === h5.H5G_DATASET) group.datasets.push(readDataset(h5, fileId, child, link));
  }
  return group;
}

function readDataset(h5: H5Module, fileId: bigint, path: string, link: string): RawDataset {
  const metadata = h5.get_dataset_metadata(fileId, path);
  const names = h5.get_attribute_names(fileId, path);
  const text = (name: string): string | undefined => {
    if (!names.includes(name)) return undefined;
    const a = readAttribute(h5, fileId, path, name);
    return a?.type === 'char' ? a.value.replace(/\0+$/, '') : undefined;
  };
  const integers = (name: string): readonly number[] | undefined => {
    if (!names.includes(name)) return undefined;
    const a = readAttribute(h5, fileId, path, name);
    return a?.type === 'int' ? a.value : undefined;
  };
  const isScale = text('CLASS') === 'DIMENSION_SCALE';
  const dimid = integers('_Netcdf4Dimid')?.[0];
  const coordinates = integers('_Netcdf4Coordinates');
  return {
    path,
    link,
    metadata,
    attributes: visibleAttributes(h5, fileId, path),
    ...(isScale ? { scale: { dimensionOnly: text('NAME')?.startsWith(DIMENSION_ONLY) ?? false, ...(dimid === undefined ? {} : { dimid }) } } : {}),
    ...(coordinates === undefined ? {} : { coordinates }),
  };
}

function visibleAttributes(h5: H5Module, fileId: bigint, path: string): NetcdfAttribute[] {
  const list: NetcdfAttribute[] = [];
  for (const name of h5.get_attribute_names(fileId, path)) {
    if (HIDDEN_ATTRIBUTES.has(name)) continue;
    const a = readAttribute(h5, fileId, path, name);
    if (a !== undefined) list.push(a);
  }
  return list;
}

/**
 * One attribute with its NetCDF type; undefined for HDF5 types NetCDF has no atomic type for
 * (compound, enum, references, …). A scalar fixed-length string is a `char` attribute (netCDF-C
 * writes those), other strings are `string` attributes.
 */
function readAttribute(h5: H5Module, fileId: bigint, path: string, name: string): NetcdfAttribute | undefined {
  const md = h5.get_attribute_metadata(fileId, path, name);
  const n = md.shape === null ? 0 : md.total_size;
  if (md.type === H5T_STRING) {
    if (md.vlen) {
      if (n === 0) return { name, type: 'string', value: [] };
      return withHeap(h5, n * 4, (ptr) => {
        h5.get_attribute_data(fileId, path, name, BigInt(ptr));
        try {
          return { name, type: 'string', value: [...stringPointers(h5, ptr, n)].map((p) => decodeUtf8(cStringBytes(h5, p))) };
        } finally {
          h5.reclaim_vlen_memory(fileId, path, name, BigInt(ptr));
        }
      });
    }
    const bytes = readBytes(h5, fileId, path, name, n * md.size);
    if (md.shape !== null && md.shape.length === 0) return { name, type: 'char', value: decodeUtf8(bytes) };
    if (n === 0) return { name, type: 'char', value: '' };
    return { name, type: 'string', value: Array.from({ length: n }, (_, i) => decodeUtf8(trimAtNul(bytes.subarray(i * md.size, (i + 1) * md.size)))) };
  }
  const type = numericType(md);
  if (type === undefined) return undefined;
  const bytes = readBytes(h5, fileId, path, name, n * md.size);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const numbers = (get: (offset: number) => number): number[] => Array.from({ length: n }, (_, i) => get(i * md.size));
  const bigints = (get: (offset: number) => bigint): bigint[] => Array.from({ length: n }, (_, i) => get(i * md.size));
  // h5wasm converts to little-endian on read.
  switch (type) {
    case 'byte':
      return { name, type, value: numbers((o) => view.getInt8(o)) };
    case 'ubyte':
      return { name, type, value: numbers((o) => view.getUint8(o)) };
    case 'short':
      return { name, type, value: numbers((o) => view.getInt16(o, true)) };
    case 'ushort':
      return { name, type, value: numbers((o) => view.getUint16(o, true)) };
    case 'int':
      return { name, type, value: numbers((o) => view.getInt32(o, true)) };
    case 'uint':
      return { name, type, value: numbers((o) => view.getUint32(o, true)) };
    case 'float':
      return { name, type, value: numbers((o) => view.getFloat32(o, true)) };
    case 'double':
      return { name, type, value: numbers((o) => view.getFloat64(o, true)) };
    case 'int64':
      return { name, type, value: bigints((o) => view.getBigInt64(o, true)) };
    case 'uint64':
      return { name, type, value: bigints((o) => view.getBigUint64(o, true)) };
  }
}

function readBytes(h5: H5Module, fileId: bigint, path: string, name: string, bytes: number): Uint8Array {
  if (bytes === 0) return new Uint8Array(0);
  return withHeap(h5, bytes, (ptr) => {
    h5.get_attribute_data(fileId, path, name, BigInt(ptr));
    return h5.HEAPU8.slice(ptr, ptr + bytes);
  });
}

function trimAtNul(bytes: Uint8Array): Uint8Array {
  const end = bytes.indexOf(0);
  return end < 0 ? bytes : bytes.subarray(0, end);
}

type NumericType = Exclude<NetcdfType, 'char' | 'string'>;

function numericType(md: Metadata): NumericType | undefined {
  if (md.type === H5T_FLOAT) return md.size === 4 ? 'float' : md.size === 8 ? 'double' : undefined;
  if (md.type !== H5T_INTEGER) return undefined;
  switch (md.size) {
    case 1:
      return md.signed ? 'byte' : 'ubyte';
    case 2:
      return md.signed ? 'short' : 'ushort';
    case 4:
      return md.signed ? 'int' : 'uint';
    case 8:
      return md.signed ? 'int64' : 'uint64';
    default:
      return undefined;
  }
}

/**
 * A variable's NetCDF type: one-byte fixed strings are NetCDF's `char`; longer fixed-length strings
 * (written by h5py and others, not by netCDF-C) are served as `string` values.
 */
function variableType(md: Metadata): { type: NetcdfType; storage: ValueStorage } | undefined {
  if (md.type === H5T_STRING) {
    if (md.vlen) return { type: 'string', storage: 'vlenString' };
    return md.size === 1 ? { type: 'char', storage: 'fixed' } : { type: 'string', storage: 'fixedString' };
  }
  const type = numericType(md);
  return type === undefined ? undefined : { type, storage: 'fixed' };
}

function attachedScale(h5: H5Module, fileId: bigint, path: string, axis: number, dims: ReadonlyMap<string, Dim>): Dim | undefined {
  for (const scale of h5.get_attached_scales(fileId, path, axis)) {
    const dim = dims.get(scale);
    if (dim !== undefined) return dim;
  }
  return undefined;
}

/** A coordinate variable's dimension on `axis`: `_Netcdf4Coordinates` when present, else itself on axis 0. */
function coordinateDim(d: RawDataset, axis: number, byId: ReadonlyMap<number, Dim>, byPath: ReadonlyMap<string, Dim>): Dim | undefined {
  const id = d.coordinates?.[axis];
  if (id !== undefined) return byId.get(id);
  return axis === 0 ? byPath.get(d.path) : undefined;
}

/** The name a variable in the innermost group of `chain` uses for `dim`: its full path when a nearer group shadows it. */
function dimensionName(dim: Dim, chain: readonly RawGroup[]): string {
  for (let i = chain.length - 1; i >= 0 && chain[i] !== dim.group; i--) {
    if (chain[i]!.dimensions.some((d) => d.name === dim.name)) return `${dim.group.path === '/' ? '' : dim.group.path}/${dim.name}`;
  }
  return dim.name;
}

function storageOf(h5: H5Module, fileId: bigint, d: RawDataset): NetcdfStorage {
  const filters = h5.get_dataset_filters(fileId, d.path);
  const deflate = filters.find((f) => f.id === H5Z_FILTER_DEFLATE);
  const chunks = d.metadata.chunks;
  return {
    layout: chunks === null ? 'contiguous' : 'chunked',
    ...(chunks === null ? {} : { chunks }),
    ...(deflate === undefined ? {} : { deflateLevel: deflate.cd_values[0] ?? 0 }),
    shuffle: filters.some((f) => f.id === H5Z_FILTER_SHUFFLE),
    fletcher32: filters.some((f) => f.id === H5Z_FILTER_FLETCHER32),
  };
}

/** netCDF-C's default fill values (netcdf.h `NC_FILL_*`). */
const DEFAULT_FILL: Readonly<Record<Exclude<NetcdfType, 'string'>, number | bigint>> = {
  byte: -127,
  ubyte: 255,
  char: 0,
  short: -32767,
  ushort: 65535,
  int: -2147483647,
  uint: 4294967295,
  int64: -9223372036854775806n,
  uint64: 18446744073709551614n,
  float: 9.969209968386869e36,
  double: 9.969209968386869e36,
};

/** The variable's `_FillValue` when it has its type, else the default, as little-endian bytes. */
function fillValue(type: NetcdfType, attributes: readonly NetcdfAttribute[]): Uint8Array | null {
  if (type === 'string') return null;
  const own = attributes.find((a) => a.name === '_FillValue' && a.type === type);
  let value: number | bigint = DEFAULT_FILL[type];
  if (own?.type === 'char') value = own.value.charCodeAt(0) || 0;
  else if (own !== undefined && own.type !== 'string' && own.value[0] !== undefined) value = own.value[0];
  const out = new Uint8Array(valueWidth(type)!);
  const view = new DataView(out.buffer);
  switch (type) {
    case 'byte':
      view.setInt8(0, Number(value));
      break;
    case 'ubyte':
    case 'char':
      view.setUint8(0, Number(value));
      break;
    case 'short':
      view.setInt16(0, Number(value), true);
      break;
    case 'ushort':
      view.setUint16(0, Number(value), true);
      break;
    case 'int':
      view.setInt32(0, Number(value), true);
      break;
    case 'uint':
      view.setUint32(0, Number(value), true);
      break;
    case 'float':
      view.setFloat32(0, Number(value), true);
      break;
    case 'double':
      view.setFloat64(0, Number(value), true);
      break;
    case 'int64':
      view.setBigInt64(0, BigInt(value), true);
      break;
    case 'uint64':
      view.setBigUint64(0, BigInt(value), true);
      break;
  }
  return out;
}

function isUnlimited(max: number | undefined): boolean {
  // H5S_UNLIMITED is 2^64 - 1, which h5wasm hands over as a (rounded) double.
  return max !== undefined && !Number.isSafeInteger(max);
}

function forEachGroup(g: RawGroup, visit: (g: RawGroup) => void): void {
  visit(g);
  for (const c of g.groups) forEachGroup(c, visit);
}
