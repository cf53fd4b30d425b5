import { STAC_VERSION, type StacCollection } from '../src/core/stac.js';

/** The three families of synthetic records, each with its own shape of item. */
export type BenchKind = 'cmip6' | 'satellite' | 'insitu';

interface BenchCollectionBase {
  readonly id: string;
  readonly title: string;
  /** Relative share of the generated items. */
  readonly weight: number;
}

export interface Cmip6BenchCollection extends BenchCollectionBase {
  readonly kind: 'cmip6';
  readonly institutionId: string;
  /** source_id values, with the first one the most frequent. */
  readonly sources: readonly string[];
}

export interface SatelliteBenchCollection extends BenchCollectionBase {
  readonly kind: 'satellite';
  readonly platform: string;
  readonly constellation: string;
  readonly instrument: string;
  readonly level: string;
  readonly firstYear: number;
  /** Footprint size in degrees (across, along track) at the equator. */
  readonly swath: readonly [number, number];
  readonly gsd: number;
  readonly product: string;
}

export interface InsituBenchCollection extends BenchCollectionBase {
  readonly kind: 'insitu';
  readonly platformPrefix: string;
  readonly instrument: string;
  readonly firstYear: number;
  /** Where the platforms are: the open ocean or land stations. */
  readonly domain: 'ocean' | 'land';
  readonly measured: string;
}

export type BenchCollection = Cmip6BenchCollection | SatelliteBenchCollection | InsituBenchCollection;

