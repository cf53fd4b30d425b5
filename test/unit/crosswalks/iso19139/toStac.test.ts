import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CrosswalkError } from '../../../../crosswalks/crosswalk.js';
import { isoElementToStac, toStac } from '../../../../crosswalks/iso19139/toStac.js';
import { GMD, GMI } from '../../../../crosswalks/iso19139/namespaces.js';
import { decodeXml, descendants, parseXml } from '../../../../src/core/xml.js';
import type { StacCollection, StacItem } from '../../../../src/core/stac.js';
import { readShared } from '../../../support/shared.js';
import { validateStac } from '../../../support/stacValidator.js';
import { isoDocument } from './isoDocument.js';

const ctx = { baseUrl: 'https://meridian.example.org/stac' };
const ISO19139_FIXTURES = [
  'iso19139_geo2france_plu',
  'iso19139_geobretagne',
  'iso19139_ipma-atmosphere',
  'iso19139_marine-ie_gmx-anchor-keywords',
  'iso19139_wmo-wis_JMA_SMJP01RJTD',
];

function collection(document: string): StacCollection {
  const { value } = toStac(document, ctx);
  expect(value.type).toBe('Collection');
  return value as StacCollection;
}

function expectValid(value: unknown): void {
  expect(validateStac(value as Record<string, unknown>)).toEqual([]);
}

const box = (w: number, e: number, s = -10, n = 10): string =>
  `<gmd:geographicElement><gmd:EX_GeographicBoundingBox><gmd:westBoundLongitude><gco:Decimal>${w}</gco:Decimal></gmd:westBoundLongitude><gmd:eastBoundLongitude><gco:Decimal>${e}</gco:Decimal></gmd:eastBoundLongitude><gmd:southBoundLatitude><gco:Decimal>${s}</gco:Decimal></gmd:southBoundLatitude><gmd:northBoundLatitude><gco:Decimal>${n}</gco:Decimal></gmd:northBoundLatitude></gmd:EX_GeographicBoundingBox></gmd:geographicElement>`;
const extent = (...elements: string[]): string => `<gmd:extent><gmd:EX_Extent>${elements.join('')}</gmd:EX_Extent></gmd:extent>`;

const period = (begin: string, end: string): string =>
  `<gmd:temporalElement><gmd:EX_TemporalExtent><gmd:extent><gml:TimePeriod gml:id="t">${begin}${end}</gml:TimePeriod></gmd:extent></gmd:EX_TemporalExtent></gmd:temporalElement>`;

/** The ISO records inside a CSW or OAI-PMH response, parsed in place (namespaces declared on the envelope). */
function recordsIn(envelope: string): ReturnType<typeof parseXml>[] {
  const root = parseXml(envelope);
  return [...descendants(root, GMD, 'MD_Metadata'), ...descendants(root, GMI, 'MI_Metadata')];
}

