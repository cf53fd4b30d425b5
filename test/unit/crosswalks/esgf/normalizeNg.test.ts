import { describe, expect, it } from 'vitest';
import { toStac } from '../../../../crosswalks/esgf/normalizeNg.js';
import { readShared } from '../../../support/shared.js';
import { validateStac } from '../../../support/stacValidator.js';
import { cmip6ValuesFromSchema } from './cmip6Values.js';
import { expectGolden } from './golden.js';

const ctx = { baseUrl: 'https://meridian.example.org' };
const options = { cmip6Values: cmip6ValuesFromSchema() };
const NG = 'stac-item_esgf-ng_CMIP6_IPSL-CM6A-LR_cmip6-ext-v3.0.2.json';

type Json = Record<string, unknown>;

/** The fixture rewritten the way a cmip6 v1/v2 publisher wrote it. */
function olderItem(version: '1.0.0' | '2.0.0'): string {
  const item = JSON.parse(readShared('fixtures/esgf', NG)) as Json & { properties: Json; links: Json[]; assets: Record<string, Json> };
  const p = item.properties;
  const props: Json = {
    ...p,
    'cmip6:activity_id': 'ScenarioMIP',
    'cmip6:source_type': 'AOGCM BGC',
    'cmip6:realm': 'atmos',
    'cmip6:further_info_url': 'https://furtherinfo.es-doc.org/CMIP6.IPSL.IPSL-CM6A-LR.ssp119.none.r4i1p1f1',
    'cmip6:citation_url': 'https://cera-www.dkrz.de/WDCC/meta/CMIP6/CMIP6.ScenarioMIP.IPSL.IPSL-CM6A-LR.ssp119.r4i1p1f1.CFmon.clcalipso.gr.v20191122.json',
    'cmip6:forcing_index': 1,
    'cmip6:Conventions': 'CF-1.7 CMIP-6.2',
    'cmip6:tracking_id': 'hdl:21.14100/eecd8a20-295d-4a51-a806-feefea8fba66',
    'cmip6:version': '20191122',
    latest: 'true',
    retracted: 'false',
  };
  delete props.version;
  const nc = item.assets['clcalipso_CFmon_IPSL-CM6A-LR_ssp119_r4i1p1f1_gr_201501-210012.nc'] as Json;
  const ncWithoutTracking = Object.fromEntries(Object.entries(nc).filter(([k]) => k !== 'cmip6:tracking_id'));
  return JSON.stringify({
    ...item,
    stac_extensions: [
      `https://stac-extensions.github.io/cmip6/v${version}/schema.json`,
      'https://stac-extensions.github.io/file/v2.0.0/schema.json',
    ],
    properties: props,
    links: item.links.filter((l) => l.rel !== 'cite-as'),
    assets: {
      ...item.assets,
      'clcalipso_CFmon_IPSL-CM6A-LR_ssp119_r4i1p1f1_gr_201501-210012.nc': {
        ...ncWithoutTracking,
        protocol: 'HTTPS',
        'file:checksum': 'FC151C37B78DD4534478975BFFAF58B70ACDD49EE4541DE84EBB221BE3CE756A',
      },
    },
  });
}

describe('ESGF-NG STAC items to cmip6 v3.0.2', () => {
  it('keeps a v3.0.2 item, with Meridian links and -180..180 longitudes (golden)', () => {
    const result = toStac(readShared('fixtures/esgf', NG), ctx, options);
    expectGolden(result, new URL('./expected/stac-item_esgf-ng_CMIP6_IPSL-CM6A-LR_cmip6-ext-v3.0.2.json', import.meta.url));
    expect(result.warnings).toEqual([]);
    expect(result.value.bbox).toEqual([-180, -90, 180, 90]);
    expect(validateStac(result.value as unknown as Json)).toEqual([]);
  });

  it.each(['1.0.0', '2.0.0'] as const)('moves cmip6 v%s names and scalars to v3.0.2', (version) => {
    const { value } = toStac(olderItem(version), ctx, options);
    expect(value.stac_extensions).toEqual([
      'https://stac-extensions.github.io/cmip6/v3.0.2/schema.json',
      'https://stac-extensions.github.io/alternate-assets/v1.2.0/schema.json',
      'https://stac-extensions.github.io/file/v2.1.0/schema.json',
    ]);
    expect(value.properties).toMatchObject({
      'cmip6:activity_id': ['ScenarioMIP'],
      'cmip6:source_type': ['AOGCM', 'BGC'],
      'cmip6:realm': ['atmos'],
      'cmip6:forcing_index': '1',
      'cmip6:conventions': ['CF-1.7', 'CMIP-6.2'],
      version: '20191122',
      latest: true,
      retracted: false,
    });
    expect(value.properties['cmip6:further_info_url']).toBeUndefined();
    expect(value.links.find((l) => l.rel === 'cite-as')?.href).toMatch(/^https:\/\/cera-www\.dkrz\.de\//);
    expect(value.links.find((l) => l.rel === 'describedby')).toMatchObject({ title: 'ES-DOC', type: 'text/html' });
    const nc = value.assets['clcalipso_CFmon_IPSL-CM6A-LR_ssp119_r4i1p1f1_gr_201501-210012.nc'];
    expect(nc?.['cmip6:tracking_id']).toBe('hdl:21.14100/eecd8a20-295d-4a51-a806-feefea8fba66');
    expect(nc?.['file:checksum']).toBe('1220fc151c37b78dd4534478975bffaf58b70acdd49ee4541de84ebb221be3ce756a');
    expect(nc?.protocol).toBe('https');
    expect(validateStac(value as unknown as Json)).toEqual([]);
  });
});
