import type { StacCollection, StacItem } from '../../src/core/stac.js';

/** A small valid STAC Collection for tests. */
export function makeCollection(id: string, overrides: Partial<StacCollection> = {}): StacCollection {
  return {
    type: 'Collection',
    stac_version: '1.1.0',
    id,
    title: `Collection ${id}`,
    description: `Test collection ${id}`,
    license: 'CC-BY-4.0',
    extent: {
      spatial: { bbox: [[-180, -90, 180, 90]] },
      temporal: { interval: [['2000-01-01T00:00:00Z', null]] },
    },
    links: [],
    ...overrides,
  };
}

/** A small valid STAC Item for tests: a point at (lon, lat) at an instant, unless overridden. */
export function makeItem(
  collection: string,
  id: string,
  opts: { lon?: number; lat?: number; datetime?: string | null; properties?: Record<string, unknown> } & Omit<Partial<StacItem>, 'properties'> = {},
): StacItem {
  const { lon = 2.35, lat = 48.85, datetime = '2020-01-01T00:00:00Z', properties = {}, ...rest } = opts;
  return {
    type: 'Feature',
    stac_version: '1.1.0',
    id,
    collection,
    geometry: { type: 'Point', coordinates: [lon, lat] },
    bbox: [lon, lat, lon, lat],
    properties: { datetime, ...properties },
    links: [],
    assets: {},
    ...rest,
  };
}
