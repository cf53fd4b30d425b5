import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StacItem, StacLink } from '../../../src/core/stac.js';
import { DRIVERS } from '../../support/drivers.js';
import { openStacApi, TEST_BASE, type StacApi } from '../../support/stacApi.js';
import { makeCollection, makeItem } from '../../support/stacFactory.js';

/*
 * Keyset paging over 250 items with 7 per page (35 full pages and one of 5): every record exactly once,
 * an exact numberMatched, prev links that go back, POST next links that carry the body, sorts on a
 * property with ties and missing values, and no duplicate while items are being inserted between pages.
 */

const COLLECTION = 'paged';
const OTHER = 'other';
const TOTAL = 250;
const LIMIT = 7;

const id = (n: number) => `item-${String(n).padStart(3, '0')}`;

/** Item n: a datetime every 6 hours with every fifth one repeating its predecessor's, and a cloud cover with many ties. */
function pagedItem(n: number): StacItem {
  const hours = n - (n % 5 === 0 ? 1 : 0);
  const datetime = new Date(Date.UTC(2020, 0, 1) + hours * 6 * 3600_000).toISOString().replace('.000Z', 'Z');
  const cloud = n % 13 === 0 ? undefined : (n * 7) % 10 * 10;
  return makeItem(COLLECTION, id(n), {
    lon: (n % 360) - 180,
    lat: (n % 170) - 85,
    datetime,
    properties: { ...(cloud !== undefined ? { 'eo:cloud_cover': cloud } : {}), n },
  });
}

const ITEMS = Array.from({ length: TOTAL }, (_, i) => pagedItem(i + 1));

