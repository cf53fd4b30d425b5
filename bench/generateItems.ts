import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { STAC_VERSION, type StacItem, type StacLink } from '../src/core/stac.js';
import { footprint, type LonLat } from '../src/demo/footprint.js';
import { isoTime, utc } from '../src/demo/isoTime.js';
import { seededRandom, type SeededRandom } from '../src/demo/seededRandom.js';
import { STAC_EXTENSIONS } from '../src/demo/stacExtensions.js';
import {
  BENCH_COLLECTIONS,
  benchCollection,
  type Cmip6BenchCollection,
  type InsituBenchCollection,
  type SatelliteBenchCollection,
} from './benchCollections.js';

interface Cmip6Variable {
  readonly id: string;
  readonly longName: string;
  readonly standardName: string;
  readonly units: string;
  readonly realm: string;
  readonly mon: string;
  readonly day?: string;
}

const VARIABLES: readonly Cmip6Variable[] = [
  { id: 'tas', longName: 'Near-Surface Air Temperature', standardName: 'air_temperature', units: 'K', realm: 'atmos', mon: 'Amon', day: 'day' },
  { id: 'tasmax', longName: 'Daily Maximum Near-Surface Air Temperature', standardName: 'air_temperature', units: 'K', realm: 'atmos', mon: 'Amon', day: 'day' },
  { id: 'tasmin', longName: 'Daily Minimum Near-Surface Air Temperature', standardName: 'air_temperature', units: 'K', realm: 'atmos', mon: 'Amon', day: 'day' },
  { id: 'pr', longName: 'Precipitation', standardName: 'precipitation_flux', units: 'kg m-2 s-1', realm: 'atmos', mon: 'Amon', day: 'day' },
  { id: 'psl', longName: 'Sea Level Pressure', standardName: 'air_pressure_at_mean_sea_level', units: 'Pa', realm: 'atmos', mon: 'Amon', day: 'day' },
  { id: 'ua', longName: 'Eastward Wind', standardName: 'eastward_wind', units: 'm s-1', realm: 'atmos', mon: 'Amon', day: 'day' },
  { id: 'va', longName: 'Northward Wind', standardName: 'northward_wind', units: 'm s-1', realm: 'atmos', mon: 'Amon', day: 'day' },
  { id: 'ta', longName: 'Air Temperature', standardName: 'air_temperature', units: 'K', realm: 'atmos', mon: 'Amon', day: 'day' },
  { id: 'hus', longName: 'Specific Humidity', standardName: 'specific_humidity', units: '1', realm: 'atmos', mon: 'Amon', day: 'day' },
  { id: 'huss', longName: 'Near-Surface Specific Humidity', standardName: 'specific_humidity', units: '1', realm: 'atmos', mon: 'Amon', day: 'day' },
  { id: 'uas', longName: 'Eastward Near-Surface Wind', standardName: 'eastward_wind', units: 'm s-1', realm: 'atmos', mon: 'Amon', day: 'day' },
  { id: 'clt', longName: 'Total Cloud Cover Percentage', standardName: 'cloud_area_fraction', units: '%', realm: 'atmos', mon: 'Amon', day: 'day' },
  { id: 'rlut', longName: 'TOA Outgoing Longwave Radiation', standardName: 'toa_outgoing_longwave_flux', units: 'W m-2', realm: 'atmos', mon: 'Amon', day: 'day' },
  { id: 'rsds', longName: 'Surface Downwelling Shortwave Radiation', standardName: 'surface_downwelling_shortwave_flux_in_air', units: 'W m-2', realm: 'atmos', mon: 'Amon', day: 'day' },
  { id: 'tos', longName: 'Sea Surface Temperature', standardName: 'sea_surface_temperature', units: 'degC', realm: 'ocean', mon: 'Omon', day: 'Oday' },
  { id: 'sos', longName: 'Sea Surface Salinity', standardName: 'sea_surface_salinity', units: '0.001', realm: 'ocean', mon: 'Omon', day: 'Oday' },
  { id: 'zos', longName: 'Sea Surface Height Above Geoid', standardName: 'sea_surface_height_above_geoid', units: 'm', realm: 'ocean', mon: 'Omon' },
  { id: 'siconc', longName: 'Sea-Ice Area Percentage (Ocean Grid)', standardName: 'sea_ice_area_fraction', units: '%', realm: 'seaIce', mon: 'SImon', day: 'SIday' },
  { id: 'mrso', longName: 'Total Soil Moisture Content', standardName: 'mass_content_of_water_in_soil', units: 'kg m-2', realm: 'land', mon: 'Lmon' },
  { id: 'gpp', longName: 'Carbon Mass Flux out of Atmosphere Due to Gross Primary Production on Land', standardName: 'gross_primary_productivity_of_biomass_expressed_as_carbon', units: 'kg m-2 s-1', realm: 'land', mon: 'Lmon' },
];

