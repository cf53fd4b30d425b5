import { describe, expect, it } from 'vitest';
import { readSearchPage, recordUrl, searchBody } from '../../../harvesters/geonetwork/searchRecords.js';
import type { GeonetworkSourceConfig } from '../../../src/core/harvest.js';
import { readShared } from '../../support/shared.js';

const source: GeonetworkSourceConfig = { id: 'gn', kind: 'geonetwork', url: 'https://data.example.org/geonetwork/', sourceCatalogue: 'cat-1' };

describe('GeoNetwork 4 search API', () => {
  it('reads the uuid, standard and change date of real search answers', () => {
    const service = readSearchPage(readShared('fixtures/geonetwork/gn4-api-search_eaufrance-service.json'));
    expect(service).toEqual({
      total: 1,
      hits: [{ uuid: 'be052079-f1f6-4f6f-a722-cbf11deb40eb', documentStandard: 'iso19139', changeDate: '2025-04-22T15:00:10.494Z' }],
    });
    const catalogue = readSearchPage(readShared('fixtures/geonetwork/gn4-api-search_bdtopo-featurecatalog.json'));
    expect(catalogue.hits[0]?.documentStandard).toBe('iso19115-3.2018');
  });

  it('asks for published records without feature catalogues, of one source catalogue, changed since a date', () => {
    expect(searchBody(source, 200, 100, '2026-01-02T03:04:05Z')).toEqual({
      from: 200,
      size: 100,
      sort: ['_score'],
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

  it('reads each record through the XML formatter', () => {
    expect(recordUrl(source, 'a b')).toBe('https://data.example.org/geonetwork/srv/api/records/a%20b/formatters/xml');
  });

  it('refuses what is not an Elasticsearch answer', () => {
    expect(() => readSearchPage('{"error": "forbidden"}')).toThrow(/not an Elasticsearch response/);
  });
});
