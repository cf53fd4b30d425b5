import { describe, expect, it } from 'vitest';
import { readSearchPage, recordUrl, searchBody } from '../../../harvesters/geonetwork/searchRecords.js';
import type { GeonetworkSourceConfig } from '../../../src/core/harvest.js';
import { readShared } from '../../support/shared.js';

const source: GeonetworkSourceConfig = { id: 'gn', kind: 'geonetwork', url: 'https://data.example.org/geonetwork/', sourceCatalogue: 'cat-1' };

describe('GeoNetwork 4 search API', () => {
  it('reads the uuid, standard and change date of real search answers', () => {
    const service = readSearchPage(readShared('fixtures/geonetwork/gn4-api-search_eaufrance-service.json'), 100);
    expect(service).toEqual({
      total: 1,
      hits: [{ uuid: 'be052079-f1f6-4f6f-a722-cbf11deb40eb', documentStandard: 'iso19139', changeDate: '2025-04-22T15:00:10.494Z' }],
    });
    const catalogue = readSearchPage(readShared('fixtures/geonetwork/gn4-api-search_bdtopo-featurecatalog.json'), 100);
    expect(catalogue.hits[0]?.documentStandard).toBe('iso19115-3.2018');
  });

  it('asks for published records without feature catalogues, of one source catalogue, changed since a date, after a hit', () => {
    expect(searchBody(source, { size: 100, since: '2026-01-02T03:04:05Z', after: [1767323045000, 'uuid-9'] })).toEqual({
      size: 100,
      sort: [{ changeDate: { order: 'asc' } }, { uuid: { order: 'asc' } }],
      search_after: [1767323045000, 'uuid-9'],
      query: {
        bool: {
          must: [{ terms: { isTemplate: ['n'] } }, { term: { sourceCatalogue: 'cat-1' } }, { range: { changeDate: { gte: '2026-01-02T03:04:05.000Z' } } }],
          must_not: [{ terms: { resourceType: ['featureCatalog'] } }],
        },
      },
      _source: { includes: ['uuid', 'documentStandard', 'changeDate', 'dateStamp'] },
      track_total_hits: true,
    });
  });

  it('starts the first page at the beginning of the sort order', () => {
    const first = searchBody(source, { size: 50 });
    expect(first).not.toHaveProperty('search_after');
    expect(first).not.toHaveProperty('from');
  });

  it('a full page continues after the sort values of its last hit; a shorter page is the last', () => {
    const hit = (uuid: string, changed: number) => ({ _id: uuid, _source: { uuid }, sort: [changed, uuid] });
    const answer = (hits: unknown[]) => JSON.stringify({ hits: { total: { value: 3, relation: 'eq' }, hits } });
    expect(readSearchPage(answer([hit('a', 1), hit('b', 2)]), 2).next).toEqual([2, 'b']);
    expect(readSearchPage(answer([hit('c', 3)]), 2)).not.toHaveProperty('next');
    expect(() => readSearchPage(answer([{ _id: 'a', _source: { uuid: 'a' } }]), 1)).toThrow(/no sort values/);
  });

  it('reads each record through the XML formatter', () => {
    expect(recordUrl(source, 'a b')).toBe('https://data.example.org/geonetwork/srv/api/records/a%20b/formatters/xml');
  });

  it('refuses what is not an Elasticsearch answer', () => {
    expect(() => readSearchPage('{"error": "forbidden"}', 10)).toThrow(/not an Elasticsearch response/);
  });
});
