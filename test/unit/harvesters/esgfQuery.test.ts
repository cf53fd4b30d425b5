import { describe, expect, it } from 'vitest';
import { instanceIdOf, readSolrPage, searchUrl } from '../../../harvesters/esgf/searchQuery.js';
import { esgfTime, firstHalf, nextWindow } from '../../../harvesters/esgf/windows.js';
import type { EsgfSourceConfig } from '../../../src/core/harvest.js';
import { readShared } from '../../support/shared.js';

const source: EsgfSourceConfig = {
  id: 'esgf',
  kind: 'esgf',
  url: 'https://esgf-node.ipsl.upmc.fr/esg-search/search',
  facets: { project: 'CMIP6', institution_id: ['IPSL', 'CNRM-CERFACS'] },
  collection: { id: 'cmip6' },
};

describe('esg-search queries', () => {
  it('asks this index node only, in Solr JSON, with the facets OR-ed by commas', () => {
    const url = new URL(searchUrl(source, { type: 'Dataset', offset: '500', limit: '500' }, { facets: true }));
    expect(Object.fromEntries(url.searchParams)).toEqual({
      format: 'application/solr+json',
      distrib: 'false',
      project: 'CMIP6',
      institution_id: 'IPSL,CNRM-CERFACS',
      type: 'Dataset',
      offset: '500',
      limit: '500',
    });
    expect(new URL(searchUrl(source, { type: 'File' }, { facets: false })).searchParams.has('project')).toBe(false);
  });

  it('reads real Dataset, File and id-listing responses', () => {
    const datasets = readSolrPage(readShared('fixtures/esgf/esg-search_Dataset_CMIP6_CESM2_ceda.json'), 'u');
    expect(datasets.numFound).toBe(1);
    expect(datasets.docs.map(instanceIdOf)).toEqual(['CMIP6.CMIP.NCAR.CESM2.historical.r1i1p1f1.Amon.tas.gn.v20190308']);
    const files = readSolrPage(readShared('fixtures/esgf/esg-search_File_CMIP6_CESM2_ceda.json'), 'u');
    // A File document belongs to its dataset version, not to the file's own instance id.
    expect(files.docs.map(instanceIdOf)).toEqual(['CMIP6.CMIP.NCAR.CESM2.historical.r1i1p1f1.Amon.tas.gn.v20190308']);
    const listing = readSolrPage(readShared('fixtures/esgf/esg-search_input4MIPs_fl-id-latest-retracted.json'), 'u');
    expect(listing.docs).toHaveLength(33);
    expect(instanceIdOf(listing.docs[0] ?? {})).toBe(
      'input4MIPs.CMIP6.C4MIP.ImperialCollege.ImperialCollege-REMIND-MAGPIE-ssp585-1-0.atmos.yr.Delta14co2_in_air.gm.v20200914',
    );
  });

  it('refuses an answer that is not a Solr response', () => {
    expect(() => readSolrPage('{"error": "down"}', 'u')).toThrow(/not a Solr response/);
    expect(() => readSolrPage('{"response": {"numFound": 3, "do', 'u')).toThrow(/not JSON/);
  });
});

describe('esg-search time windows', () => {
  it('formats times in whole seconds', () => {
    expect(esgfTime('2026-05-06T07:08:09.999Z')).toBe('2026-05-06T07:08:09Z');
  });

  it('halves a window down to two seconds', () => {
    expect(firstHalf({ from: '2020-01-01T00:00:00Z', to: '2020-01-03T00:00:00Z' })).toEqual({ from: '2020-01-01T00:00:00Z', to: '2020-01-02T00:00:00Z' });
    expect(firstHalf({ from: '2020-01-01T00:00:00Z', to: '2020-01-01T00:00:01Z' })).toBeUndefined();
  });

  it('continues from the end of a window with one twice as long, up to the end of the pass', () => {
    const until = '2020-01-10T00:00:00Z';
    const next = nextWindow({ from: '2020-01-01T00:00:00Z', to: '2020-01-02T00:00:00Z' }, until);
    expect(next).toEqual({ from: '2020-01-02T00:00:00Z', to: '2020-01-04T00:00:00Z' });
    expect(nextWindow({ from: '2020-01-04T00:00:00Z', to: '2020-01-08T00:00:00Z' }, until)).toEqual({ from: '2020-01-08T00:00:00Z', to: until });
    expect(nextWindow({ from: '2020-01-08T00:00:00Z', to: until }, until)).toBeUndefined();
  });
});