interface Cmip6Experiment {
  readonly id: string;
  readonly activity: string;
  readonly label: string;
  readonly years: readonly [number, number];
  readonly weight: number;
}

const EXPERIMENTS: readonly Cmip6Experiment[] = [
  { id: 'historical', activity: 'CMIP', label: 'all-forcing simulation of the recent past', years: [1850, 2014], weight: 30 },
  { id: 'piControl', activity: 'CMIP', label: 'pre-industrial control', years: [1850, 2100], weight: 8 },
  { id: 'amip', activity: 'CMIP', label: 'AMIP', years: [1979, 2014], weight: 5 },
  { id: 'abrupt-4xCO2', activity: 'CMIP', label: 'abrupt quadrupling of CO2', years: [1850, 1999], weight: 4 },
  { id: '1pctCO2', activity: 'CMIP', label: '1 percent per year increase in CO2', years: [1850, 1999], weight: 4 },
  { id: 'ssp126', activity: 'ScenarioMIP', label: 'update of RCP2.6 based on SSP1', years: [2015, 2100], weight: 12 },
  { id: 'ssp245', activity: 'ScenarioMIP', label: 'update of RCP4.5 based on SSP2', years: [2015, 2100], weight: 14 },
  { id: 'ssp370', activity: 'ScenarioMIP', label: 'gap-filling scenario reaching 7.0 based on SSP3', years: [2015, 2100], weight: 10 },
  { id: 'ssp585', activity: 'ScenarioMIP', label: 'update of RCP8.5 based on SSP5', years: [2015, 2100], weight: 13 },
];

const FREQUENCIES = ['mon', 'day'] as const;
const GLOBAL_BBOX = [-180, -90, 180, 90] as const;
const GLOBAL_POLYGON = { type: 'Polygon', coordinates: [[[-180, -90], [180, -90], [180, 90], [-180, 90], [-180, -90]]] } as const;
const HOUR_MS = 3_600_000;

/** STAC requires a `collection` link on an item that names its collection; absolute, as on the demo items. */
const collectionLink = (id: string): StacLink => ({ rel: 'collection', href: `http://localhost:8080/collections/${id}`, type: 'application/json' });

/** An instant, to the second, drawn uniformly from the start of `firstYear` to the end of `lastYear`. */
function instantBetween(random: SeededRandom, firstYear: number, lastYear: number): number {
  const start = utc(firstYear, 1, 1);
  const end = utc(lastYear + 1, 1, 1);
  return start + Math.floor(random.next() * ((end - start) / 1000)) * 1000;
}

