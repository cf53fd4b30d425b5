import { describe, expect, it } from 'vitest';
import { OaiPmhError } from '../../../../src/protocols/oai-pmh/errors.js';
import { decodeToken, encodeToken, type OaiListState } from '../../../../src/protocols/oai-pmh/resumptionToken.js';

const KEY = Buffer.from('unit test key');
const state: OaiListState = {
  verb: 'ListRecords',
  prefix: 'iso19139',
  from: '2024-01-01T00:00:00Z',
  until: '2026-01-01T12:00:00.123Z',
  set: 'project:CMIP6:ScenarioMIP',
  position: { phase: 'items', after: 'eyJvIjoiYWJjIiwidiI6W119' },
  cursor: 200,
  completeListSize: 1234,
};

function refusal(token: string, key = KEY): string | undefined {
  try {
    decodeToken(token, key);
    return undefined;
  } catch (error) {
    return error instanceof OaiPmhError ? error.code : 'other';
  }
}

describe('resumption tokens', () => {
  it('carry the whole state of a list, in URL-safe characters', () => {
    const token = encodeToken(state, KEY);
    expect(token).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    expect(decodeToken(token, KEY)).toEqual(state);
    expect(encodeToken(state, KEY)).toBe(token);
  });

  it('are refused when altered, cut, or signed with another key', () => {
    const token = encodeToken(state, KEY);
    const [payload = '', mac = ''] = token.split('.');
    const forged = Buffer.from(JSON.stringify({ ...state, cursor: 0 })).toString('base64url');
    for (const bad of [`${forged}.${mac}`, payload, `${payload}.`, `${payload}.${mac}.x`, `${payload}.${mac.slice(0, -1)}`, '', 'garbage']) {
      expect(refusal(bad), bad).toBe('badResumptionToken');
    }
    expect(refusal(token, Buffer.from('another key'))).toBe('badResumptionToken');
  });

  it('are refused when a signed payload does not have the shape of a state', () => {
    for (const wrong of [{ ...state, cursor: -1 }, { ...state, prefix: 'marc21' }, { ...state, position: { phase: 'other' } }, { verb: 'ListSets', after: '', cursor: 0, completeListSize: 1 }, [1, 2]]) {
      expect(refusal(encodeToken(wrong as unknown as OaiListState, KEY))).toBe('badResumptionToken');
    }
  });
});
