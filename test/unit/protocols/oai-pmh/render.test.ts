import { describe, expect, it } from 'vitest';
import type { OaiErrorCode } from '../../../../src/protocols/oai-pmh/errors.js';
import { renderOai, renderOaiError, type OaiEnvelope, type OaiRecord } from '../../../../src/protocols/oai-pmh/render.js';
import { scopeXmlIds } from '../../../../src/protocols/oai-pmh/xmlIds.js';
import { sharedPath } from '../../../support/shared.js';
import { validateXml } from '../../../support/xmllint.js';

const XSD = sharedPath('schemas', 'validate', 'oai-pmh-all.xsd');
const envelope = (request: Record<string, string> = {}): OaiEnvelope => ({ endpoint: 'https://m.example.org/oai', responseDate: '2026-01-02T03:04:05Z', request });
const CODES: readonly OaiErrorCode[] = [
  'badArgument', 'badResumptionToken', 'badVerb', 'cannotDisseminateFormat', 'idDoesNotExist', 'noRecordsMatch', 'noMetadataFormats', 'noSetHierarchy',
];

async function text(chunks: AsyncIterable<string>): Promise<string[]> {
  const out: string[] = [];
  for await (const chunk of chunks) out.push(chunk);
  return out;
}

const record = (n: number, deleted = false): OaiRecord => ({
  identifier: `oai:m.example.org:c/i${n}`,
  datestamp: '2026-01-01T00:00:00Z',
  setSpecs: ['collection:c'],
  deleted,
  xml: `<oai_dc:dc xmlns:oai_dc="http://www.openarchives.org/OAI/2.0/oai_dc/" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>Record &amp; ${n}</dc:title></oai_dc:dc>`,
});

async function* records(n: number): AsyncGenerator<OaiRecord> {
  for (let i = 0; i < n; i += 1) yield record(i, i === 1);
}

describe('OAI-PMH rendering', () => {
  it.each(CODES)('writes %s as a valid error document', (code) => {
    const request: Record<string, string> = code === 'badVerb' || code === 'badArgument' ? {} : { verb: 'ListMetadataFormats', identifier: 'oai:m.example.org:c/a' };
    const xml = renderOaiError(envelope(request), code, 'a <message> & "quotes"');
    expect(validateXml(xml, XSD)).toEqual([]);
    expect(xml).toContain(`<error code="${code}">a &lt;message&gt; &amp; &quot;quotes&quot;</error>`);
  });

  it('writes a list one record at a time, then the resumption token', async () => {
    const chunks = await text(
      renderOai(envelope({ verb: 'ListRecords', resumptionToken: 't' }), {
        verb: 'ListRecords',
        records: records(3),
        resumption: async () => ({ token: 'next', cursor: 7, completeListSize: 30 }),
      }),
    );
    expect(chunks.filter((c) => c.startsWith('<record>'))).toHaveLength(3);
    const xml = chunks.join('');
    expect(validateXml(xml, XSD)).toEqual([]);
    expect(xml).toContain('<record><header status="deleted"><identifier>oai:m.example.org:c/i1</identifier><datestamp>2026-01-01T00:00:00Z</datestamp><setSpec>collection:c</setSpec></header></record>');
    expect(xml).toContain('<resumptionToken completeListSize="30" cursor="7">next</resumptionToken>');
  });

  it('closes a list with an empty token, and writes none for a list that fits in one response', async () => {
    const closing = (await text(renderOai(envelope(), { verb: 'ListIdentifiers', records: records(1), resumption: async () => ({ token: '', cursor: 14, completeListSize: 15 }) }))).join('');
    expect(closing).toContain('<resumptionToken completeListSize="15" cursor="14"/>');
    expect(validateXml(closing, XSD)).toEqual([]);
    const whole = (await text(renderOai(envelope(), { verb: 'ListIdentifiers', records: records(2), resumption: async () => undefined }))).join('');
    expect(whole).not.toContain('resumptionToken');
  });
});

describe('scoping xs:ID values', () => {
  it('prefixes ids and same-document references in start tags only', () => {
    const xml = `<a gml:id="tp1" id='x'><b xlink:href="#tp1" href="http://e.org/#f">id="text" stays</b><!-- <c id="c"/> --><![CDATA[<d id="d"/>]]><e idref="z" uuid="u" identifier="q"/></a>`;
    expect(scopeXmlIds(xml, 'r2')).toBe(
      `<a gml:id="r2-tp1" id='r2-x'><b xlink:href="#r2-tp1" href="http://e.org/#f">id="text" stays</b><!-- <c id="c"/> --><![CDATA[<d id="d"/>]]><e idref="z" uuid="u" identifier="q"/></a>`,
    );
  });

  it('copes with > inside attribute values and with self-closing tags', () => {
    expect(scopeXmlIds('<a title="x > y" gml:id="p"/><b gml:id="q"></b>', 's')).toBe('<a title="x > y" gml:id="s-p"/><b gml:id="s-q"></b>');
  });
});
