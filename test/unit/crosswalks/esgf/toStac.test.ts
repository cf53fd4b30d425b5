import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { StacItem } from '../../../../src/core/stac.js';
import { CrosswalkError } from '../../../../crosswalks/crosswalk.js';
import { mergeReplicas } from '../../../../crosswalks/esgf/mergeReplicas.js';
import { readIdListing, responseToStac, toMultihash, toStac } from '../../../../crosswalks/esgf/toStac.js';
import { readShared, sharedPath } from '../../../support/shared.js';
import { validateStac } from '../../../support/stacValidator.js';
import { cmip6ValuesFromSchema } from './cmip6Values.js';
import { expectGolden } from './golden.js';

const ctx = { baseUrl: 'https://meridian.example.org' };
const options = { cmip6Values: cmip6ValuesFromSchema() };
const CMIP6 = 'https://stac-extensions.github.io/cmip6/v3.0.2/schema.json';

function fixture(name: string): string {
  return readShared('fixtures/esgf', name);
}

function docsOf(name: string): Record<string, unknown>[] {
  const parsed = JSON.parse(fixture(name)) as { response: { docs: Record<string, unknown>[] } };
  return parsed.response.docs;
}

function response(docs: unknown[]): string {
  return JSON.stringify({ response: { numFound: docs.length, docs } });
}

function valid(item: StacItem): void {
  expect(validateStac(item as unknown as Record<string, unknown>)).toEqual([]);
}

