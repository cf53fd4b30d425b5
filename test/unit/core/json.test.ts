import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../../src/core/json.js';
import { readShared } from '../../support/shared.js';

describe('canonical JSON', () => {
  it('sorts object keys at every depth and leaves arrays in order', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { y: 1, x: 2 }], c: 'é' } })).toBe('{"a":{"c":"é","d":[3,{"x":2,"y":1}]},"b":1}');
  });

  it('drops undefined members and writes undefined array elements as null, as JSON.stringify does', () => {
    expect(canonicalJson({ u: undefined, n: null, list: [undefined, 'x'] })).toBe('{"list":[null,"x"],"n":null}');
  });

  it('orders array-index and __proto__ keys as text too, which an object copy cannot', () => {
    expect(canonicalJson({ b: [{ '10': 1, '2': 2, a: 3 }], a: 0 })).toBe('{"a":0,"b":[{"10":1,"2":2,"a":3}]}');
    expect(canonicalJson(JSON.parse('{"b":1,"__proto__":{"y":1,"x":2}}'))).toBe('{"__proto__":{"x":2,"y":1},"b":1}');
  });

  it('gives equal text for documents equal but for their key order', () => {
    const text = readShared('fixtures', 'esgf', 'esg-search_Dataset_CMIP6_CESM2_ceda.json');
    const doc = JSON.parse(text) as unknown;
    const reversed = JSON.parse(text, (_key, value: unknown) =>
      value !== null && typeof value === 'object' && !Array.isArray(value) ? Object.fromEntries(Object.entries(value).reverse()) : value,
    ) as unknown;
    expect(JSON.stringify(reversed)).not.toBe(JSON.stringify(doc));
    expect(canonicalJson(reversed)).toBe(canonicalJson(doc));
    expect(JSON.parse(canonicalJson(doc))).toEqual(doc);
  });
});
