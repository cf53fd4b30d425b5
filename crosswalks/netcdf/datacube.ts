import type { NetcdfAttribute, NetcdfDimension, NetcdfType, NetcdfVariable } from '../../src/netcdf/datasetHeader.js';
import { CfTimeError, decodeCfTime } from '../time/cfCalendar.js';
import { attributeNumbers, attributeText, findAttribute, shortestFloat32 } from './attributeValues.js';
import type { Warn } from './acdd.js';

/**
 * CF coordinates read from a header, and the datacube extension objects built from them. A header
 * has no data values: extents come from `actual_range`, `valid_range` or `valid_min`/`valid_max`.
 */

export type Axis = 'x' | 'y' | 'z' | 't';

const X_NAMES = new Set(['longitude', 'grid_longitude', 'projection_x_coordinate', 'projection_x_angular_coordinate']);
const Y_NAMES = new Set(['latitude', 'grid_latitude', 'projection_y_coordinate', 'projection_y_angular_coordinate']);
const Z_NAMES = new Set(['air_pressure', 'altitude', 'depth', 'height', 'height_above_geopotential_datum', 'model_level_number', 'depth_below_geoid']);
const LON_UNITS = /^degrees?_?(east|e)$/i;
const LAT_UNITS = /^degrees?_?(north|n)$/i;

const DATA_TYPES: Readonly<Record<NetcdfType, string>> = {
  byte: 'int8', ubyte: 'uint8', short: 'int16', ushort: 'uint16', int: 'int32', uint: 'uint32',
  int64: 'int64', uint64: 'uint64', float: 'float32', double: 'float64', char: 'other', string: 'other',
};

/** The CF axis of a variable, from `axis`, `standard_name`, `units`, `positive` or netCDF-Java's `_CoordinateAxisType`. */
export function axisOf(v: NetcdfVariable): Axis | undefined {
  const attrs = v.attributes;
  const axis = attributeText(attrs, 'axis')?.toLowerCase();
  if (axis === 'x' || axis === 'y' || axis === 'z' || axis === 't') return axis;
  const standard = attributeText(attrs, 'standard_name');
  if (standard !== undefined) {
    if (X_NAMES.has(standard)) return 'x';
    if (Y_NAMES.has(standard)) return 'y';
    if (standard === 'time') return 't';
    if (Z_NAMES.has(standard) || standard.startsWith('atmosphere_') || standard.startsWith('ocean_')) return 'z';
  }
  const units = attributeText(attrs, 'units') ?? '';
  if (LON_UNITS.test(units)) return 'x';
  if (LAT_UNITS.test(units)) return 'y';
  if (/\ssince\s/i.test(units)) return 't';
  const positive = attributeText(attrs, 'positive')?.toLowerCase();
  if (positive === 'up' || positive === 'down') return 'z';
  const cdm = attributeText(attrs, '_CoordinateAxisType');
  if (cdm === 'Lon' || cdm === 'GeoX') return 'x';
  if (cdm === 'Lat' || cdm === 'GeoY') return 'y';
  if (cdm === 'Time') return 't';
  if (cdm === 'Height' || cdm === 'Pressure' || cdm === 'GeoZ') return 'z';
  return undefined;
}

/** True for longitude/latitude coordinates (as opposed to projected x/y). */
export function isGeographic(v: NetcdfVariable): boolean {
  const units = attributeText(v.attributes, 'units') ?? '';
  const standard = attributeText(v.attributes, 'standard_name');
  return LON_UNITS.test(units) || LAT_UNITS.test(units) || standard === 'longitude' || standard === 'latitude';
}

export interface ValueRange {
  readonly min: number;
  readonly max: number;
  /** The attribute it came from: `actual_range` bounds the data, the others only the values allowed. */
  readonly source: 'actual_range' | 'valid_range' | 'valid_min/valid_max';
}