function cmip6Item(spec: Cmip6BenchCollection, index: number, random: SeededRandom): StacItem {
  // the first source of a collection carries half of its datasets (IPSL-CM6A-LR for IPSL)
  const source = random.next() < 0.5 ? (spec.sources[0] as string) : random.pick(spec.sources);
  const experiment = random.weighted(EXPERIMENTS, EXPERIMENTS.map((e) => e.weight));
  const variable = random.pick(VARIABLES);
  const frequency = variable.day && random.next() < 0.35 ? FREQUENCIES[1] : FREQUENCIES[0];
  const table = frequency === 'day' ? (variable.day as string) : variable.mon;
  const member = random.next() < 0.4 ? 1 : random.int(1, 30);
  const variant = `r${member}i1p1f${random.next() < 0.8 ? 1 : 2}`;
  const grid = variable.realm === 'atmos' ? 'gr' : 'gn';
  // files hold 50 years of monthly data or 10 years of daily data
  const chunk = frequency === 'mon' ? 50 : 10;
  const [firstYear, lastYear] = experiment.years;
  const startYear = firstYear + chunk * random.int(0, Math.floor((lastYear - firstYear) / chunk));
  const endYear = Math.min(lastYear, startYear + chunk - 1);
  const version = `20${random.int(18, 21)}${String(random.int(1, 12)).padStart(2, '0')}${String(random.int(1, 28)).padStart(2, '0')}`;
  const datasetId = ['CMIP6', experiment.activity, spec.institutionId, source, experiment.id, variant, table, variable.id, grid].join('.');
  const range = frequency === 'mon' ? `${startYear}01-${endYear}12` : `${startYear}0101-${endYear}1231`;
  const fileName = `${variable.id}_${table}_${source}_${experiment.id}_${variant}_${grid}_${range}.nc`;
  const path = datasetId.replaceAll('.', '/') + `/v${version}/${fileName}`;
  const size = random.int(20_000_000, 4_000_000_000);
  const created = `${version.slice(0, 4)}-${version.slice(4, 6)}-${version.slice(6, 8)}T${String(random.int(0, 23)).padStart(2, '0')}:00:00Z`;
  const start = `${startYear}-01-01T00:00:00Z`;
  const end = `${endYear}-12-31T23:59:59Z`;
  return {
    type: 'Feature',
    stac_version: STAC_VERSION,
    stac_extensions: [STAC_EXTENSIONS.cmip6, STAC_EXTENSIONS.file, STAC_EXTENSIONS.alternateAssets, STAC_EXTENSIONS.datacube],
    id: `${datasetId}.v${version}.${range}.${index.toString(36)}`,
    collection: spec.id,
    geometry: GLOBAL_POLYGON,
    bbox: GLOBAL_BBOX,
    properties: {
      title: `${source} ${experiment.id} ${variant} ${table} ${variable.id} ${range}`,
      description: `${variable.longName} (${variable.id}, ${frequency === 'mon' ? 'monthly' : 'daily'} mean) from ${source}, experiment ${experiment.id} (${experiment.label}), member ${variant}, ${startYear}–${endYear}.`,
      datetime: null,
      start_datetime: start,
      end_datetime: end,
      created,
      updated: created,
      latest: random.next() < 0.95,
      retracted: false,
      size,
      'cmip6:activity_id': [experiment.activity],
      'cmip6:data_specs_version': '01.00.31',
      'cmip6:experiment_id': experiment.id,
      'cmip6:frequency': frequency,
      'cmip6:grid_label': grid,
      'cmip6:institution_id': spec.institutionId,
      'cmip6:member_id': variant,
      'cmip6:nominal_resolution': random.pick(['100 km', '250 km', '50 km']),
      'cmip6:pid': `hdl:21.14100/${random.uuid()}`,
      'cmip6:product': 'model-output',
      'cmip6:realm': [variable.realm],
      'cmip6:source_id': source,
      'cmip6:source_type': ['AOGCM'],
      'cmip6:sub_experiment_id': 'none',
      'cmip6:table_id': table,
      'cmip6:variable_cf_standard_name': variable.standardName,
      'cmip6:variable_id': variable.id,
      'cmip6:variable_long_name': variable.longName,
      'cmip6:variable_units': variable.units,
      'cmip6:variant_label': variant,
      'cube:dimensions': {
        time: { type: 'temporal', extent: [start, end], step: frequency === 'mon' ? 'P1M' : 'P1D' },
        lon: { type: 'spatial', axis: 'x', extent: [-180, 180], reference_system: 4326 },
        lat: { type: 'spatial', axis: 'y', extent: [-90, 90], reference_system: 4326 },
      },
      'cube:variables': { [variable.id]: { dimensions: ['time', 'lat', 'lon'], type: 'data', unit: variable.units } },
    },
    links: [
      collectionLink(spec.id),
      { rel: 'cite-as', href: `https://cera-www.dkrz.de/WDCC/meta/CMIP6/${datasetId}.v${version}.json`, type: 'application/json', title: 'Citation URL' },
    ],
    assets: {
      data: {
        href: `https://esgf-data.example.org/thredds/fileServer/CMIP6/${path}`,
        type: 'application/netcdf',
        roles: ['data'],
        protocol: 'https',
        created,
        'file:size': size,
      },
      opendap: {
        href: `https://esgf-data.example.org/thredds/dodsC/CMIP6/${path}`,
        roles: ['data'],
        protocol: 'opendap',
        created,
      },
    },
  };
}

