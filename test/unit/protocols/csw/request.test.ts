import { describe, expect, it } from 'vitest';
import { MeridianError } from '../../../../src/core/errors.js';
import { parseXml } from '../../../../src/core/xml.js';
import { OwsException } from '../../../../src/protocols/csw/errors.js';
import { parseKvpRequest } from '../../../../src/protocols/csw/parseKvp.js';
import { parseXmlRequest } from '../../../../src/protocols/csw/parseXmlRequest.js';
import type { CswRequest } from '../../../../src/protocols/csw/request.js';

const kvp = (query: string): CswRequest => parseKvpRequest(new URLSearchParams(query), `http://csw.test/csw?${query}`);
const xml = (text: string): CswRequest => parseXmlRequest(parseXml(text));
const thrown = (fn: () => unknown): unknown => {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('no error');
};
const failure = (fn: () => unknown) => {
  const error = thrown(fn);
  if (error instanceof MeridianError) return { code: error.code, locator: error.locator };
  if (error instanceof OwsException) return { code: error.exceptionCode, locator: error.locator };
  throw error;
};

describe('CSW KVP requests', () => {
  it('reads parameter names case-insensitively', () => {
    const req = kvp('SERVICE=CSW&Version=2.0.2&REQUEST=GetRecordById&iD=a,b&ElementSetName=brief');
    expect(req).toEqual({ op: 'GetRecordById', version: '2.0.2', ids: ['a', 'b'], elementSet: 'brief', outputSchema: 'csw' });
  });

  it('answers a GetCapabilities without version in 2.0.2, and negotiates AcceptVersions in the client order', () => {
    expect(kvp('service=CSW&request=GetCapabilities')).toEqual({ op: 'GetCapabilities', version: '2.0.2', openSearch: false });
    expect(kvp('service=CSW&request=GetCapabilities&acceptVersions=3.0.0,2.0.2')).toMatchObject({ version: '3.0.0' });
    expect(kvp('service=CSW&request=GetCapabilities&acceptVersions=2.0.0,2.0.2')).toMatchObject({ version: '2.0.2' });
    expect(failure(() => kvp('service=CSW&request=GetCapabilities&acceptVersions=1.0.0'))).toEqual({ code: 'VersionNegotiationFailed', locator: 'AcceptVersions' });
    expect(kvp('service=CSW&request=GetCapabilities&sections=')).toMatchObject({ sections: [] });
    expect(kvp('service=CSW&request=GetCapabilities&sections=All')).not.toHaveProperty('sections');
    expect(kvp('service=CSW&request=GetCapabilities&acceptFormats=application/opensearchdescription%2Bxml')).toMatchObject({ openSearch: true });
  });

  it('gives GetRecords the CSW defaults: hits, summary, from 1, ten records', () => {
    expect(kvp('service=CSW&version=2.0.2&request=GetRecords&typeNames=csw:Record')).toEqual({
      op: 'GetRecords',
      version: '2.0.2',
      resultType: 'hits',
      query: { typeNames: ['csw:Record'], elementSet: 'summary', outputSchema: 'csw', sortBy: [], startPosition: 1, maxRecords: 10 },
      echo: { kind: 'kvp', url: 'http://csw.test/csw?service=CSW&version=2.0.2&request=GetRecords&typeNames=csw:Record' },
    });
  });

  it('reads sortBy, outputSchema, element names and the CSW 3.0 OpenSearch parameters', () => {
    expect(kvp('service=CSW&version=2.0.2&request=GetRecords&typeNames=gmd:MD_Metadata&sortBy=dc:title:D,dct:modified&outputSchema=http://www.isotc211.org/2005/gmd')).toMatchObject({
      query: {
        typeNames: ['gmd:MD_Metadata'],
        outputSchema: 'gmd',
        sortBy: [
          { field: 'title', direction: 'desc' },
          { field: 'meridian:datestamp', direction: 'asc' },
        ],
      },
    });
    expect(kvp('service=CSW&version=2.0.2&request=GetRecords&typeNames=csw:Record&elementName=dc:title,ows:BoundingBox')).toMatchObject({
      query: { elementNames: [{ ns: 'http://purl.org/dc/elements/1.1/', local: 'title' }, { ns: 'http://www.opengis.net/ows', local: 'BoundingBox' }] },
    });
    expect(kvp('service=CSW&version=3.0.0&request=GetRecords&q=ice&bbox=-10,35,5,45&outputFormat=application/atom%2Bxml')).toMatchObject({
      query: {
        outputSchema: 'atom',
        condition: {
          kind: 'and',
          args: [
            { kind: 'text', text: 'ice' },
            { kind: 'expr', expr: { op: 's_intersects', args: [{ property: 'geometry' }, { bbox: [-10, 35, 5, 45] }] } },
          ],
        },
      },
    });
  });

  it('names the missing or invalid parameter', () => {
    expect(failure(() => kvp('request=GetCapabilities'))).toEqual({ code: 'MissingParameter', locator: 'service' });
    expect(failure(() => kvp('service=WMS&request=GetCapabilities'))).toEqual({ code: 'InvalidParameter', locator: 'service' });
    expect(failure(() => kvp('service=CSW&request=GetRecords&typeNames=csw:Record'))).toEqual({ code: 'MissingParameter', locator: 'version' });
    expect(failure(() => kvp('service=CSW&version=2.0.2&request=GetRecords'))).toEqual({ code: 'MissingParameter', locator: 'typeNames' });
    expect(failure(() => kvp('service=CSW&version=2.0.2&request=GetRecords&typeNames=csw:BriefRecord'))).toEqual({ code: 'InvalidParameter', locator: 'typeNames' });
    expect(failure(() => kvp('service=CSW&version=2.0.2&request=GetRecords&typeNames=csw:Record&maxRecords=-1'))).toEqual({ code: 'InvalidParameter', locator: 'maxRecords' });
    expect(failure(() => kvp('service=CSW&version=2.0.2&request=GetRecords&typeNames=csw:Record&elementSetName=full&elementName=dc:title'))).toEqual({ code: 'InvalidParameter', locator: 'ElementName' });
    expect(failure(() => kvp('service=CSW&version=2.0.2&request=GetRecords&typeNames=csw:Record&constraint=x'))).toEqual({ code: 'MissingParameter', locator: 'constraintLanguage' });
    expect(failure(() => kvp('service=CSW&version=2.0.2&request=Unknown'))).toEqual({ code: 'UnsupportedOperation', locator: 'request' });
    expect(failure(() => kvp('service=CSW&version=3.0.0&request=DescribeRecord'))).toEqual({ code: 'UnsupportedOperation', locator: 'request' });
    expect(failure(() => kvp('service=CSW&version=2.0.2&request=Harvest&source=file:///etc/passwd&resourceType=http://www.isotc211.org/2005/gmd'))).toEqual({
      code: 'InvalidParameter',
      locator: 'Source',
    });
  });
});

