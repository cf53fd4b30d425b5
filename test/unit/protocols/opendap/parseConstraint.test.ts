import { describe, expect, it } from 'vitest';
import { parseConstraint } from '../../../../src/protocols/opendap/dap2/parseConstraint.js';
import { DapError } from '../../../../src/protocols/opendap/errors.js';
import { seededRandom } from '../../netcdf/netcdf3/sampleFiles.js';

function dapError(ce: string): DapError {
  try {
    parseConstraint(ce);
  } catch (error) {
    if (error instanceof DapError) return error;
    throw error;
  }
  throw new Error(`"${ce}" was accepted`);
}

describe('DAP2 constraint parser', () => {
  it('reads projections with every index form', () => {
    expect(parseConstraint('time,tas[0:1:9][10][0:2:359],lat[3:5]').projections).toEqual([
      [{ name: 'time', indices: [] }],
      [{ name: 'tas', indices: [{ start: 0, stride: 1, stop: 9 }, { start: 10, stride: 1, stop: 10 }, { start: 0, stride: 2, stop: 359 }] }],
      [{ name: 'lat', indices: [{ start: 3, stride: 1, stop: 5 }] }],
    ]);
  });

  it('reads Grid components and %-escaped names', () => {
    expect(parseConstraint('tas.tas[0][1],tas.time, grp%2Fvar[2] ').projections).toEqual([
      [
        { name: 'tas', indices: [] },
        { name: 'tas', indices: [{ start: 0, stride: 1, stop: 0 }, { start: 1, stride: 1, stop: 1 }] },
      ],
      [{ name: 'tas', indices: [] }, { name: 'time', indices: [] }],
      [{ name: 'grp/var', indices: [{ start: 2, stride: 1, stop: 2 }] }],
    ]);
  });

  it('takes an empty constraint, or empty selection clauses, as every variable', () => {
    expect(parseConstraint('').projections).toEqual([]);
    expect(parseConstraint('&').projections).toEqual([]);
    expect(parseConstraint('time&').projections).toEqual([[{ name: 'time', indices: [] }]]);
  });

  it.each([
    ['tas[', /expected a non-negative integer/],
    ['tas[1', /expected ":"/],
    ['tas[1:2:3:4]', /expected "]"/],
    ['tas[-1]', /expected a non-negative integer/],
    ['tas[a]', /expected a non-negative integer/],
    ['tas,,time', /expected a variable name/],
    ['tas time', /unexpected "t"/],
    ['tas.', /expected a variable name/],
    ['tas[99999999999999999999]', /too large/],
    ['ba%zzd', /malformed %-escape/],
    ['"quoted"', /unexpected|expected a variable name/],
  ])('refuses "%s" with a 400 parse error', (ce, message) => {
    const error = dapError(ce);
    expect(error.status).toBe(400);
    expect(error.code).toBe(1005);
    expect(error.message).toMatch(message);
  });

  it('refuses selections and functions by name', () => {
    expect(dapError('time&time>3').message).toMatch(/Selections .* apply only to Sequences/);
    const fn = dapError('geogrid(tas,1,2,3,4)');
    expect([fn.status, fn.code]).toEqual([501, 1008]);
  });

  it('refuses over-long constraints', () => {
    expect(dapError(`a${'b'.repeat(9000)}`).message).toMatch(/longer than/);
  });

  it('answers random input with a DAP error or a result, never anything else', () => {
    const random = seededRandom(3);
    const alphabet = 'ab1[]:.,&()%5b"={}<>!~ -_/\\0';
    for (let i = 0; i < 5000; i++) {
      const ce = Array.from({ length: random(24) }, () => alphabet[random(alphabet.length)]).join('');
      try {
        parseConstraint(ce);
      } catch (error) {
        expect(error, ce).toBeInstanceOf(DapError);
        expect((error as DapError).status, ce).toBeLessThan(502);
      }
    }
  });
});
