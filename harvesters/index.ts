import type { Harvester, SourceConfig, SourceKind } from '../src/core/harvest.js';
import { aerisHarvester } from './aeris/harvester.js';
import { cswHarvester } from './csw/harvester.js';
import { esgfHarvester } from './esgf/harvester.js';
import { geonetworkHarvester } from './geonetwork/harvester.js';
import { oaiPmhHarvester } from './oai-pmh/harvester.js';
import { esgfNgHarvester } from './stac-api/esgfNgHarvester.js';
import { stacApiHarvester } from './stac-api/harvester.js';
import { threddsHarvester } from './thredds/harvester.js';

/** Every harvester, by the source kind it serves. */
export const HARVESTERS: { readonly [K in SourceKind]: Harvester<Extract<SourceConfig, { kind: K }>> } = {
  'oai-pmh': oaiPmhHarvester,
  csw: cswHarvester,
  aeris: aerisHarvester,
  geonetwork: geonetworkHarvester,
  thredds: threddsHarvester,
  'stac-api': stacApiHarvester,
  esgf: esgfHarvester,
  'esgf-ng': esgfNgHarvester,
};

export function harvesterFor<S extends SourceConfig>(source: S): Harvester<S> {
  // The mapped type guarantees the kind matches; TypeScript cannot follow it through the index.
  return HARVESTERS[source.kind] as unknown as Harvester<S>;
}