/** Twenty collections: half the items are CMIP6-like datasets, 40 % satellite granules, 10 % in-situ observations. */
export const BENCH_COLLECTIONS: readonly BenchCollection[] = [
  { kind: 'cmip6', id: 'bench-cmip6-ipsl', title: 'CMIP6 – IPSL models', weight: 8, institutionId: 'IPSL', sources: ['IPSL-CM6A-LR', 'IPSL-CM6A-LR-INCA', 'IPSL-CM5A2-INCA'] },
  { kind: 'cmip6', id: 'bench-cmip6-cnrm-cerfacs', title: 'CMIP6 – CNRM-CERFACS models', weight: 5, institutionId: 'CNRM-CERFACS', sources: ['CNRM-CM6-1', 'CNRM-ESM2-1', 'CNRM-CM6-1-HR'] },
  { kind: 'cmip6', id: 'bench-cmip6-mohc', title: 'CMIP6 – Met Office Hadley Centre models', weight: 5, institutionId: 'MOHC', sources: ['UKESM1-0-LL', 'HadGEM3-GC31-LL', 'HadGEM3-GC31-MM'] },
  { kind: 'cmip6', id: 'bench-cmip6-mpi-m', title: 'CMIP6 – MPI-M models', weight: 5, institutionId: 'MPI-M', sources: ['MPI-ESM1-2-LR', 'MPI-ESM1-2-HR'] },
  { kind: 'cmip6', id: 'bench-cmip6-ncar', title: 'CMIP6 – NCAR models', weight: 5, institutionId: 'NCAR', sources: ['CESM2', 'CESM2-WACCM', 'CESM2-FV2'] },
  { kind: 'cmip6', id: 'bench-cmip6-noaa-gfdl', title: 'CMIP6 – NOAA-GFDL models', weight: 4, institutionId: 'NOAA-GFDL', sources: ['GFDL-ESM4', 'GFDL-CM4'] },
  { kind: 'cmip6', id: 'bench-cmip6-miroc', title: 'CMIP6 – MIROC models', weight: 4, institutionId: 'MIROC', sources: ['MIROC6', 'MIROC-ES2L'] },
  { kind: 'cmip6', id: 'bench-cmip6-cccma', title: 'CMIP6 – CCCma models', weight: 5, institutionId: 'CCCma', sources: ['CanESM5', 'CanESM5-CanOE'] },
  { kind: 'cmip6', id: 'bench-cmip6-ec-earth', title: 'CMIP6 – EC-Earth consortium models', weight: 5, institutionId: 'EC-Earth-Consortium', sources: ['EC-Earth3', 'EC-Earth3-Veg', 'EC-Earth3-CC'] },
  { kind: 'cmip6', id: 'bench-cmip6-csiro', title: 'CMIP6 – CSIRO models', weight: 4, institutionId: 'CSIRO', sources: ['ACCESS-ESM1-5'] },
  { kind: 'satellite', id: 'bench-s3a-slstr-sst', title: 'Sentinel-3A SLSTR SST granules', weight: 8, platform: 'sentinel-3a', constellation: 'sentinel-3', instrument: 'slstr', level: 'L3U', firstYear: 2016, swath: [12.6, 10.8], gsd: 1000, product: 'sea surface temperature' },
  { kind: 'satellite', id: 'bench-s3b-slstr-sst', title: 'Sentinel-3B SLSTR SST granules', weight: 6, platform: 'sentinel-3b', constellation: 'sentinel-3', instrument: 'slstr', level: 'L3U', firstYear: 2018, swath: [12.6, 10.8], gsd: 1000, product: 'sea surface temperature' },
  { kind: 'satellite', id: 'bench-aqua-modis-sst', title: 'Aqua MODIS SST granules', weight: 8, platform: 'aqua', constellation: 'eos', instrument: 'modis', level: 'L2P', firstYear: 2002, swath: [20.8, 18], gsd: 1000, product: 'sea surface temperature' },
  { kind: 'satellite', id: 'bench-snpp-viirs-sst', title: 'Suomi NPP VIIRS SST granules', weight: 7, platform: 'snpp', constellation: 'jpss', instrument: 'viirs', level: 'L2P', firstYear: 2012, swath: [27, 6.5], gsd: 750, product: 'sea surface temperature' },
  { kind: 'satellite', id: 'bench-metop-b-avhrr-sst', title: 'Metop-B AVHRR SST granules', weight: 5, platform: 'metop-b', constellation: 'metop', instrument: 'avhrr', level: 'L2P', firstYear: 2013, swath: [26, 27], gsd: 1100, product: 'sea surface temperature' },
  { kind: 'satellite', id: 'bench-s2-msi-l2a', title: 'Sentinel-2 MSI surface reflectance tiles', weight: 6, platform: 'sentinel-2a', constellation: 'sentinel-2', instrument: 'msi', level: 'L2A', firstYear: 2015, swath: [1, 1], gsd: 10, product: 'surface reflectance' },
  { kind: 'insitu', id: 'bench-argo-profiles', title: 'Argo float profiles', weight: 3, platformPrefix: 'argo', instrument: 'SBE41CP CTD', firstYear: 2000, domain: 'ocean', measured: 'temperature and salinity profile' },
  { kind: 'insitu', id: 'bench-radiosondes', title: 'Radiosonde soundings', weight: 3, platformPrefix: 'wmo', instrument: 'Vaisala RS41-SG', firstYear: 1990, domain: 'land', measured: 'temperature, humidity and wind profile' },
  { kind: 'insitu', id: 'bench-moored-buoys', title: 'Moored buoy daily records', weight: 2, platformPrefix: 'buoy', instrument: 'meteorological and SST sensors', firstYear: 1995, domain: 'ocean', measured: 'sea surface temperature and surface meteorology' },
  { kind: 'insitu', id: 'bench-aeronet-photometers', title: 'Sun photometer aerosol optical depth', weight: 2, platformPrefix: 'aeronet', instrument: 'Cimel CE318', firstYear: 1993, domain: 'land', measured: 'aerosol optical depth' },
];

export function benchCollection(spec: BenchCollection): StacCollection {
  const temporal: readonly [string, string] = spec.kind === 'cmip6'
    ? ['1850-01-01T00:00:00Z', '2100-12-31T23:59:59Z']
    : [`${spec.firstYear}-01-01T00:00:00Z`, '2024-12-31T23:59:59Z'];
  return {
    type: 'Collection',
    stac_version: STAC_VERSION,
    id: spec.id,
    title: spec.title,
    description: `${spec.title}: synthetic records generated for the Meridian benchmark.`,
    keywords: ['benchmark', spec.kind],
    license: spec.kind === 'insitu' ? 'etalab-2.0' : 'CC-BY-4.0',
    providers: [{ name: 'Meridian benchmark generator', roles: ['producer', 'host'] }],
    extent: { spatial: { bbox: [[-180, -90, 180, 90]] }, temporal: { interval: [temporal] } },
    links: [],
  };
}
