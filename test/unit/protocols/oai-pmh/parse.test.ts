import { describe, expect, it } from 'vitest';
import { parseOaiDate, toDatestamp } from '../../../../src/protocols/oai-pmh/datestamp.js';
import { OaiPmhError } from '../../../../src/protocols/oai-pmh/errors.js';
import { parseOaiRequest, readOaiArguments, type OaiRequest } from '../../../../src/protocols/oai-pmh/parse.js';
import { encodeToken } from '../../../../src/protocols/oai-pmh/resumptionToken.js';

const KEY = Buffer.from('unit test key');
const NOW = new Date('2026-03-04T05:06:07.890Z');

function parse(query: string): OaiRequest {
  return parseOaiRequest(readOaiArguments(new URLSearchParams(query)), { tokenKey: KEY, now: NOW });
}

function codeOf(query: string): string | undefined {
  try {
    parse(query);
    return undefined;
  } catch (error) {
    if (error instanceof OaiPmhError) return error.code;
    throw error;
  }
}

describe('OAI-PMH arguments', () => {
  it.each([
    ['', 'badVerb'],
    ['verb=Harvest', 'badVerb'],
    ['verb=identify', 'badVerb'],
    ['verb=Identify&verb=Identify', 'badVerb'],
    ['verb=Identify&metadataPrefix=oai_dc', 'badArgument'],
    ['verb=Identify&foo=bar', 'badArgument'],
    ['verb=ListMetadataFormats&identifier=', 'badArgument'],
    ['verb=GetRecord&identifier=oai:x.org:a', 'badArgument'],
    ['verb=GetRecord&metadataPrefix=oai_dc', 'badArgument'],
    ['verb=GetRecord&identifier=oai:x.org:a&metadataPrefix=marc21', 'cannotDisseminateFormat'],
    ['verb=GetRecord&identifier=oai:x.org:a&metadataPrefix=oai%20dc', 'badArgument'],
    ['verb=ListRecords', 'badArgument'],
    ['verb=ListRecords&metadataPrefix=oai_dc&metadataPrefix=oai_dc', 'badArgument'],
    ['verb=ListRecords&metadataPrefix=oai_dc&from=2024-13-01', 'badArgument'],
    ['verb=ListRecords&metadataPrefix=oai_dc&from=2023-02-29', 'badArgument'],
    ['verb=ListRecords&metadataPrefix=oai_dc&from=2024-01-01T00:00:00', 'badArgument'],
    ['verb=ListRecords&metadataPrefix=oai_dc&from=2024-01-01T00:00:00.5Z', 'badArgument'],
    ['verb=ListRecords&metadataPrefix=oai_dc&from=2024-01-01T00:00:00%2B01:00', 'badArgument'],
    ['verb=ListRecords&metadataPrefix=oai_dc&from=2024-01-01&until=2024-01-02T00:00:00Z', 'badArgument'],
    ['verb=ListRecords&metadataPrefix=oai_dc&from=2024-01-02&until=2024-01-01', 'badArgument'],
    ['verb=ListRecords&metadataPrefix=oai_dc&set=a b', 'badArgument'],
    ['verb=ListRecords&metadataPrefix=oai_dc&set=project::x', 'badArgument'],
    ['verb=ListRecords&metadataPrefix=marc21&from=bad', 'badArgument'],
    ['verb=ListRecords&metadataPrefix=marc21', 'cannotDisseminateFormat'],
    ['verb=ListRecords&metadataPrefix=oai_dc&resumptionToken=x', 'badArgument'],
    ['verb=ListRecords&resumptionToken=x', 'badResumptionToken'],
    ['verb=ListRecords&resumptionToken=', 'badResumptionToken'],
    ['verb=ListSets&resumptionToken=x', 'badResumptionToken'],
    ['verb=ListSets&set=collection', 'badArgument'],
  ])('refuses %j with %s', (query, code) => {
    expect(codeOf(query)).toBe(code);
  });

  it('reads every verb with its arguments', () => {
    expect(parse('verb=Identify')).toEqual({ verb: 'Identify' });
    expect(parse('verb=ListMetadataFormats')).toEqual({ verb: 'ListMetadataFormats' });
    expect(parse('verb=ListMetadataFormats&identifier=oai:x.org:a')).toEqual({ verb: 'ListMetadataFormats', identifier: 'oai:x.org:a' });
    expect(parse('verb=ListSets')).toEqual({ verb: 'ListSets' });
    expect(parse('verb=GetRecord&identifier=oai:x.org:a&metadataPrefix=datacite')).toEqual({ verb: 'GetRecord', identifier: 'oai:x.org:a', prefix: 'datacite' });
  });

  it('starts a list with until frozen at the request time, or at the end of the until given', () => {
    expect(parse('verb=ListIdentifiers&metadataPrefix=iso19139')).toEqual({
      verb: 'ListIdentifiers',
      state: { verb: 'ListIdentifiers', prefix: 'iso19139', until: '2026-03-04T05:06:07.890Z', position: { phase: 'collections' }, cursor: 0 },
    });
    expect(parse('verb=ListRecords&metadataPrefix=oai_dc&from=2024-01-01&until=2024-01-31&set=project:CMIP6')).toEqual({
      verb: 'ListRecords',
      state: {
        verb: 'ListRecords',
        prefix: 'oai_dc',
        from: '2024-01-01T00:00:00Z',
        until: '2024-01-31T23:59:59.999999Z',
        set: 'project:CMIP6',
        position: { phase: 'collections' },
        cursor: 0,
      },
    });
    expect(parse('verb=ListRecords&metadataPrefix=oai_dc&from=2024-01-01T10:00:00Z&until=2024-01-01T10:00:00Z')).toMatchObject({
      state: { from: '2024-01-01T10:00:00Z', until: '2024-01-01T10:00:00.999999Z' },
    });
  });

  it('continues a list from its token alone, and refuses a token of another verb', () => {
    const state = { verb: 'ListRecords', prefix: 'oai_dc', until: '2026-01-01T00:00:00Z', position: { phase: 'items', after: 'abc' }, cursor: 7 } as const;
    const token = encodeToken(state, KEY);
    expect(parse(`verb=ListRecords&resumptionToken=${token}`)).toEqual({ verb: 'ListRecords', state });
    expect(codeOf(`verb=ListIdentifiers&resumptionToken=${token}`)).toBe('badResumptionToken');
    const sets = encodeToken({ verb: 'ListSets', after: 'collection:a', cursor: 1, completeListSize: 3 }, KEY);
    expect(parse(`verb=ListSets&resumptionToken=${sets}`)).toEqual({ verb: 'ListSets', state: { verb: 'ListSets', after: 'collection:a', cursor: 1, completeListSize: 3 } });
  });
});

describe('OAI-PMH datestamps', () => {
  it('reads both granularities as the instants they cover', () => {
    expect(parseOaiDate('2024-02-29')).toEqual({ granularity: 'day', start: '2024-02-29T00:00:00Z', end: '2024-02-29T23:59:59.999999Z' });
    expect(parseOaiDate('2024-02-29T23:59:59Z')).toEqual({ granularity: 'second', start: '2024-02-29T23:59:59Z', end: '2024-02-29T23:59:59.999999Z' });
    for (const bad of ['2024-2-29', '2024-02-29T24:00:00Z', '2024-02-29T10:60:00Z', '0000-01-01', '2024-02-29Z', '']) expect(parseOaiDate(bad)).toBeUndefined();
  });

  it('writes datestamps to the second, truncated', () => {
    expect(toDatestamp('2024-05-01T10:00:00.999Z')).toBe('2024-05-01T10:00:00Z');
    expect(toDatestamp(new Date('2024-05-01T23:59:59.5Z'))).toBe('2024-05-01T23:59:59Z');
  });
});
