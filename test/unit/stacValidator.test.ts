import { describe, expect, it } from 'vitest';
import { validateStac } from '../support/stacValidator.js';

describe('offline STAC validation', () => {
  it('accepts a minimal valid item and rejects one without geometry', () => {
    const item = {
      type: 'Feature', stac_version: '1.1.0', id: 'a', geometry: { type: 'Point', coordinates: [1, 2] },
      bbox: [1, 2, 1, 2], properties: { datetime: '2020-01-01T00:00:00Z' }, links: [], assets: {},
    };
    expect(validateStac(item)).toEqual([]);
    const { geometry: _g, ...broken } = item;
    expect(validateStac(broken).length).toBeGreaterThan(0);
  });
});
