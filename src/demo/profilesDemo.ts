import { STAC_VERSION, type StacCollection, type StacItem } from '../core/stac.js';
import { addDays, isoTime, utc } from './isoTime.js';
import type { SeededRandom } from './seededRandom.js';
import { STAC_EXTENSIONS } from './stacExtensions.js';

export const PROFILES_COLLECTION_ID = 'atmospheric-profiles-demo';

const DATA_HOST = 'https://data.aeris-data.fr/profiles';
const FIRST_DAY = utc(2023, 8, 14);
const DAYS = 14;
const HALF_DAY_MS = 43_200_000;

interface Station {
  readonly key: string;
  readonly platform: string;
  readonly town: string;
  readonly place: string;
  readonly lon: number;
  readonly lat: number;
  readonly kind: 'radiosonde' | 'lidar';
  readonly instrument: string;
  /** Observation times (UTC hour, minute) on a day with observations. */
  readonly times: readonly (readonly [number, number])[];
  /** Share of nights with a usable (cloud-free) profile; radiosondes fly every day. */
  readonly clearNights: number;
  /** When the station's own licence differs from the collection's. */
  readonly license?: string;
}

const STATIONS: readonly Station[] = [
  { key: 'trappes', platform: 'Trappes (Météo-France, WMO 07145)', town: 'Trappes', place: 'Trappes, Yvelines', lon: 2.0097, lat: 48.7742, kind: 'radiosonde', instrument: 'Vaisala RS41-SG', times: [[11, 15], [23, 15]], clearNights: 1 },
  { key: 'lindenberg', platform: 'Lindenberg (DWD, WMO 10393)', town: 'Lindenberg', place: 'Lindenberg, Brandenburg', lon: 14.1203, lat: 52.2094, kind: 'radiosonde', instrument: 'Vaisala RS41-SG', times: [[10, 45], [22, 45]], clearNights: 1, license: 'DL-DE-BY-2.0' },
  { key: 'sirta', platform: 'SIRTA', town: 'Palaiseau', place: 'Palaiseau, Essonne', lon: 2.2081, lat: 48.7133, kind: 'lidar', instrument: 'IPRAL', times: [[22, 0]], clearNights: 1 },
  { key: 'ohp', platform: 'Observatoire de Haute-Provence', town: 'Saint-Michel-l’Observatoire', place: 'Saint-Michel-l’Observatoire, Alpes-de-Haute-Provence', lon: 5.7106, lat: 43.9311, kind: 'lidar', instrument: 'LTA', times: [[21, 30]], clearNights: 0.7 },
  { key: 'cabauw', platform: 'Cabauw (KNMI, CESAR)', town: 'Cabauw', place: 'Cabauw, Utrecht', lon: 4.9262, lat: 51.9703, kind: 'lidar', instrument: 'Lufft CHM15k', times: [[12, 0]], clearNights: 1, license: 'CC-BY-4.0' },
];

const compact = (iso: string): string => iso.replace(/[-:]/g, '').slice(0, 13);

