import { splitAtAntimeridian } from '../../src/core/bbox.js';
import { STAC_VERSION, type Geometry, type StacItem, type StacLink } from '../../src/core/stac.js';
import type { DatasetHeader, NetcdfAttribute, NetcdfVariable } from '../../src/netcdf/datasetHeader.js';
import { spdxUrl, toSpdx } from '../../vocabularies/licenses.js';
import { CrosswalkError, type CrosswalkContext, type CrosswalkResult, type CrosswalkWarning } from '../crosswalk.js';
import { withEsgfExtensions } from '../esgf/cmip6Extension.js';
import { collectionLink } from '../esgf/toStac.js';
import { toRfc3339 } from '../time/dates.js';
import { acddBbox, acddContacts, acddDate, acddProviders, splitList, webUrl, type Warn } from './acdd.js';
import { attributeNumbers, attributeText } from './attributeValues.js';
import { cmip6Properties, isCmip6 } from './cmip6.js';
import { axisOf, coordinateOf, cubeDimensions, cubeVariables, isGeographic, timeRange, valueRange } from './datacube.js';
import { fromCdl } from './fromCdl.js';
import { fromDap2 } from './fromDap2.js';
import { fromNcml } from './fromNcml.js';

/**
 * CF/ACDD NetCDF headers (CDL, NcML, DAP2 DDS/DAS) to a STAC Item with the datacube extension.
 * Extents come from ACDD attributes, else from the ranges the coordinate variables state (a header
 * has no data values); CMIP6 headers also fill the cmip6 extension properties.
 */

export const EXTENSIONS = {
  contacts: 'https://stac-extensions.github.io/contacts/v0.1.1/schema.json',
  datacube: 'https://stac-extensions.github.io/datacube/v2.3.0/schema.json',
  processing: 'https://stac-extensions.github.io/processing/v1.2.0/schema.json',
  scientific: 'https://stac-extensions.github.io/scientific/v1.0.0/schema.json',
  themes: 'https://stac-extensions.github.io/themes/v1.0.0/schema.json',
  timestamps: 'https://stac-extensions.github.io/timestamps/v1.1.0/schema.json',
  version: 'https://stac-extensions.github.io/version/v1.2.0/schema.json',
} as const;

/** Groups THREDDS' ncISO adds to NcML responses: `CFMetadata` holds computed ACDD extents. */
const NCISO_GROUPS = new Set(['CFMetadata', 'NCISOMetadata', 'THREDDSMetadata']);

/**
 * What a caller may know beyond the document: the harvested record's native id (a DAS carries no
 * dataset name) and datestamp (the last resort for `datetime` when the header states no date).
 */
export interface NetcdfCrosswalkContext extends CrosswalkContext {
  readonly nativeId?: string;
  readonly datestamp?: string;
}

