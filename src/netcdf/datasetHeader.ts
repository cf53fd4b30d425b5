/**
 * The header of a NetCDF dataset (everything `ncdump -h` shows): dimensions, variables with their
 * attributes, global attributes and NetCDF-4 groups. Built by the catalogue from CDL, NcML and
 * OPeNDAP DAS/DDS documents, and by the dataset readers from NetCDF-3 and NetCDF-4 files, so that one
 * CF/ACDD crosswalk serves them all. It carries no data values.
 */

export type NetcdfType =
  | 'byte'
  | 'ubyte'
  | 'char'
  | 'short'
  | 'ushort'
  | 'int'
  | 'uint'
  | 'int64'
  | 'uint64'
  | 'float'
  | 'double'
  | 'string';

/** The numeric types whose every value is exactly a JavaScript number. */
export type NetcdfNumberType = 'byte' | 'ubyte' | 'short' | 'ushort' | 'int' | 'uint' | 'float' | 'double';

/** The 64-bit integer types: their values are `bigint`, because a double loses integers above 2^53. */
export type NetcdfBigintType = 'int64' | 'uint64';

/**
 * One attribute with the type it has in the file. `char` attributes are one text (NetCDF stores them
 * as a character array); `string` attributes (NetCDF-4) are a list of texts.
 */
export type NetcdfAttribute =
  | { readonly name: string; readonly type: 'char'; readonly value: string }
  | { readonly name: string; readonly type: 'string'; readonly value: readonly string[] }
  | { readonly name: string; readonly type: NetcdfNumberType; readonly value: readonly number[] }
  | { readonly name: string; readonly type: NetcdfBigintType; readonly value: readonly bigint[] };

export interface NetcdfDimension {
  readonly name: string;
  /** The length; for an unlimited dimension, its current length. */
  readonly size: number;
  readonly unlimited: boolean;
}

export interface NetcdfVariable {
  readonly name: string;
  /**
   * Absent only when the source does not say: an OPeNDAP DAS without its DDS describes attributes,
   * not variables, and a variable's type is then known only from its `_FillValue`.
   */
  readonly type?: NetcdfType;
  /** Dimension names, slowest varying first; empty for a scalar. */
  readonly dimensions: readonly string[];
  readonly attributes: readonly NetcdfAttribute[];
  /** How the file stores the values (what `ncdump -s` shows); only readers of NetCDF-4 files set it. */
  readonly storage?: NetcdfStorage;
}

/** The HDF5 storage of a NetCDF-4 variable. */
export interface NetcdfStorage {
  readonly layout: 'contiguous' | 'chunked';
  /** The chunk shape, one length per dimension, when `layout` is `chunked`. */
  readonly chunks?: readonly number[];
  /** The zlib level, when the values are deflated. */
  readonly deflateLevel?: number;
  readonly shuffle: boolean;
  readonly fletcher32: boolean;
}

export interface NetcdfGroup {
  readonly name: string;
  readonly dimensions: readonly NetcdfDimension[];
  readonly variables: readonly NetcdfVariable[];
  readonly attributes: readonly NetcdfAttribute[];
  readonly groups: readonly NetcdfGroup[];
}

/** The root group; `name` is the dataset name when the source gives one (CDL `netcdf name {`, DDS). */
export interface DatasetHeader {
  readonly name?: string;
  readonly dimensions: readonly NetcdfDimension[];
  readonly variables: readonly NetcdfVariable[];
  /** Global attributes. */
  readonly attributes: readonly NetcdfAttribute[];
  readonly groups: readonly NetcdfGroup[];
}