describe('ISO 19139 to STAC: the shared fixtures', () => {
  it.each(ISO19139_FIXTURES)('%s converts to a valid STAC Collection', (name) => {
    const result = toStac(readShared('fixtures/geonetwork', `${name}.xml`), ctx);
    expect(result.value.type).toBe('Collection');
    expectValid(result.value);
  });

  it('matches the golden output for geo2france (checked field by field against the record)', () => {
    const expected = JSON.parse(readFileSync(fileURLToPath(new URL('expected/iso19139_geo2france_plu.json', import.meta.url)), 'utf8'));
    expect(toStac(readShared('fixtures/geonetwork/iso19139_geo2france_plu.xml'), ctx).value).toEqual(expected);
  });

  it('reads gmi:MI_Metadata from THREDDS ncISO: service connect points become assets, the point box stays a point box', () => {
    const c = collection(readShared('fixtures/thredds/iso-service_ncISO_pacioos_NS06agg.xml'));
    expectValid(c);
    expect(c.id).toBe('NS06agg');
    const [lon, lat] = [Number('158.22402954101562'), Number('6.955227375030518')];
    expect(c.extent.spatial.bbox).toEqual([[lon, lat, lon, lat]]);
    expect(c.extent.temporal.interval).toEqual([['2010-05-07T00:00:00Z', '2014-03-17T23:56:00Z']]);
    expect(c.assets?.opendap).toMatchObject({ href: 'http://oos.soest.hawaii.edu/thredds/dodsC/pacioos/nss/ns06agg', roles: ['data'] });
    expect(c.assets?.thumbnail).toMatchObject({ href: 'http://pacioos.org/metadata/browse/NS06agg.png', type: 'image/png', roles: ['thumbnail'] });
    // ncISO's `issued` is the publication date; dateStamp stays the metadata date.
    expect(c).toMatchObject({ created: '2011-04-12T00:00:00Z', updated: '2014-03-18T00:00:00Z', published: '2011-04-19T00:00:00Z' });
    expect(c['meridian:metadata_datestamp']).toBe('2014-04-16T00:00:00Z');
    expect(c.providers).toContainEqual({ name: 'University of Hawaii', roles: ['producer'], url: 'http://www.soest.hawaii.edu/oceanography/faculty/mcmanus.html' });
    expect(c['meridian:lineage']).toBe('UH/SOEST (M. McManus), PacIOOS asset (05/2010)');
  });

  it('takes each record out of CSW GetRecordById, CSW GetRecords and OAI-PMH ListRecords envelopes', () => {
    const envelopes = ['csw-GetRecordById_gmd_geonetwork-dov.xml', 'csw-GetRecords_gmd-full_pycsw-apiso.xml', 'oai-pmh_ListRecords_iso19139_pycsw.xml'];
    const counts = envelopes.map((file) => {
      const records = recordsIn(readShared('fixtures/geonetwork', file));
      for (const record of records) expectValid(isoElementToStac(record, ctx).value);
      return records.length;
    });
    expect(counts).toEqual([1, 5, 10]);
  });

  it('maps the DOV record: WMS and WFS links, two previews, Dutch, an explicit period', () => {
    const [record] = recordsIn(readShared('fixtures/geonetwork/csw-GetRecordById_gmd_geonetwork-dov.xml'));
    const c = isoElementToStac(record!, ctx).value as StacCollection;
    expect(c.id).toBe('6c39d716-aecc-4fbc-bac8-4f05a49a78d5');
    expect(c.language).toEqual({ code: 'nl', alternate: 'Dutch' });
    expect(c.links.filter((l) => l.rel === 'wms').map((l) => l['meridian:protocol'])).toEqual(['OGC:WMS', 'OGC:WMS-1.3.0-http-get-capabilities', 'OGC:WMS-1.3.0-http-get-map']);
    expect(c.links.filter((l) => l.rel === 'service').length).toBe(3);
    expect(Object.values(c.assets ?? {}).map((a) => a.roles)).toEqual([['thumbnail'], ['overview']]);
    expect(c.extent.temporal.interval).toEqual([['1900-01-01T00:00:00Z', '2999-01-01T00:00:00Z']]);
    expect(c.extent.spatial.bbox).toEqual([[2.549, 50.697, 5.902, 51.495]]);
  });

  it('keeps gmx:Anchor keyword and thesaurus hrefs (marine.ie)', () => {
    const c = collection(readShared('fixtures/geonetwork/iso19139_marine-ie_gmx-anchor-keywords.xml'));
    const themes = c.themes as { scheme: string; title?: string; concepts: { id: string; url?: string }[] }[];
    expect(themes[0]).toMatchObject({ scheme: 'http://vocab.nerc.ac.uk/collection/A05/current/', title: 'AtlantOS Essential Variables' });
    expect(themes[0]?.concepts[0]).toEqual({ id: 'Atmospheric pressure', url: 'http://vocab.nerc.ac.uk/collection/A05/current/EV_AIRPRESS/' });
    expect(c.license).toBe('CC-BY-4.0');
    expect(c.extent.temporal.interval).toEqual([['2009-06-14T00:00:00Z', '2009-06-22T23:59:59Z']]);
  });
});

