import { STAC_VERSION, type StacCollection, type StacItem } from '../core/stac.js';
import { isoTime, utc } from './isoTime.js';
import type { SeededRandom } from './seededRandom.js';
import { STAC_EXTENSIONS } from './stacExtensions.js';

/** The cmip6 extension (v3.0.2) only accepts items whose collection is exactly `CMIP6`. */
export const CMIP6_COLLECTION_ID = 'CMIP6';

const SOURCE_ID = 'IPSL-CM6A-LR';
const INSTITUTION_ID = 'IPSL';
const DATA_NODE = 'https://vesg.ipsl.upmc.fr/thredds';
const REPLICA_NODE = 'https://esgf.ceda.ac.uk/thredds/fileServer/esg_cmip6';

interface Experiment {
  readonly id: string;
  readonly activity: 'CMIP' | 'ScenarioMIP';
  readonly label: string;
  readonly labelFr: string;
  readonly startYear: number;
  readonly endYear: number;
  readonly members: number;
  /** ESGF dataset version, also the publication date. */
  readonly version: string;
  readonly daily: boolean;
}

const EXPERIMENTS: readonly Experiment[] = [
  { id: 'historical', activity: 'CMIP', label: 'all-forcing simulation of the recent past', labelFr: 'simulation historique', startYear: 1850, endYear: 2014, members: 6, version: '20180803', daily: true },
  { id: 'ssp245', activity: 'ScenarioMIP', label: 'update of RCP4.5 based on SSP2', labelFr: 'scénario intermédiaire SSP2-4.5', startYear: 2015, endYear: 2100, members: 4, version: '20190119', daily: true },
  { id: 'ssp585', activity: 'ScenarioMIP', label: 'update of RCP8.5 based on SSP5', labelFr: 'scénario à fortes émissions SSP5-8.5', startYear: 2015, endYear: 2100, members: 4, version: '20190903', daily: true },
  // 2000 years of daily output were not published for the control run, only monthly means.
  { id: 'piControl', activity: 'CMIP', label: 'pre-industrial control', labelFr: 'contrôle préindustriel', startYear: 1850, endYear: 3849, members: 1, version: '20181123', daily: false },
];

interface Grid {
  readonly label: 'gr' | 'gn';
  readonly description: string;
  readonly nominalResolution: string;
  readonly nx: number;
  readonly ny: number;
}

const ATMOSPHERE_GRID: Grid = { label: 'gr', description: 'LMDZ regular 1.27° × 2.5° latitude-longitude grid', nominalResolution: '250 km', nx: 144, ny: 143 };
const OCEAN_GRID: Grid = { label: 'gn', description: 'NEMO eORCA1 tripolar primarily 1° grid', nominalResolution: '100 km', nx: 362, ny: 332 };

interface Variable {
  readonly id: string;
  readonly longName: string;
  readonly nameFr: string;
  readonly standardName: string;
  readonly units: string;
  readonly realm: 'atmos' | 'ocean';
  readonly tables: { readonly mon: string; readonly day: string };
  readonly grid: Grid;
  /** Pressure levels (Pa) of the monthly and daily tables, for 3D variables. */
  readonly levels?: { readonly mon: readonly number[]; readonly day: readonly number[] };
}

const PLEV19 = [100000, 92500, 85000, 70000, 60000, 50000, 40000, 30000, 25000, 20000, 15000, 10000, 7000, 5000, 3000, 2000, 1000, 500, 100];
const PLEV8 = [100000, 85000, 70000, 50000, 25000, 10000, 5000, 1000];

