import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CrosswalkError } from '../../../../crosswalks/crosswalk.js';
import { toStac } from '../../../../crosswalks/iso19115-3/toStac.js';
import type { StacCollection } from '../../../../src/core/stac.js';
import { readShared } from '../../../support/shared.js';
import { validateStac } from '../../../support/stacValidator.js';

const ctx = { baseUrl: 'https://meridian.example.org/stac' };

function collection(name: string): StacCollection {
  const { value } = toStac(readShared('fixtures/geonetwork', `${name}.xml`), ctx);
  expect(validateStac(value as unknown as Record<string, unknown>)).toEqual([]);
  return value as StacCollection;
}

describe('ISO 19115-3 to STAC', () => {
  it.each(['iso19115-3_auscope_3d-model', 'iso19115-3_metawal_dataset', 'iso19115-3_wallonie_service'])('%s converts to a valid STAC Collection', (name) => {
    expect(collection(name).type).toBe('Collection');
  });

  it('matches the golden output for metawal (checked field by field against the record)', () => {
    const expected = JSON.parse(readFileSync(fileURLToPath(new URL('expected/iso19115-3_metawal_dataset.json', import.meta.url)), 'utf8'));
    expect(toStac(readShared('fixtures/geonetwork/iso19115-3_metawal_dataset.xml'), ctx).value).toEqual(expected);
  });

  it('reads CI_Responsibility parties: organisations with their individuals, ROR-less roles to providers', () => {
    const c = collection('iso19115-3_auscope_3d-model');
    expect(c.id).toBe('5ebc3cb7-a3b5-4760-a8ff-851d5d5beb32');
    expect(c.license).toBe('CC-BY-4.0');
    expect(c.providers).toEqual([
      { name: 'Earth Resources Victoria', roles: ['host'] },
      { name: 'P.B. SKLADZIEN', roles: ['producer'] },
      { name: 'C. Jorand', roles: ['producer'] },
    ]);
    expect(c.contacts).toContainEqual(expect.objectContaining({ name: 'Anthony Hurst', organization: 'Earth Resources Victoria', roles: ['pointOfContact'] }));
    expect(c['meridian:metadata_datestamp']).toBe('2022-11-03T06:17:02Z');
    expect(c.links).toContainEqual({ rel: 'describedby', href: 'http://portal.auscope.org/geonetwork/srv/api/records/5ebc3cb7-a3b5-4760-a8ff-851d5d5beb32', 'meridian:function': 'completeMetadata' });
  });

  it('keeps a service record a Collection with its scope, connect point and latest metadata date', () => {
    const c = collection('iso19115-3_wallonie_service');
    expect(c['meridian:hierarchy_level']).toBe('service');
    expect(c['meridian:metadata_datestamp']).toBe('2024-10-15T07:37:39.350Z');
    expect(c.links).toContainEqual(expect.objectContaining({ rel: 'service', href: 'https://metawal.wallonie.be/geonetwork/api/collections/napits', 'meridian:protocol': 'OGC API - Records' }));
  });

  it('throws CrosswalkError for an ISO 19139 record or a record without metadataIdentifier', () => {
    expect(() => toStac(readShared('fixtures/geonetwork/iso19139_ipma-atmosphere.xml'), ctx)).toThrow(/not an ISO 19115-3 record/);
    const noId = readShared('fixtures/geonetwork/iso19115-3_auscope_3d-model.xml').replace(/<mdb:metadataIdentifier>[\s\S]*?<\/mdb:metadataIdentifier>/, '');
    expect(() => toStac(noId, ctx)).toThrow(CrosswalkError);
  });
});