function satelliteItem(spec: SatelliteBenchCollection, index: number, random: SeededRandom): StacItem {
  const lat = random.float(-70, 70);
  const lon = random.float(-180, 180);
  const stretch = 1 / Math.cos((lat * Math.PI) / 180);
  const [across, along] = spec.swath;
  const halfWidth = (across / 2) * stretch;
  const tilt = along * 0.1 * stretch;
  const ring: LonLat[] = [
    [lon - halfWidth - tilt, lat - along / 2],
    [lon + halfWidth - tilt, lat - along / 2],
    [lon + halfWidth + tilt, lat + along / 2],
    [lon - halfWidth + tilt, lat + along / 2],
  ];
  const { geometry, bbox } = footprint(ring);
  const centre = instantBetween(random, spec.firstYear, 2024);
  const datetime = isoTime(centre);
  const stamp = datetime.replace(/[-:]/g, '').slice(0, 15);
  const id = `${spec.platform}-${spec.instrument}-${spec.level}-${stamp}-${index.toString(36)}`;
  const dir = `https://eo-data.example.org/${spec.id}/${datetime.slice(0, 4)}/${datetime.slice(5, 7)}/${datetime.slice(8, 10)}`;
  const cloudCover = Math.round(((random.next() + random.next()) / 2) * 1000) / 10;
  return {
    type: 'Feature',
    stac_version: STAC_VERSION,
    stac_extensions: [STAC_EXTENSIONS.file, STAC_EXTENSIONS.processing],
    id,
    collection: spec.id,
    geometry,
    bbox,
    properties: {
      title: `${spec.title.replace(/ granules| tiles/, '')}, ${datetime.slice(0, 16).replace('T', ' ')} UTC`,
      description: `${spec.level} ${spec.product} from ${spec.instrument.toUpperCase()} on ${spec.platform}, granule of ${datetime.slice(0, 10)}. Synthetic record with a realistic footprint and cloud cover.`,
      datetime,
      start_datetime: isoTime(centre - 90_000),
      end_datetime: isoTime(centre + 90_000),
      platform: spec.platform,
      constellation: spec.constellation,
      instruments: [spec.instrument],
      gsd: spec.gsd,
      cloud_cover: cloudCover,
      orbit_number: random.int(1_000, 90_000),
      day_night: random.next() < 0.5 ? 'day' : 'night',
      'processing:level': spec.level,
      'processing:facility': random.pick(['EUMETSAT', 'NASA OBPG', 'NOAA STAR', 'Ifremer CERSAT', 'ESA PDGS']),
      'processing:version': `${random.int(1, 4)}.${random.int(0, 9)}`,
      'processing:software': { [`${spec.instrument}-processor`]: `${random.int(1, 9)}.${random.int(0, 20)}.${random.int(0, 9)}` },
      keywords: [spec.product, spec.constellation, spec.instrument, spec.level, 'satellite', 'ocean', 'remote sensing'],
    },
    links: [
      collectionLink(spec.id),
      { rel: 'license', href: 'https://creativecommons.org/licenses/by/4.0/', type: 'text/html', title: 'CC-BY-4.0' },
    ],
    assets: {
      data: {
        href: `${dir}/${id}.nc`,
        type: 'application/netcdf',
        title: `${spec.level} ${spec.product} (NetCDF-4)`,
        description: 'Gridded values with per-pixel uncertainty, quality level and sensor-specific error statistics.',
        roles: ['data'],
        'file:size': random.int(5_000_000, 600_000_000),
      },
      thumbnail: { href: `${dir}/${id}.png`, type: 'image/png', title: 'Quicklook', roles: ['thumbnail'], 'file:size': random.int(20_000, 200_000) },
      quality: { href: `${dir}/${id}_quality.nc`, type: 'application/netcdf', title: 'Quality flags', roles: ['quality'], 'file:size': random.int(1_000_000, 40_000_000) },
      metadata: { href: `${dir}/${id}.xml`, type: 'application/xml', title: 'ISO 19115 metadata', roles: ['metadata'], 'file:size': random.int(8_000, 40_000) },
    },
  };
}

