import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CrosswalkError } from '../../../../crosswalks/crosswalk.js';
import { toStac } from '../../../../crosswalks/datacite/toStac.js';
import { toStacJson } from '../../../../crosswalks/datacite/toStacJson.js';
import { validateStac } from '../../../support/stacValidator.js';
import { readShared, sharedPath } from '../../../support/shared.js';
import { readFileSync } from 'node:fs';

const ctx = { baseUrl: 'https://meridian.example.org' };
const fixtures = readdirSync(sharedPath('fixtures', 'datacite')).filter((f) => f.endsWith('.xml') || f.endsWith('.json'));
const convert = (file: string) => {
  const text = readShared('fixtures', 'datacite', file);
  return file.endsWith('.json') ? toStacJson(text, ctx) : toStac(text, ctx);
};
const expected = (name: string): unknown => JSON.parse(readFileSync(new URL(`./expected/${name}`, import.meta.url), 'utf8'));
const attributes = (extra: Record<string, unknown>): string => JSON.stringify({
  data: { id: '10.1234/abc', type: 'dois', attributes: {
    doi: '10.1234/abc', creators: [{ name: 'Doe, Jane' }], titles: [{ title: 'T' }], publisher: 'IPSL', publicationYear: 2020,
    types: { resourceTypeGeneral: 'Dataset' }, ...extra,
  } },
});

