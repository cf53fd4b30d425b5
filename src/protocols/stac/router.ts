import express, { type Request, type Response, type Router } from 'express';
import { MeridianError, invalidParameter } from '../../core/errors.js';
import type { RecordKey } from '../../core/record.js';
import { isJsonObject } from '../../core/json.js';
import type { StacCollection, StacItem, StacRecord } from '../../core/stac.js';
import type { AggregationResult } from '../../search/backend.js';
import type { SearchRequest } from '../../search/request.js';
import { sampleProperties } from '../../store/propertyCatalog.js';
import type { UpsertOutcome } from '../../store/recordStore.js';
import { actorOf, readAccess, requireRole } from '../../web/authentication.js';
import type { ProtocolDeps } from '../deps.js';
import { publicBaseUrl } from '../publicUrl.js';
import { frequencyName, parseAggregations } from './aggregationParams.js';
import { conformanceClasses } from './conformance.js';
import { jsonApiErrorHandler } from '../jsonApiErrors.js';
import { parseStacSearch, queryStringToBody, type StacSearchBody } from './parseSearch.js';
import { queryablesDocument } from './queryables.js';
import {
  GEOJSON,
  JSON_TYPE,
  collectionUrl,
  getPageLinks,
  itemUrl,
  pageLinks,
  postPageLinks,
  renderCollection,
  renderItem,
  renderRecord,
  type PageLinkFactory,
} from './render.js';

const OPENAPI_TYPE = 'application/vnd.oai.openapi+json;version=3.1';

/** A path parameter (always present on the routes that read it). */
function param(req: Request, name: string): string {
  return String((req.params as Record<string, string>)[name]);
}

function sendJson(res: Response, body: unknown, type = JSON_TYPE, status = 200): void {
  res.status(status).type(type).send(JSON.stringify(body));
}

function requestUrl(req: Request, base: string): URL {
  // originalUrl keeps the path as the client sent it; the base supplies scheme, host and any proxy prefix.
  return new URL(`${base}${req.originalUrl}`);
}