/** The range of a variable's values the header states, unpacked when the variable is packed. */
export function valueRange(v: NetcdfVariable): ValueRange | undefined {
  const attrs = v.attributes;
  const pair = (name: string): [number, number] | undefined => {
    const values = attributeNumbers(attrs, name);
    return values?.length === 2 && values.every(Number.isFinite) ? [values[0]!, values[1]!] : undefined;
  };
  const actual = pair('actual_range');
  if (actual) return { min: Math.min(...actual), max: Math.max(...actual), source: 'actual_range' };
  const valid = pair('valid_range');
  const min = attributeNumbers(attrs, 'valid_min')?.[0];
  const max = attributeNumbers(attrs, 'valid_max')?.[0];
  const bounds = valid ?? (min !== undefined && max !== undefined && Number.isFinite(min) && Number.isFinite(max) ? [min, max] : undefined);
  if (!bounds) return undefined;
  // valid_* are in the packed type; actual_range is already in unpacked units.
  const scale = attributeNumbers(attrs, 'scale_factor')?.[0] ?? 1;
  const offset = attributeNumbers(attrs, 'add_offset')?.[0] ?? 0;
  const unpacked = bounds.map((b) => b * scale + offset);
  return { min: Math.min(...unpacked), max: Math.max(...unpacked), source: valid ? 'valid_range' : 'valid_min/valid_max' };
}

/** The coordinate variable of a dimension: the 1-D variable of the same name. */
export function coordinateOf(dimension: string, variables: readonly NetcdfVariable[]): NetcdfVariable | undefined {
  return variables.find((v) => v.name === dimension && v.dimensions.length === 1 && v.dimensions[0] === dimension);
}

/** The start and end of a time variable's stated range, decoded with its units and calendar. */
export function timeRange(v: NetcdfVariable, warn: Warn): { start: string; end: string; source: ValueRange['source'] } | undefined {
  const range = valueRange(v);
  const units = attributeText(v.attributes, 'units');
  if (range === undefined || units === undefined) return undefined;
  try {
    const calendar = attributeText(v.attributes, 'calendar');
    return { start: decodeCfTime(range.min, units, calendar), end: decodeCfTime(range.max, units, calendar), source: range.source };
  } catch (error) {
    if (!(error instanceof CfTimeError)) throw error;
    warn(`${v.name}:units`, error.problem === 'calendar' ? 'unsupported' : 'malformed', error.message);
    return undefined;
  }
}

export interface CubeInputs {
  readonly dimensions: readonly NetcdfDimension[];
  readonly variables: readonly NetcdfVariable[];
  /** Longitude/latitude bounds from ACDD, raw (0..360 kept), for x/y coordinates the header gives no range for. */
  readonly lonLat?: { readonly lon: readonly [number, number]; readonly lat: readonly [number, number] };
  readonly vertical?: readonly [number, number];
  readonly time: readonly [string | null, string | null];
}

function description(v: NetcdfVariable): string | undefined {
  return attributeText(v.attributes, 'long_name') ?? attributeText(v.attributes, 'description') ?? attributeText(v.attributes, 'Description');
}