/** Reads a header document, recognised by its first word: NcML (`<`), CDL (`netcdf`) or DAP2. */
export function parseHeader(document: string): DatasetHeader {
  const head = document.replace(/^\uFEFF/, '').trimStart();
  if (head.startsWith('<')) return fromNcml(document);
  if (/^netcdf[\s{]/.test(head)) return fromCdl(document);
  if (/^(dataset|attributes|error)\s*\{/i.test(head)) return fromDap2(document);
  throw new CrosswalkError('netcdf-header', 'not a NetCDF header: expected NcML, CDL (ncdump -h) or an OPeNDAP DDS/DAS');
}

export function toStac(document: string, ctx: NetcdfCrosswalkContext): CrosswalkResult<StacItem> {
  return headerToStac(parseHeader(document), ctx);
}

function datasetId(attrs: readonly NetcdfAttribute[], header: DatasetHeader, ctx: NetcdfCrosswalkContext, warn: Warn): string {
  const id = attributeText(attrs, 'id');
  const authority = attributeText(attrs, 'naming_authority');
  if (id !== undefined) return authority === undefined ? id : `${authority}:${id}`;
  if (ctx.nativeId !== undefined && ctx.nativeId !== '') return ctx.nativeId;
  if (header.name !== undefined && header.name !== '') return header.name;
  const tracking = /^hdl:21\.14100\/([0-9a-f-]{36})$/i.exec(attributeText(attrs, 'tracking_id') ?? '')?.[1];
  const uuid = tracking ?? attributeText(attrs, 'uuid');
  if (uuid !== undefined) {
    warn(':id', 'defaulted', `no id attribute or dataset name: the id is the ${tracking === undefined ? 'uuid' : 'tracking_id'} ${uuid}`);
    return uuid;
  }
  throw new CrosswalkError('netcdf-header', 'the header has no identifier: no id attribute, no dataset name, no tracking_id or uuid, and no native id was given');
}

/** The time range CMIP file names end with: `_185001-201412`, `_19910101-20101231`, `_201001010000-201012311800`. */
function cmipFileRange(name: string | undefined): { start: string; end: string } | undefined {
  const m = /_(\d{4,14})-(\d{4,14})(?:-clim)?(?:\.nc)?$/.exec(name ?? '');
  if (!m || m[1]!.length !== m[2]!.length || ![4, 6, 8, 10, 12, 14].includes(m[1]!.length)) return undefined;
  const iso = (t: string): string => {
    const date = [t.slice(0, 4), t.slice(4, 6), t.slice(6, 8)].filter((p) => p !== '').join('-');
    if (t.length <= 8) return date;
    return `${date}T${[t.slice(8, 10), t.slice(10, 12) || '00', t.slice(12, 14) || '00'].join(':')}Z`;
  };
  const start = toRfc3339(iso(m[1]!), 'start');
  const end = toRfc3339(iso(m[2]!), 'end');
  return start === undefined || end === undefined ? undefined : { start, end };
}

function geometryOf(bbox: readonly [number, number, number, number]): Geometry {
  const [w, s, e, n] = bbox;
  if (w === e && s === n) return { type: 'Point', coordinates: [w, s] };
  const ring = (box: readonly number[]): number[][] => {
    const [bw, bs, be, bn] = box as [number, number, number, number];
    return [[bw, bs], [be, bs], [be, bn], [bw, bn], [bw, bs]];
  };
  const parts = splitAtAntimeridian(bbox);
  if (parts.length === 1) return { type: 'Polygon', coordinates: [ring(bbox)] };
  return { type: 'MultiPolygon', coordinates: parts.map((p) => [ring(p)]) };
}

/** A bbox from longitude/latitude variables' stated ranges, when ACDD gives none. */
function coordinateBbox(variables: readonly NetcdfVariable[], warn: Warn): { raw: [number, number, number, number]; bbox: [number, number, number, number] } | undefined {
  const geographic = variables.filter(isGeographic);
  const lon = geographic.find((v) => axisOf(v) === 'x');
  const lat = geographic.find((v) => axisOf(v) === 'y');
  const lonRange = lon && valueRange(lon);
  const latRange = lat && valueRange(lat);
  if (!lonRange || !latRange || latRange.min < -90 || latRange.max > 90 || lonRange.min < -180 || lonRange.max > 360 || lonRange.max - lonRange.min > 360) {
    return undefined;
  }
  const sources = [...new Set([lonRange.source, latRange.source])].join(' and ');
  const bounded = lonRange.source === 'actual_range' && latRange.source === 'actual_range' ? '' : ': it bounds the values allowed, which may be wider than the data';
  warn(`${lon!.name}`, 'defaulted', `no ACDD bounds: the bbox is the ${sources} of ${lon!.name} and ${lat!.name}${bounded}`);
  const raw: [number, number, number, number] = [lonRange.min, latRange.min, lonRange.max, latRange.max];
  const west = raw[0] > 180 ? raw[0] - 360 : raw[0];
  const east = raw[2] > 180 ? raw[2] - 360 : raw[2];
  const global = raw[2] - raw[0] >= 359.999;
  return { raw, bbox: global ? [-180, raw[1], 180, raw[3]] : [west, raw[1], east, raw[3]] };
}

function doiOf(text: string | undefined): string | undefined {
  const m = /(?:doi:\s*|doi\.org\/)?(10\.\d{4,9}\/[^\s,;]+?)[.,;]?$/i.exec(text?.trim() ?? '');
  return m?.[1];
}

/** Turns a header into a STAC Item. */
export function headerToStac(header: DatasetHeader, ctx: NetcdfCrosswalkContext): CrosswalkResult<StacItem> {
  const warnings: CrosswalkWarning[] = [];
  const warn: Warn = (path, kind, detail) => warnings.push({ path, kind, detail });

  // ncISO's CFMetadata group holds the extents THREDDS computed; the file's own attributes win.
  const cf = header.groups.find((g) => g.name === 'CFMetadata')?.attributes ?? [];
  const attrs: readonly NetcdfAttribute[] = [...header.attributes, ...cf.filter((a) => !header.attributes.some((b) => b.name === a.name))];
  for (const g of header.groups) {
    if (!NCISO_GROUPS.has(g.name)) warn(`/${g.name}`, 'unsupported', `group "${g.name}" is not described: only the root group's variables are`);
  }

  const id = datasetId(attrs, header, ctx, warn);
  const variables = header.variables;

  // Time: ACDD coverage, else the time coordinate's stated range, else a CMIP file name's range.
  let start = acddDate(attrs, 'time_coverage_start', 'start', warn);
  let end = acddDate(attrs, 'time_coverage_end', 'end', warn);
  const timeVariable =
    header.dimensions.map((d) => coordinateOf(d.name, variables)).find((v) => v !== undefined && axisOf(v) === 't') ??
    variables.find((v) => axisOf(v) === 't' && /\ssince\s/i.test(attributeText(v.attributes, 'units') ?? ''));
  const coordinateTime = timeVariable && timeRange(timeVariable, warn);
  if (start === undefined && end === undefined && coordinateTime !== undefined) {
    ({ start, end } = coordinateTime);
    if (coordinateTime.source !== 'actual_range') warn(timeVariable!.name, 'defaulted', `the time range is the ${coordinateTime.source} of ${timeVariable!.name}, not the data's range`);
  }
  if (start === undefined && end === undefined && isCmip6(attrs)) {
    const fromName = cmipFileRange(ctx.nativeId ?? header.name);
    if (fromName !== undefined) {
      ({ start, end } = fromName);
      warn(':time_coverage_start', 'defaulted', 'the time range is the one the CMIP file name states');
    }
  }
  const created = acddDate(attrs, 'date_created', 'start', warn) ?? acddDate(attrs, 'creation_date', 'start', warn);
  const updated = acddDate(attrs, 'date_modified', 'start', warn) ?? acddDate(attrs, 'date_metadata_modified', 'start', warn);
  const published = acddDate(attrs, 'date_issued', 'start', warn);
  let datetime: string | null;
  if (start !== undefined && end !== undefined && start !== end) {
    datetime = null;
    if (start > end) warn(':time_coverage_start', 'malformed', `the time range starts (${start}) after it ends (${end})`);
  } else if (start !== undefined || end !== undefined) {
    datetime = (start ?? end)!;
    start = undefined;
    end = undefined;
  } else {
    const fallback = created ?? toRfc3339(ctx.datestamp);
    if (fallback === undefined) {
      throw new CrosswalkError('netcdf-header', 'the header states no time (no time_coverage_*, time range, or date_created) and no datestamp was given');
    }
    warn(':time_coverage_start', 'missing', `the header states no time range (no time_coverage_start/end, no actual_range or valid_range on a time coordinate): datetime is the ${created === undefined ? 'harvest datestamp' : 'creation date'}`);
    datetime = fallback;
  }

  // Space: ACDD bounds, else the coordinate variables' stated ranges.
  const acdd = acddBbox(attrs, warn);
  const box = acdd ?? coordinateBbox(variables, warn);
  if (box === undefined) warn(':geospatial_lat_min', 'missing', 'no bbox: no ACDD geospatial bounds, and no actual_range or valid_range on longitude/latitude coordinates');

  const zDims = header.dimensions.map((d) => coordinateOf(d.name, variables)).filter((v) => v !== undefined && axisOf(v) === 'z');
  const vMin = attributeNumbers(attrs, 'geospatial_vertical_min')?.[0];
  const vMax = attributeNumbers(attrs, 'geospatial_vertical_max')?.[0];
  const cubeInputs = {
    dimensions: header.dimensions,
    variables,
    ...(acdd === undefined ? {} : { lonLat: { lon: [acdd.raw[0], acdd.raw[2]] as const, lat: [acdd.raw[1], acdd.raw[3]] as const } }),
    ...(zDims.length === 1 && vMin !== undefined && vMax !== undefined ? { vertical: [vMin, vMax] as const } : {}),
    time: [start ?? datetime, end ?? datetime] as const,
  };
  const dimensions = cubeDimensions(cubeInputs, warn);
  const cubeVars = cubeVariables(cubeInputs);

  // Licence, parties, keywords.
  const links: StacLink[] = [];
  const collection = ctx.collection ?? (isCmip6(attrs) ? 'CMIP6' : undefined);
  if (collection !== undefined) links.push(collectionLink(ctx.baseUrl, collection));
  const licenseText = attributeText(attrs, 'license');
  const spdx = licenseText === undefined ? undefined : toSpdx(licenseText);
  if (spdx !== undefined) {
    const href = spdxUrl(spdx);
    if (href !== undefined) links.push({ rel: 'license', href, title: spdx });
  } else if (licenseText !== undefined) {
    const url = /https?:\/\/[^\s,;()<>]+[^\s,;()<>.]/.exec(licenseText)?.[0];
    if (url !== undefined) links.push({ rel: 'license', href: url });
    warn(':license', 'defaulted', `no recognisable licence in "${licenseText.length > 80 ? `${licenseText.slice(0, 80)}...` : licenseText}": license 'other'`);
  }
  const providers = acddProviders(attrs);
  const contacts = acddContacts(attrs, warn);
  const keywords = splitList(attributeText(attrs, 'keywords'));
  const vocabulary = attributeText(attrs, 'keywords_vocabulary');
  const platforms = splitList(attributeText(attrs, 'platform'));
  if (platforms.length > 1) warn(':platform', 'dropped', `several platforms; platform is the first: ${platforms.slice(1).join(', ')} left out`);
  const instruments = splitList(attributeText(attrs, 'instrument') ?? attributeText(attrs, 'sensor'));
  const version = attributeText(attrs, 'product_version') ?? attributeText(attrs, 'version');
  const lineage = [attributeText(attrs, 'source'), attributeText(attrs, 'history')].filter((t) => t !== undefined).join('\n');
  const level = attributeText(attrs, 'processing_level');
  const doi = doiOf(attributeText(attrs, 'doi'));
  if (doi !== undefined) links.push({ rel: 'cite-as', href: `https://doi.org/${doi}` });
  const publications = splitList(attributeText(attrs, 'references'), /\n/).map((citation) => {
    const ref = /(?:doi:\s*|doi\.org\/)(10\.\d{4,9}\/[^\s,;]+?)[.,;]?(?:\s|$)/i.exec(citation)?.[1];
    return { ...(ref === undefined ? {} : { doi: ref }), citation };
  });
  for (const name of ['further_info_url', 'metadata_link', 'Metadata_Link']) {
    const href = webUrl(attributeText(attrs, name));
    if (href !== undefined && !links.some((l) => l.href === href)) links.push({ rel: 'describedby', href, type: 'text/html' });
  }
  const cmip6 = isCmip6(attrs) ? cmip6Properties(attrs, variables, spdx) : {};

  const extensions = new Set<string>([EXTENSIONS.datacube]);
  const properties: Record<string, unknown> = {};
  const set = (key: string, value: unknown, extension?: string): void => {
    if (value === undefined || (Array.isArray(value) && value.length === 0) || value === '') return;
    properties[key] = value;
    if (extension !== undefined) extensions.add(extension);
  };
  set('title', attributeText(attrs, 'title'));
  set('description', attributeText(attrs, 'summary'));
  properties.datetime = datetime;
  set('start_datetime', start);
  set('end_datetime', end);
  set('created', created);
  set('updated', updated);
  set('published', published, EXTENSIONS.timestamps);
  set('license', spdx ?? (licenseText === undefined ? undefined : 'other'));
  set('keywords', keywords);
  if (vocabulary !== undefined && keywords.length > 0) set('themes', [{ scheme: vocabulary, concepts: keywords.map((k) => ({ id: k })) }], EXTENSIONS.themes);
  set('providers', providers);
  set('contacts', contacts, EXTENSIONS.contacts);
  set('platform', platforms[0]);
  set('instruments', instruments);
  set('version', version, EXTENSIONS.version);
  set('processing:level', level, EXTENSIONS.processing);
  set('processing:lineage', lineage, EXTENSIONS.processing);
  set('sci:doi', doi, EXTENSIONS.scientific);
  set('sci:citation', attributeText(attrs, 'citation'), EXTENSIONS.scientific);
  set('sci:publications', publications, EXTENSIONS.scientific);
  properties['cube:dimensions'] = dimensions;
  properties['cube:variables'] = cubeVars;
  Object.assign(properties, cmip6);

  const item: StacItem = {
    type: 'Feature',
    stac_version: STAC_VERSION,
    stac_extensions: [...extensions].sort(),
    id,
    ...(collection === undefined ? {} : { collection }),
    geometry: box === undefined ? null : geometryOf(box.bbox),
    ...(box === undefined ? {} : { bbox: box.bbox }),
    properties: properties as StacItem['properties'],
    links,
    assets: {},
  };
  // cmip6 is declared only when the item satisfies it; a header alone lacks the ESGF index fields.
  return { value: withEsgfExtensions(item, ':mip_era', warnings), warnings };
}
