import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StacCollection, StacItem } from '../../../src/core/stac.js';
import { DRIVERS } from '../../support/drivers.js';
import { openStacApi, TEST_BASE, testConfig, type StacApi } from '../../support/stacApi.js';
import { makeCollection, makeItem } from '../../support/stacFactory.js';
import { validateStac } from '../../support/stacValidator.js';

/*
 * Transactions: every write needs a curator token (401 without a token or with a bad one, 403 for a
 * reader), succeeds for a curator with the change visible to reads and searches; PATCH is a JSON merge
 * patch, which on a harvested record goes to the curator overlay and survives the next harvest.
 */

type Method = 'post' | 'put' | 'patch' | 'delete';

/** Every write route, with a body that would be accepted from a curator. */
const WRITES: readonly [string, Method, string, object | undefined][] = [
  ['create a collection', 'post', '/collections', makeCollection('auth-new')],
  ['replace a collection', 'put', '/collections/guarded', makeCollection('guarded', { title: 'Changed' })],
  ['patch a collection', 'patch', '/collections/guarded', { title: 'Patched' }],
  ['delete a collection', 'delete', '/collections/guarded', undefined],
  ['create an item', 'post', '/collections/guarded/items', makeItem('guarded', 'auth-item')],
  ['replace an item', 'put', '/collections/guarded/items/kept', makeItem('guarded', 'kept', { properties: { title: 'Changed' } })],
  ['patch an item', 'patch', '/collections/guarded/items/kept', { properties: { title: 'Patched' } }],
  ['delete an item', 'delete', '/collections/guarded/items/kept', undefined],
];

