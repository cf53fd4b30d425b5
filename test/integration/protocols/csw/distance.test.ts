import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { child, parseXml, type XmlElement } from '../../../../src/core/xml.js';
import { CSW, DC } from '../../../../src/protocols/csw/namespaces.js';
import { DRIVERS } from '../../../support/drivers.js';
import { validateXml } from '../../../support/xmllint.js';
import { makeItem } from '../../../support/stacFactory.js';
import { isoRecords, openCswCatalogue, stacRecords, type CswCatalogue } from './cswCatalogue.js';
import { CSW202_XSD, CSW30_XSD } from './cswSchemas.js';

/*
 * DWithin and Beyond (OGC Filter 1.1, FES 2.0 and CQL), measured on the ellipsoid. The items of the
 * STAC collection are points at (5 + i, 38 + i/2), i = 0..5: from the first, the second is 104 km
 * away, the third 207 km, the fourth 310 km.
 */

/** A GetRecords POST body as OWSLib writes it (getrecords2), with the filter given. */
function owslibGetRecords(filter: string): string {
  return `<?xml version="1.0" encoding="ISO-8859-1" standalone="no"?>
<csw:GetRecords xmlns:csw="http://www.opengis.net/cat/csw/2.0.2" xmlns:ogc="http://www.opengis.net/ogc" xmlns:ows="http://www.opengis.net/ows" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:gml="http://www.opengis.net/gml" outputSchema="http://www.opengis.net/cat/csw/2.0.2" outputFormat="application/xml" version="2.0.2" service="CSW" resultType="results" maxRecords="50" xsi:schemaLocation="http://www.opengis.net/cat/csw/2.0.2 http://schemas.opengis.net/csw/2.0.2/CSW-discovery.xsd"><csw:Query typeNames="csw:Record"><csw:ElementSetName>brief</csw:ElementSetName><csw:Constraint version="1.1.0"><ogc:Filter>${filter}</ogc:Filter></csw:Constraint></csw:Query></csw:GetRecords>`;
}

/** The first item's position, latitude first as EPSG:4326 orders it. */
const FIRST_ITEM = '<gml:Point srsName="urn:ogc:def:crs:EPSG::4326"><gml:pos>38 5</gml:pos></gml:Point>';

const items = (ids: readonly string[]) => ids.filter((id) => id.startsWith('sst-2020-'));

function identifiers(xml: string): string[] {
  const results = child(parseXml(xml), CSW, 'SearchResults') as XmlElement | undefined;
  if (results === undefined) throw new Error(`not a GetRecords response: ${xml.slice(0, 400)}`);
  return results.children.map((r) => child(r, DC, 'identifier')?.text ?? '').sort();
}

