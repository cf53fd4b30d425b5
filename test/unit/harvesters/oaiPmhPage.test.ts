import { describe, expect, it } from 'vitest';
import { MeridianError } from '../../../src/core/errors.js';
import { parseXml } from '../../../src/core/xml.js';
import { readListRecordsPage } from '../../../harvesters/oai-pmh/listRecordsPage.js';
import { readShared } from '../../support/shared.js';

const envelope = (body: string) =>
  `<?xml version="1.0" encoding="UTF-8"?><OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/"><responseDate>2026-01-01T00:00:00Z</responseDate>` +
  `<request verb="ListRecords">http://example.org/oai</request>${body}</OAI-PMH>`;

describe('OAI-PMH ListRecords pages', () => {
  const pycsw = readShared('fixtures/geonetwork/oai-pmh_ListRecords_iso19139_pycsw.xml');

  it('reads the records of a pycsw page, tolerating its empty datestamp and setSpec elements', () => {
    const page = readListRecordsPage(pycsw);
    expect(page.records).toHaveLength(10);
    expect(page.token).toBe('11');
    expect(page.completeListSize).toBe(12);
    const first = page.records[0];
    expect(first).toMatchObject({ identifier: 'urn:uuid:19887a8a-f6b0-4a63-ae56-7fba0e17801f', deleted: false });
    expect(first?.datestamp).toBeUndefined();
    expect(first?.metadata?.format).toBe('iso19139');
  });

  it('keeps each record as a standalone document with the namespaces it inherits', () => {
    const record = readListRecordsPage(pycsw).records[0]?.metadata?.text ?? '';
    expect(record.startsWith('<gmd:MD_Metadata')).toBe(true);
    const root = parseXml(record);
    expect(root.ns).toBe('http://www.isotc211.org/2005/gmd');
    // The OAI envelope's prefix is not used inside the record, so it is not carried along.
    expect(record).not.toContain('xmlns:oai=');
    expect(record).toContain('xmlns:xsi=');
  });

  it('turns deleted headers into deletions without metadata', () => {
    const page = readListRecordsPage(
      envelope(
        `<ListRecords><record><header status="deleted"><identifier>a</identifier><datestamp>2026-02-03T04:05:06Z</datestamp></header></record>` +
          `<resumptionToken completeListSize="1" cursor="0"/></ListRecords>`,
      ),
    );
    expect(page.records).toEqual([{ identifier: 'a', datestamp: '2026-02-03T04:05:06Z', deleted: true }]);
    expect(page.token).toBeUndefined();
  });

  it('unwraps the DataCite resource of an oai_datacite record and knows Dublin Core by its root', () => {
    const page = readListRecordsPage(
      envelope(
        `<ListRecords><record><header><identifier>doi:10.1/x</identifier><datestamp>2026-01-01</datestamp></header><metadata>` +
          `<oai_datacite xmlns="http://schema.datacite.org/oai/oai-1.1/"><schemaVersion>4</schemaVersion><payload>` +
          `<resource xmlns="http://datacite.org/schema/kernel-4"><identifier identifierType="DOI">10.1/X</identifier></resource>` +
          `</payload></oai_datacite></metadata></record>` +
          `<record><header><identifier>dc1</identifier><datestamp>2026-01-01</datestamp></header><metadata>` +
          `<oai_dc:dc xmlns:oai_dc="http://www.openarchives.org/OAI/2.0/oai_dc/" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>T</dc:title></oai_dc:dc>` +
          `</metadata></record></ListRecords>`,
      ),
    );
    expect(page.records[0]?.metadata).toEqual({
      format: 'datacite-xml',
      text: '<resource xmlns="http://datacite.org/schema/kernel-4"><identifier identifierType="DOI">10.1/X</identifier></resource>',
    });
    expect(page.records[1]?.metadata?.format).toBe('dublin-core');
  });

  it('reports OAI-PMH errors such as noRecordsMatch', () => {
    const page = readListRecordsPage(envelope('<error code="noRecordsMatch">nothing changed</error>'));
    expect(page).toEqual({ records: [], error: { code: 'noRecordsMatch', message: 'nothing changed' } });
  });

  it('refuses a truncated page as an upstream failure', () => {
    const truncated = pycsw.slice(0, Math.floor(pycsw.length / 2));
    expect(() => readListRecordsPage(truncated)).toThrow(MeridianError);
    try {
      readListRecordsPage(truncated);
    } catch (error) {
      expect((error as MeridianError).code).toBe('UpstreamFailed');
    }
  });

  it('refuses a document that is not an OAI-PMH response', () => {
    expect(() => readListRecordsPage('<html><body>maintenance</body></html>')).toThrow(/not an OAI-PMH response/);
  });
});
