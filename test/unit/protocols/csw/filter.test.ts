import { describe, expect, it } from 'vitest';
import { MeridianError } from '../../../../src/core/errors.js';
import { parseXml } from '../../../../src/core/xml.js';
import { toSearchCriteria } from '../../../../src/protocols/csw/condition.js';
import { parseCswCql, rewriteCqlBbox } from '../../../../src/protocols/csw/cqlText.js';
import { likePattern, parseFilterXml } from '../../../../src/protocols/csw/filterXml.js';
import { METRES_PER_DEGREE, metresPerUnit } from '../../../../src/search/cql2/distanceUnits.js';

const OGC = 'xmlns:ogc="http://www.opengis.net/ogc" xmlns:gml="http://www.opengis.net/gml"';
const filter = (body: string) => toSearchCriteria(parseFilterXml(parseXml(`<ogc:Filter ${OGC}>${body}</ogc:Filter>`)));
const cql = (text: string) => toSearchCriteria(parseCswCql(text));
const errorOf = (fn: () => unknown): MeridianError => {
  try {
    fn();
  } catch (error) {
    if (error instanceof MeridianError) return error;
    throw error;
  }
  throw new Error('no error');
};

describe('OGC Filter 1.1 to the core filter', () => {
  it('compares case-sensitively by default, and case-insensitively with matchCase="false"', () => {
    expect(filter('<ogc:PropertyIsEqualTo><ogc:PropertyName>dc:title</ogc:PropertyName><ogc:Literal>Lorem</ogc:Literal></ogc:PropertyIsEqualTo>')).toEqual({
      filter: { op: '=', args: [{ property: 'title' }, 'Lorem'] },
    });
    expect(filter('<ogc:PropertyIsNotEqualTo matchCase="false"><ogc:PropertyName>apiso:Title</ogc:PropertyName><ogc:Literal>Lorem</ogc:Literal></ogc:PropertyIsNotEqualTo>')).toEqual({
      filter: { op: '<>', args: [{ op: 'casei', args: [{ property: 'title' }] }, { op: 'casei', args: ['Lorem'] }] },
    });
  });

  it('reads a literal written before the property as the mirrored comparison', () => {
    expect(filter('<ogc:PropertyIsLessThan><ogc:Literal>5</ogc:Literal><ogc:PropertyName>eo:cloud_cover</ogc:PropertyName></ogc:PropertyIsLessThan>')).toEqual({
      filter: { op: '>', args: [{ property: 'eo:cloud_cover' }, 5] },
    });
  });

  it('types time literals of time queryables, and maps dct:modified to the record datestamp', () => {
    expect(filter('<ogc:PropertyIsGreaterThanOrEqualTo><ogc:PropertyName>dct:modified</ogc:PropertyName><ogc:Literal>2024-03-01</ogc:Literal></ogc:PropertyIsGreaterThanOrEqualTo>')).toEqual({
      filter: { op: '>=', args: [{ property: 'meridian:datestamp' }, { date: '2024-03-01' }] },
    });
    expect(filter('<ogc:PropertyIsLessThan><ogc:PropertyName>apiso:TempExtent_end</ogc:PropertyName><ogc:Literal>2024-03-01T12:00:00</ogc:Literal></ogc:PropertyIsLessThan>')).toEqual({
      filter: { op: '<', args: [{ property: 'end_datetime' }, { timestamp: '2024-03-01T12:00:00Z' }] },
    });
  });

  it('translates PropertyIsLike wildcards, single characters and escapes, case-insensitively unless matchCase="true"', () => {
    expect(likePattern('50!% of a*b?', '*', '?', '!')).toBe('50\\% of a%b_');
    expect(likePattern('a_b%c', '*', '#', '!')).toBe('a\\_b\\%c');
    expect(filter('<ogc:PropertyIsLike wildCard="*" singleChar="." escapeChar="!"><ogc:PropertyName>dc:title</ogc:PropertyName><ogc:Literal>sea*</ogc:Literal></ogc:PropertyIsLike>')).toEqual({
      filter: { op: 'like', args: [{ op: 'casei', args: [{ property: 'title' }] }, { op: 'casei', args: ['sea%'] }] },
    });
    expect(filter('<ogc:PropertyIsLike wildCard="*" singleChar="." escapeChar="!" matchCase="true"><ogc:PropertyName>dc:identifier</ogc:PropertyName><ogc:Literal>urn:*</ogc:Literal></ogc:PropertyIsLike>')).toEqual({
      filter: { op: 'like', args: [{ property: 'id' }, 'urn:%'] },
    });
  });

  it('matches free text through the text index: csw:AnyText, or a PropertyIsLike without a property', () => {
    expect(filter('<ogc:PropertyIsLike wildCard="%" singleChar="_" escapeChar="\\"><ogc:PropertyName>csw:AnyText</ogc:PropertyName><ogc:Literal>%sea ice%</ogc:Literal></ogc:PropertyIsLike>')).toEqual({
      q: ['sea ice'],
    });
    expect(filter('<ogc:PropertyIsLike wildCard="%" singleChar="_" escapeChar="\\"><ogc:Literal>%ocean%</ogc:Literal></ogc:PropertyIsLike>')).toEqual({ q: ['ocean'] });
    // A lone wildcard matches every record.
    expect(filter('<ogc:PropertyIsLike wildCard="%" singleChar="_" escapeChar="\\"><ogc:PropertyName>csw:AnyText</ogc:PropertyName><ogc:Literal>%</ogc:Literal></ogc:PropertyIsLike>')).toEqual({});
  });

  it('keeps free text in q beside other conditions, and spells it out where q cannot stand', () => {
    const anyText = (t: string) => `<ogc:PropertyIsEqualTo><ogc:PropertyName>csw:AnyText</ogc:PropertyName><ogc:Literal>${t}</ogc:Literal></ogc:PropertyIsEqualTo>`;
    const title = '<ogc:PropertyIsEqualTo><ogc:PropertyName>dc:title</ogc:PropertyName><ogc:Literal>x</ogc:Literal></ogc:PropertyIsEqualTo>';
    expect(filter(`<ogc:And><ogc:Or>${anyText('ice')}${anyText('snow')}</ogc:Or>${title}</ogc:And>`)).toEqual({
      q: ['ice', 'snow'],
      filter: { op: '=', args: [{ property: 'title' }, 'x'] },
    });
    const negated = filter(`<ogc:Not>${anyText('ice')}</ogc:Not>`);
    expect(negated.q).toBeUndefined();
    expect(negated.filter).toEqual({
      op: 'not',
      args: [
        {
          op: 'or',
          args: [
            { op: 'like', args: [{ op: 'casei', args: [{ property: 'id' }] }, { op: 'casei', args: ['%ice%'] }] },
            { op: 'like', args: [{ op: 'casei', args: [{ property: 'title' }] }, { op: 'casei', args: ['%ice%'] }] },
            { op: 'like', args: [{ op: 'casei', args: [{ property: 'description' }] }, { op: 'casei', args: ['%ice%'] }] },
            { op: 'a_contains', args: [{ property: 'keywords' }, ['ice']] },
          ],
        },
      ],
    });
  });

  it('compares keywords by membership and dc:type on Dublin Core and ISO records', () => {
    expect(filter('<ogc:PropertyIsEqualTo><ogc:PropertyName>dc:subject</ogc:PropertyName><ogc:Literal>ocean</ogc:Literal></ogc:PropertyIsEqualTo>')).toEqual({
      filter: { op: 'a_contains', args: [{ property: 'keywords' }, ['ocean']] },
    });
    const present = (p: string) => ({ op: 'not', args: [{ op: 'isNull', args: [{ property: p }] }] });
    expect(filter('<ogc:PropertyIsEqualTo><ogc:PropertyName>dc:type</ogc:PropertyName><ogc:Literal>http://purl.org/dc/dcmitype/Image</ogc:Literal></ogc:PropertyIsEqualTo>')).toEqual({
      filter: {
        op: 'or',
        args: [
          { op: 'and', args: [present('dc:type'), { op: '=', args: [{ property: 'dc:type' }, 'Image'] }] },
          { op: 'and', args: [present('meridian:hierarchy_level'), { op: '=', args: [{ property: 'meridian:hierarchy_level' }, 'Image'] }] },
        ],
      },
    });
  });

  it('reads PropertyIsNull, PropertyIsBetween, FeatureId and the logical operators', () => {
    expect(filter('<ogc:Not><ogc:PropertyIsNull><ogc:PropertyName>dc:subject</ogc:PropertyName></ogc:PropertyIsNull></ogc:Not>')).toEqual({
      filter: { op: 'not', args: [{ op: 'isNull', args: [{ property: 'keywords' }] }] },
    });
    expect(
      filter('<ogc:PropertyIsBetween><ogc:PropertyName>eo:cloud_cover</ogc:PropertyName><ogc:LowerBoundary><ogc:Literal>0</ogc:Literal></ogc:LowerBoundary><ogc:UpperBoundary><ogc:Literal>12.5</ogc:Literal></ogc:UpperBoundary></ogc:PropertyIsBetween>'),
    ).toEqual({ filter: { op: 'between', args: [{ property: 'eo:cloud_cover' }, 0, 12.5] } });
    expect(filter('<ogc:FeatureId fid="a"/><ogc:FeatureId fid="b"/>')).toEqual({ filter: { op: 'in', args: [{ property: 'id' }, ['a', 'b']] } });
  });

  it('reads BBOX envelopes in EPSG:4326 latitude first, in CRS84 longitude first, and fixes swapped axes', () => {
    const bbox = (srs: string, lower: string, upper: string) =>
      filter(`<ogc:BBOX><ogc:PropertyName>ows:BoundingBox</ogc:PropertyName><gml:Envelope${srs}><gml:lowerCorner>${lower}</gml:lowerCorner><gml:upperCorner>${upper}</gml:upperCorner></gml:Envelope></ogc:BBOX>`);
    const expected = { filter: { op: 's_intersects', args: [{ property: 'geometry' }, { bbox: [-10, 35, 5, 45] }] } };
    expect(bbox(' srsName="urn:ogc:def:crs:EPSG::4326"', '35 -10', '45 5')).toEqual(expected);
    expect(bbox(' srsName="EPSG:4326"', '35 -10', '45 5')).toEqual(expected);
    expect(bbox('', '35 -10', '45 5')).toEqual(expected);
    expect(bbox(' srsName="urn:ogc:def:crs:OGC:1.3:CRS84"', '-10 35', '5 45')).toEqual(expected);
    expect(bbox(' srsName="http://www.opengis.net/def/crs/OGC/1.3/CRS84"', '-10 35', '5 45')).toEqual(expected);
    // Longitude first under EPSG:4326: a latitude of -141 cannot be, so the axes are read the other way.
    expect(bbox(' srsName="urn:ogc:def:crs:EPSG::4326"', '-141 42', '-52 84')).toEqual({
      filter: { op: 's_intersects', args: [{ property: 'geometry' }, { bbox: [-141, 42, -52, 84] }] },
    });
    expect(errorOf(() => bbox(' srsName="EPSG:3857"', '0 0', '1 1')).locator).toBe('Constraint');
  });

  it('reads GML geometries of the other spatial operators', () => {
    expect(
      filter('<ogc:Within><ogc:PropertyName>ows:BoundingBox</ogc:PropertyName><gml:Polygon srsName="urn:ogc:def:crs:EPSG::4326"><gml:exterior><gml:LinearRing><gml:posList>37 4 37 11 42 11 42 4 37 4</gml:posList></gml:LinearRing></gml:exterior></gml:Polygon></ogc:Within>'),
    ).toEqual({
      filter: { op: 's_within', args: [{ property: 'geometry' }, { type: 'Polygon', coordinates: [[[4, 37], [11, 37], [11, 42], [4, 42], [4, 37]]] }] },
    });
    expect(filter('<ogc:Intersects><ogc:PropertyName>ows:BoundingBox</ogc:PropertyName><gml:Point srsName="CRS:84"><gml:pos>2.35 48.85</gml:pos></gml:Point></ogc:Intersects>')).toEqual({
      filter: { op: 's_intersects', args: [{ property: 'geometry' }, { type: 'Point', coordinates: [2.35, 48.85] }] },
    });
  });

  it('refuses what it cannot answer with the OWS code clients expect', () => {
    const unsupported = errorOf(() => filter('<ogc:PropertyIsEqualTo><ogc:Function name="upper"><ogc:PropertyName>dc:title</ogc:PropertyName></ogc:Function><ogc:Literal>A</ogc:Literal></ogc:PropertyIsEqualTo>'));
    expect([unsupported.code, unsupported.locator]).toEqual(['UnsupportedOperation', 'Constraint']);
    expect(errorOf(() => filter('<ogc:BBOX><ogc:PropertyName>dc:title</ogc:PropertyName><gml:Envelope><gml:lowerCorner>0 0</gml:lowerCorner><gml:upperCorner>1 1</gml:upperCorner></gml:Envelope></ogc:BBOX>')).code).toBe('InvalidParameter');
    expect(errorOf(() => filter('<ogc:PropertyIsEqualTo><ogc:PropertyName>dc:unknown</ogc:PropertyName><ogc:Literal>A</ogc:Literal></ogc:PropertyIsEqualTo>')).message).toContain('dc:unknown');
    expect(errorOf(() => filter('<ogc:PropertyIsEqualTo><ogc:PropertyName>apiso:CouplingType</ogc:PropertyName><ogc:Literal>tight</ogc:Literal></ogc:PropertyIsEqualTo>')).message).toContain('not queryable');
    expect(errorOf(() => filter('<ogc:PropertyIsSimilarTo/>')).code).toBe('InvalidParameter');
  });
});

