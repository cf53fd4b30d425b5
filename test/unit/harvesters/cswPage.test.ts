import { describe, expect, it } from 'vitest';
import { getRecordsRequest, readGetRecordsPage } from '../../../harvesters/csw/getRecords.js';
import type { CswSourceConfig } from '../../../src/core/harvest.js';
import type { MeridianError } from '../../../src/core/errors.js';
import { descendants, parseXml } from '../../../src/core/xml.js';
import { readShared } from '../../support/shared.js';

const source: CswSourceConfig = { id: 'csw', kind: 'csw', url: 'http://example.org/csw', pageSize: 20 };

describe('CSW GetRecords', () => {
  it('reads a pycsw GetRecords page: counts, next record, identifiers and date stamps', () => {
    const page = readGetRecordsPage(readShared('fixtures/geonetwork/csw-GetRecords_gmd-full_pycsw-apiso.xml'));
    expect(page).toMatchObject({ matched: 18, returned: 5, nextRecord: 6 });
    expect(page.records.map((r) => [r.nativeId, r.datestamp, r.format])).toEqual([
      ['3e9a8c05', '2011-04-18', 'iso19139'],
      ['366f6257-19eb-4f20-ba78-0698ac4aae77', '2009-10-09', 'iso19139'],
      ['75a7eb5e-336e-453d-ab06-209b1070d396', '2009-10-09', 'iso19139'],
      ['a7308c0a-b748-48e2-bab7-0a608a51d416', '2009-10-09', 'iso19139'],
      ['0173e0d7-6ea9-4407-b846-f29d6bfa9903', '2009-10-09', 'iso19139'],
    ]);
    // Each record stands alone: the gmd and gco prefixes declared on the response root come along.
    for (const record of page.records) expect(parseXml(record.text).local).toBe('MD_Metadata');
  });

  it('asks for one page of full gmd records, with a Modified filter only on incremental runs', () => {
    const full = parseXml(getRecordsRequest(source, 41, undefined));
    expect(full.attrs).toMatchObject({ startPosition: '41', maxRecords: '20', outputSchema: 'http://www.isotc211.org/2005/gmd' });
    expect(descendants(full, 'http://www.opengis.net/cat/csw/2.0.2', 'Constraint')).toHaveLength(0);
    const incremental = parseXml(getRecordsRequest(source, 1, '2026-03-04T05:06:07.890Z'));
    const ogc = 'http://www.opengis.net/ogc';
    expect(descendants(incremental, ogc, 'PropertyName')[0]?.text).toBe('apiso:Modified');
    expect(descendants(incremental, ogc, 'Literal')[0]?.text).toBe('2026-03-04T05:06:07Z');
  });

  it('lists identifiers with large pages of brief records', () => {
    const request = parseXml(getRecordsRequest(source, 501, undefined, { elementSet: 'brief', maxRecords: 500 }));
    expect(request.attrs).toMatchObject({ startPosition: '501', maxRecords: '500' });
    expect(descendants(request, 'http://www.opengis.net/cat/csw/2.0.2', 'ElementSetName')[0]?.text).toBe('brief');
  });

  it('uses dct:modified and csw:Record for Dublin Core output', () => {
    const request = parseXml(getRecordsRequest({ ...source, outputSchema: 'csw-record' }, 1, '2026-01-01T00:00:00Z'));
    expect(request.attrs.outputSchema).toBe('http://www.opengis.net/cat/csw/2.0.2');
    expect(descendants(request, 'http://www.opengis.net/ogc', 'PropertyName')[0]?.text).toBe('dct:modified');
  });

  it('reads csw:Record pages', () => {
    const page = readGetRecordsPage(
      `<csw:GetRecordsResponse xmlns:csw="http://www.opengis.net/cat/csw/2.0.2" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dct="http://purl.org/dc/terms/">` +
        `<csw:SearchResults numberOfRecordsMatched="1" numberOfRecordsReturned="1" nextRecord="0">` +
        `<csw:Record><dc:identifier>r1</dc:identifier><dc:title>T</dc:title><dct:modified>2026-01-02</dct:modified></csw:Record>` +
        `</csw:SearchResults></csw:GetRecordsResponse>`,
    );
    expect(page.records.map((r) => [r.nativeId, r.datestamp, r.format])).toEqual([['r1', '2026-01-02', 'dublin-core']]);
    expect(page.nextRecord).toBe(0);
  });

  it('takes an ExceptionReport for a configuration problem, not a transport failure', () => {
    const report =
      `<ows:ExceptionReport xmlns:ows="http://www.opengis.net/ows" version="1.2.0"><ows:Exception exceptionCode="InvalidParameterValue">` +
      `<ows:ExceptionText>Invalid outputSchema</ows:ExceptionText></ows:Exception></ows:ExceptionReport>`;
    expect(() => readGetRecordsPage(report)).toThrow(/Invalid outputSchema/);
    try {
      readGetRecordsPage(report);
    } catch (error) {
      expect((error as MeridianError).code).toBe('InvalidParameter');
    }
  });
});
