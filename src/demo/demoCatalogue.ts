import type { StacCollection, StacItem } from '../core/stac.js';
import { CMIP6_COLLECTION_ID, cmip6DemoCollection, cmip6DemoItems } from './cmip6Demo.js';
import { PROFILES_COLLECTION_ID, profilesDemoCollection, profilesDemoItems } from './profilesDemo.js';
import { seededRandom } from './seededRandom.js';
import { SST_COLLECTION_ID, sstDemoCollection, sstDemoItems } from './sstDemo.js';

export interface DemoCatalogue {
  readonly collections: StacCollection[];
  readonly items: StacItem[];
}

export interface DemoOptions {
  /**
   * Base URL the items' `collection` links point under (`<baseUrl>/collections/<id>`). Links must be
   * absolute: the cmip6 extension schema requires every link href of its items to be a full URI.
   */
  readonly baseUrl?: string;
}

const DEFAULT_BASE_URL = 'http://localhost:8080';
const SEED = 20_230_818;

/**
 * A small catalogue a newcomer recognises, identical on every call: CMIP6 output of IPSL-CM6A-LR
 * (116 datasets), radiosonde and lidar profiles from five European stations, and Sentinel-3A SST
 * granules, some crossing the antimeridian.
 */
export function demoCatalogue(options: DemoOptions = {}): DemoCatalogue {
  const base = (options.baseUrl ?? DEFAULT_BASE_URL).replace(/\/+$/, '');
  const href = (id: string): string => `${base}/collections/${encodeURIComponent(id)}`;
  // one generator per collection, so that changing one collection leaves the others' data unchanged
  return {
    collections: [cmip6DemoCollection(), profilesDemoCollection(), sstDemoCollection()],
    items: [
      ...cmip6DemoItems(seededRandom(SEED), href(CMIP6_COLLECTION_ID)),
      ...profilesDemoItems(seededRandom(SEED + 1), href(PROFILES_COLLECTION_ID)),
      ...sstDemoItems(seededRandom(SEED + 2), href(SST_COLLECTION_ID)),
    ],
  };
}
