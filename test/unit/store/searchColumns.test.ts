import { describe, expect, it } from 'vitest';
import { searchColumns } from '../../../src/store/searchColumns.js';
import { makeItem } from '../../support/stacFactory.js';

describe('search columns', () => {
  it('gives the free text each string once, lower-cased and without accents', () => {
    const item = makeItem('c1', 'CMIP6.tas.v1', {
      properties: { title: 'Température CMIP6.tas', base_id: 'CMIP6.tas', 'cmip6:variable_id': 'tas', 'esgf:variable': 'tas', keywords: ['tas', 'Été'] },
    });
    expect(searchColumns(item).text).toBe('cmip6.tas.v1 temperature cmip6.tas tas ete cmip6.tas');
  });
});
