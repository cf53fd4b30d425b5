import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CrosswalkError } from '../../../../crosswalks/crosswalk.js';
import { fromCdl } from '../../../../crosswalks/netcdf/fromCdl.js';
import { headerToStac, toStac, type NetcdfCrosswalkContext } from '../../../../crosswalks/netcdf/toStac.js';
import { readShared, sharedPath } from '../../../support/shared.js';
import { validateStac } from '../../../support/stacValidator.js';

const CTX: NetcdfCrosswalkContext = { baseUrl: 'https://meridian.example.org' };
const CMIP6 = 'https://stac-extensions.github.io/cmip6/v3.0.2/schema.json';

/**
 * Every header fixture. A DAS carries no dataset name, and the AERIS test files state no date: the
 * harvester supplies both (the record's native id and datestamp).
 */
const FIXTURES = [
  ...readdirSync(sharedPath('fixtures/netcdf')).filter((f) => f.endsWith('.cdl')).map((f) => `netcdf/${f}`),
  ...readdirSync(sharedPath('fixtures/aeris')).filter((f) => f.endsWith('.cdl') || f.endsWith('.das')).map((f) => `aeris/${f}`),
  ...readdirSync(sharedPath('fixtures/thredds')).filter((f) => f.startsWith('ncml-') || f.endsWith('.das')).map((f) => `thredds/${f}`),
];

function contextFor(fixture: string): NetcdfCrosswalkContext {
  const name = fixture.slice(fixture.indexOf('/') + 1);
  if (fixture.endsWith('.das')) return { ...CTX, nativeId: name.replace(/\.das$/, ''), datestamp: '2024-05-01T12:00:00Z' };
  return fixture.startsWith('aeris/') ? { ...CTX, datestamp: '2024-05-01T12:00:00Z' } : CTX;
}

function golden(fixture: string, value: unknown): void {
  const file = new URL(`./expected/${fixture.slice(fixture.indexOf('/') + 1)}.json`, import.meta.url);
  const actual = JSON.parse(JSON.stringify(value)) as unknown;
  if (process.env.UPDATE_GOLDEN === '1') writeFileSync(file, `${JSON.stringify(actual, null, 2)}\n`);
  expect(actual).toEqual(JSON.parse(readFileSync(file, 'utf8')));
}

describe('NetCDF header to STAC', () => {
  it.each(FIXTURES.filter((f) => !f.endsWith('test_NC_INT64.nc.das')))('%s converts to a valid STAC Item', (fixture) => {
    const { value } = toStac(readShared('fixtures', fixture), contextFor(fixture));
    expect(validateStac(value as unknown as Record<string, unknown>)).toEqual([]);
    expect(value.stac_extensions).toContain('https://stac-extensions.github.io/datacube/v2.3.0/schema.json');
  });

  it('the DAP2 error the AERIS server sends for an int64 file is a CrosswalkError, not an item', () => {
    expect(() => toStac(readShared('fixtures/aeris/test_NC_INT64.nc.das'), contextFor('aeris/test_NC_INT64.nc.das'))).toThrow(CrosswalkError);
  });

  it.each([
    'netcdf/cmip6_CESM2-WACCM_ta_Amon_header.cdl',
    'netcdf/3mf07_seacat_acdd13.cdl',
    'netcdf/ghrsst_abom_l3s_truncated.cdl',
    'thredds/ncml-service_pavics_prsn_CanESM5.xml',
    'aeris/test_NC_UBYTE.nc.das',
  ])('%s matches its golden item', (fixture) => {
    golden(fixture, toStac(readShared('fixtures', fixture), contextFor(fixture)).value);
  });

  it('CMIP6 headers fill cmip6 v3.0.2 properties with the names, types and values its schema allows', () => {
    for (const fixture of FIXTURES.filter((f) => f.includes('cmip6') || f.includes('CanESM5'))) {
      const { value, warnings } = toStac(readShared('fixtures', fixture), contextFor(fixture));
      expect(Object.keys(value.properties).filter((k) => k.startsWith('cmip6:')).length).toBeGreaterThan(25);
      // Declared for the check only: everything wrong with the cmip6 fields themselves is reported.
      const declared = { ...value, stac_extensions: [...(value.stac_extensions ?? []), CMIP6] };
      const fieldProblems = validateStac(declared as unknown as Record<string, unknown>).filter((p) => p.includes('/properties/cmip6:'));
      expect(fieldProblems).toEqual([]);
      // A header lacks the ESGF index fields, so the extension itself is not declared, and the warning says why.
      expect(value.stac_extensions).not.toContain(CMIP6);
      expect(warnings.find((w) => w.detail.startsWith('cmip6 extension not declared'))?.detail).toMatch(/missing .*latest, retracted, size/);
    }
  });

  it('takes the extents from the coordinate ranges when ACDD gives none, and says so', () => {
    const { value, warnings } = toStac(readShared('fixtures/netcdf/cmip6_CESM2-WACCM_ta_Amon_header.cdl'), CTX);
    // lon valid_min 0 / valid_max 360 is the whole globe.
    expect(value.bbox).toEqual([-180, -90, 180, 90]);
    expect(warnings.map((w) => w.detail)).toContain(
      'no ACDD bounds: the bbox is the valid_min/valid_max of lon and lat: it bounds the values allowed, which may be wider than the data',
    );
    const header = fromCdl(`netcdf r {
dimensions: time = 2 ; lat = 2 ; lon = 2 ;
variables:
  double time(time) ; time:units = "days since 2000-01-01" ; time:calendar = "360_day" ; time:actual_range = 0., 59. ;
  float lat(lat) ; lat:units = "degrees_north" ; lat:actual_range = 10.f, 20.f ;
  float lon(lon) ; lon:units = "degrees_east" ; lon:actual_range = 350.f, 355.f ;
  float t(time, lat, lon) ;
// global attributes:
  :title = "ranges" ;
}`);
    const item = headerToStac(header, CTX).value;
    expect(item.bbox).toEqual([-10, 10, -5, 20]);
    expect(item.properties.start_datetime).toBe('2000-01-01T00:00:00Z');
    // Day 59 of a 360_day calendar is February 30, written as the last day of February.
    expect(item.properties.end_datetime).toBe('2000-02-29T00:00:00Z');
    expect(item.properties['cube:dimensions']).toMatchObject({ lon: { type: 'spatial', axis: 'x', extent: [350, 355] } });
  });

  it('warns when the calendar is none and nothing else gives a time', () => {
    const header = fromCdl('netcdf c {\ndimensions: time = 1 ;\nvariables:\n  double time(time) ; time:units = "days since 2000-01-01" ; time:calendar = "none" ; time:valid_range = 0., 1. ;\n// global attributes:\n  :date_created = "2020-01-01" ;\n}');
    const { value, warnings } = headerToStac(header, CTX);
    expect(value.properties.datetime).toBe('2020-01-01T00:00:00Z');
    expect(warnings).toContainEqual({ path: 'time:units', kind: 'unsupported', detail: 'calendar "none": the time coordinate has no calendar, so its values are not dates' });
    expect(validateStac(value as unknown as Record<string, unknown>)).toEqual([]);
  });

  it('needs an identifier and a date from the header or the caller', () => {
    const das = readShared('fixtures/aeris/test_NC_BYTE.nc.das');
    expect(() => toStac(das, CTX)).toThrow(/no identifier/);
    expect(() => toStac(das, { ...CTX, nativeId: 'x' })).toThrow(/no datestamp was given/);
    expect(() => toStac('{"type":"Feature"}', CTX)).toThrow(/not a NetCDF header/);
  });
});
