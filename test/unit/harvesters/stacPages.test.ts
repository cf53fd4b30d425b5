import { describe, expect, it } from 'vitest';
import { esgfNgRequest } from '../../../harvesters/stac-api/esgfNgHarvester.js';
import { firstStacRequest } from '../../../harvesters/stac-api/harvester.js';
import { readStacPage } from '../../../harvesters/stac-api/searchPages.js';
import type { StacApiSourceConfig } from '../../../src/core/harvest.js';

const page = (links: unknown[], extra: Record<string, unknown> = {}) => JSON.stringify({ type: 'FeatureCollection', features: [{ id: 'a' }], links, ...extra });

describe('STAC API paging', () => {
  const current = { href: 'https://stac.example.org/search', method: 'POST' as const, body: { limit: 10, collections: ['c'] } };

  it('follows a POST next link, merging its body into the request when asked', () => {
    const read = readStacPage(page([{ rel: 'next', href: '/search', method: 'POST', body: { token: 't2' }, merge: true }]), 'https://stac.example.org/search', current);
    expect(read.next).toEqual({ href: 'https://stac.example.org/search', method: 'POST', body: { limit: 10, collections: ['c'], token: 't2' } });
  });

  it('replaces the body when the link does not merge, and follows GET links', () => {
    const post = readStacPage(page([{ rel: 'next', href: 'https://stac.example.org/search', method: 'POST', body: { token: 't2' } }]), current.href, current);
    expect(post.next?.body).toEqual({ token: 't2' });
    const get = readStacPage(page([{ rel: 'next', href: 'search?token=t3' }], { numberMatched: 42 }), current.href, current);
    expect(get).toMatchObject({ next: { href: 'https://stac.example.org/search?token=t3', method: 'GET' }, matched: 42 });
    expect(get.next?.body).toBeUndefined();
  });

  it('ends without a next link and refuses what is not an ItemCollection', () => {
    expect(readStacPage(page([{ rel: 'self', href: '/search' }]), current.href, current).next).toBeUndefined();
    expect(() => readStacPage('{"type": "Collection"}', current.href, current)).toThrow(/not an ItemCollection/);
  });

  it('builds the first request: POST /search, GET /search or /collections/{id}/items, with the updated filter', () => {
    const source: StacApiSourceConfig = { id: 's', kind: 'stac-api', url: 'https://stac.example.org/', collections: ['sst'], method: 'POST', pageSize: 50, updatedFilter: true, collection: { id: 'sst' } };
    expect(firstStacRequest(source, '2026-01-01T00:00:00Z')).toEqual({
      href: 'https://stac.example.org/search',
      method: 'POST',
      body: {
        limit: 50,
        collections: ['sst'],
        filter: { op: '>=', args: [{ property: 'updated' }, { timestamp: '2026-01-01T00:00:00Z' }] },
        'filter-lang': 'cql2-json',
      },
    });
    const items = new URL(firstStacRequest({ ...source, endpoint: 'items', datetime: '2020-01-01T00:00:00Z/..' }, undefined).href);
    expect(items.pathname).toBe('/collections/sst/items');
    expect(Object.fromEntries(items.searchParams)).toEqual({ limit: '50', datetime: '2020-01-01T00:00:00Z/..' });
  });

  it('searches ESGF-NG with one CQL2 in per cmip6 facet, AND-ed', () => {
    const request = esgfNgRequest(
      { id: 'ng', kind: 'esgf-ng', url: 'https://api.stac.esgf-west.org', facets: { institution_id: 'IPSL', experiment_id: ['historical', 'ssp585'] }, collection: { id: 'c' } },
      undefined,
    );
    expect(request).toEqual({
      href: 'https://api.stac.esgf-west.org/search',
      method: 'POST',
      body: {
        collections: ['CMIP6'],
        limit: 100,
        filter: {
          op: 'and',
          args: [
            { op: 'in', args: [{ property: 'properties.cmip6:institution_id' }, ['IPSL']] },
            { op: 'in', args: [{ property: 'properties.cmip6:experiment_id' }, ['historical', 'ssp585']] },
          ],
        },
        'filter-lang': 'cql2-json',
      },
    });
  });
});