describe('distance operators', () => {
  it('reads DWithin and Beyond with their units, in metres', () => {
    const point = '<gml:Point srsName="EPSG:4326"><gml:pos>48 2</gml:pos></gml:Point>';
    expect(filter(`<ogc:DWithin><ogc:PropertyName>ows:BoundingBox</ogc:PropertyName>${point}<ogc:Distance units="km">2.5</ogc:Distance></ogc:DWithin>`)).toEqual({
      filter: { op: 's_dwithin', args: [{ property: 'geometry' }, { type: 'Point', coordinates: [2, 48] }, 2500] },
    });
    expect(filter(`<ogc:Beyond><ogc:PropertyName>apiso:BoundingBox</ogc:PropertyName>${point}<ogc:Distance units="http://www.opengis.net/def/uom/EPSG/0/9102">1</ogc:Distance></ogc:Beyond>`)).toEqual({
      filter: { op: 's_beyond', args: [{ property: 'geometry' }, { type: 'Point', coordinates: [2, 48] }, METRES_PER_DEGREE] },
    });
    expect(cql('DWITHIN(ows:BoundingBox, POINT(2 48), 3, nautical miles)')).toEqual({
      filter: { op: 's_dwithin', args: [{ property: 'geometry' }, { type: 'Point', coordinates: [2, 48] }, 5556] },
    });
    expect(errorOf(() => cql('DWITHIN(ows:BoundingBox, POINT(2 48), 3, parsecs)')).message).toContain('unknown unit');
    expect(errorOf(() => filter(`<ogc:DWithin><ogc:PropertyName>ows:BoundingBox</ogc:PropertyName>${point}<ogc:Distance units="m">-1</ogc:Distance></ogc:DWithin>`)).code).toBe('InvalidParameter');
  });

  it('knows units by name, EPSG code and URI', () => {
    expect(metresPerUnit('Meters')).toBe(1);
    expect(metresPerUnit('urn:ogc:def:uom:EPSG::9036')).toBe(1000);
    expect(metresPerUnit('http://www.opengis.net/def/uom/UCUM/0/km')).toBe(1000);
    expect(metresPerUnit('statute  miles')).toBe(1609.344);
    expect(metresPerUnit('deg')).toBeCloseTo(111_195, 0);
    expect(metresPerUnit('kg')).toBeUndefined();
  });
});