describe('esg-search (Solr JSON) to STAC', () => {
  const solrFixtures = readdirSync(sharedPath('fixtures/esgf')).filter((f) => f.endsWith('.json') && !f.startsWith('stac-item'));

  it.each(solrFixtures)('%s converts and every item validates with the extensions it declares', (name) => {
    const { value } = responseToStac(fixture(name), ctx, options);
    for (const item of value) valid(item);
  });

  it('reads the documents the caller already parsed instead of parsing the text again', () => {
    const name = 'esg-search_Dataset_CMIP6_CESM2_ceda.json';
    const fromText = responseToStac(fixture(name), ctx, options);
    // The text is never read when the parsed document is given: an unparsable text shows it.
    expect(responseToStac('not JSON', { ...ctx, parsed: JSON.parse(fixture(name)) }, options)).toEqual(fromText);
    expect(() => responseToStac('not JSON', ctx, options)).toThrow(CrosswalkError);
  });

  it('maps a CMIP6 Dataset document (golden)', () => {
    const result = responseToStac(fixture('esg-search_Dataset_CMIP6_CESM2_ceda.json'), ctx, options);
    expectGolden(result, new URL('./expected/esg-search_Dataset_CMIP6_CESM2_ceda.json', import.meta.url));
    const [item] = result.value;
    expect(item?.id).toBe('CMIP6.CMIP.NCAR.CESM2.historical.r1i1p1f1.Amon.tas.gn.v20190308');
    expect(item?.stac_extensions).toContain(CMIP6);
    // 0..358.75 cell centres on a 0..360 grid: the whole globe.
    expect(item?.bbox).toEqual([-180, -90, 180, 90]);
  });

  it('maps a File response to its dataset item with the file as assets (golden)', () => {
    const result = responseToStac(fixture('esg-search_File_CMIP6_CESM2_ceda.json'), ctx, options);
    expectGolden(result, new URL('./expected/esg-search_File_CMIP6_CESM2_ceda.json', import.meta.url));
    const item = result.value[0] as StacItem;
    const asset = item.assets['tas_Amon_CESM2_historical_r1i1p1f1_gn_185001-201412.nc'];
    expect(asset?.['file:checksum']).toBe('1220796e8816468100543767249460913afaa09a32644804a5598f98fe854533a0a2');
    expect(asset?.['file:size']).toBe(243034487);
    expect(item.assets['tas_Amon_CESM2_historical_r1i1p1f1_gn_185001-201412.nc#opendap']?.href).not.toMatch(/\.html$/);
    expect(item.properties.start_datetime).toBe('1850-01-01T00:00:00Z');
    expect(item.properties.end_datetime).toBe('2014-12-31T23:59:59Z');
  });

  it('maps an obs4MIPs File document without the cmip6 extension, Globus as the web app (golden)', () => {
    const result = responseToStac(fixture('esg-search_File-doc_obs4MIPs_CERES-EBAF.json'), ctx, options);
    expectGolden(result, new URL('./expected/esg-search_File-doc_obs4MIPs_CERES-EBAF.json', import.meta.url));
    const item = result.value[0] as StacItem;
    expect(item.stac_extensions).not.toContain(CMIP6);
    expect(item.assets.globus?.href).toBe(
      'https://app.globus.org/file-manager?origin_id=dea29ae8-bb92-4c63-bdbc-260522c92fe8&origin_path=/user_pub_work/obs4MIPs/NASA-LaRC/CERES-EBAF-4-2/mon/rsdt/gn/v20240513/',
    );
  });

  it('attaches File documents to their Dataset document: one item with the dataset extent and the file assets', () => {
    const docs = [...docsOf('esg-search_Dataset_CMIP6_CESM2_ceda.json'), ...docsOf('esg-search_File_CMIP6_CESM2_ceda.json')];
    const { value: item } = toStac(response(docs), ctx, options);
    expect(item.bbox).toEqual([-180, -90, 180, 90]);
    expect(item.properties.start_datetime).toBe('1850-01-15T12:00:00Z');
    expect(Object.keys(item.assets)).toEqual([
      'tas_Amon_CESM2_historical_r1i1p1f1_gn_185001-201412.nc',
      'tas_Amon_CESM2_historical_r1i1p1f1_gn_185001-201412.nc#opendap',
    ]);
    valid(item);
  });

  it('merges an original and its replica into one item, the replica URLs as alternate assets', () => {
    const [replica] = docsOf('esg-search_File_CMIP6_CESM2_ceda.json') as [Record<string, unknown>];
    const original = {
      ...replica,
      id: String(replica.id).replace('|esgf.ceda.ac.uk', '|esgf-data.ucar.edu'),
      dataset_id: String(replica.dataset_id).replace('|esgf.ceda.ac.uk', '|esgf-data.ucar.edu'),
      data_node: 'esgf-data.ucar.edu',
      replica: false,
      url: (replica.url as string[]).map((u) => u.replace('https://esgf.ceda.ac.uk/thredds', 'https://esgf-data.ucar.edu/thredds')),
    };
    const { value, warnings } = responseToStac(response([replica, original]), ctx, options);
    expect(warnings).toEqual([]);
    expect(value).toHaveLength(1);
    const item = value[0] as StacItem;
    expect(item.id).toBe('CMIP6.CMIP.NCAR.CESM2.historical.r1i1p1f1.Amon.tas.gn.v20190308');
    expect(item.properties['esgf:data_nodes']).toEqual(['esgf-data.ucar.edu', 'esgf.ceda.ac.uk']);
    expect(item.properties['esgf:replica']).toBe(false);
    const asset = item.assets['tas_Amon_CESM2_historical_r1i1p1f1_gn_185001-201412.nc'];
    expect(asset?.href).toMatch(/^https:\/\/esgf-data\.ucar\.edu\//);
    expect(asset?.['alternate:name']).toBe('esgf-data.ucar.edu');
    expect(asset?.alternate).toEqual({
      'esgf.ceda.ac.uk': {
        href: 'https://esgf.ceda.ac.uk/thredds/fileServer/esg_cmip6/CMIP6/CMIP/NCAR/CESM2/historical/r1i1p1f1/Amon/tas/gn/v20190308/tas_Amon_CESM2_historical_r1i1p1f1_gn_185001-201412.nc',
        'alternate:name': 'esgf.ceda.ac.uk',
      },
    });
    valid(item);
    // The order the copies arrive in does not matter.
    expect(mergeReplicas([...responseToStac(response([original]), ctx).value, ...responseToStac(response([replica]), ctx).value])).toEqual(
      mergeReplicas([...responseToStac(response([replica]), ctx).value, ...responseToStac(response([original]), ctx).value]),
    );
  });

  it('tolerates string booleans, integer versions, string sizes and datetime_end', () => {
    const [doc] = docsOf('esg-search_Dataset_CMIP6_CESM2_ceda.json') as [Record<string, unknown>];
    const { datetime_stop: stop, ...rest } = doc;
    const lenient = { ...rest, latest: 'true', retracted: 'false', replica: 'false', version: 20190308, size: '243034487', datetime_end: stop };
    const { value: item } = toStac(JSON.stringify(lenient), ctx, options);
    expect(item.properties).toMatchObject({
      latest: true,
      retracted: false,
      version: '20190308',
      size: 243034487,
      end_datetime: '2014-12-15T12:00:00Z',
      'esgf:replica': false,
    });
    valid(item);
  });

  it('keeps retracted and superseded datasets as such', () => {
    const [doc] = docsOf('esg-search_Dataset_CMIP6_CESM2_ceda.json') as [Record<string, unknown>];
    const { value: item } = toStac(JSON.stringify({ ...doc, retracted: true, latest: false }), ctx, options);
    expect(item.properties.retracted).toBe(true);
    expect(item.properties.latest).toBe(false);
  });

  it('writes checksums as multihash: SHA256 with 1220, MD5 with d50110', () => {
    expect(toMultihash('SHA256', '796E8816468100543767249460913AFAA09A32644804A5598F98FE854533A0A2')).toBe(
      '1220796e8816468100543767249460913afaa09a32644804a5598f98fe854533a0a2',
    );
    expect(toMultihash('MD5', 'd41d8cd98f00b204e9800998ecf8427e')).toBe('d50110d41d8cd98f00b204e9800998ecf8427e');
    expect(toMultihash('SHA256', 'abc')).toBeUndefined();
  });

  it('uses instance_id, not the replica-specific id, and needs no bbox', () => {
    const [doc] = docsOf('esg-search_Dataset_CMIP6_CESM2_ceda.json') as [Record<string, unknown>];
    const noBox = Object.fromEntries(Object.entries(doc).filter(([k]) => !k.endsWith('_degrees')));
    const { value: item } = toStac(JSON.stringify(noBox), ctx, options);
    expect(item.id).not.toContain('|');
    expect(item.geometry).toBeNull();
    expect(item.bbox).toBeUndefined();
    valid(item);
  });

  it('refuses a response of several datasets as one record, and what is not JSON', () => {
    expect(() => toStac(fixture('esg-fastapi_2_record_dataset_response.json'), ctx)).toThrow(CrosswalkError);
    expect(() => toStac('<xml/>', ctx)).toThrow(CrosswalkError);
  });

  it('reads an id listing for reconciliation instead of making items', () => {
    const listing = readIdListing(fixture('esg-search_input4MIPs_fl-id-latest-retracted.json'));
    expect(listing).toHaveLength(33);
    expect(listing[0]).toEqual({
      id: 'input4MIPs.CMIP6.C4MIP.ImperialCollege.ImperialCollege-REMIND-MAGPIE-ssp585-1-0.atmos.yr.Delta14co2_in_air.gm.v20200914|esgf-data2.llnl.gov',
      instanceId: 'input4MIPs.CMIP6.C4MIP.ImperialCollege.ImperialCollege-REMIND-MAGPIE-ssp585-1-0.atmos.yr.Delta14co2_in_air.gm.v20200914',
      dataNode: 'esgf-data2.llnl.gov',
      latest: true,
      retracted: false,
    });
  });

  it('does not declare cmip6 for a value outside the extension lists, and says why', () => {
    const { value, warnings } = responseToStac(fixture('esg-fastapi_2_record_dataset_response.json'), ctx, options);
    const tauuo = value.find((i) => i.id.includes('.tauuo.'));
    expect(tauuo?.stac_extensions ?? []).not.toContain(CMIP6);
    expect(warnings.some((w) => w.detail.includes('sea_water_surface_downward_x_stress'))).toBe(true);
  });
});