/** The STAC API 1.0.0 with collection search, filter (CQL2), sort, fields, query, free text, aggregation and transactions. */
export function stacRouter(deps: ProtocolDeps): Router {
  const { search, store, config } = deps;
  const limits = config.stac;
  const router = express.Router();
  const json = express.json({ limit: config.server.bodyLimit, type: ['application/json', 'application/*+json'] });
  const curator = requireRole('curator');
  const baseOf = (req: Request) => publicBaseUrl(req, config.server.publicUrl);
  router.use(readAccess(config.auth.publicReads));

  async function collectionExists(id: string): Promise<StacCollection> {
    const found = await store.get({ kind: 'collection', collectionId: '', id });
    if (!found) throw new MeridianError('NotFound', `collection "${id}" does not exist`);
    return found.doc as StacCollection;
  }

  async function itemCollection(req: Request, res: Response, request: SearchRequest, links: PageLinkFactory) {
    const base = baseOf(req);
    const page = await search.search(request);
    const features = page.records.map((r) => renderRecord(r, base, request.fields));
    sendJson(
      res,
      {
        type: 'FeatureCollection',
        features,
        links: [
          { rel: 'root', type: JSON_TYPE, href: `${base}/` },
          { rel: 'self', type: GEOJSON, href: requestUrl(req, base).toString() },
          ...pageLinks(page, links),
        ],
        ...(page.matched !== undefined ? { numberMatched: page.matched } : {}),
        numberReturned: features.length,
      },
      GEOJSON,
    );
  }

  router.get('/', async (req, res) => {
    const base = baseOf(req);
    const collections = await search.search({ target: 'collections', limit: 1000, count: false });
    sendJson(res, {
      type: 'Catalog',
      stac_version: '1.1.0',
      id: config.catalogue.id,
      title: config.catalogue.title,
      description: config.catalogue.description,
      conformsTo: conformanceClasses(search.capabilities),
      links: [
        { rel: 'self', type: JSON_TYPE, href: `${base}/` },
        { rel: 'root', type: JSON_TYPE, href: `${base}/` },
        { rel: 'conformance', type: JSON_TYPE, href: `${base}/conformance` },
        { rel: 'data', type: JSON_TYPE, href: `${base}/collections` },
        { rel: 'search', type: GEOJSON, href: `${base}/search`, method: 'GET' },
        { rel: 'search', type: GEOJSON, href: `${base}/search`, method: 'POST' },
        { rel: 'service-desc', type: OPENAPI_TYPE, href: `${base}/api` },
        { rel: 'service-doc', type: 'text/html', href: `${base}/api.html` },
        { rel: 'http://www.opengis.net/def/rel/ogc/1.0/queryables', type: 'application/schema+json', href: `${base}/queryables` },
        { rel: 'aggregate', type: JSON_TYPE, href: `${base}/aggregate`, method: 'GET' },
        { rel: 'aggregations', type: JSON_TYPE, href: `${base}/aggregations` },
        ...collections.records.map((c) => ({
          rel: 'child',
          type: JSON_TYPE,
          href: collectionUrl(base, c.id),
          ...(typeof (c.doc as StacCollection).title === 'string' ? { title: (c.doc as StacCollection).title } : {}),
        })),
      ],
    });
  });

  router.get('/conformance', (_req, res) => {
    sendJson(res, { conformsTo: conformanceClasses(search.capabilities) });
  });

  // Item search: GET and POST parse into one body shape, then one parser, so results are identical.
  router.get('/search', async (req, res) => {
    const request = parseStacSearch(queryStringToBody(new URLSearchParams(req.url.split('?')[1] ?? '')), 'items', limits);
    await itemCollection(req, res, request, getPageLinks(requestUrl(req, baseOf(req))));
  });
  router.post('/search', json, async (req, res) => {
    const body = (req.body ?? {}) as StacSearchBody & Record<string, unknown>;
    const request = parseStacSearch(body, 'items', limits);
    const { token: _token, ...rest } = body;
    await itemCollection(req, res, request, postPageLinks(`${baseOf(req)}/search`, rest));
  });

  // Collections, with collection search (bbox, datetime, q, filter, sortby, fields, paging).
  router.get('/collections', async (req, res) => {
    const base = baseOf(req);
    const request = parseStacSearch(queryStringToBody(new URLSearchParams(req.url.split('?')[1] ?? '')), 'collections', {
      ...limits,
      defaultLimit: Math.max(limits.defaultLimit, 100),
    });
    const page = await search.search(request);
    const links = getPageLinks(requestUrl(req, base));
    sendJson(res, {
      collections: page.records.map((r) => renderRecord(r, base, request.fields)),
      links: [
        { rel: 'root', type: JSON_TYPE, href: `${base}/` },
        { rel: 'self', type: JSON_TYPE, href: requestUrl(req, base).toString() },
        ...pageLinks(page, links).map((l) => ({ ...l, type: JSON_TYPE })),
      ],
      ...(page.matched !== undefined ? { numberMatched: page.matched } : {}),
      numberReturned: page.records.length,
    });
  });

  router.get('/collections/:collectionId', async (req, res) => {
    const doc = await collectionExists(param(req, 'collectionId'));
    sendJson(res, renderCollection(doc, baseOf(req)));
  });

  router.get('/collections/:collectionId/items', async (req, res) => {
    const collectionId = param(req, 'collectionId');
    await collectionExists(collectionId);
    const params = new URLSearchParams(req.url.split('?')[1] ?? '');
    params.delete('collections');
    const request = parseStacSearch(queryStringToBody(params), 'items', limits);
    await itemCollection(req, res, { ...request, collections: [collectionId] }, getPageLinks(requestUrl(req, baseOf(req))));
  });

  router.get('/collections/:collectionId/items/:itemId', async (req, res) => {
    const collectionId = param(req, 'collectionId');
    const itemId = param(req, 'itemId');
    await collectionExists(collectionId);
    const found = await store.get({ kind: 'item', collectionId, id: itemId });
    if (!found) throw new MeridianError('NotFound', `item "${itemId}" does not exist in collection "${collectionId}"`);
    sendJson(res, renderItem(found.doc as StacItem, baseOf(req)), GEOJSON);
  });

  // Queryables, derived from the data.
  router.get('/queryables', async (req, res) => {
    const properties = await sampleProperties(deps.db, 'items');
    sendJson(res, queryablesDocument(requestUrl(req, baseOf(req)).toString(), 'items', properties, 'Queryables of all items'), 'application/schema+json');
  });
  router.get('/collections/:collectionId/queryables', async (req, res) => {
    const id = param(req, 'collectionId');
    await collectionExists(id);
    const properties = await sampleProperties(deps.db, 'items', [id]);
    sendJson(res, queryablesDocument(requestUrl(req, baseOf(req)).toString(), 'items', properties, `Queryables of ${id}`), 'application/schema+json');
  });

  // Aggregation extension: term counts on any property, datetime frequency, total count.
  function aggregationCollection(req: Request, results: readonly AggregationResult[]) {
    const base = baseOf(req);
    return {
      type: 'AggregationCollection',
      aggregations: results.map((r) => {
        switch (r.kind) {
          case 'total_count':
            return { name: r.name, data_type: 'integer', value: r.value };
          case 'datetime_min':
          case 'datetime_max':
            return { name: r.name, data_type: 'datetime', value: r.value };
          case 'terms':
          case 'datetime_frequency':
            return {
              name: r.name,
              data_type: 'frequency_distribution',
              overflow: r.otherCount,
              buckets: r.buckets.map((b) => ({ key: b.key, data_type: r.kind === 'terms' ? 'string' : 'datetime', frequency: b.count })),
            };
        }
      }),
      links: [
        { rel: 'root', type: JSON_TYPE, href: `${base}/` },
        { rel: 'self', type: JSON_TYPE, href: requestUrl(req, base).toString() },
      ],
    };
  }

  async function aggregate(req: Request, res: Response, body: StacSearchBody & Record<string, unknown>, collectionId?: string) {
    const { aggregations, datetime_frequency_interval: interval, frequency_size: size, ...searchBody } = body;
    const request = parseStacSearch(searchBody, 'items', limits);
    const aggs = parseAggregations(aggregations, interval, size);
    const results = await search.aggregate({
      ...request,
      ...(collectionId !== undefined ? { collections: [collectionId] } : {}),
      aggregations: aggs,
    });
    sendJson(res, aggregationCollection(req, results));
  }
  const queryBody = (req: Request) =>
    Object.fromEntries(new URLSearchParams(req.url.split('?')[1] ?? '')) as Record<string, string>;
  const aggregateGetBody = (req: Request) => {
    const raw = queryBody(req);
    const { aggregations, datetime_frequency_interval, frequency_size, ...rest } = raw;
    return {
      ...queryStringToBody(new URLSearchParams(rest)),
      aggregations,
      datetime_frequency_interval,
      frequency_size,
    } as StacSearchBody & Record<string, unknown>;
  };
  router.get('/aggregate', (req, res) => aggregate(req, res, aggregateGetBody(req)));
  router.post('/aggregate', json, (req, res) => aggregate(req, res, (req.body ?? {}) as StacSearchBody & Record<string, unknown>));
  router.get('/collections/:collectionId/aggregate', async (req, res) => {
    await collectionExists(param(req, 'collectionId'));
    await aggregate(req, res, aggregateGetBody(req), param(req, 'collectionId'));
  });

  async function availableAggregations(req: Request, res: Response, collections?: string[]) {
    const properties = await sampleProperties(deps.db, 'items', collections);
    const terms = properties
      .filter((p) => p.types.every((t) => t === 'string' || t === 'array' || t === 'number' || t === 'boolean'))
      .filter((p) => !/datetime$/.test(p.name))
      .map((p) => ({ name: frequencyName(p.name), data_type: 'frequency_distribution' }));
    sendJson(res, {
      type: 'AggregationCollection',
      aggregations: [
        { name: 'total_count', data_type: 'integer' },
        { name: 'datetime_min', data_type: 'datetime' },
        { name: 'datetime_max', data_type: 'datetime' },
        { name: 'datetime_frequency', data_type: 'frequency_distribution' },
        { name: 'collection_frequency', data_type: 'frequency_distribution' },
        ...terms,
      ],
      links: [
        { rel: 'root', type: JSON_TYPE, href: `${baseOf(req)}/` },
        { rel: 'self', type: JSON_TYPE, href: requestUrl(req, baseOf(req)).toString() },
      ],
    });
  }
  router.get('/aggregations', (req, res) => availableAggregations(req, res));
  router.get('/collections/:collectionId/aggregations', async (req, res) => {
    await collectionExists(param(req, 'collectionId'));
    await availableAggregations(req, res, [param(req, 'collectionId')]);
  });

  // Transactions (curators): collections and items, POST / PUT / PATCH (JSON merge patch) / DELETE.
  function expectObject(body: unknown): Record<string, unknown> {
    if (!isJsonObject(body)) throw invalidParameter('body', 'the request body must be a JSON object');
    return body as Record<string, unknown>;
  }

  function failedWrite(outcome: UpsertOutcome | undefined): asserts outcome is Exclude<UpsertOutcome, { status: 'failed' }> {
    if (!outcome) throw new MeridianError('Internal', 'the write returned no outcome');
    if (outcome.status === 'failed') throw new MeridianError('InvalidParameter', outcome.reason);
  }

  router.post('/collections', curator, json, async (req, res) => {
    const doc = expectObject(req.body) as unknown as StacCollection;
    if (doc.type !== 'Collection') throw invalidParameter('body', 'the body must be a STAC Collection ("type": "Collection")');
    if (typeof doc.id === 'string' && (await store.get({ kind: 'collection', collectionId: '', id: doc.id }))) {
      throw new MeridianError('Conflict', `collection "${doc.id}" already exists`);
    }
    const [outcome] = await store.upsertMany([{ doc }], actorOf(req));
    failedWrite(outcome);
    const stored = await store.require({ kind: 'collection', collectionId: '', id: doc.id });
    res.location(collectionUrl(baseOf(req), doc.id));
    sendJson(res, renderCollection(stored.doc as StacCollection, baseOf(req)), JSON_TYPE, 201);
  });

  router.put('/collections/:collectionId', curator, json, async (req, res) => {
    const id = param(req, 'collectionId');
    const doc = expectObject(req.body) as unknown as StacCollection;
    if (doc.id !== id) throw invalidParameter('id', `the body's id ("${String(doc.id)}") must be "${id}"`);
    await collectionExists(id);
    const [outcome] = await store.upsertMany([{ doc }], actorOf(req));
    failedWrite(outcome);
    const stored = await store.require({ kind: 'collection', collectionId: '', id });
    sendJson(res, renderCollection(stored.doc as StacCollection, baseOf(req)));
  });

  const patchBody = express.json({ limit: config.server.bodyLimit, type: ['application/json', 'application/merge-patch+json'] });

  router.patch('/collections/:collectionId', curator, patchBody, async (req, res) => {
    const key: RecordKey = { kind: 'collection', collectionId: '', id: param(req, 'collectionId') };
    const stored = await store.applyPatch(key, expectObject(req.body), actorOf(req));
    sendJson(res, renderCollection(stored.doc as StacCollection, baseOf(req)));
  });

  router.delete('/collections/:collectionId', curator, async (req, res) => {
    const key: RecordKey = { kind: 'collection', collectionId: '', id: param(req, 'collectionId') };
    if (!(await store.delete(key, actorOf(req)))) throw new MeridianError('NotFound', `collection "${key.id}" does not exist`);
    res.status(204).end();
  });

  router.post('/collections/:collectionId/items', curator, json, async (req, res) => {
    const collectionId = param(req, 'collectionId');
    await collectionExists(collectionId);
    const body = expectObject(req.body);
    const features = body.type === 'FeatureCollection' && Array.isArray(body.features) ? body.features : [body];
    const docs = features.map((f) => {
      const item = expectObject(f) as unknown as StacItem;
      if (item.type !== 'Feature') throw invalidParameter('body', 'the body must be a STAC Item or an ItemCollection');
      if (item.collection !== undefined && item.collection !== collectionId) {
        throw invalidParameter('collection', `item "${item.id}" names collection "${String(item.collection)}", not "${collectionId}"`);
      }
      return { ...item, collection: collectionId } as StacItem;
    });
    if (docs.length === 1) {
      const doc = docs[0] as StacItem;
      if (typeof doc.id === 'string' && (await store.get({ kind: 'item', collectionId, id: doc.id }))) {
        throw new MeridianError('Conflict', `item "${doc.id}" already exists in collection "${collectionId}"`);
      }
      const [outcome] = await store.upsertMany([{ doc }], actorOf(req));
      failedWrite(outcome);
      const stored = await store.require({ kind: 'item', collectionId, id: doc.id });
      res.location(itemUrl(baseOf(req), collectionId, doc.id));
      sendJson(res, renderItem(stored.doc as StacItem, baseOf(req)), GEOJSON, 201);
      return;
    }
    const outcomes = await store.upsertMany(docs.map((doc) => ({ doc })), actorOf(req));
    const failed = outcomes.filter((o) => o.status === 'failed');
    sendJson(res, { written: outcomes.length - failed.length, failed: failed.map((f) => ({ id: f.id, reason: 'reason' in f ? f.reason : '' })) }, JSON_TYPE, failed.length ? 400 : 201);
  });

  router.put('/collections/:collectionId/items/:itemId', curator, json, async (req, res) => {
    const collectionId = param(req, 'collectionId');
    const itemId = param(req, 'itemId');
    const doc = expectObject(req.body) as unknown as StacItem;
    if (doc.id !== itemId) throw invalidParameter('id', `the body's id ("${String(doc.id)}") must be "${itemId}"`);
    if (doc.collection !== undefined && doc.collection !== collectionId) {
      throw invalidParameter('collection', `the body's collection must be "${collectionId}"`);
    }
    if (!(await store.get({ kind: 'item', collectionId, id: itemId }))) {
      throw new MeridianError('NotFound', `item "${itemId}" does not exist in collection "${collectionId}"`);
    }
    const [outcome] = await store.upsertMany([{ doc: { ...doc, collection: collectionId } }], actorOf(req));
    failedWrite(outcome);
    const stored = await store.require({ kind: 'item', collectionId, id: itemId });
    sendJson(res, renderItem(stored.doc as StacItem, baseOf(req)), GEOJSON);
  });

  router.patch('/collections/:collectionId/items/:itemId', curator, patchBody, async (req, res) => {
    const key: RecordKey = { kind: 'item', collectionId: param(req, 'collectionId'), id: param(req, 'itemId') };
    const stored = await store.applyPatch(key, expectObject(req.body), actorOf(req));
    sendJson(res, renderItem(stored.doc as StacItem, baseOf(req)), GEOJSON);
  });

  router.delete('/collections/:collectionId/items/:itemId', curator, async (req, res) => {
    const key: RecordKey = { kind: 'item', collectionId: param(req, 'collectionId'), id: param(req, 'itemId') };
    if (!(await store.delete(key, actorOf(req)))) {
      throw new MeridianError('NotFound', `item "${key.id}" does not exist in collection "${key.collectionId}"`);
    }
    res.status(204).end();
  });

  router.use((req, _res, next) => next(new MeridianError('NotFound', `no resource at ${req.method} ${req.path}`)));
  router.use(jsonApiErrorHandler(deps.log, 'STAC'));
  return router;
}

export type { StacRecord };