/** `cube:dimensions`, in the header's dimension order. */
export function cubeDimensions(input: CubeInputs, warn: Warn): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const d of input.dimensions) {
    const coord = coordinateOf(d.name, input.variables);
    const path = `dimensions/${d.name}`;
    if (coord === undefined) {
      out[d.name] = { type: 'other', description: 'index (no coordinate variable)', extent: d.size > 0 ? [0, d.size - 1] : [null, null] };
      continue;
    }
    const axis = axisOf(coord);
    const text = description(coord);
    const range = valueRange(coord);
    const unit = attributeText(coord.attributes, 'units');
    if (axis === 'x' || axis === 'y') {
      // ACDD bounds describe the data; a valid range only what values are allowed.
      const acdd = isGeographic(coord) ? (axis === 'x' ? input.lonLat?.lon : input.lonLat?.lat) : undefined;
      const bounds = acdd !== undefined && acdd[0] <= acdd[1] ? acdd : undefined;
      const extent = range?.source === 'actual_range' ? [range.min, range.max] : (bounds ?? (range ? [range.min, range.max] : undefined));
      if (extent === undefined) {
        warn(path, 'missing', `cube:dimensions.${d.name} left out: the header gives no extent for it (no actual_range, valid_range or ACDD bounds)`);
        continue;
      }
      out[d.name] = {
        type: 'spatial', axis, ...(text === undefined ? {} : { description: text }), extent: [...extent],
        ...(isGeographic(coord) ? { reference_system: 4326 } : {}),
      };
    } else if (axis === 't') {
      out[d.name] = { type: 'temporal', ...(text === undefined ? {} : { description: text }), extent: [...input.time] };
    } else if (axis === 'z') {
      const extent = range ? [range.min, range.max] : (input.vertical ?? [null, null]);
      if (extent[0] === null) warn(path, 'missing', `the extent of ${d.name} is unknown: the header gives no range for it`);
      out[d.name] = { type: 'spatial', axis: 'z', ...(text === undefined ? {} : { description: text }), extent: [...extent], ...(unit === undefined ? {} : { unit }) };
    } else {
      const standard = attributeText(coord.attributes, 'standard_name');
      if (range === undefined) warn(path, 'missing', `the extent of ${d.name} is unknown: the header gives no range for it`);
      out[d.name] = {
        type: standard ?? 'other', ...(text === undefined ? {} : { description: text }), extent: range ? [range.min, range.max] : [null, null],
        ...(unit === undefined ? {} : { unit }),
      };
    }
  }
  return out;
}

/** Names other variables point to as coordinates, bounds, cell measures, grid mappings or ancillaries. */
function referencedNames(variables: readonly NetcdfVariable[]): Set<string> {
  const names = new Set<string>();
  for (const v of variables) {
    for (const key of ['coordinates', 'bounds', 'climatology', 'ancillary_variables', 'grid_mapping', 'cell_measures', 'formula_terms']) {
      const text = attributeText(v.attributes, key);
      if (text === undefined) continue;
      // `cell_measures: "area: areacella"` and `formula_terms: "a: ap b: b"` name variables after each colon.
      for (const word of text.split(/\s+/)) if (word !== '' && !word.endsWith(':')) names.add(word);
    }
  }
  return names;
}

function nodata(attribute: NetcdfAttribute | undefined): number | string | undefined {
  if (attribute === undefined || attribute.type === 'char' || attribute.type === 'string') return undefined;
  const raw = attribute.value[0];
  if (raw === undefined) return undefined;
  const value = typeof raw === 'bigint' ? Number(raw) : attribute.type === 'float' ? shortestFloat32(raw) : raw;
  if (Number.isNaN(value)) return 'nan';
  if (value === Infinity) return 'inf';
  if (value === -Infinity) return '-inf';
  return typeof raw === 'bigint' && !Number.isSafeInteger(value) ? undefined : value;
}

/** `cube:variables`: every variable that is not a dimension's coordinate variable. */
export function cubeVariables(input: CubeInputs): Record<string, unknown> {
  const referenced = referencedNames(input.variables);
  const out: Record<string, unknown> = {};
  for (const v of input.variables) {
    if (v.dimensions.length === 1 && v.dimensions[0] === v.name) continue;
    const auxiliary = referenced.has(v.name) || axisOf(v) !== undefined || ['cf_role', 'grid_mapping_name'].some((a) => findAttribute(v.attributes, a) !== undefined);
    const text = description(v);
    const unit = attributeText(v.attributes, 'units');
    const fill = nodata(findAttribute(v.attributes, '_FillValue') ?? findAttribute(v.attributes, 'missing_value'));
    const standard = attributeText(v.attributes, 'standard_name');
    out[v.name] = {
      dimensions: [...v.dimensions],
      type: auxiliary ? 'auxiliary' : 'data',
      ...(text === undefined ? {} : { description: text }),
      ...(unit === undefined ? {} : { unit }),
      ...(v.type === undefined ? {} : { data_type: DATA_TYPES[v.type] }),
      ...(fill === undefined ? {} : { nodata: fill }),
      ...(standard === undefined ? {} : { standard_name: standard }),
    };
  }
  return out;
}
