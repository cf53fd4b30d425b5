import { STAC_VERSION, type StacCollection, type StacItem } from '../core/stac.js';
import { footprint, type LonLat } from './footprint.js';
import { addDays, isoTime, utc } from './isoTime.js';
import type { SeededRandom } from './seededRandom.js';
import { STAC_EXTENSIONS } from './stacExtensions.js';

export const SST_COLLECTION_ID = 'sst-l3u-slstr-demo';

const DATA_HOST = 'https://data.cersat.ifremer.fr/sst/l3u/slstra';
const FIRST_DAY = utc(2023, 8, 1);
const DAYS = 30;
const GRANULES_PER_DAY = 3;
/** Three minutes of SLSTR data: about 1200 km along track, 1400 km across. */
const GRANULE_SECONDS = 180;
const ALONG_TRACK_DEG = 10.8;
const SWATH_DEG = 12.6;

/**
 * The footprint of a descending daytime granule centred on (lon, lat): a quadrilateral slightly
 * tilted like the ground track, counter-clockwise, with longitudes left continuous across 180°.
 */
export function swathRing(lon: number, lat: number): LonLat[] {
  const stretch = 1 / Math.cos((lat * Math.PI) / 180);
  const halfWidth = (SWATH_DEG / 2) * stretch;
  const tilt = 1.2 * stretch;
  const south = lat - ALONG_TRACK_DEG / 2;
  const north = lat + ALONG_TRACK_DEG / 2;
  return [
    [lon - halfWidth - tilt, south],
    [lon + halfWidth - tilt, south],
    [lon + halfWidth + tilt, north],
    [lon - halfWidth + tilt, north],
  ];
}

const compact = (iso: string): string => iso.replace(/[-:]/g, '').slice(0, 15);

function granuleItem(day: number, slot: number, random: SeededRandom, collectionHref: string): StacItem {
  // every third day, one granule straddles the antimeridian over the Pacific
  const lon = slot === 2 && day % 3 === 0 ? random.float(175, 185) : random.float(-160, 160);
  const lat = random.float(-60, 60);
  // Sentinel-3A crosses the equator southwards at 10:00 local solar time
  const localHours = (((10 - lon / 15) % 24) + 24) % 24;
  const centre = addDays(FIRST_DAY, day) + Math.round(localHours * 3600 + random.int(-900, 900)) * 1000;
  const datetime = isoTime(centre);
  const { geometry, bbox } = footprint(swathRing(lon, lat));
  const id = `${compact(datetime)}-SLSTRA-L3U-SST`;
  const dayOfYear = String(213 + day).padStart(3, '0');
  const dir = `${DATA_HOST}/${datetime.slice(0, 4)}/${dayOfYear}`;
  const cloudCover = Math.round(((random.next() + random.next() + random.next()) / 3) * 1000) / 10;
  return {
    type: 'Feature',
    stac_version: STAC_VERSION,
    stac_extensions: [STAC_EXTENSIONS.file, STAC_EXTENSIONS.processing],
    id,
    collection: SST_COLLECTION_ID,
    geometry,
    bbox,
    properties: {
      title: `SLSTR-A L3U sea surface temperature, ${datetime.slice(0, 10)} ${datetime.slice(11, 16)} UTC`,
      description: 'Sea surface skin temperature from the Sea and Land Surface Temperature Radiometer on Sentinel-3A, '
        + 'daytime granule remapped without merging onto a regular 0.01° grid (L3U, GHRSST format). '
        + 'Température de surface de la mer, granule diurne.',
      datetime,
      start_datetime: isoTime(centre - (GRANULE_SECONDS / 2) * 1000),
      end_datetime: isoTime(centre + (GRANULE_SECONDS / 2) * 1000),
      platform: 'sentinel-3a',
      constellation: 'sentinel-3',
      instruments: ['slstr'],
      gsd: 1000,
      // cloud_cover rather than eo:cloud_cover: the eo extension schema is not available offline to declare it
      cloud_cover: cloudCover,
      'processing:level': 'L3U',
      keywords: ['SST', 'GHRSST', 'température de surface de la mer', 'océan'],
    },
    links: [{ rel: 'collection', href: collectionHref, type: 'application/json' }],
    assets: {
      data: {
        href: `${dir}/${id}.nc`,
        type: 'application/netcdf',
        title: 'SST granule (NetCDF-4)',
        roles: ['data'],
        'file:size': random.int(14_000_000, 46_000_000),
      },
      thumbnail: {
        href: `${dir}/${id}.png`,
        type: 'image/png',
        title: 'Aperçu',
        roles: ['thumbnail'],
        'file:size': random.int(40_000, 160_000),
      },
    },
  };
}

export function sstDemoCollection(): StacCollection {
  return {
    type: 'Collection',
    stac_version: STAC_VERSION,
    stac_extensions: [STAC_EXTENSIONS.processing],
    id: SST_COLLECTION_ID,
    title: 'Sea surface temperature – Sentinel-3A SLSTR L3U granules (demo)',
    description: 'Daytime sea surface skin temperature granules from Sentinel-3A SLSTR, remapped onto a regular grid '
      + 'without merging (GHRSST L3U), August 2023. Some granules over the Pacific cross the antimeridian. '
      + 'Granules de température de surface de la mer, données de démonstration.',
    keywords: ['SST', 'GHRSST', 'Sentinel-3', 'SLSTR', 'température de surface de la mer', 'océanographie'],
    license: 'CC-BY-4.0',
    providers: [
      { name: 'EUMETSAT', roles: ['producer'], url: 'https://www.eumetsat.int' },
      { name: 'Ifremer – CERSAT', roles: ['processor', 'host'], url: 'https://cersat.ifremer.fr', 'processing:level': 'L3U' },
    ],
    extent: {
      spatial: { bbox: [[-180, -70, 180, 70]] },
      temporal: { interval: [[isoTime(FIRST_DAY), isoTime(addDays(FIRST_DAY, DAYS))]] },
    },
    summaries: {
      platform: ['sentinel-3a'],
      instruments: ['slstr'],
      'processing:level': ['L3U'],
      cloud_cover: { minimum: 0, maximum: 100 },
    },
    links: [
      { rel: 'license', href: 'https://creativecommons.org/licenses/by/4.0/', type: 'text/html', title: 'Creative Commons Attribution 4.0 International' },
    ],
  };
}

/** Three granules a day for 30 days: 90 items, 10 of them across the antimeridian. */
export function sstDemoItems(random: SeededRandom, collectionHref: string): StacItem[] {
  const items: StacItem[] = [];
  for (let day = 0; day < DAYS; day += 1) {
    for (let slot = 0; slot < GRANULES_PER_DAY; slot += 1) items.push(granuleItem(day, slot, random, collectionHref));
  }
  return items;
}