function profileItem(station: Station, ms: number, random: SeededRandom, collectionHref: string): StacItem {
  const datetime = isoTime(ms);
  const day = datetime.slice(0, 10);
  const id = `${station.key}-${station.kind === 'radiosonde' ? 'rs' : 'lidar'}-${compact(datetime)}Z`;
  const dir = `${DATA_HOST}/${station.key}/${day.slice(0, 4)}/${day.slice(5, 7)}`;
  const sonde = station.kind === 'radiosonde';
  // a sounding is named after the synoptic hour it serves (00 or 12 UTC), launched about 45 minutes before
  const synoptic = isoTime(Math.round(ms / HALF_DAY_MS) * HALF_DAY_MS);
  const title = sonde
    ? `Radiosondage ${station.town} – ${synoptic.slice(0, 10)} ${synoptic.slice(11, 13)} UTC`
    : `Profil lidar ${station.platform} – ${day}`;
  const description = sonde
    ? `Profil vertical de température, d’humidité, de pression et de vent mesuré par une radiosonde ${station.instrument} lancée depuis ${station.place}, pendant la période d’observation intensive d’août 2023 (épisode de canicule).`
    : `Profils de rétrodiffusion et de dépolarisation des aérosols et des nuages mesurés par le lidar ${station.instrument} (${station.place}), période d’observation intensive d’août 2023.`;
  const dataSize = sonde ? random.int(900_000, 2_400_000) : random.int(18_000_000, 84_000_000);
  return {
    type: 'Feature',
    stac_version: STAC_VERSION,
    stac_extensions: [STAC_EXTENSIONS.file],
    id,
    collection: PROFILES_COLLECTION_ID,
    geometry: { type: 'Point', coordinates: [station.lon, station.lat] },
    bbox: [station.lon, station.lat, station.lon, station.lat],
    properties: {
      title,
      description,
      datetime,
      platform: station.platform,
      instruments: [station.instrument],
      keywords: sonde
        ? ['radiosondage', 'profil atmosphérique', 'température', 'humidité', 'vent']
        : ['lidar', 'aérosols', 'nuages', 'rétrodiffusion', 'couche limite'],
      ...(station.license ? { license: station.license } : {}),
    },
    links: [{ rel: 'collection', href: collectionHref, type: 'application/json' }],
    assets: {
      data: {
        href: `${dir}/${id}.nc`,
        type: 'application/netcdf',
        title: sonde ? 'Profil (NetCDF)' : 'Profils lidar (NetCDF)',
        roles: ['data'],
        'file:size': dataSize,
      },
      ...(sonde
        ? {}
        : {
            quicklook: {
              href: `${dir}/${id}.png`,
              type: 'image/png',
              title: 'Aperçu du signal rétrodiffusé',
              roles: ['overview'],
              'file:size': random.int(80_000, 240_000),
            },
          }),
    },
  };
}

export function profilesDemoCollection(): StacCollection {
  const lons = STATIONS.map((s) => s.lon);
  const lats = STATIONS.map((s) => s.lat);
  return {
    type: 'Collection',
    stac_version: STAC_VERSION,
    id: PROFILES_COLLECTION_ID,
    title: 'Profils atmosphériques – période d’observation intensive d’août 2023',
    description: 'Radiosondages et profils lidar (aérosols, nuages, couche limite) mesurés au SIRTA (Palaiseau), à Trappes, '
      + 'à l’Observatoire de Haute-Provence, à Lindenberg et à Cabauw pendant l’épisode de canicule d’août 2023. '
      + 'Atmospheric profiles from radiosondes and lidars at five European stations (demonstration data).',
    keywords: ['radiosondage', 'lidar', 'profil atmosphérique', 'aérosols', 'canicule', 'SIRTA', 'ACTRIS'],
    license: 'etalab-2.0',
    providers: [
      { name: 'SIRTA – Institut Pierre-Simon Laplace', roles: ['producer'], url: 'https://sirta.ipsl.fr' },
      { name: 'Météo-France', roles: ['producer'], url: 'https://meteofrance.com' },
      { name: 'Deutscher Wetterdienst (DWD)', roles: ['producer'], url: 'https://www.dwd.de' },
      { name: 'KNMI', roles: ['producer'], url: 'https://www.knmi.nl' },
      { name: 'AERIS – pôle de données et services pour l’atmosphère', roles: ['host', 'processor'], url: 'https://www.aeris-data.fr' },
    ],
    extent: {
      spatial: { bbox: [[Math.min(...lons), Math.min(...lats), Math.max(...lons), Math.max(...lats)]] },
      temporal: { interval: [[isoTime(FIRST_DAY), isoTime(addDays(FIRST_DAY, DAYS))]] },
    },
    summaries: {
      platform: STATIONS.map((s) => s.platform),
      instruments: [...new Set(STATIONS.map((s) => s.instrument))],
    },
    links: [
      { rel: 'license', href: 'https://www.etalab.gouv.fr/licence-ouverte-open-licence/', type: 'text/html', title: 'Licence Ouverte / Open Licence 2.0' },
    ],
  };
}

/** Two radiosondes a day at two stations, one lidar profile per clear night at three: 94 items. */
export function profilesDemoItems(random: SeededRandom, collectionHref: string): StacItem[] {
  const items: StacItem[] = [];
  for (const station of STATIONS) {
    for (let day = 0; day < DAYS; day += 1) {
      if (random.next() >= station.clearNights) continue;
      for (const [hour, minute] of station.times) {
        // launches and lidar runs start a few minutes either side of the nominal time
        const ms = addDays(FIRST_DAY, day) + ((hour * 60 + minute + random.int(-6, 6)) * 60 + random.int(0, 59)) * 1000;
        items.push(profileItem(station, ms, random, collectionHref));
      }
    }
  }
  return items;
}