describe('DataCite to STAC', () => {
  it.each(fixtures)('%s converts to a valid STAC Collection', (file) => {
    const { value } = convert(file);
    expect(validateStac(value as unknown as Record<string, unknown>)).toEqual([]);
    expect(value.extent.spatial.bbox).not.toContainEqual([0, 0, 0, 0]);
  });

  it('maps the 4.6 full example (golden)', () => {
    expect(convert('datacite-kernel-4.6_full-example.xml').value).toEqual(expected('datacite-kernel-4.6_full-example.json'));
  });

  it('maps the PANGAEA REST API record (golden)', () => {
    expect(convert('datacite-api_10.1594-pangaea.721193.json').value).toEqual(expected('datacite-api_10.1594-pangaea.721193.json'));
  });

  it('reads the XML and the REST JSON of one DOI alike, apart from the registry fields', () => {
    const xml = convert('datacite-xml_10.1594-pangaea.721193.xml').value as Record<string, unknown>;
    const json = convert('datacite-api_10.1594-pangaea.721193.json').value as Record<string, unknown>;
    // The API adds an Issued date (hence `published`), lower-cases the DOI and gives the licence's legal-code URL.
    const registry = ['id', 'sci:doi', 'sci:citation', 'links', 'published', 'stac_extensions', 'datacite:state', 'datacite:rightsList', 'datacite:dates'];
    const strip = (r: Record<string, unknown>) => Object.fromEntries(Object.entries(r).filter(([k]) => !registry.includes(k)));
    expect(strip(json)).toEqual(strip(xml));
    expect(json['sci:doi']).toBe('10.1594/pangaea.721193');
    expect(xml.keywords).toContain('Bottles or small containers/Aquaria (<20 L)');
    expect(json.keywords).toContain('Bottles or small containers/Aquaria (<20 L)');
  });

  it('writes an APA-like citation and a cite-as link', () => {
    const { value } = convert('datacite-xml_10.1594-pangaea.721193.xml');
    expect(value['sci:citation']).toBe('Kurihara, Haruko; Kato, Shoji; Ishimatsu, Atsushi (2007): Seawater carbonate chemistry and processes during '
      + 'experiments with Crassostrea gigas, 2007, supplement to: Kurihara, Haruko; Kato, Shoji; Ishimatsu, Atsushi (2007): Effects of increased '
      + 'seawater pCO2 on early development of the oyster Crassostrea gigas. Aquatic Biology, 1(1), 91-98. '
      + 'PANGAEA - Data Publisher for Earth & Environmental Science. https://doi.org/10.1594/PANGAEA.721193');
    expect(value.links[0]).toEqual({ rel: 'cite-as', href: 'https://doi.org/10.1594/PANGAEA.721193', title: 'DOI 10.1594/PANGAEA.721193' });
    expect(value.license).toBe('CC-BY-3.0');
  });

  it('reads coordinates given as strings and never turns empty geolocations into a zero box', () => {
    const { value, warnings } = toStacJson(attributes({ geoLocations: [
      {},
      { geoLocationBox: { westBoundLongitude: '', eastBoundLongitude: '', southBoundLatitude: '', northBoundLatitude: '' } },
      { geoLocationPoint: { pointLongitude: '2.35', pointLatitude: '48.85' } },
    ] }), ctx);
    expect(value.extent.spatial.bbox).toEqual([[2.35, 48.85, 2.35, 48.85]]);
    expect(value['datacite:geoLocations']).toEqual([{ geoLocationPoint: { pointLongitude: 2.35, pointLatitude: 48.85 } }]);
    const empty = toStacJson(attributes({ geoLocations: [{}] }), ctx);
    expect(empty.value.extent.spatial.bbox).toEqual([[-180, -90, 180, 90]]);
    expect(empty.warnings).toContainEqual(expect.objectContaining({ path: 'geoLocations', kind: 'defaulted' }));
    expect(warnings.map((w) => w.path)).not.toContain('geoLocations');
  });

  it('takes the temporal extent from Coverage intervals, open ends included', () => {
    const { value } = toStacJson(attributes({ dates: [
      { date: '2010-01-01/2011-12-31', dateType: 'Coverage' }, { date: '2015/', dateType: 'Coverage' },
      { date: '2019-05', dateType: 'Created' }, { date: '2020-02-03', dateType: 'Updated' }, { date: '2020', dateType: 'Issued' },
    ] }), ctx);
    expect(value.extent.temporal.interval).toEqual([
      ['2010-01-01T00:00:00Z', null], ['2010-01-01T00:00:00Z', '2011-12-31T23:59:59Z'], ['2015-01-01T00:00:00Z', null],
    ]);
    expect([value.created, value.updated, value.published]).toEqual(['2019-05-01T00:00:00Z', '2020-02-03T00:00:00Z', '2020-01-01T00:00:00Z']);
  });

  it('falls back to Collected dates and splits boxes across the antimeridian correctly', () => {
    const { value } = convert('datacite-kernel-4_Box_dateCollected_DataCollector-example.xml');
    expect(value.extent.temporal.interval).toEqual([['1961-06-01T00:00:00Z', '1962-10-12T23:59:59Z']]);
    const crossing = toStacJson(attributes({ geoLocations: [{ geoLocationBox: { westBoundLongitude: '170', eastBoundLongitude: '-170', southBoundLatitude: '-10', northBoundLatitude: '10' } }] }), ctx);
    expect(crossing.value.extent.spatial.bbox).toEqual([[170, -10, -170, 10]]);
  });

  it('keeps titles and descriptions in every language and declares them', () => {
    const { value } = convert('datacite-kernel-4.6_full-example.xml');
    expect(value.title).toBe('Example Title');
    expect(value['datacite:titles']).toContainEqual({ title: 'Example TranslatedTitle', titleType: 'TranslatedTitle', lang: 'fr' });
    expect(value.language).toEqual({ code: 'en' });
    expect(value.languages).toEqual([{ code: 'fr' }]);
  });

  it('maps people and organisations to contacts and providers with their identifiers', () => {
    const { value } = convert('datacite-kernel-4.6_full-example.xml');
    expect(value.providers).toEqual([
      { name: 'Example Publisher', roles: ['host'], url: 'https://ror.org/04z8jg394' },
      { name: 'ExampleOrganization', roles: ['producer', 'host'], url: 'https://ror.org/04wxnsj81' },
    ]);
    expect((value.contacts as unknown[])[0]).toEqual({
      name: 'ExampleFamilyName, ExampleGivenName', identifier: 'https://orcid.org/0000-0001-5727-2427', organization: 'ExampleAffiliation',
      links: [{ rel: 'about', href: 'https://orcid.org/0000-0001-5727-2427', type: 'text/html' }], roles: ['creator'],
    });
  });

  it('refuses documents that are not DataCite', () => {
    expect(() => toStac('<a/>', ctx)).toThrow(CrosswalkError);
    expect(() => toStac('not xml', ctx)).toThrow(CrosswalkError);
    expect(() => toStacJson('{"data":{}}', ctx)).toThrow(CrosswalkError);
    expect(() => toStacJson('{', ctx)).toThrow(CrosswalkError);
  });
});