describe('CSW CQL to the core filter', () => {
  it('maps queryable names and reads LIKE case-insensitively', () => {
    expect(cql("dc:title like '%lor%'")).toEqual({
      filter: { op: 'like', args: [{ op: 'casei', args: [{ property: 'title' }] }, { op: 'casei', args: ['%lor%'] }] },
    });
    expect(cql("csw:AnyText LIKE '%sea%' AND dct:modified > '2024-01-01'")).toEqual({
      q: ['sea'],
      filter: { op: '>', args: [{ property: 'meridian:datestamp' }, { date: '2024-01-01' }] },
    });
  });

  it('rewrites the CQL 1 BBOX form to a CQL2 spatial predicate', () => {
    expect(rewriteCqlBbox("BBOX(ows:BoundingBox, -10, 35, 5, 45, 'CRS:84') AND x = 1")).toBe('S_INTERSECTS(ows:BoundingBox, BBOX(-10, 35, 5, 45)) AND x = 1');
    expect(cql('BBOX(ows:BoundingBox, -10, 35, 5, 45)')).toEqual({
      filter: { op: 's_intersects', args: [{ property: 'geometry' }, { bbox: [-10, 35, 5, 45] }] },
    });
  });

  it('maps IN on identifiers and keeps other STAC properties as they are', () => {
    expect(cql("dc:identifier IN ('a', 'b') OR eo:cloud_cover < 10")).toEqual({
      filter: {
        op: 'or',
        args: [
          { op: '=', args: [{ property: 'id' }, 'a'] },
          { op: '=', args: [{ property: 'id' }, 'b'] },
          { op: '<', args: [{ property: 'eo:cloud_cover' }, 10] },
        ],
      },
    });
  });

  it('refuses malformed CQL and unknown standard names', () => {
    expect(errorOf(() => cql("dc:title = 'x")).code).toBe('InvalidParameter');
    expect(errorOf(() => cql("dct:nothing = 'x'")).locator).toBe('Constraint');
  });
});