const VARIABLES: readonly Variable[] = [
  { id: 'tas', longName: 'Near-Surface Air Temperature', nameFr: 'température de l’air près de la surface', standardName: 'air_temperature', units: 'K', realm: 'atmos', tables: { mon: 'Amon', day: 'day' }, grid: ATMOSPHERE_GRID },
  { id: 'pr', longName: 'Precipitation', nameFr: 'précipitations', standardName: 'precipitation_flux', units: 'kg m-2 s-1', realm: 'atmos', tables: { mon: 'Amon', day: 'day' }, grid: ATMOSPHERE_GRID },
  { id: 'ua', longName: 'Eastward Wind', nameFr: 'vent zonal', standardName: 'eastward_wind', units: 'm s-1', realm: 'atmos', tables: { mon: 'Amon', day: 'day' }, grid: ATMOSPHERE_GRID, levels: { mon: PLEV19, day: PLEV8 } },
  { id: 'tos', longName: 'Sea Surface Temperature', nameFr: 'température de surface de la mer', standardName: 'sea_surface_temperature', units: 'degC', realm: 'ocean', tables: { mon: 'Omon', day: 'Oday' }, grid: OCEAN_GRID },
];

const GLOBAL_BBOX = [-180, -90, 180, 90] as const;
const GLOBAL_POLYGON = {
  type: 'Polygon',
  coordinates: [[[-180, -90], [180, -90], [180, 90], [-180, 90], [-180, -90]]],
} as const;

function versionTime(version: string, random: SeededRandom): string {
  const ms = utc(Number(version.slice(0, 4)), Number(version.slice(4, 6)), Number(version.slice(6, 8)), random.int(6, 20), random.int(0, 59), random.int(0, 59));
  return isoTime(ms);
}

function daysBetween(startYear: number, endYear: number): number {
  return Math.round((utc(endYear + 1, 1, 1) - utc(startYear, 1, 1)) / 86_400_000);
}

