import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StacItem, StacLink } from '../../../src/core/stac.js';
import { DRIVERS } from '../../support/drivers.js';
import { openStacApi, testConfig, type StacApi } from '../../support/stacApi.js';
import { makeCollection, makeItem } from '../../support/stacFactory.js';
import { validateStac } from '../../support/stacValidator.js';

/*
 * The documents of the STAC API: every response type validates against the STAC schemas, the landing
 * page and conformance advertise what clients test for, the OpenAPI and queryables documents are
 * served with the right types, and every link is built from the public base URL.
 */

const CMIP6 = 'cmip6-demo';
const S2 = 'sentinel-2-demo';

const ITEMS: StacItem[] = [
  makeItem(CMIP6, 'tas-ipsl', {
    datetime: null,
    properties: {
      start_datetime: '1850-01-01T00:00:00Z',
      end_datetime: '2014-12-31T23:59:59Z',
      'cmip6:source_id': 'IPSL-CM6A-LR',
      'cmip6:variable_id': 'tas',
      title: 'Near-surface air temperature, IPSL',
    },
  }),
  makeItem(CMIP6, 'pr-cnrm', {
    datetime: null,
    properties: {
      start_datetime: '2015-01-01T00:00:00Z',
      end_datetime: '2100-12-31T23:59:59Z',
      'cmip6:source_id': 'CNRM-CM6-1',
      'cmip6:variable_id': 'pr',
    },
  }),
  makeItem(S2, 's2-paris', {
    lon: 2.35,
    lat: 48.85,
    datetime: '2021-06-01T10:30:00Z',
    properties: { 'eo:cloud_cover': 12.5, platform: 'sentinel-2a', instruments: ['msi'] },
    assets: { visual: { href: 'https://data.example.org/s2-paris.tif', type: 'image/tiff; application=geotiff', roles: ['visual'] } },
  }),
];

const hrefsOf = (value: unknown): string[] => {
  if (Array.isArray(value)) return value.flatMap(hrefsOf);
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([k, v]) => (k === 'href' && typeof v === 'string' ? [v] : hrefsOf(v)));
};

/** Every href of links (not assets, which point to data elsewhere) in a response body. */
const linkHrefs = (body: unknown): string[] => {
  if (Array.isArray(body)) return body.flatMap(linkHrefs);
  if (typeof body !== 'object' || body === null) return [];
  return Object.entries(body).flatMap(([k, v]) => (k === 'assets' ? [] : k === 'links' ? hrefsOf(v) : linkHrefs(v)));
};

/** A media type with its parameters (without charset), as RFC 9110 compares them. */
const mediaType = (text: string) => {
  const [type = '', ...params] = text.split(';').map((p) => p.trim());
  const pairs = params
    .map((p) => p.split('=').map((x) => x.trim()))
    .filter(([k]) => k !== undefined && k.toLowerCase() !== 'charset')
    .map(([k = '', v = '']) => [k.toLowerCase(), v.replace(/^"|"$/g, '')]);
  return { type: type.toLowerCase(), params: Object.fromEntries(pairs) as Record<string, string> };
};

