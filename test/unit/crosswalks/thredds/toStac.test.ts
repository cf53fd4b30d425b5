import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { StacItem } from '../../../../src/core/stac.js';
import { CrosswalkError } from '../../../../crosswalks/crosswalk.js';
import { parseThreddsCatalog } from '../../../../crosswalks/thredds/catalog.js';
import { catalogToStac, durationSeconds, toStac } from '../../../../crosswalks/thredds/toStac.js';
import { readShared, sharedPath } from '../../../support/shared.js';
import { validateStac } from '../../../support/stacValidator.js';
import { expectGolden } from '../esgf/golden.js';

const ctx = { baseUrl: 'https://meridian.example.org', collection: 'thredds-test' };
const NCEI = 'https://www.ncei.noaa.gov/thredds/catalog/namanl/201802/20180220/catalog.xml';

function fixture(name: string): string {
  return readShared('fixtures/thredds', name);
}

function valid(item: StacItem): void {
  expect(validateStac(item as unknown as Record<string, unknown>)).toEqual([]);
}

describe('THREDDS catalogs to STAC', () => {
  const catalogs = readdirSync(sharedPath('fixtures/thredds')).filter((f) => f.startsWith('catalog_') || f.startsWith('latest_'));

  it.each(catalogs)('%s converts and every item validates', (name) => {
    const { value } = catalogToStac(fixture(name), 'https://thredds.example.org/thredds/catalog/catalog.xml', ctx);
    for (const item of value.items) valid(item);
  });

  it('maps a catalog with inherited metadata and a compound service (golden)', () => {
    const result = catalogToStac(fixture('catalog_ncei_namanl_inherited-metadata.xml'), NCEI, ctx);
    expectGolden(result, new URL('./expected/catalog_ncei_namanl_inherited-metadata.json', import.meta.url));
    expect(result.value.items).toHaveLength(10);
  });

  it('maps coverage, time and variables (golden)', () => {
    const url = 'https://thredds.ucar.edu/thredds/catalog/nws/metar/ncdecoded/catalog.xml';
    const result = catalogToStac(fixture('catalog_metar_point_geospatialCoverage-variables.xml'), url, ctx);
    expectGolden(result, new URL('./expected/catalog_metar_point_geospatialCoverage-variables.json', import.meta.url));
    const item = result.value.items[0] as StacItem;
    expect(item.bbox).toEqual([-180, -90, 180, 90]);
    expect(item.properties.start_datetime).toBe('2015-05-16T00:00:00Z');
    expect(item.properties.end_datetime).toBe('2015-06-23T00:00:00Z');
    expect(item.properties['thredds:variables']).toHaveLength(34);
    // Only the inherited collectionService applies: one NetCDF Subset URL.
    expect(Object.keys(item.assets)).toEqual(['ncss']);
    expect(item.assets.ncss?.href).toBe('https://thredds.ucar.edu/thredds/ncss/nws/metar/ncdecoded/Metar_Station_Data_fc.cdmr');
  });

  it('expands a compound service into one access URL per member, with suffixes, against the catalog URL', () => {
    const { value } = catalogToStac(fixture('catalog_ncei_namanl_inherited-metadata.xml'), NCEI, ctx);
    const item = value.items[0] as StacItem;
    const path = 'namanl/201802/20180220/namanl_218_20180220_0600_006.grb2';
    expect(Object.fromEntries(Object.entries(item.assets).map(([k, a]) => [k, a.href]))).toEqual({
      ncdods: `https://www.ncei.noaa.gov/thredds/dodsC/${path}`,
      HTTPServer: `https://www.ncei.noaa.gov/thredds/fileServer/${path}`,
      wcs: `https://www.ncei.noaa.gov/thredds/wcs/${path}?service=WCS&version=1.0.0&request=GetCapabilities`,
      wms: `https://www.ncei.noaa.gov/thredds/wms/${path}?service=WMS&version=1.3.0&request=GetCapabilities`,
      ncserver: `https://www.ncei.noaa.gov/thredds/ncss/grid/${path}/dataset.html`,
      ncml: `https://www.ncei.noaa.gov/thredds/ncml/${path}`,
      uddc: `https://www.ncei.noaa.gov/thredds/uddc/${path}`,
      iso: `https://www.ncei.noaa.gov/thredds/iso/${path}`,
    });
    expect(item.assets.HTTPServer?.['file:size']).toBe(58_240_000);
    expect(item.properties.updated).toBe('2018-02-22T18:40:34Z');
  });

  it('passes inherited metadata down to nested datasets', () => {
    const { datasets } = parseThreddsCatalog(fixture('catalog_ncei_namanl_inherited-metadata.xml'), NCEI);
    const first = datasets[0];
    expect(first?.metadata.serviceName).toBe('ALL');
    expect(first?.metadata.dataType).toBe('GRID');
    expect(first?.metadata.creators.map((c) => c.name)).toEqual(['DOC/NOAA/NWS/NCEP']);
    expect(first?.metadata.publishers.map((c) => c.name)).toEqual(['DOC/NOAA/NESDIS/NCEI']);
    expect(first?.metadata.metadataLinks[0]?.href).toBe('http://gis.ncdc.noaa.gov/geoportal/rest/document?id={6439CC43-0208-4AD6-BF6F-48F586F7541D}');
  });

  it('compares service types without case and resolves server-relative bases behind a proxy prefix', () => {
    const tds5 = parseThreddsCatalog(fixture('catalog_tds5_default_datasetScan.xml'), 'http://localhost:8081/thredds/catalog/catalog.xml');
    expect(tds5.datasets[0]?.access.map((a) => a.serviceName)).toEqual([
      'odap', 'dap4', 'http', 'wcs', 'wms', 'ncssGrid', 'ncssPoint', 'cdmremote', 'cdmrFeature', 'iso', 'ncml', 'uddc',
    ]);
    const pavics = catalogToStac(
      fixture('catalog_pavics_cmip6_datasetScan.xml'),
      'https://pavics.ouranos.ca/twitcher/ows/proxy/thredds/catalog/birdhouse/testdata/xclim/cmip6/catalog.xml',
      ctx,
    );
    const item = pavics.value.items[0] as StacItem;
    expect(item.assets.http?.href).toBe(
      'https://pavics.ouranos.ca/twitcher/ows/proxy/thredds/fileServer/birdhouse/testdata/xclim/cmip6/o3_Amon_GFDL-ESM4_historical_r1i1p1f1_gr1_185001-194912.nc',
    );
    expect(item.assets.http?.type).toBe('application/netcdf');
    expect(item.assets.http?.['file:size']).toBe(865_300);
  });

  it('lists catalogRefs resolved against the catalog URL', () => {
    const { catalogRefs } = parseThreddsCatalog(fixture('catalog_unidata_toplevel.xml'), 'http://thredds.ucar.edu/thredds/catalog.xml');
    expect(catalogRefs.map((r) => r.href)).toEqual([
      'http://thredds.ucar.edu/thredds/idd/forecastModels.xml',
      'http://thredds.ucar.edu/thredds/idd/forecastProdsAndAna.xml',
      'http://thredds.ucar.edu/thredds/idd/obsData.xml',
      'http://thredds.ucar.edu/thredds/idd/radars.xml',
      'http://thredds.ucar.edu/thredds/idd/satellite.xml',
      'http://thredds.ucar.edu/thredds/casestudies/catalog.xml',
    ]);
    const tds5 = parseThreddsCatalog(fixture('catalog_tds5_default_datasetScan.xml'), 'http://localhost:8081/thredds/catalog/catalog.xml');
    expect(tds5.catalogRefs).toEqual([
      { href: 'http://localhost:8081/thredds/catalog/testAll/catalog.xml', title: 'Test all files in a directory', name: 'Test all files in a directory', id: 'testDatasetScan', datasetScan: true },
      { href: 'http://localhost:8081/thredds/catalog/enhancedCatalog.xml', title: 'Test Enhanced Catalog', name: 'Test Enhanced Catalog', datasetScan: false },
    ]);
  });

  it('turns a time coverage with a zero duration into an instant and a span into start and end', () => {
    const { value } = catalogToStac(fixture('catalog_ncei_timeCoverage.xml'), 'https://www.ncei.noaa.gov/thredds/catalog/x/catalog.xml', ctx);
    expect(value.items[0]?.properties.datetime).toBe('1993-03-13T21:00:00Z');
    expect(durationSeconds('45 days')).toBe(45 * 86400);
    expect(durationSeconds('P1DT6H')).toBe(30 * 3600);
    expect(durationSeconds('3 months')).toBeUndefined();
    const resolver = catalogToStac(fixture('latest_rap_resolver.xml'), 'https://thredds-test.unidata.ucar.edu/thredds/catalog/grib/NCEP/RAP/CONUS_13km/latest.xml', ctx);
    expect(resolver.value.items[0]?.properties).toMatchObject({
      datetime: null,
      start_datetime: '2015-05-27T01:00:00Z',
      end_datetime: '2015-05-27T19:00:00Z',
    });
  });

  it('converts a single-dataset catalog as one record, with the catalog URL from xml:base', () => {
    const xml = fixture('catalog_pavics_single-dataset.xml').replace(
      '<catalog ',
      '<catalog xml:base="https://pavics.ouranos.ca/twitcher/ows/proxy/thredds/catalog/birdhouse/testdata/xclim/cmip6/catalog.xml" ',
    );
    const { value } = toStac(xml, ctx);
    expect(value.id).toBe('birdhouse/testdata/xclim/cmip6/sic_SImon_CCCma-CanESM5_ssp245_r13i1p2f1_2020.nc');
    expect(value.assets.odap?.href).toBe(
      'https://pavics.ouranos.ca/twitcher/ows/proxy/thredds/dodsC/birdhouse/testdata/xclim/cmip6/sic_SImon_CCCma-CanESM5_ssp245_r13i1p2f1_2020.nc',
    );
    valid(value);
    expect(() => toStac(fixture('catalog_pavics_cmip6_datasetScan.xml'), ctx)).toThrow(CrosswalkError);
    expect(() => toStac('<catalog/>', ctx)).toThrow(CrosswalkError);
  });
});