function cmip6Item(experiment: Experiment, variable: Variable, member: number, frequency: 'mon' | 'day', random: SeededRandom, collectionHref: string): StacItem {
  const variant = `r${member}i1p1f1`;
  const table = variable.tables[frequency];
  const grid = variable.grid;
  const datasetId = ['CMIP6', experiment.activity, INSTITUTION_ID, SOURCE_ID, experiment.id, variant, table, variable.id, grid.label].join('.');
  const id = `${datasetId}.v${experiment.version}`;
  const range = frequency === 'mon'
    ? `${experiment.startYear}01-${experiment.endYear}12`
    : `${experiment.startYear}0101-${experiment.endYear}1231`;
  const fileName = `${variable.id}_${table}_${SOURCE_ID}_${experiment.id}_${variant}_${grid.label}_${range}.nc`;
  const path = `${experiment.activity}/${INSTITUTION_ID}/${SOURCE_ID}/${experiment.id}/${variant}/${table}/${variable.id}/${grid.label}/v${experiment.version}/${fileName}`;
  const steps = frequency === 'mon' ? (experiment.endYear - experiment.startYear + 1) * 12 : daysBetween(experiment.startYear, experiment.endYear);
  const levels = variable.levels?.[frequency];
  // float32 values, deflated by NetCDF-4 compression to roughly half their size
  const fileSize = Math.round(steps * grid.nx * grid.ny * (levels?.length ?? 1) * 4 * random.float(0.42, 0.68)) + 48_213;
  const created = versionTime(experiment.version, random);
  const start = `${experiment.startYear}-01-01T00:00:00Z`;
  const end = `${experiment.endYear}-12-31T23:59:59Z`;
  const frequencyLabel = frequency === 'mon' ? 'monthly mean' : 'daily mean';
  const spatialDims = grid.label === 'gr'
    ? {
        lon: { type: 'spatial', axis: 'x', extent: [0, 357.5], step: 2.5, reference_system: 4326 },
        lat: { type: 'spatial', axis: 'y', extent: [-90, 90], step: 1.2676, reference_system: 4326 },
      }
    : {
        lon: { type: 'spatial', axis: 'x', extent: [-180, 180], description: grid.description, reference_system: 4326 },
        lat: { type: 'spatial', axis: 'y', extent: [-78.4, 89.7], description: grid.description, reference_system: 4326 },
      };
  return {
    type: 'Feature',
    stac_version: STAC_VERSION,
    stac_extensions: [STAC_EXTENSIONS.cmip6, STAC_EXTENSIONS.file, STAC_EXTENSIONS.alternateAssets, STAC_EXTENSIONS.datacube],
    id,
    collection: CMIP6_COLLECTION_ID,
    geometry: GLOBAL_POLYGON,
    bbox: GLOBAL_BBOX,
    properties: {
      title: `${SOURCE_ID} ${experiment.id} ${variant} ${table} ${variable.id}`,
      description: `${variable.longName} (${variable.id}, ${frequencyLabel}) simulated by ${SOURCE_ID} for the ${experiment.id} experiment (${experiment.label}), member ${variant}, ${experiment.startYear}–${experiment.endYear}. En français : ${variable.nameFr}, ${experiment.labelFr}.`,
      keywords: ['CMIP6', experiment.id, variable.id, variable.standardName, variable.nameFr],
      datetime: null,
      start_datetime: start,
      end_datetime: end,
      created,
      updated: created,
      latest: true,
      retracted: false,
      size: fileSize,
      'cmip6:activity_id': [experiment.activity],
      'cmip6:conventions': ['CF-1.7', 'CMIP-6.2'],
      'cmip6:data_specs_version': '01.00.21',
      'cmip6:experiment': experiment.label,
      'cmip6:experiment_id': experiment.id,
      'cmip6:forcing_index': '1',
      'cmip6:frequency': frequency,
      'cmip6:grid': grid.description,
      'cmip6:grid_label': grid.label,
      'cmip6:initialization_index': '1',
      'cmip6:institution': 'Institut Pierre Simon Laplace, Paris 75252, France',
      'cmip6:institution_id': INSTITUTION_ID,
      'cmip6:license': 'CC-BY-4.0',
      'cmip6:member_id': variant,
      'cmip6:nominal_resolution': grid.nominalResolution,
      'cmip6:physics_index': '1',
      'cmip6:pid': `hdl:21.14100/${random.uuid()}`,
      'cmip6:product': 'model-output',
      'cmip6:realization_index': String(member),
      'cmip6:realm': [variable.realm],
      'cmip6:source_id': SOURCE_ID,
      'cmip6:source_type': ['AOGCM', 'BGC'],
      'cmip6:sub_experiment': 'none',
      'cmip6:sub_experiment_id': 'none',
      'cmip6:table_id': table,
      'cmip6:variable_cf_standard_name': variable.standardName,
      'cmip6:variable_id': variable.id,
      'cmip6:variable_long_name': variable.longName,
      'cmip6:variable_units': variable.units,
      'cmip6:variant_label': variant,
      'cube:dimensions': {
        time: { type: 'temporal', extent: [start, end], step: frequency === 'mon' ? 'P1M' : 'P1D' },
        ...spatialDims,
        ...(levels ? { plev: { type: 'spatial', axis: 'z', values: levels, unit: 'Pa' } } : {}),
      },
      'cube:variables': {
        [variable.id]: {
          dimensions: ['time', ...(levels ? ['plev'] : []), 'lat', 'lon'],
          type: 'data',
          unit: variable.units,
          description: variable.longName,
        },
      },
    },
    links: [
      { rel: 'collection', href: collectionHref, type: 'application/json', title: 'CMIP6' },
      { rel: 'cite-as', href: `https://cera-www.dkrz.de/WDCC/meta/CMIP6/${id}.json`, type: 'application/json', title: 'Citation URL' },
      { rel: 'describedby', href: `https://furtherinfo.es-doc.org/CMIP6.${INSTITUTION_ID}.${SOURCE_ID}.${experiment.id}.none.${variant}`, type: 'text/html', title: 'ES-DOC' },
    ],
    assets: {
      data: {
        href: `${DATA_NODE}/fileServer/cmip6/${path}`,
        type: 'application/netcdf',
        title: fileName,
        roles: ['data'],
        protocol: 'https',
        created,
        'file:size': fileSize,
        'cmip6:tracking_id': `hdl:21.14100/${random.uuid()}`,
        alternate: {
          ceda: { href: `${REPLICA_NODE}/CMIP6/${path}`, 'alternate:name': 'CEDA replica (United Kingdom)' },
        },
      },
      opendap: {
        href: `${DATA_NODE}/dodsC/cmip6/${path}`,
        title: `OPeNDAP access to ${fileName}`,
        roles: ['data'],
        protocol: 'opendap',
        created,
      },
    },
  };
}