describe.each(DRIVERS)('STAC API documents (%s)', (driver) => {
  let api: StacApi;

  beforeAll(async () => {
    api = await openStacApi(driver);
    await api.load([
      makeCollection(CMIP6, { title: 'CMIP6 demo', keywords: ['climate', 'CMIP6'] }),
      makeCollection(S2, { title: 'Sentinel-2 demo' }),
      ...ITEMS,
    ]);
  });
  afterAll(async () => {
    await api?.dispose();
  });

  describe('schema validity', () => {
    it('the landing page is a valid STAC Catalog with the links clients follow', async () => {
      const res = await api.http.get('/').expect(200);
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      expect(validateStac(res.body)).toEqual([]);
      expect(res.body.type).toBe('Catalog');
      const rels = (res.body.links as StacLink[]).map((l) => l.rel);
      for (const rel of ['self', 'root', 'conformance', 'data', 'search', 'service-desc', 'service-doc', 'http://www.opengis.net/def/rel/ogc/1.0/queryables']) {
        expect(rels).toContain(rel);
      }
      const searches = (res.body.links as StacLink[]).filter((l) => l.rel === 'search').map((l) => l.method);
      expect(searches.sort()).toEqual(['GET', 'POST']);
      const children = (res.body.links as StacLink[]).filter((l) => l.rel === 'child').map((l) => l.href);
      expect(children.sort()).toEqual([`http://meridian.test/collections/${CMIP6}`, `http://meridian.test/collections/${S2}`].sort());
    });

    it('every collection of /collections is a valid STAC Collection', async () => {
      const res = await api.http.get('/collections').expect(200);
      expect(res.body.collections.map((c: { id: string }) => c.id).sort()).toEqual([CMIP6, S2]);
      for (const c of res.body.collections) expect(validateStac(c)).toEqual([]);
      expect(res.body.numberMatched).toBe(2);
      expect(res.body.numberReturned).toBe(2);
    });

    it('a single collection is a valid STAC Collection with items and queryables links', async () => {
      const res = await api.http.get(`/collections/${CMIP6}`).expect(200);
      expect(validateStac(res.body)).toEqual([]);
      expect(res.body.id).toBe(CMIP6);
      const rels = (res.body.links as StacLink[]).map((l) => l.rel);
      expect(rels).toEqual(expect.arrayContaining(['self', 'root', 'parent', 'items', 'http://www.opengis.net/def/rel/ogc/1.0/queryables']));
    });

    it('an ItemCollection from /search holds valid STAC Items and counts them', async () => {
      const res = await api.http.get('/search').query({ limit: 10 }).expect(200);
      expect(res.headers['content-type']).toMatch(/^application\/geo\+json/);
      expect(res.body.type).toBe('FeatureCollection');
      expect(res.body.features).toHaveLength(ITEMS.length);
      for (const f of res.body.features) expect(validateStac(f)).toEqual([]);
      expect(res.body.numberMatched).toBe(ITEMS.length);
      expect(res.body.numberReturned).toBe(ITEMS.length);
    });

    it('an ItemCollection of one collection holds only that collection\'s valid items', async () => {
      const res = await api.http.get(`/collections/${CMIP6}/items`).expect(200);
      expect(res.body.features.map((f: StacItem) => f.id).sort()).toEqual(['pr-cnrm', 'tas-ipsl']);
      for (const f of res.body.features) expect(validateStac(f)).toEqual([]);
    });

    it('a single item is a valid STAC Item with self, parent, collection and root links', async () => {
      const res = await api.http.get(`/collections/${S2}/items/s2-paris`).expect(200);
      expect(res.headers['content-type']).toMatch(/^application\/geo\+json/);
      expect(validateStac(res.body)).toEqual([]);
      const links = res.body.links as StacLink[];
      expect(links.find((l) => l.rel === 'self')?.href).toBe(`http://meridian.test/collections/${S2}/items/s2-paris`);
      expect(links.find((l) => l.rel === 'collection')?.href).toBe(`http://meridian.test/collections/${S2}`);
      expect(res.body.assets.visual.href).toBe('https://data.example.org/s2-paris.tif');
    });
  });

  describe('conformance and service documents', () => {
    it('/conformance lists the STAC foundation classes, the final CQL2 names and the pre-final ones', async () => {
      const res = await api.http.get('/conformance').expect(200);
      const classes = res.body.conformsTo as string[];
      const cql2 = 'http://www.opengis.net/spec/cql2/1.0/conf';
      expect(classes).toEqual(
        expect.arrayContaining([
          'https://api.stacspec.org/v1.0.0/core',
          'https://api.stacspec.org/v1.0.0/collections',
          'https://api.stacspec.org/v1.0.0/ogcapi-features',
          'https://api.stacspec.org/v1.0.0/item-search',
          'http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/filter',
          `${cql2}/cql2-text`,
          `${cql2}/cql2-json`,
          `${cql2}/basic-cql2`,
          `${cql2}/advanced-comparison-operators`,
          `${cql2}/basic-spatial-functions`,
          `${cql2}/spatial-functions`,
          `${cql2}/temporal-functions`,
          `${cql2}/array-functions`,
          `${cql2}/basic-spatial-operators`,
          `${cql2}/spatial-operators`,
          `${cql2}/temporal-operators`,
          `${cql2}/array-operators`,
        ]),
      );
      expect(new Set(classes).size).toBe(classes.length);
    });

    it('the landing page advertises the same conformance classes as /conformance', async () => {
      const [landing, conformance] = await Promise.all([api.http.get('/'), api.http.get('/conformance')]);
      expect([...landing.body.conformsTo].sort()).toEqual([...conformance.body.conformsTo].sort());
    });

    it('the service-desc link type equals the Content-Type /api is served with', async () => {
      const landing = await api.http.get('/').expect(200);
      const desc = (landing.body.links as StacLink[]).find((l) => l.rel === 'service-desc');
      expect(desc?.href).toBe('http://meridian.test/api');
      const res = await api.http.get('/api').expect(200);
      // Compared as media types: the same type and parameters, whitespace around ";" and a charset aside.
      expect(mediaType(String(res.headers['content-type']))).toEqual(mediaType(String(desc?.type)));
      expect(mediaType(String(desc?.type))).toEqual({ type: 'application/vnd.oai.openapi+json', params: { version: '3.1' } });
      const openapi = JSON.parse(res.text) as { openapi?: string; paths?: Record<string, unknown> };
      expect(openapi.openapi).toMatch(/^3\./);
      expect(Object.keys(openapi.paths ?? {})).toContain('/search');
    });

    it('/api.html, the service-doc, is an HTML page', async () => {
      const landing = await api.http.get('/').expect(200);
      expect((landing.body.links as StacLink[]).find((l) => l.rel === 'service-doc')?.type).toBe('text/html');
      const res = await api.http.get('/api.html').expect(200);
      expect(res.headers['content-type']).toMatch(/^text\/html/);
      expect(res.text).toMatch(/^<!doctype html>/i);
      expect(res.text).toContain('/search');
    });

    it('/queryables is a 2019-09 JSON Schema whose $id is the request URL and lists properties found in the data', async () => {
      const res = await api.http.get('/queryables').expect(200);
      expect(res.headers['content-type']).toMatch(/^application\/schema\+json/);
      expect(res.body.$schema).toBe('https://json-schema.org/draft/2019-09/schema');
      expect(res.body.$id).toBe('http://meridian.test/queryables');
      const properties = Object.keys(res.body.properties as object);
      expect(properties).toEqual(expect.arrayContaining(['id', 'collection', 'geometry', 'datetime']));
      expect(properties).toEqual(expect.arrayContaining(['cmip6:source_id', 'cmip6:variable_id', 'eo:cloud_cover', 'platform', 'instruments']));
      expect(res.body.properties['cmip6:source_id']).toEqual({ type: 'string' });
      expect(res.body.properties['eo:cloud_cover']).toEqual({ type: 'number' });
    });

    it('the queryables of a collection list only properties of its items', async () => {
      const res = await api.http.get(`/collections/${CMIP6}/queryables`).expect(200);
      expect(res.headers['content-type']).toMatch(/^application\/schema\+json/);
      expect(res.body.$id).toBe(`http://meridian.test/collections/${CMIP6}/queryables`);
      const properties = Object.keys(res.body.properties as object);
      expect(properties).toContain('cmip6:source_id');
      expect(properties).not.toContain('eo:cloud_cover');
    });

    it('the $id of /queryables is the URL the client asked for, behind a proxy too', async () => {
      const res = await api.http
        .get('/queryables')
        .set('X-Forwarded-Proto', 'https')
        .set('X-Forwarded-Host', 'cat.example.org')
        .expect(200);
      expect(res.body.$id).toBe('https://cat.example.org/queryables');
    });
  });

  describe('links use the public base URL', () => {
    const paths = [
      '/',
      '/collections',
      `/collections/${CMIP6}`,
      `/collections/${CMIP6}/items?limit=1`,
      `/collections/${S2}/items/s2-paris`,
      '/search?limit=1',
      '/aggregations',
    ];

    it.each(paths)('behind X-Forwarded-Proto/Host every link href of %s starts with https://cat.example.org/', async (path) => {
      const res = await api.http
        .get(path)
        .set('X-Forwarded-Proto', 'https')
        .set('X-Forwarded-Host', 'cat.example.org')
        .expect(200);
      const hrefs = linkHrefs(res.body);
      expect(hrefs.length).toBeGreaterThan(0);
      for (const href of hrefs) expect(href).toMatch(/^https:\/\/cat\.example\.org\//);
    });

    it('a POST search behind a proxy gives self and next links on the public URL', async () => {
      const res = await api.http
        .post('/search')
        .set('X-Forwarded-Proto', 'https')
        .set('X-Forwarded-Host', 'cat.example.org')
        .send({ limit: 1 })
        .expect(200);
      const links = res.body.links as StacLink[];
      expect(links.find((l) => l.rel === 'next')?.href).toBe('https://cat.example.org/search');
      for (const href of linkHrefs(res.body)) expect(href).toMatch(/^https:\/\/cat\.example\.org\//);
    });

    it('an RFC 7239 Forwarded header gives the public URL', async () => {
      const res = await api.http.get('/').set('Forwarded', 'for=10.0.0.1;proto=https;host=gw.example.net').expect(200);
      for (const href of linkHrefs(res.body)) expect(href).toMatch(/^https:\/\/gw\.example\.net\//);
    });

    it.each(paths)('with server.publicUrl configured every link href of %s starts with it, whatever the proxy says', async (path) => {
      const app = api.appWith(testConfig({ publicUrl: 'https://meridian.example.com/stac/' }));
      const res = await request(app)
        .get(path)
        .set('X-Forwarded-Proto', 'http')
        .set('X-Forwarded-Host', 'internal:8080')
        .expect(200);
      const hrefs = linkHrefs(res.body);
      expect(hrefs.length).toBeGreaterThan(0);
      for (const href of hrefs) expect(href).toMatch(/^https:\/\/meridian\.example\.com\/stac\//);
      expect(hrefs.some((h) => h.includes('/stac//'))).toBe(false);
    });

    it('the Location of a created collection uses the configured public URL', async () => {
      const app = api.appWith(testConfig({ publicUrl: 'https://meridian.example.com' }));
      const { token } = await api.deps.tokens.create('links', 'curator');
      const res = await request(app)
        .post('/collections')
        .set('Authorization', `Bearer ${token}`)
        .send(makeCollection('links-made'))
        .expect(201);
      expect(res.headers.location).toBe('https://meridian.example.com/collections/links-made');
      for (const href of linkHrefs(res.body)) expect(href).toMatch(/^https:\/\/meridian\.example\.com\//);
      await request(app).delete('/collections/links-made').set('Authorization', `Bearer ${token}`).expect(204);
    });
  });
});