describe.each(DRIVERS)('CSW distance operators (%s)', (driver) => {
  let csw: CswCatalogue;

  beforeAll(async () => {
    csw = await openCswCatalogue(driver);
    await csw.load([
      ...isoRecords(),
      ...stacRecords(),
      { doc: makeItem('sst-demo', 'dateline', { lon: 179.95, lat: 0, datetime: '2020-01-01T00:00:00Z' }) },
      { doc: makeItem('sst-demo', 'near-pole', { lon: 0, lat: 89.9, datetime: '2020-01-01T00:00:00Z' }) },
    ]);
  });
  afterAll(() => csw?.dispose());

  async function post(body: string): Promise<string> {
    const res = await csw.http.post('/csw').set('Content-Type', 'application/xml').send(body);
    expect(validateXml(res.text, CSW202_XSD)).toEqual([]);
    return res.text;
  }

  const dwithin = (distance: string, units: string, op = 'DWithin') =>
    `<ogc:${op}><ogc:PropertyName>ows:BoundingBox</ogc:PropertyName>${FIRST_ITEM}<ogc:Distance units="${units}">${distance}</ogc:Distance></ogc:${op}>`;

  it('DWithin in metres, kilometres, degrees and EPSG units selects the records that near', async () => {
    expect(items(identifiers(await post(owslibGetRecords(dwithin('50000', 'm')))))).toEqual(['sst-2020-01']);
    expect(items(identifiers(await post(owslibGetRecords(dwithin('110', 'km')))))).toEqual(['sst-2020-01', 'sst-2020-02']);
    // One degree is 111 km along any great circle.
    expect(items(identifiers(await post(owslibGetRecords(dwithin('1', 'deg')))))).toEqual(['sst-2020-01', 'sst-2020-02']);
    expect(items(identifiers(await post(owslibGetRecords(dwithin('100', 'urn:ogc:def:uom:EPSG::9036')))))).toEqual(['sst-2020-01']);
    // The collection's extent holds the point: distance 0.
    expect(identifiers(await post(owslibGetRecords(dwithin('1', 'm'))))).toContain('sst-demo');
  });

  it('measures across the antimeridian and over the pole', async () => {
    const near = async (lon: number, lat: number, km: number) =>
      identifiers(await post(owslibGetRecords(`<ogc:DWithin><ogc:PropertyName>ows:BoundingBox</ogc:PropertyName><gml:Point srsName="urn:ogc:def:crs:OGC:1.3:CRS84"><gml:pos>${lon} ${lat}</gml:pos></gml:Point><ogc:Distance units="km">${km}</ogc:Distance></ogc:DWithin>`)));
    // 11 km apart, on either side of the antimeridian.
    expect(await near(-179.95, 0, 15)).toContain('dateline');
    expect(await near(-179.95, 0, 5)).not.toContain('dateline');
    // 22 km apart, across the North Pole.
    expect(await near(180, 89.9, 25)).toContain('near-pole');
    expect(await near(180, 89.9, 15)).not.toContain('near-pole');
  });

  it('Beyond is the complement among records with a footprint', async () => {
    expect(items(identifiers(await post(owslibGetRecords(dwithin('250', 'km', 'Beyond')))))).toEqual(['sst-2020-04', 'sst-2020-05', 'sst-2020-06']);
    expect(identifiers(await post(owslibGetRecords(dwithin('250', 'km', 'Beyond'))))).not.toContain('sst-demo');
  });

  it('FES 2.0 DWithin with a uom, and CQL DWITHIN and BEYOND', async () => {
    const fes = `<csw:GetRecords xmlns:csw="http://www.opengis.net/cat/csw/3.0" xmlns:fes="http://www.opengis.net/fes/2.0" xmlns:gml="http://www.opengis.net/gml/3.2" service="CSW" version="3.0.0" resultType="results" maxRecords="50"><csw:Query typeNames="csw:Record"><csw:ElementSetName>brief</csw:ElementSetName><csw:Constraint version="2.0.0"><fes:Filter><fes:DWithin><fes:ValueReference>ows:BoundingBox</fes:ValueReference><gml:Point gml:id="p1" srsName="http://www.opengis.net/def/crs/OGC/1.3/CRS84"><gml:pos>5 38</gml:pos></gml:Point><fes:Distance uom="http://www.opengis.net/def/uom/EPSG/0/9001">110000</fes:Distance></fes:DWithin></fes:Filter></csw:Constraint></csw:Query></csw:GetRecords>`;
    const res = await csw.http.post('/csw').set('Content-Type', 'application/xml').send(fes);
    expect(validateXml(res.text, CSW30_XSD)).toEqual([]);
    const ids = [...res.text.matchAll(/<dc:identifier>([^<]*)<\/dc:identifier>/g)].map((m) => m[1] as string);
    expect(items(ids).sort()).toEqual(['sst-2020-01', 'sst-2020-02']);
    const cql = async (constraint: string) =>
      identifiers(
        (await csw.http.get(`/csw?service=CSW&version=2.0.2&request=GetRecords&typeNames=csw:Record&resultType=results&elementSetName=brief&maxRecords=50&constraintLanguage=CQL_TEXT&constraint=${encodeURIComponent(constraint)}`)).text,
      );
    expect(items(await cql('DWITHIN(ows:BoundingBox, POINT(5 38), 110, kilometers)'))).toEqual(['sst-2020-01', 'sst-2020-02']);
    expect(items(await cql("BEYOND(ows:BoundingBox, POINT(5 38), 250, 'km') AND dc:title LIKE 'SST%'"))).toEqual(['sst-2020-04', 'sst-2020-05', 'sst-2020-06']);
    expect(items(await cql('DWITHIN(ows:BoundingBox, POINT(5 38), 120, statute miles)'))).toEqual(['sst-2020-01', 'sst-2020-02']);
  });

  it('refuses a distance without a known unit, and on a property that is not a geometry', async () => {
    for (const filter of [dwithin('10', 'furlongs'), '<ogc:DWithin><ogc:PropertyName>ows:BoundingBox</ogc:PropertyName>' + FIRST_ITEM + '<ogc:Distance>10</ogc:Distance></ogc:DWithin>', `<ogc:DWithin><ogc:PropertyName>dc:title</ogc:PropertyName>${FIRST_ITEM}<ogc:Distance units="m">10</ogc:Distance></ogc:DWithin>`]) {
      const text = await post(owslibGetRecords(filter));
      expect(text).toContain('exceptionCode="InvalidParameterValue"');
      expect(text).toContain('locator="Constraint"');
    }
  });
});
