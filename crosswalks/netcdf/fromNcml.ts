import { CrosswalkError } from '../crosswalk.js';
import { attr, children, parseXml, type XmlElement } from '../../src/core/xml.js';
import type { DatasetHeader, NetcdfAttribute, NetcdfDimension, NetcdfGroup, NetcdfType, NetcdfVariable } from '../../src/netcdf/datasetHeader.js';
import { makeAttribute } from './attributeValues.js';

/**
 * NcML 2.2 (the THREDDS `ncml` service, netCDF-Java's `NcMLWriter`) to a `DatasetHeader`. A `String`
 * attribute with one value is read as `char` (what netCDF-3 files and most CF attributes are); with a
 * `separator`, as a `string` list. `long`/`ulong` are netCDF-Java's 64-bit integers. Structure members
 * become `structure.member` variables; `values`, aggregations and enum typedefs are not read.
 */

export const NCML_NS = 'http://www.unidata.ucar.edu/namespaces/netcdf/ncml-2.2';
const MAX_GROUP_DEPTH = 32;

const TYPES: Readonly<Record<string, NetcdfType>> = {
  byte: 'byte', ubyte: 'ubyte', char: 'char', short: 'short', ushort: 'ushort', int: 'int', uint: 'uint',
  long: 'int64', ulong: 'uint64', int64: 'int64', uint64: 'uint64', float: 'float', double: 'double',
  string: 'string', enum1: 'byte', enum2: 'short', enum4: 'int',
};

const UNSIGNED: Partial<Record<NetcdfType, NetcdfType>> = { byte: 'ubyte', short: 'ushort', int: 'uint', int64: 'uint64' };

function fail(detail: string): never {
  throw new CrosswalkError('netcdf-header', `NcML: ${detail}`);
}

function typeOf(name: string | undefined, unsigned: boolean, where: string): NetcdfType | undefined {
  if (name === undefined) return undefined;
  const type = TYPES[name.toLowerCase()];
  if (type === undefined) return undefined;
  if (!unsigned) return type;
  const u = UNSIGNED[type];
  if (u === undefined) fail(`${where} of type ${name} cannot be unsigned`);
  return u;
}

function readAttribute(el: XmlElement, where: string): NetcdfAttribute {
  const name = attr(el, 'name');
  if (name === undefined || name === '') fail(`an attribute of ${where} has no name`);
  const typeName = attr(el, 'type') ?? 'String';
  const type = typeOf(typeName, attr(el, 'isUnsigned') === 'true', `attribute "${name}"`);
  if (type === undefined) fail(`attribute "${name}" has the unknown type "${typeName}"`);
  const text = attr(el, 'value') ?? el.text;
  const separator = attr(el, 'separator');
  if (type === 'string' || type === 'char') {
    return separator === undefined || separator === '' ? makeAttribute(name, 'char', [text]) : makeAttribute(name, 'string', text.split(separator));
  }
  const parts = (separator === undefined || separator === '' ? text.split(/\s+/) : text.split(separator)).map((p) => p.trim()).filter((p) => p !== '');
  return makeAttribute(name, type, parts);
}

function readVariables(el: XmlElement, prefix: string, outer: readonly string[], into: NetcdfVariable[], depth: number): void {
  if (depth > MAX_GROUP_DEPTH) fail(`structures are nested deeper than ${MAX_GROUP_DEPTH}`);
  for (const v of children(el, NCML_NS, 'variable')) {
    const name = attr(v, 'name');
    if (name === undefined || name === '') fail('a variable has no name');
    const shape = (attr(v, 'shape') ?? '').split(/[\s,]+/).filter((s) => s !== '');
    const dimensions = [...outer, ...shape];
    const typeName = attr(v, 'type') ?? '';
    if (typeName === 'Structure' || typeName === 'Sequence') {
      readVariables(v, `${prefix}${name}.`, typeName === 'Structure' ? dimensions : [], into, depth + 1);
      continue;
    }
    const type = typeOf(typeName, attr(v, 'isUnsigned') === 'true', `variable "${name}"`);
    if (type === undefined) fail(`variable "${name}" has the unknown type "${typeName}"`);
    const attributes = children(v, NCML_NS, 'attribute').map((a) => readAttribute(a, `variable "${name}"`));
    into.push({ name: `${prefix}${name}`, type, dimensions, attributes });
  }
}

function readGroup(el: XmlElement, name: string, depth: number): NetcdfGroup {
  if (depth > MAX_GROUP_DEPTH) fail(`groups are nested deeper than ${MAX_GROUP_DEPTH}`);
  const dimensions: NetcdfDimension[] = children(el, NCML_NS, 'dimension').map((d) => {
    const dimName = attr(d, 'name');
    const length = attr(d, 'length') ?? '0';
    if (dimName === undefined || dimName === '') fail('a dimension has no name');
    if (!/^\d+$/.test(length.trim())) fail(`dimension "${dimName}" has the length "${length}"`);
    return { name: dimName, size: Number(length.trim()), unlimited: attr(d, 'isUnlimited') === 'true' };
  });
  const variables: NetcdfVariable[] = [];
  readVariables(el, '', [], variables, 0);
  const attributes = children(el, NCML_NS, 'attribute').map((a) => readAttribute(a, name === '' ? 'the dataset' : `group "${name}"`));
  const groups = children(el, NCML_NS, 'group').map((g) => {
    const groupName = attr(g, 'name');
    if (groupName === undefined || groupName === '') fail('a group has no name');
    return readGroup(g, groupName, depth + 1);
  });
  return { name, dimensions, variables, attributes, groups };
}

/** The file name a `location` points to, without its `.nc` extension (as `ncdump` names a dataset). */
function datasetName(location: string | undefined): string | undefined {
  if (location === undefined || /\s/.test(location.trim()) || location.trim() === '') return undefined;
  const path = location.trim().replace(/[?#].*$/, '');
  const base = path.slice(path.lastIndexOf('/') + 1);
  const name = base.replace(/\.(nc|nc4|ncml|cdf|netcdf)$/i, '');
  return name === '' ? undefined : name;
}

/** Parses an NcML document (`<netcdf>` root in the NcML 2.2 namespace). Throws `CrosswalkError`. */
export function fromNcml(text: string): DatasetHeader {
  let root: XmlElement;
  try {
    root = parseXml(text);
  } catch (error) {
    throw new CrosswalkError('netcdf-header', `NcML: ${(error as Error).message}`, { cause: error });
  }
  if (root.ns !== NCML_NS || root.local !== 'netcdf') fail(`the root element is {${root.ns}}${root.local}, not an NcML netcdf element`);
  const group = readGroup(root, '', 0);
  const name = datasetName(attr(root, 'location'));
  return { ...(name === undefined ? {} : { name }), dimensions: group.dimensions, variables: group.variables, attributes: group.attributes, groups: group.groups };
}