describe('ISO 19139 to STAC: mapping rules', () => {
  it('maps the hand-made record: translations, DOI, licence, dates, providers, contacts, resources', () => {
    const c = collection(isoDocument());
    expectValid(c);
    expect(c.title).toBe('Température près de la surface, réanalyse IPSL');
    expect(c['meridian:translations']).toEqual({
      title: {
        fr: 'Température près de la surface, réanalyse IPSL',
        en: 'Near-surface temperature, IPSL reanalysis',
        de: 'Oberflächennahe Temperatur, IPSL-Reanalyse',
      },
      description: { fr: "Température de l'air à 2 m, mensuelle.", en: 'Monthly 2 m air temperature.' },
      keywords: { "Température de l'air": { fr: "Température de l'air", en: 'Air temperature' } },
    });
    expect(c.language).toEqual({ code: 'fr', alternate: 'French' });
    expect(c.languages).toEqual([{ code: 'en', alternate: 'English' }, { code: 'de', alternate: 'German' }]);
    expect(c['sci:doi']).toBe('10.14768/ipsl.tas.1979');
    expect(c.links).toContainEqual({ rel: 'cite-as', href: 'https://doi.org/10.14768/ipsl.tas.1979' });
    expect(c.license).toBe('CC-BY-4.0');
    expect(c.links).toContainEqual({ rel: 'license', href: 'https://creativecommons.org/licenses/by/4.0/', title: 'CC-BY-4.0' });
    // Citation dates describe the data; the revision with an offset becomes UTC; dateStamp is kept apart.
    expect(c).toMatchObject({ created: '2020-03-04T00:00:00Z', updated: '2023-11-20T07:30:00Z', published: '2020-06-01T00:00:00Z', version: 'v2.1' });
    expect(c['meridian:metadata_datestamp']).toBe('2024-02-01T10:00:00Z');
    expect(c.providers).toEqual([
      { name: 'ESPRI', roles: ['host'] },
      { name: 'LSCE', roles: ['producer'], url: 'https://www.lsce.ipsl.fr/' },
    ]);
    expect(c.contacts).toContainEqual(
      expect.objectContaining({ name: 'Marie Curie', organization: 'LSCE', phones: [{ value: '+33169080000' }], roles: ['principalInvestigator'] }),
    );
    expect(c.links).toContainEqual({ rel: 'wms', href: 'https://thredds.ipsl.fr/thredds/wms/tas_1979.nc', title: 'tas', 'meridian:protocol': 'OGC:WMS' });
    expect(c.links).toContainEqual(expect.objectContaining({ rel: 'about', href: 'https://data.ipsl.fr/catalog/tas' }));
    expect(c.links[0]).toEqual({ rel: 'parent', href: 'https://meridian.example.org/stac/collections/ipsl-reanalyses', type: 'application/json' });
    expect(c.assets?.opendap).toMatchObject({ href: 'https://thredds.ipsl.fr/thredds/dodsC/tas_1979.nc', roles: ['data'] });
    expect(c.assets?.['tas_1979.nc']).toMatchObject({ type: 'application/netcdf', roles: ['data'] });
    expect(c['meridian:lineage']).toBe('Moyennes mensuelles calculées à partir des données horaires.');
    expect(c.themes).toContainEqual({
      scheme: 'http://www.isotc211.org/2005/resources/Codelist/gmxCodelists.xml#MD_TopicCategoryCode',
      concepts: [{ id: 'climatologyMeteorologyAtmosphere' }],
    });
  });

  it('puts the union of every box first, then each box; an open end (indeterminatePosition now) is null', () => {
    const c = collection(isoDocument());
    expect(c.extent.spatial.bbox).toEqual([
      [-5.5, -21.5, 56, 51.5],
      [-5.5, 41, 10, 51.5],
      [55, -21.5, 56, -20.8],
    ]);
    expect(c.extent.temporal.interval).toEqual([['1979-01-01T00:00:00Z', null]]);
  });

  it('normalises 0..360 longitudes, and crosses the antimeridian only when the source does', () => {
    expect(collection(isoDocument({ extent: extent(box(0, 360, -90, 90)) })).extent.spatial.bbox).toEqual([[-180, -90, 180, 90]]);
    expect(collection(isoDocument({ extent: extent(box(170, 190)) })).extent.spatial.bbox).toEqual([[170, -10, -170, 10]]);
    expect(collection(isoDocument({ extent: extent(box(20, 60)) })).extent.spatial.bbox).toEqual([[20, -10, 60, 10]]);
    const crossing = collection(isoDocument({ extent: extent(box(170, -170), box(150, 160)) }));
    expectValid(crossing);
    expect(crossing.extent.spatial.bbox).toEqual([[150, -10, -170, 10], [170, -10, -170, 10], [150, -10, 160, 10]]);
  });

  it('reads open, unknown and empty period ends as null, and TimeInstant as a one-instant interval', () => {
    const intervals = (el: string): unknown => collection(isoDocument({ extent: extent(el) })).extent.temporal.interval;
    expect(intervals(period('<gml:beginPosition>2001-05-03</gml:beginPosition>', '<gml:endPosition indeterminatePosition="unknown"/>'))).toEqual([['2001-05-03T00:00:00Z', null]]);
    expect(intervals(period('<gml:beginPosition indeterminatePosition="unknown"></gml:beginPosition>', '<gml:endPosition>2010</gml:endPosition>'))).toEqual([[null, '2010-12-31T23:59:59Z']]);
    expect(intervals(period('<gml:beginPosition>2001</gml:beginPosition>', '<gml:endPosition/>'))).toEqual([['2001-01-01T00:00:00Z', null]]);
    expect(intervals(period('<gml:begin><gml:TimeInstant gml:id="b"><gml:timePosition>2001-02-03T04:05:06Z</gml:timePosition></gml:TimeInstant></gml:begin>', '<gml:end><gml:TimeInstant gml:id="e"><gml:timePosition indeterminatePosition="now">2024-01-01</gml:timePosition></gml:TimeInstant></gml:end>'))).toEqual([['2001-02-03T04:05:06Z', null]]);
    expect(intervals(`<gmd:temporalElement><gmd:EX_TemporalExtent><gmd:extent><gml:TimeInstant gml:id="i"><gml:timePosition>2015-07-01T12:00:00Z</gml:timePosition></gml:TimeInstant></gmd:extent></gmd:EX_TemporalExtent></gmd:temporalElement>`)).toEqual([['2015-07-01T12:00:00Z', '2015-07-01T12:00:00Z']]);
  });

  it('reads GML 3.1 periods too (the 2006 schema flavour)', () => {
    const doc = isoDocument({ extent: extent(period('<gml31:beginPosition xmlns:gml31="http://www.opengis.net/gml">1990</gml31:beginPosition>', '<gml31:endPosition xmlns:gml31="http://www.opengis.net/gml">1991</gml31:endPosition>')) });
    expect(collection(doc).extent.temporal.interval).toEqual([['1990-01-01T00:00:00Z', '1991-12-31T23:59:59Z']]);
  });

  it('makes a tile record an Item with a footprint and its period', () => {
    const { value, warnings } = toStac(isoDocument({ hierarchyLevel: 'tile', extent: extent(box(2, 3, 45, 46), period('<gml:beginPosition>2020-01-01T00:00:00Z</gml:beginPosition>', '<gml:endPosition>2020-01-31T23:59:59Z</gml:endPosition>')) }), ctx);
    expect(warnings).toEqual([]);
    const item = value as StacItem;
    expectValid(item);
    expect(item.type).toBe('Feature');
    expect(item.collection).toBe('ipsl-reanalyses');
    expect(item.bbox).toEqual([2, 45, 3, 46]);
    expect(item.geometry).toEqual({ type: 'Polygon', coordinates: [[[2, 45], [3, 45], [3, 46], [2, 46], [2, 45]]] });
    expect(item.properties).toMatchObject({ datetime: null, start_datetime: '2020-01-01T00:00:00Z', end_datetime: '2020-01-31T23:59:59Z' });
    expect(item.properties['processing:lineage']).toBe('Moyennes mensuelles calculées à partir des données horaires.');
    expect(item.links[0]).toEqual({ rel: 'collection', href: 'https://meridian.example.org/stac/collections/ipsl-reanalyses', type: 'application/json' });
  });

  it('keeps a tile with an open period an Item whose datetime is the known start', () => {
    const item = toStac(isoDocument({ hierarchyLevel: 'tile' }), { ...ctx, collection: 'reanalyses' }).value as StacItem;
    expectValid(item);
    expect(item.collection).toBe('reanalyses');
    expect(item.properties.datetime).toBe('1979-01-01T00:00:00Z');
  });

  it('makes a series or a record without scope a Collection', () => {
    expect(toStac(isoDocument({ hierarchyLevel: 'series' }), ctx).value.type).toBe('Collection');
    expect(toStac(isoDocument({ hierarchyLevel: 'service' }), ctx).value.type).toBe('Collection');
  });

  it('sanitises the identifier into a safe STAC id and keeps the original', () => {
    const { value, warnings } = toStac(isoDocument({ fileIdentifier: '\n  urn:x-wmo:md:int wmo/SMJP01 RJTD\n' }), ctx);
    expect(value.id).toBe('urn:x-wmo:md:int_wmo_SMJP01_RJTD');
    expect(value['meridian:native_id']).toBe('urn:x-wmo:md:int wmo/SMJP01 RJTD');
    expect(warnings).toContainEqual(expect.objectContaining({ path: 'fileIdentifier', kind: 'defaulted' }));
  });

  it('reads ISO-8859-1 documents decoded with decodeXml', () => {
    const latin1 = Buffer.from(isoDocument({ encoding: 'ISO-8859-1', title: 'Données météorologiques à Besançon' }), 'latin1');
    const c = collection(decodeXml(latin1));
    expect(c.title).toBe('Données météorologiques à Besançon');
    expectValid(c);
  });
});

