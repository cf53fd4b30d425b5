/**
 * The DAS: one attribute container per top-level variable (a Grid's is the Grid's), `NC_GLOBAL`
 * for the global attributes, one container per group, and `DODS_EXTRA` naming the unlimited
 * dimension (netCDF-C then declares it UNLIMITED again).
 */
import type { NetcdfAttribute } from '../../../netcdf/datasetHeader.js';
import type { DapArray, DapModel } from './dapModel.js';
import { escapeDapName, formatFloat32, formatFloat64, quoteDapString } from './dapText.js';

/** The global attribute that names the variables DAP2 cannot carry. */
const OMITTED_ATTRIBUTE = 'DAP2_omitted_variables';

const INT32_MIN = -(2 ** 31);
const INT32_MAX = 2 ** 31 - 1;

export interface DasAttribute {
  readonly type: string;
  readonly name: string;
  /** As the DAS writes them: strings quoted and escaped. */
  readonly values: readonly string[];
}

export interface DasContainer {
  readonly name: string;
  readonly attributes: readonly DasAttribute[];
}

/** Whether a byte variable's values are unsigned: NetCDF `ubyte`, or `byte` with `_Unsigned = "true"`. */
export function isUnsignedByte(array: Pick<DapArray, 'ncType' | 'attributes'>): boolean {
  if (array.ncType === 'ubyte') return true;
  if (array.ncType !== 'byte') return false;
  const flag = array.attributes.find((a) => a.name === '_Unsigned');
  return flag?.type === 'char' && flag.value.replace(/\0/g, '').trim().toLowerCase() === 'true';
}

/**
 * One attribute in DAS terms. DAP2 has no signed byte and no 64-bit integers: signed byte values
 * become Int16 (as THREDDS sends them; on an unsigned byte variable they are read as unsigned), 64-bit
 * ones Int32 when they fit, else Float64.
 */
function dasAttribute(a: NetcdfAttribute, unsignedVariable: boolean): DasAttribute {
  const ints = (type: string, values: readonly number[]): DasAttribute => ({ type, name: a.name, values: values.map(String) });
  switch (a.type) {
    case 'char':
      return { type: 'String', name: a.name, values: [quoteDapString(a.value)] };
    case 'string':
      return { type: 'String', name: a.name, values: a.value.map(quoteDapString) };
    case 'byte':
      return unsignedVariable ? ints('Byte', a.value.map((v) => v & 0xff)) : ints('Int16', a.value);
    case 'ubyte':
      return ints('Byte', a.value);
    case 'short':
      return ints('Int16', a.value);
    case 'ushort':
      return ints('UInt16', a.value);
    case 'int':
      return ints('Int32', a.value);
    case 'uint':
      return ints('UInt32', a.value);
    case 'float':
      return { type: 'Float32', name: a.name, values: a.value.map(formatFloat32) };
    case 'double':
      return { type: 'Float64', name: a.name, values: a.value.map(formatFloat64) };
    case 'int64':
    case 'uint64': {
      const fits = a.value.every((v) => v >= INT32_MIN && v <= INT32_MAX);
      return fits
        ? { type: 'Int32', name: a.name, values: a.value.map(String) }
        : { type: 'Float64', name: a.name, values: a.value.map((v) => formatFloat64(Number(v))) };
    }
  }
}

/** The attributes of a variable as served, with `_Unsigned` added to tell DAP2's one Byte apart. */
export function variableAttributes(array: DapArray): readonly DasAttribute[] {
  const unsigned = isUnsignedByte(array);
  const list = array.attributes.map((a) => dasAttribute(a, unsigned));
  const isByte = array.ncType === 'byte' || array.ncType === 'ubyte';
  if (isByte && !array.attributes.some((a) => a.name === '_Unsigned')) {
    list.push({ type: 'String', name: '_Unsigned', values: [quoteDapString(unsigned ? 'true' : 'false')] });
  }
  return list;
}

function container(name: string, attributes: readonly DasAttribute[]): string {
  let out = `    ${escapeDapName(name)} {\n`;
  for (const a of attributes) out += `        ${a.type} ${escapeDapName(a.name)} ${a.values.join(', ')};\n`;
  return `${out}    }\n`;
}

/** The containers that are not a variable's: `NC_GLOBAL`, one per group, `DODS_EXTRA`. */
export function datasetContainers(model: DapModel): readonly DasContainer[] {
  const globals = model.globalAttributes.map((a) => dasAttribute(a, false));
  if (model.omitted.length > 0) {
    globals.push({ type: 'String', name: OMITTED_ATTRIBUTE, values: [quoteDapString(model.omitted.join(' '))] });
  }
  const containers: DasContainer[] = [{ name: 'NC_GLOBAL', attributes: globals }];
  for (const g of model.groupAttributes) containers.push({ name: g.name, attributes: g.attributes.map((a) => dasAttribute(a, false)) });
  const unlimited = model.unlimitedDimensions[0];
  if (unlimited !== undefined) containers.push({ name: 'DODS_EXTRA', attributes: [{ type: 'String', name: 'Unlimited_Dimension', values: [quoteDapString(unlimited)] }] });
  return containers;
}

export function renderDas(model: DapModel): string {
  let out = 'Attributes {\n';
  for (const v of model.variables) out += container(v.name, variableAttributes(v.array));
  for (const c of datasetContainers(model)) out += container(c.name, c.attributes);
  return `${out}}\n`;
}
