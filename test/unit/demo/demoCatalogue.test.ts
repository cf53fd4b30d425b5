import { describe, expect, it } from 'vitest';
import { demoCatalogue } from '../../../src/demo/demoCatalogue.js';
import { validateStac } from '../../support/stacValidator.js';

describe('demoCatalogue', () => {
  const catalogue = demoCatalogue();

  it('is identical on every call', () => {
    expect(demoCatalogue()).toEqual(catalogue);
  });

  it('has three collections and 300 items', () => {
    expect(catalogue.collections.map((c) => c.id)).toEqual(['CMIP6', 'atmospheric-profiles-demo', 'sst-l3u-slstr-demo']);
    const perCollection = new Map<string, number>();
    for (const item of catalogue.items) perCollection.set(item.collection ?? '', (perCollection.get(item.collection ?? '') ?? 0) + 1);
    expect(Object.fromEntries(perCollection)).toEqual({ CMIP6: 116, 'atmospheric-profiles-demo': 94, 'sst-l3u-slstr-demo': 90 });
  });

  it('validates every collection and item against STAC 1.1.0 and each extension it declares', () => {
    const problems = [...catalogue.collections, ...catalogue.items].flatMap((doc) =>
      validateStac(doc as unknown as Record<string, unknown>).map((problem) => `${doc.id}: ${problem}`),
    );
    expect(problems).toEqual([]);
  });

  it('puts every item in an existing collection, with unique ids', () => {
    const collections = new Set(catalogue.collections.map((c) => c.id));
    expect(catalogue.items.filter((item) => !collections.has(item.collection ?? ''))).toEqual([]);
    expect(collections.size).toBe(catalogue.collections.length);
    expect(new Set(catalogue.items.map((item) => item.id)).size).toBe(catalogue.items.length);
  });

  it('has interval-only CMIP6 datasets and antimeridian-crossing SST granules', () => {
    const cmip6 = catalogue.items.filter((item) => item.collection === 'CMIP6');
    expect(cmip6.every((item) => item.properties.datetime === null && typeof item.properties.start_datetime === 'string')).toBe(true);
    const crossing = catalogue.items.filter((item) => item.geometry?.type === 'MultiPolygon');
    expect(crossing.length).toBeGreaterThan(0);
    for (const item of crossing) expect(item.bbox?.[0]).toBeGreaterThan(item.bbox?.[2] ?? Infinity);
  });

  it('writes items under the base URL it is given', () => {
    const { items } = demoCatalogue({ baseUrl: 'https://catalogue.example.org/stac/' });
    expect(items[0]?.links[0]?.href).toBe('https://catalogue.example.org/stac/collections/CMIP6');
  });
});