describe('ISO 19139 to STAC: malformed input', () => {
  it('throws CrosswalkError for XML that is not an ISO record', () => {
    expect(() => toStac('<rss version="2.0"><channel/></rss>', ctx)).toThrow(CrosswalkError);
    expect(() => toStac(readShared('fixtures/geonetwork/iso19115-3_metawal_dataset.xml'), ctx)).toThrow(/not an ISO 19139 record/);
  });

  it('throws CrosswalkError for unreadable XML and for DTDs', () => {
    expect(() => toStac('<gmd:MD_Metadata xmlns:gmd="http://www.isotc211.org/2005/gmd">', ctx)).toThrow(CrosswalkError);
    expect(() => toStac('<!DOCTYPE x [<!ENTITY a "b">]><x/>', ctx)).toThrow(CrosswalkError);
  });

  it('throws CrosswalkError when the identifier is missing or empty', () => {
    expect(() => toStac(isoDocument({ fileIdentifier: null }), ctx)).toThrow(/no identifier/);
    expect(() => toStac(isoDocument({ fileIdentifier: '   ' }), ctx)).toThrow(CrosswalkError);
  });

  it('returns a partial record with warnings for odd content', () => {
    const odd = extent(
      box(Number.NaN, 3),
      '<gmd:geographicElement><gmd:EX_GeographicBoundingBox><gmd:westBoundLongitude><gco:Decimal>1</gco:Decimal></gmd:westBoundLongitude><gmd:eastBoundLongitude><gco:Decimal>2</gco:Decimal></gmd:eastBoundLongitude><gmd:southBoundLatitude><gco:Decimal>95</gco:Decimal></gmd:southBoundLatitude><gmd:northBoundLatitude><gco:Decimal>99</gco:Decimal></gmd:northBoundLatitude></gmd:EX_GeographicBoundingBox></gmd:geographicElement>',
      period('<gml:beginPosition>sometime</gml:beginPosition>', '<gml:endPosition>2001-02-30</gml:endPosition>'),
    );
    const { value, warnings } = toStac(isoDocument({ extent: odd, keywords: '', constraints: '' }), ctx);
    const c = value as StacCollection;
    expectValid(c);
    expect(c.extent.spatial.bbox).toEqual([[-180, -90, 180, 90]]);
    expect(c.extent.temporal.interval).toEqual([[null, null]]);
    expect(c.license).toBe('other');
    expect(warnings.map((w) => w.kind)).toEqual(['malformed', 'malformed', 'missing', 'malformed', 'malformed', 'missing']);
  });
});
