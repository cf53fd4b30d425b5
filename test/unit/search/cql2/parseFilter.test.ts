import { describe, expect, it } from 'vitest';
import { MeridianError } from '../../../../src/core/errors.js';
import { parseFilter } from '../../../../src/search/cql2/parseFilter.js';

function errorOf(run: () => unknown): MeridianError {
  try {
    run();
  } catch (error) {
    if (error instanceof MeridianError) return error;
    throw error;
  }
  throw new Error('expected a MeridianError');
}

const expected = { op: '=', args: [{ property: 'eo:cloud_cover' }, 10] };
const json = { op: '=', args: [{ property: 'eo:cloud_cover' }, 10] };

describe('parseFilter', () => {
  it('reads the language named by filter-lang', () => {
    expect(parseFilter('eo:cloud_cover = 10', 'cql2-text')).toEqual(expected);
    expect(parseFilter(json, 'cql2-json')).toEqual(expected);
    expect(parseFilter(JSON.stringify(json), 'cql2-json')).toEqual(expected);
    expect(parseFilter('eo:cloud_cover = 10', 'CQL2-TEXT')).toEqual(expected);
  });

  it('without filter-lang, reads a string not starting with { as text and anything else as JSON', () => {
    expect(parseFilter('eo:cloud_cover = 10', undefined)).toEqual(expected);
    expect(parseFilter('TRUE', undefined)).toBe(true);
    expect(parseFilter(`  ${JSON.stringify(json)}`, undefined)).toEqual(expected);
    expect(parseFilter(json, undefined)).toEqual(expected);
    expect(parseFilter(false, undefined)).toBe(false);
  });

  it('rejects an unknown filter-lang with the filter-lang locator', () => {
    const error = errorOf(() => parseFilter('a = 1', 'cql-text'));
    expect(error.code).toBe('InvalidParameter');
    expect(error.locator).toBe('filter-lang');
    expect(error.message).toBe('filter-lang: unsupported value "cql-text"; use cql2-text or cql2-json');
    expect(errorOf(() => parseFilter('a = 1', '')).locator).toBe('filter-lang');
  });

  it('rejects a cql2-text filter that is not a string', () => {
    const error = errorOf(() => parseFilter(json, 'cql2-text'));
    expect(error.locator).toBe('filter');
    expect(error.message).toBe('filter: a cql2-text filter must be a string');
  });

  it('passes on the errors of the chosen parser', () => {
    expect(errorOf(() => parseFilter('a = ', undefined)).message).toBe(
      'filter: unexpected end of input at character 5 (expected a value)',
    );
    expect(errorOf(() => parseFilter('a = 1', 'cql2-json')).message).toMatch(/^filter: not valid JSON/);
  });
});