function insituItem(spec: InsituBenchCollection, index: number, random: SeededRandom): StacItem {
  // land stations sit between 60°S and 75°N; floats and buoys anywhere in the ocean basins
  const lat = spec.domain === 'land' ? random.float(-60, 75) : random.float(-65, 65);
  const lon = random.float(-180, 180);
  const roundedLon = Math.round(lon * 1e4) / 1e4;
  const roundedLat = Math.round(lat * 1e4) / 1e4;
  const platform = `${spec.platformPrefix}-${random.int(1000, 99999)}`;
  const ms = instantBetween(random, spec.firstYear, 2024);
  // soundings are launched near 00 and 12 UTC
  const datetime = isoTime(spec.platformPrefix === 'wmo' ? Math.round(ms / (12 * HOUR_MS)) * 12 * HOUR_MS - 45 * 60_000 : ms);
  const id = `${platform}-${datetime.replace(/[-:]/g, '').slice(0, 13)}-${index.toString(36)}`;
  const dir = `https://insitu.example.org/${spec.id}/${platform}/${datetime.slice(0, 4)}`;
  return {
    type: 'Feature',
    stac_version: STAC_VERSION,
    stac_extensions: [STAC_EXTENSIONS.file, STAC_EXTENSIONS.processing],
    id,
    collection: spec.id,
    geometry: { type: 'Point', coordinates: [roundedLon, roundedLat] },
    bbox: [roundedLon, roundedLat, roundedLon, roundedLat],
    properties: {
      title: `${spec.title.replace(/s$/, '')} ${platform} ${datetime.slice(0, 10)}`,
      description: `${spec.measured[0]?.toUpperCase()}${spec.measured.slice(1)} measured by ${spec.instrument} on ${platform} at ${roundedLat.toFixed(2)}°, ${roundedLon.toFixed(2)}° on ${datetime.slice(0, 10)}. `
        + 'Synthetic in-situ observation for the benchmark, with quality-controlled values and full provenance in the data file.',
      datetime,
      platform,
      instruments: [spec.instrument],
      quality_control: random.next() < 0.7 ? 'delayed-mode' : 'real-time',
      'processing:level': 'L2',
      'processing:facility': random.pick(['Coriolis', 'Météo-France', 'NOAA NCEI', 'DWD', 'BODC', 'JMA']),
      keywords: [spec.measured, spec.instrument, 'in situ', spec.domain, 'observation'],
    },
    links: [
      collectionLink(spec.id),
      { rel: 'license', href: 'https://www.etalab.gouv.fr/licence-ouverte-open-licence/', type: 'text/html', title: 'Licence Ouverte 2.0' },
    ],
    assets: {
      data: {
        href: `${dir}/${id}.nc`,
        type: 'application/netcdf',
        title: 'Observation (NetCDF, CF-1.8)',
        description: 'Quality-controlled values with flags, instrument metadata and measurement uncertainty.',
        roles: ['data'],
        'file:size': random.int(20_000, 3_000_000),
      },
      raw: { href: `${dir}/${id}.csv`, type: 'text/csv', title: 'Raw values (CSV)', roles: ['data'], 'file:size': random.int(10_000, 1_000_000) },
      plot: { href: `${dir}/${id}.png`, type: 'image/png', title: 'Profile plot', roles: ['overview'], 'file:size': random.int(30_000, 150_000) },
      qc: { href: `${dir}/${id}_qc.json`, type: 'application/json', title: 'Quality-control report', roles: ['metadata'], 'file:size': random.int(2_000, 20_000) },
    },
  };
}