describe('CSW XML requests', () => {
  it('reads a GetRecords query: type, view, constraint, order and slice', () => {
    const req = xml(`<csw:GetRecords xmlns:csw="http://www.opengis.net/cat/csw/2.0.2" xmlns:ogc="http://www.opengis.net/ogc" service="CSW" version="2.0.2" resultType="results" startPosition="11" maxRecords="5">
      <csw:Query typeNames="csw:Record"><csw:ElementName>dc:identifier</csw:ElementName>
        <csw:Constraint version="1.1.0"><csw:CqlText>dc:title = 'x'</csw:CqlText></csw:Constraint>
        <ogc:SortBy><ogc:SortProperty><ogc:PropertyName>dc:identifier</ogc:PropertyName><ogc:SortOrder>DESC</ogc:SortOrder></ogc:SortProperty></ogc:SortBy>
      </csw:Query></csw:GetRecords>`);
    expect(req).toMatchObject({
      op: 'GetRecords',
      resultType: 'results',
      query: {
        elementNames: [{ ns: 'http://purl.org/dc/elements/1.1/', local: 'identifier' }],
        condition: { kind: 'expr', expr: { op: '=', args: [{ property: 'title' }, 'x'] } },
        sortBy: [{ field: 'id', direction: 'desc' }],
        startPosition: 11,
        maxRecords: 5,
      },
      echo: { kind: 'xml' },
    });
  });

  it('reads the version from the namespace and refuses a contradicting version attribute', () => {
    expect(xml('<csw30:GetRecordById xmlns:csw30="http://www.opengis.net/cat/csw/3.0" service="CSW"><csw30:Id>a</csw30:Id></csw30:GetRecordById>')).toMatchObject({ version: '3.0.0', ids: ['a'] });
    expect(failure(() => xml('<csw:GetRecordById xmlns:csw="http://www.opengis.net/cat/csw/2.0.2" service="CSW" version="3.0.0"><csw:Id>a</csw:Id></csw:GetRecordById>'))).toEqual({
      code: 'InvalidParameter',
      locator: 'version',
    });
  });

  it('reads Transaction actions: insert, update by record or by RecordProperty, delete', () => {
    const req = xml(`<csw:Transaction xmlns:csw="http://www.opengis.net/cat/csw/2.0.2" xmlns:dc="http://purl.org/dc/elements/1.1/" service="CSW" version="2.0.2">
      <csw:Insert handle="i1"><csw:Record><dc:identifier>a</dc:identifier></csw:Record></csw:Insert>
      <csw:Update><csw:Record><dc:identifier>a</dc:identifier></csw:Record></csw:Update>
      <csw:Update><csw:RecordProperty><csw:Name>dc:title</csw:Name><csw:Value>T</csw:Value></csw:RecordProperty><csw:RecordProperty><csw:Name>dc:subject</csw:Name></csw:RecordProperty>
        <csw:Constraint version="1.1.0"><csw:CqlText>dc:identifier = 'a'</csw:CqlText></csw:Constraint></csw:Update>
      <csw:Delete><csw:Constraint version="1.1.0"><csw:CqlText>dc:identifier = 'a'</csw:CqlText></csw:Constraint></csw:Delete>
    </csw:Transaction>`);
    if (req.op !== 'Transaction') throw new Error('not a transaction');
    expect(req.actions.map((a) => a.kind)).toEqual(['insert', 'update', 'updateProperties', 'delete']);
    expect(req.actions[2]).toMatchObject({ properties: [{ name: 'dc:title', value: 'T' }, { name: 'dc:subject' }] });
    expect(failure(() => xml('<csw:Transaction xmlns:csw="http://www.opengis.net/cat/csw/2.0.2" service="CSW" version="2.0.2"><csw:Delete/></csw:Transaction>'))).toEqual({
      code: 'MissingParameter',
      locator: 'Constraint',
    });
  });
});
