import type { Logger } from 'pino';
import { describe, expect, it, vi } from 'vitest';
import type { StacRecord } from '../../../../src/core/stac.js';
import { child, children, parseXml } from '../../../../src/core/xml.js';
import { CSW, GMD } from '../../../../src/protocols/csw/namespaces.js';
import { answerCsw, type OperationContext } from '../../../../src/protocols/csw/operations.js';
import { parseKvpRequest } from '../../../../src/protocols/csw/parseKvp.js';
import { nativeIsoRecord, withUniqueIds } from '../../../../src/protocols/csw/renderRecord.js';
import type { RecordEnvelope, SearchBackend } from '../../../../src/search/backend.js';
import type { SearchRequest } from '../../../../src/search/request.js';
import type { RecordStore } from '../../../../src/store/recordStore.js';
import { makeCollection } from '../../../support/stacFactory.js';

const envelope = (doc: StacRecord): RecordEnvelope => ({ kind: 'collection', collectionId: '', id: doc.id, doc, datestamp: '2024-01-01T00:00:00.000Z', deleted: false });

/** A search core over a fixed list of collections (no items), honouring offset and limit, with a `next` token when more follow. */
function fakeSearch(records: readonly RecordEnvelope[]): SearchBackend & { requests: SearchRequest[] } {
  const requests: SearchRequest[] = [];
  return {
    requests,
    capabilities: { filterOperators: new Set() },
    async search(req) {
      requests.push(req);
      const all = req.target === 'collections' ? records : [];
      const offset = req.page !== undefined && 'offset' in req.page ? req.page.offset : 0;
      return { records: all.slice(offset, offset + req.limit), ...(offset + req.limit < all.length ? { next: 'more' } : {}) };
    },
    async aggregate(req) {
      return [{ name: 'matched', kind: 'total_count', value: req.target === 'collections' ? records.length : 0 }];
    },
  };
}

function context(search: SearchBackend, warn = vi.fn()): OperationContext {
  return {
    search,
    store: { get: async () => undefined } as unknown as RecordStore,
    log: { warn, error: vi.fn() } as unknown as Logger,
    service: { endpoint: 'http://csw.test/csw', baseUrl: 'http://csw.test', title: 'Test', abstract: 'Test catalogue' },
    requestUrl: 'http://csw.test/csw',
    actor: 'anonymous',
    authorize: async () => undefined,
  };
}

async function text(body: AsyncIterable<string>): Promise<string> {
  let out = '';
  for await (const chunk of body) out += chunk;
  return out;
}

describe('records in CSW answers', () => {
  it('leaves out and logs a record that cannot be rendered, counting it as consumed for nextRecord', async () => {
    const broken = { ...makeCollection('broken'), id: '' } as StacRecord;
    const search = fakeSearch([envelope(makeCollection('a')), envelope(broken), envelope(makeCollection('c')), envelope(makeCollection('d'))]);
    const warn = vi.fn();
    const request = parseKvpRequest(
      new URLSearchParams('service=CSW&version=2.0.2&request=GetRecords&typeNames=gmd:MD_Metadata&resultType=results&outputSchema=http://www.isotc211.org/2005/gmd&maxRecords=3'),
      'http://csw.test/csw',
    );
    const answer = await answerCsw(request, context(search, warn));
    const results = child(parseXml(await text(answer.body)), CSW, 'SearchResults');
    expect(results?.attrs).toMatchObject({ numberOfRecordsMatched: '4', numberOfRecordsReturned: '2', nextRecord: '4' });
    expect(children(results, GMD, 'MD_Metadata')).toHaveLength(2);
    expect(warn).toHaveBeenCalledOnce();
    expect(warn.mock.calls[0]?.[1]).toBe('record left out of a CSW response');
  });

  it('asks the core for collections first, then items, each in a unique order', async () => {
    const search = fakeSearch([envelope(makeCollection('a'))]);
    const request = parseKvpRequest(new URLSearchParams('service=CSW&version=2.0.2&request=GetRecords&typeNames=csw:Record&resultType=results&sortBy=dc:title:D'), 'http://csw.test/csw');
    await answerCsw(request, context(search));
    expect(search.requests.map((r) => [r.target, r.sortby, r.page])).toEqual([
      ['collections', [{ field: 'title', direction: 'desc' }, { field: 'id', direction: 'asc' }], { offset: 0 }],
      [
        'items',
        [
          { field: 'title', direction: 'desc' },
          { field: 'collection', direction: 'asc' },
          { field: 'id', direction: 'asc' },
        ],
        { offset: 0 },
      ],
    ]);
  });

  it('renames ids that an earlier record of the response already used, with their references', () => {
    const used = new Set<string>();
    const record = '<gmd:MD_Metadata><gml:TimePeriod gml:id="tp1"/><a xlink:href="#tp1"/><gco:X id="o1"/></gmd:MD_Metadata>';
    expect(withUniqueIds(record, used)).toBe(record);
    expect(withUniqueIds(record, used)).toBe('<gmd:MD_Metadata><gml:TimePeriod gml:id="tp1-2"/><a xlink:href="#tp1-2"/><gco:X id="o1-2"/></gmd:MD_Metadata>');
    expect(withUniqueIds(record, used)).toContain('gml:id="tp1-3"');
  });

  it('takes the MD_Metadata element of a native document, and nothing else', () => {
    const doc = '<?xml version="1.0"?>\n<!-- harvested -->\n<gmd:MD_Metadata xmlns:gmd="http://www.isotc211.org/2005/gmd"><gmd:fileIdentifier/></gmd:MD_Metadata>\n';
    expect(nativeIsoRecord(doc)).toBe('<gmd:MD_Metadata xmlns:gmd="http://www.isotc211.org/2005/gmd"><gmd:fileIdentifier/></gmd:MD_Metadata>');
    expect(nativeIsoRecord('<gmi:MI_Metadata xmlns:gmi="http://www.isotc211.org/2005/gmi"/>')).toBeUndefined();
    expect(nativeIsoRecord('<x:MD_Metadata xmlns:x="http://standards.iso.org/iso/19115/-3/mdb/2.0"/>')).toBeUndefined();
  });
});