describe.each(DRIVERS)('STAC transactions (%s)', (driver) => {
  let api: StacApi;
  let curator: string;
  let reader: string;

  const send = (method: Method, path: string, body: object | undefined, token?: string) => {
    let req = api.http[method](path);
    if (token !== undefined) req = req.set('Authorization', `Bearer ${token}`);
    return body === undefined ? req : req.send(body);
  };
  const asCurator = (method: Method, path: string, body?: object) => send(method, path, body, curator);
  const searchIds = async (query: Record<string, string>) => {
    const res = await api.http.get('/search').query({ limit: 100, ...query }).expect(200);
    return (res.body.features as StacItem[]).map((f) => f.id).sort();
  };

  beforeAll(async () => {
    api = await openStacApi(driver);
    await api.load([makeCollection('guarded'), makeItem('guarded', 'kept', { properties: { title: 'Original' } })]);
    curator = (await api.deps.tokens.create('curator', 'curator')).token;
    reader = (await api.deps.tokens.create('reader', 'reader')).token;
  });
  afterAll(async () => {
    await api?.dispose();
  });

  describe('authorisation', () => {
    it.each(WRITES)('%s without a token is 401 with a Bearer challenge', async (_name, method, path, body) => {
      const res = await send(method, path, body);
      expect(res.status).toBe(401);
      expect(res.headers['www-authenticate']).toBe('Bearer');
      expect(res.body.description).toMatch(/needs an API token/);
    });

    it.each(WRITES)('%s with a reader token is 403', async (_name, method, path, body) => {
      const res = await send(method, path, body, reader);
      expect(res.status).toBe(403);
      expect(res.body.description).toMatch(/curator role/);
    });

    it.each(WRITES)('%s with an unknown token is 401', async (_name, method, path, body) => {
      const res = await send(method, path, body, 'mrd_000000000000_not-a-real-token');
      expect(res.status).toBe(401);
      expect(res.body.description).toMatch(/not valid/);
    });

    it('a revoked curator token is 401', async () => {
      const { token, info } = await api.deps.tokens.create('revoked', 'curator');
      await api.deps.tokens.revoke(info.id);
      const res = await send('patch', '/collections/guarded', { title: 'Nope' }, token);
      expect(res.status).toBe(401);
    });

    it('refused writes changed nothing', async () => {
      await api.http.get('/collections/auth-new').expect(404);
      const collection = await api.http.get('/collections/guarded').expect(200);
      expect(collection.body.title).toBe('Collection guarded');
      const item = await api.http.get('/collections/guarded/items/kept').expect(200);
      expect(item.body.properties.title).toBe('Original');
      await api.http.get('/collections/guarded/items/auth-item').expect(404);
    });

    it('reads need no token, and a reader token may read', async () => {
      await api.http.get('/collections/guarded').expect(200);
      await api.http.get('/collections/guarded').set('Authorization', `Bearer ${reader}`).expect(200);
    });

    it('an invalid token is refused on reads too, with 401', async () => {
      const res = await api.http.get('/collections').set('Authorization', 'Bearer wrong');
      expect(res.status).toBe(401);
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      expect(res.body.description).toMatch(/the API token is not valid/);
    });

    it('with public reads off, a read without a token is 401', async () => {
      const closed = request(api.appWith(testConfig({ publicReads: false })));
      const res = await closed.get('/collections');
      expect(res.status).toBe(401);
      expect(res.body.description).toMatch(/needs an API token/);
    });

    it('with public reads off, a reader token may read', async () => {
      const closed = request(api.appWith(testConfig({ publicReads: false })));
      await closed.get('/collections').set('Authorization', `Bearer ${reader}`).expect(200);
    });
  });

  describe('collections as a curator', () => {
    it('POST creates a collection: 201 with Location, then visible to GET and to /collections', async () => {
      const res = await asCurator('post', '/collections', makeCollection('made', { title: 'Made here', keywords: ['one', 'two'] }));
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      expect(res.headers.location).toBe(`${TEST_BASE}/collections/made`);
      expect(validateStac(res.body)).toEqual([]);
      const got = await api.http.get('/collections/made').expect(200);
      expect(got.body.title).toBe('Made here');
      const list = await api.http.get('/collections').expect(200);
      expect((list.body.collections as StacCollection[]).map((c) => c.id)).toContain('made');
    });

    it('POST of an existing collection is 409', async () => {
      const res = await asCurator('post', '/collections', makeCollection('made'));
      expect(res.status).toBe(409);
      expect(res.body.description).toMatch(/already exists/);
    });

    it('PUT replaces a collection and the change is visible', async () => {
      const res = await asCurator('put', '/collections/made', makeCollection('made', { title: 'Replaced', keywords: ['one', 'two'] }));
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      expect(res.body.title).toBe('Replaced');
      expect((await api.http.get('/collections/made').expect(200)).body.title).toBe('Replaced');
    });

    it('PUT with another id in the body is 400', async () => {
      const res = await asCurator('put', '/collections/made', makeCollection('other'));
      expect(res.status).toBe(400);
      expect(res.body.description).toMatch(/must be "made"/);
    });

    it('PATCH is a merge patch: members change, and null removes one', async () => {
      const res = await api.http
        .patch('/collections/made')
        .set('Authorization', `Bearer ${curator}`)
        .set('Content-Type', 'application/merge-patch+json')
        .send(JSON.stringify({ title: 'Patched', keywords: null }));
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      const got = await api.http.get('/collections/made').expect(200);
      expect(got.body.title).toBe('Patched');
      expect(got.body).not.toHaveProperty('keywords');
      expect(got.body.description).toBe('Test collection made');
    });

    it('PATCH of a missing collection is 404', async () => {
      const res = await asCurator('patch', '/collections/missing', { title: 'x' });
      expect(res.status).toBe(404);
    });

    it('DELETE removes a collection and its items: 204, then 404', async () => {
      await asCurator('post', '/collections', makeCollection('doomed')).expect(201);
      await asCurator('post', '/collections/doomed/items', makeItem('doomed', 'doomed-item')).expect(201);
      const res = await asCurator('delete', '/collections/doomed');
      expect(res.status).toBe(204);
      expect(res.text).toBe('');
      await api.http.get('/collections/doomed').expect(404);
      await api.http.get('/collections/doomed/items/doomed-item').expect(404);
      expect(await searchIds({ ids: 'doomed-item' })).toEqual([]);
      await asCurator('delete', '/collections/doomed').expect(404);
    });
  });

  describe('items as a curator', () => {
    it('POST creates an item: 201 with Location, then visible to GET and to search', async () => {
      const item = makeItem('made', 'made-1', { lon: 10, lat: 10, datetime: '2021-03-01T00:00:00Z', properties: { platform: 'alpha', 'eo:cloud_cover': 40 } });
      const res = await asCurator('post', '/collections/made/items', item);
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      expect(res.headers.location).toBe(`${TEST_BASE}/collections/made/items/made-1`);
      expect(validateStac(res.body)).toEqual([]);
      await api.http.get('/collections/made/items/made-1').expect(200);
      expect(await searchIds({ collections: 'made', bbox: '9,9,11,11' })).toEqual(['made-1']);
    });

    it('POST of an existing item is 409', async () => {
      const res = await asCurator('post', '/collections/made/items', makeItem('made', 'made-1'));
      expect(res.status).toBe(409);
    });

    it('POST of an item naming another collection is 400', async () => {
      const res = await asCurator('post', '/collections/made/items', makeItem('guarded', 'made-x'));
      expect(res.status).toBe(400);
      expect(res.body.description).toMatch(/names collection "guarded"/);
    });

    it('POST of an invalid item is 400 and says what is wrong', async () => {
      const res = await asCurator('post', '/collections/made/items', { ...makeItem('made', 'bad'), properties: {} });
      expect(res.status).toBe(400);
      expect(res.body.description).toMatch(/datetime/);
    });

    it('POST of an ItemCollection writes every feature', async () => {
      const res = await asCurator('post', '/collections/made/items', {
        type: 'FeatureCollection',
        features: [makeItem('made', 'made-2'), makeItem('made', 'made-3')],
      });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      expect(res.body).toEqual({ written: 2, failed: [] });
      expect(await searchIds({ collections: 'made' })).toEqual(['made-1', 'made-2', 'made-3']);
    });

    it('PUT replaces an item and search sees the new version', async () => {
      const replaced = makeItem('made', 'made-1', { lon: 10, lat: 10, datetime: '2022-03-01T00:00:00Z', properties: { platform: 'beta' } });
      const res = await asCurator('put', '/collections/made/items/made-1', replaced);
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      expect(await searchIds({ collections: 'made', datetime: '2022-03-01T00:00:00Z' })).toEqual(['made-1']);
      expect(await searchIds({ collections: 'made', datetime: '2021-03-01T00:00:00Z' })).toEqual([]);
      expect(await searchIds({ collections: 'made', filter: "platform = 'beta'" })).toEqual(['made-1']);
      const got = await api.http.get('/collections/made/items/made-1').expect(200);
      expect(got.body.properties).not.toHaveProperty('eo:cloud_cover');
    });

    it('PUT of a missing item is 404', async () => {
      const res = await asCurator('put', '/collections/made/items/nothing', makeItem('made', 'nothing'));
      expect(res.status).toBe(404);
    });

    it('PATCH is a merge patch on properties: null removes a property and search sees the change', async () => {
      const res = await api.http
        .patch('/collections/made/items/made-1')
        .set('Authorization', `Bearer ${curator}`)
        .set('Content-Type', 'application/merge-patch+json')
        .send(JSON.stringify({ properties: { platform: null, 'eo:cloud_cover': 5 } }));
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      expect(res.body.properties).toEqual({ datetime: '2022-03-01T00:00:00Z', 'eo:cloud_cover': 5 });
      expect(await searchIds({ collections: 'made', filter: "platform = 'beta'" })).toEqual([]);
      expect(await searchIds({ collections: 'made', filter: '"eo:cloud_cover" = 5' })).toEqual(['made-1']);
    });

    it('PATCH that would make the item invalid is 400 and changes nothing', async () => {
      const res = await asCurator('patch', '/collections/made/items/made-1', { properties: { datetime: null } });
      expect(res.status).toBe(400);
      expect(res.body.description).toMatch(/not valid STAC/);
      const got = await api.http.get('/collections/made/items/made-1').expect(200);
      expect(got.body.properties.datetime).toBe('2022-03-01T00:00:00Z');
    });

    it('PATCH that changes the id is 400', async () => {
      const res = await asCurator('patch', '/collections/made/items/made-1', { id: 'renamed' });
      expect(res.status).toBe(400);
      expect(res.body.description).toMatch(/cannot change the id/);
    });

    it('DELETE removes an item: 204, then GET is 404 and search no longer finds it', async () => {
      const res = await asCurator('delete', '/collections/made/items/made-2');
      expect(res.status).toBe(204);
      const got = await api.http.get('/collections/made/items/made-2');
      expect(got.status).toBe(404);
      expect(got.body.description).toMatch(/made-2/);
      expect(await searchIds({ collections: 'made' })).toEqual(['made-1', 'made-3']);
      await asCurator('delete', '/collections/made/items/made-2').expect(404);
    });

    it('an item can be created again after it was deleted', async () => {
      await asCurator('post', '/collections/made/items', makeItem('made', 'made-2')).expect(201);
      expect(await searchIds({ collections: 'made' })).toEqual(['made-1', 'made-2', 'made-3']);
    });
  });

  describe('harvested records', () => {
    const key = { kind: 'item', collectionId: 'harvest', id: 'h-1' } as const;
    const provenance = { sourceId: 'thredds-test', nativeId: 'h-1.nc', harvestedAt: '2024-01-01T00:00:00Z' };
    const harvested = (description: string, extra: Record<string, unknown> = {}) =>
      makeItem('harvest', 'h-1', { properties: { description, platform: 'from-source', quality: 'raw', ...extra } });

    beforeAll(async () => {
      await api.deps.store.upsertMany([{ doc: makeCollection('harvest') }], 'harvester');
      const [outcome] = await api.deps.store.upsertMany([{ doc: harvested('first harvest'), provenance }], 'harvester');
      expect(outcome?.status).toBe('created');
    });

    it('PATCH on a harvested item goes to the overlay and leaves the harvested base alone', async () => {
      const res = await asCurator('patch', '/collections/harvest/items/h-1', { properties: { platform: 'corrected', quality: null } });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      expect(res.body.properties.platform).toBe('corrected');
      expect(res.body.properties).not.toHaveProperty('quality');
      const stored = await api.deps.store.get(key);
      expect(stored?.overlay).toEqual({ properties: { platform: 'corrected', quality: null } });
      expect((stored?.base as StacItem).properties.platform).toBe('from-source');
      expect(stored?.provenance?.sourceId).toBe('thredds-test');
    });

    it('the overlay survives a re-harvest of the base, which still brings its own changes', async () => {
      const [outcome] = await api.deps.store.upsertMany(
        [{ doc: harvested('second harvest', { platform: 'from-source-v2', quality: 'raw-v2' }), provenance }],
        'harvester',
      );
      expect(outcome?.status).toBe('updated');
      const got = await api.http.get('/collections/harvest/items/h-1').expect(200);
      expect(got.body.properties.description).toBe('second harvest');
      expect(got.body.properties.platform).toBe('corrected');
      expect(got.body.properties).not.toHaveProperty('quality');
      expect(await searchIds({ filter: "platform = 'corrected'" })).toEqual(['h-1']);
      expect(await searchIds({ filter: "platform = 'from-source-v2'" })).toEqual([]);
    });

    it('a second PATCH composes with the first overlay', async () => {
      await asCurator('patch', '/collections/harvest/items/h-1', { properties: { note: 'checked' } }).expect(200);
      const stored = await api.deps.store.get(key);
      expect(stored?.overlay).toEqual({ properties: { platform: 'corrected', quality: null, note: 'checked' } });
      const got = await api.http.get('/collections/harvest/items/h-1').expect(200);
      expect(got.body.properties).toMatchObject({ platform: 'corrected', note: 'checked', description: 'second harvest' });
    });

    it('PATCH on a harvested collection also goes to the overlay and survives a re-harvest', async () => {
      const collectionProvenance = { sourceId: 'thredds-test', nativeId: 'catalog.xml', harvestedAt: '2024-01-01T00:00:00Z' };
      await api.deps.store.upsertMany([{ doc: makeCollection('harvest-c', { title: 'From source' }), provenance: collectionProvenance }], 'harvester');
      await asCurator('patch', '/collections/harvest-c', { title: 'Curated title' }).expect(200);
      await api.deps.store.upsertMany(
        [{ doc: makeCollection('harvest-c', { title: 'From source again', description: 'New description' }), provenance: collectionProvenance }],
        'harvester',
      );
      const got = await api.http.get('/collections/harvest-c').expect(200);
      expect(got.body.title).toBe('Curated title');
      expect(got.body.description).toBe('New description');
    });
  });
});
