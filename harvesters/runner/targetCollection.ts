import { MeridianError } from '../../src/core/errors.js';
import type { TargetCollection } from '../../src/core/harvest.js';
import { STAC_VERSION, type StacCollection } from '../../src/core/stac.js';
import type { RecordStore } from '../../src/store/recordStore.js';

/** The collection a source's items go to, as configured: global extent, open interval, licence `other` unless given. */
function targetCollectionDoc(target: TargetCollection): StacCollection {
  return {
    type: 'Collection',
    stac_version: STAC_VERSION,
    id: target.id,
    ...(target.title === undefined ? {} : { title: target.title }),
    description: target.description ?? target.title ?? target.id,
    license: target.license ?? 'other',
    extent: { spatial: { bbox: [[-180, -90, 180, 90]] }, temporal: { interval: [[null, null]] } },
    links: [],
  };
}

/**
 * Creates the target collection when it does not exist (or was deleted). An existing one is left as it
 * is: curators may have improved it. It carries no provenance, so no sweep of the source deletes it.
 */
export async function ensureTargetCollection(
  store: RecordStore,
  target: TargetCollection,
  actor: string,
  opts?: { readonly signal?: AbortSignal },
): Promise<boolean> {
  opts?.signal?.throwIfAborted();
  if (await store.get({ kind: 'collection', collectionId: '', id: target.id })) return false;
  const [outcome] = await store.upsertMany([{ doc: targetCollectionDoc(target) }], actor);
  if (outcome?.status === 'failed') throw new MeridianError('InvalidParameter', `cannot create the collection ${target.id}: ${outcome.reason}`);
  return true;
}