export function cmip6DemoCollection(): StacCollection {
  return {
    type: 'Collection',
    stac_version: STAC_VERSION,
    stac_extensions: [STAC_EXTENSIONS.cmip6, STAC_EXTENSIONS.file, STAC_EXTENSIONS.alternateAssets, STAC_EXTENSIONS.scientific],
    id: CMIP6_COLLECTION_ID,
    title: `CMIP6 – ${SOURCE_ID} model output (demo selection)`,
    description: `A demonstration selection of CMIP6 datasets from the IPSL climate model ${SOURCE_ID}, as published on the Earth System Grid Federation: `
      + 'near-surface air temperature (tas), precipitation (pr), eastward wind (ua) and sea surface temperature (tos), '
      + 'monthly and daily means, for the historical, ssp245, ssp585 and piControl experiments. '
      + 'Sélection de démonstration : sorties du modèle de climat de l’Institut Pierre-Simon Laplace.',
    keywords: ['CMIP6', 'climate model', 'IPSL', SOURCE_ID, 'ScenarioMIP', 'projections climatiques', 'modèle de climat', 'température'],
    license: 'CC-BY-4.0',
    providers: [
      { name: 'Institut Pierre-Simon Laplace (IPSL)', roles: ['producer', 'licensor'], url: 'https://www.ipsl.fr' },
      { name: 'Earth System Grid Federation (ESGF) – IPSL data node', roles: ['host'], url: 'https://esgf-node.ipsl.upmc.fr' },
    ],
    extent: {
      spatial: { bbox: [GLOBAL_BBOX] },
      temporal: { interval: [['1850-01-01T00:00:00Z', '3849-12-31T23:59:59Z']] },
    },
    summaries: {
      'cmip6:source_id': [SOURCE_ID],
      'cmip6:institution_id': [INSTITUTION_ID],
      'cmip6:experiment_id': EXPERIMENTS.map((e) => e.id),
      'cmip6:activity_id': ['CMIP', 'ScenarioMIP'],
      'cmip6:variable_id': VARIABLES.map((v) => v.id),
      'cmip6:frequency': ['mon', 'day'],
      'cmip6:grid_label': ['gr', 'gn'],
    },
    'sci:publications': [
      {
        doi: '10.1029/2019MS002010',
        citation: 'Boucher, O., et al. (2020). Presentation and evaluation of the IPSL-CM6A-LR climate model. Journal of Advances in Modeling Earth Systems, 12, e2019MS002010.',
      },
    ],
    links: [
      { rel: 'license', href: 'https://creativecommons.org/licenses/by/4.0/', type: 'text/html', title: 'Creative Commons Attribution 4.0 International' },
    ],
  };
}

/** One item per experiment × variable × member × frequency: 116 datasets. */
export function cmip6DemoItems(random: SeededRandom, collectionHref: string): StacItem[] {
  const items: StacItem[] = [];
  for (const experiment of EXPERIMENTS) {
    for (const variable of VARIABLES) {
      for (let member = 1; member <= experiment.members; member += 1) {
        for (const frequency of experiment.daily ? (['mon', 'day'] as const) : (['mon'] as const)) {
          items.push(cmip6Item(experiment, variable, member, frequency, random, collectionHref));
        }
      }
    }
  }
  return items;
}