/**
 * Streams `count` synthetic items across the twenty benchmark collections, deterministically for a
 * seed. Nothing is kept between items, so memory stays flat whatever the count.
 */
export function* generateItems(count: number, seed = 1): Generator<StacItem> {
  const random = seededRandom(seed);
  const weights = BENCH_COLLECTIONS.map((c) => c.weight);
  for (let index = 0; index < count; index += 1) {
    const spec = random.weighted(BENCH_COLLECTIONS, weights);
    switch (spec.kind) {
      case 'cmip6':
        yield cmip6Item(spec, index, random);
        break;
      case 'satellite':
        yield satelliteItem(spec, index, random);
        break;
      case 'insitu':
        yield insituItem(spec, index, random);
        break;
      default: {
        const never: never = spec;
        throw new Error(`unknown collection kind ${String(never)}`);
      }
    }
  }
}

export interface NdjsonSummary {
  readonly collections: number;
  readonly items: number;
  readonly bytes: number;
}

/** Writes the collections, then `count` items, one JSON document per line, respecting back-pressure. */
export async function writeNdjson(path: string, count: number, opts: { readonly seed?: number; readonly signal?: AbortSignal } = {}): Promise<NdjsonSummary> {
  const out = createWriteStream(path, { encoding: 'utf8' });
  let bytes = 0;
  const write = async (text: string): Promise<void> => {
    bytes += Buffer.byteLength(text);
    if (!out.write(text)) await once(out, 'drain', { signal: opts.signal });
  };
  try {
    for (const spec of BENCH_COLLECTIONS) await write(`${JSON.stringify(benchCollection(spec))}\n`);
    let batch: string[] = [];
    for (const item of generateItems(count, opts.seed)) {
      batch.push(JSON.stringify(item));
      if (batch.length === 500) {
        opts.signal?.throwIfAborted();
        await write(`${batch.join('\n')}\n`);
        batch = [];
      }
    }
    if (batch.length > 0) await write(`${batch.join('\n')}\n`);
  } finally {
    out.end();
    await once(out, 'close');
  }
  return { collections: BENCH_COLLECTIONS.length, items: count, bytes };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { count: { type: 'string', default: '100000' }, out: { type: 'string' }, seed: { type: 'string', default: '1' } },
  });
  const count = Number(values.count);
  if (!Number.isInteger(count) || count < 0) throw new Error(`--count must be a non-negative integer, not ${values.count}`);
  if (!values.out) throw new Error('--out <file.ndjson> is required');
  const started = performance.now();
  const summary = await writeNdjson(resolve(values.out), count, { seed: Number(values.seed) });
  const seconds = (performance.now() - started) / 1000;
  console.log(`${summary.collections} collections and ${summary.items} items, ${(summary.bytes / 1e6).toFixed(1)} MB, in ${seconds.toFixed(1)} s → ${values.out}`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  await main();
}