interface Page {
  readonly features: StacItem[];
  readonly links: StacLink[];
  readonly numberMatched?: number;
  readonly numberReturned: number;
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const linkOf = (page: Page, rel: 'next' | 'prev') => page.links.find((l) => l.rel === rel);
const idsOf = (page: Page) => page.features.map((f) => f.id);

describe.each(DRIVERS)('STAC paging (%s)', (driver) => {
  let api: StacApi;

  /** Follows a GET or POST link as a client would. */
  async function follow(link: StacLink): Promise<Page> {
    expect(link.href.startsWith(`${TEST_BASE}/`), link.href).toBe(true);
    const url = new URL(link.href);
    const res =
      link.method === 'POST'
        ? await api.http.post(url.pathname).send(link.body as object)
        : await api.http.get(`${url.pathname}${url.search}`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body as Page;
  }

  async function first(path: string, query: Record<string, string | number>): Promise<Page> {
    const res = await api.http.get(path).query(query);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body as Page;
  }

  async function firstPost(body: Record<string, unknown>): Promise<Page> {
    const res = await api.http.post('/search').send(body);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body as Page;
  }

  /** Every page from the first, following next links, with a hook run between page fetches. */
  async function walk(start: Page, between?: () => Promise<void>): Promise<Page[]> {
    const pages = [start];
    for (let page = start; linkOf(page, 'next'); ) {
      if (between) await between();
      page = await follow(linkOf(page, 'next') as StacLink);
      pages.push(page);
      if (pages.length > 1000) throw new Error('paging does not end');
    }
    return pages;
  }

  function expectEveryRecordOnce(pages: readonly Page[], expected: readonly string[]) {
    const seen = pages.flatMap(idsOf);
    expect(seen).toHaveLength(expected.length);
    expect(new Set(seen).size).toBe(seen.length);
    expect([...seen].sort()).toEqual([...expected].sort());
    expect(pages).toHaveLength(Math.ceil(expected.length / LIMIT));
    pages.slice(0, -1).forEach((p) => expect(p.numberReturned).toBe(LIMIT));
    expect(pages[pages.length - 1]?.numberReturned).toBe(expected.length - LIMIT * (pages.length - 1));
  }

  beforeAll(async () => {
    api = await openStacApi(driver);
    await api.load([makeCollection(COLLECTION), makeCollection(OTHER), ...ITEMS, makeItem(OTHER, 'elsewhere')]);
  });
  afterAll(async () => {
    await api?.dispose();
  });

  it('GET next links give every record exactly once, with an exact numberMatched on every page', async () => {
    const pages = await walk(await first('/search', { collections: COLLECTION, limit: LIMIT }));
    expectEveryRecordOnce(pages, ITEMS.map((i) => i.id));
    for (const p of pages) expect(p.numberMatched).toBe(TOTAL);
    expect(linkOf(pages[0] as Page, 'prev')).toBeUndefined();
    expect(linkOf(pages[pages.length - 1] as Page, 'next')).toBeUndefined();
  });

  it('the pages follow the default order, datetime descending then id', async () => {
    const pages = await walk(await first('/search', { collections: COLLECTION, limit: LIMIT }));
    const expected = [...ITEMS]
      .sort((a, b) => cmp(String(b.properties.datetime), String(a.properties.datetime)) || (a.id < b.id ? -1 : 1))
      .map((i) => i.id);
    expect(pages.flatMap(idsOf)).toEqual(expected);
  });

  it('the items of a collection page the same way through their next links', async () => {
    const pages = await walk(await first(`/collections/${COLLECTION}/items`, { limit: LIMIT }));
    expectEveryRecordOnce(pages, ITEMS.map((i) => i.id));
    for (const p of pages) expect(p.numberMatched).toBe(TOTAL);
    expect(linkOf(pages[0] as Page, 'next')?.href).toMatch(new RegExp(`^${TEST_BASE}/collections/${COLLECTION}/items\\?`));
  });

  it('a filtered search pages over exactly the matching records', async () => {
    const matching = ITEMS.filter((i) => Number(i.properties['eo:cloud_cover'] ?? -1) >= 50).map((i) => i.id);
    const pages = await walk(await first('/search', { collections: COLLECTION, limit: LIMIT, filter: '"eo:cloud_cover" >= 50' }));
    expectEveryRecordOnce(pages, matching);
    for (const p of pages) expect(p.numberMatched).toBe(matching.length);
  });

  it('prev links go back to the previous page, and a page reached by prev links forward again', async () => {
    const forward = [await first('/search', { collections: COLLECTION, limit: LIMIT })];
    for (let i = 0; i < 4; i++) forward.push(await follow(linkOf(forward[i] as Page, 'next') as StacLink));
    let page = forward[4] as Page;
    for (let i = 3; i >= 0; i--) {
      const prev = linkOf(page, 'prev');
      expect(prev, `page ${i + 2} has a prev link`).toBeDefined();
      page = await follow(prev as StacLink);
      expect(idsOf(page)).toEqual(idsOf(forward[i] as Page));
      expect(page.numberMatched).toBe(TOTAL);
    }
    expect(linkOf(page, 'prev')).toBeUndefined();
    const again = await follow(linkOf(page, 'next') as StacLink);
    expect(idsOf(again)).toEqual(idsOf(forward[1] as Page));
  });

  it('the last page has a prev link back to the page before it', async () => {
    const pages = await walk(await first('/search', { collections: COLLECTION, limit: LIMIT }));
    const last = pages[pages.length - 1] as Page;
    const back = await follow(linkOf(last, 'prev') as StacLink);
    expect(idsOf(back)).toEqual(idsOf(pages[pages.length - 2] as Page));
  });

  it('POST next links carry the body and method POST, and give every record exactly once', async () => {
    const start = await firstPost({ collections: [COLLECTION], limit: LIMIT });
    const next = linkOf(start, 'next');
    expect(next).toMatchObject({ method: 'POST', href: `${TEST_BASE}/search`, merge: false });
    expect(next?.body).toMatchObject({ collections: [COLLECTION], limit: LIMIT });
    expect(String((next?.body as { token?: unknown }).token)).toMatch(/^next:/);
    const pages = await walk(start);
    for (const p of pages.slice(1)) expect(linkOf(p, 'prev')?.method).toBe('POST');
    expectEveryRecordOnce(pages, ITEMS.map((i) => i.id));
    for (const p of pages) expect(p.numberMatched).toBe(TOTAL);
  });

  it('POST prev links go back to the previous page', async () => {
    const one = await firstPost({ collections: [COLLECTION], limit: LIMIT, filter: { op: '<', args: [{ property: 'n' }, 100] } });
    const two = await follow(linkOf(one, 'next') as StacLink);
    const three = await follow(linkOf(two, 'next') as StacLink);
    const back = await follow(linkOf(three, 'prev') as StacLink);
    expect(idsOf(back)).toEqual(idsOf(two));
    expect((linkOf(three, 'prev')?.body as { filter?: unknown }).filter).toEqual({ op: '<', args: [{ property: 'n' }, 100] });
  });

  describe.each([
    ['GET', 'desc'],
    ['GET', 'asc'],
    ['POST', 'desc'],
    ['POST', 'asc'],
  ] as const)('sortby on eo:cloud_cover with ties and missing values (%s, %s)', (method, direction) => {
    it('pages give every record once, in the order a JavaScript sort gives', async () => {
      // Missing values sort as the lowest; ties are broken by collection then id, ascending.
      const cloud = (i: StacItem) => (i.properties['eo:cloud_cover'] as number | undefined) ?? -Infinity;
      const expected = [...ITEMS]
        .sort((a, b) => (direction === 'asc' ? cloud(a) - cloud(b) : cloud(b) - cloud(a)) || (a.id < b.id ? -1 : 1))
        .map((i) => i.id);
      const start =
        method === 'GET'
          ? await first('/search', { collections: COLLECTION, limit: LIMIT, sortby: `${direction === 'desc' ? '-' : ''}eo:cloud_cover` })
          : await firstPost({ collections: [COLLECTION], limit: LIMIT, sortby: [{ field: 'eo:cloud_cover', direction }] });
      const pages = await walk(start);
      expectEveryRecordOnce(pages, expected);
      expect(pages.flatMap(idsOf)).toEqual(expected);
      for (const p of pages) expect(p.numberMatched).toBe(TOTAL);
    });
  });

  it('a sort on two properties pages through every record once', async () => {
    const pages = await walk(await first('/search', { collections: COLLECTION, limit: LIMIT, sortby: '-eo:cloud_cover,datetime' }));
    const cloud = (i: StacItem) => (i.properties['eo:cloud_cover'] as number | undefined) ?? -Infinity;
    const expected = [...ITEMS]
      .sort(
        (a, b) =>
          cloud(b) - cloud(a) ||
          cmp(String(a.properties.datetime), String(b.properties.datetime)) ||
          (a.id < b.id ? -1 : 1),
      )
      .map((i) => i.id);
    expect(pages.flatMap(idsOf)).toEqual(expected);
  });

  it.each([
    ['the default order', {}],
    ['a sort on eo:cloud_cover', { sortby: '-eo:cloud_cover' }],
  ])('with items inserted between page fetches (%s), every original record comes exactly once', async (_name, query) => {
    const originals = ITEMS.map((i) => i.id);
    let inserted = 0;
    const added: string[] = [];
    // Each new item sorts somewhere among the originals: before the current page, after it, or tied with it.
    const insertSome = async () => {
      const batch = [0, 1, 2].map(() => {
        const n = 1000 + inserted++;
        const template = pagedItem(((n * 37) % TOTAL) + 1);
        const item = makeItem(COLLECTION, `added-${n}`, {
          lon: 0,
          lat: 0,
          datetime: template.properties.datetime,
          properties: { 'eo:cloud_cover': template.properties['eo:cloud_cover'] ?? 50, n },
        });
        added.push(item.id);
        return item;
      });
      await api.load(batch);
    };
    // A second writer runs concurrently as well, between and during page fetches.
    let stop = false;
    const concurrent = (async () => {
      while (!stop) {
        await insertSome();
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    })();
    try {
      const pages = await walk(await first('/search', { collections: COLLECTION, limit: LIMIT, ...query }), insertSome);
      const seen = pages.flatMap(idsOf);
      expect(new Set(seen).size, 'no record appears twice').toBe(seen.length);
      const seenOriginals = seen.filter((s) => originals.includes(s));
      expect(seenOriginals.sort()).toEqual([...originals].sort());
      expect(seen.every((s) => originals.includes(s) || added.includes(s))).toBe(true);
      expect(inserted).toBeGreaterThanOrEqual(3 * (Math.ceil(TOTAL / LIMIT) - 1));
    } finally {
      stop = true;
      await concurrent;
      // Remove what was added so that the other tests see the 250 originals only.
      for (const itemId of added) await api.deps.store.delete({ kind: 'item', collectionId: COLLECTION, id: itemId }, 'test');
    }
    const after = await first('/search', { collections: COLLECTION, limit: 1 });
    expect(after.numberMatched).toBe(TOTAL);
  });

  it('a limit larger than the matches gives one page with no next link', async () => {
    const page = await first('/search', { collections: COLLECTION, limit: 1000 });
    expect(page.features).toHaveLength(TOTAL);
    expect(linkOf(page, 'next')).toBeUndefined();
    expect(linkOf(page, 'prev')).toBeUndefined();
  });

  it('a limit equal to the matches gives no next link', async () => {
    const page = await first('/search', { collections: COLLECTION, limit: TOTAL });
    expect(page.features).toHaveLength(TOTAL);
    expect(linkOf(page, 'next')).toBeUndefined();
  });
});
