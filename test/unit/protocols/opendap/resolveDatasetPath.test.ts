import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { MeridianError } from '../../../../src/core/errors.js';
import { parseDatasetUrl, resolveDatasetPath } from '../../../../src/protocols/opendap/resolveDatasetPath.js';

const dir = mkdtempSync(join(tmpdir(), 'meridian-resolve-'));
mkdirSync(join(dir, 'sub dir'));
writeFileSync(join(dir, 'sub dir', 'a.nc'), 'CDF');
const roots = [{ name: 'r', path: dir }];

afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function codeOf(promise: Promise<unknown>): Promise<string | undefined> {
  try {
    await promise;
  } catch (error) {
    return error instanceof MeridianError ? error.code : 'other';
  }
  return undefined;
}

describe('dataset paths', () => {
  it('finds a file whose encoded path was encoded once more, as netCDF-C 4.9 does over DAP4', async () => {
    const once = parseDatasetUrl('/r/sub%20dir/a.nc.dmr.xml');
    const twice = parseDatasetUrl('/r/sub%2520dir/a.nc.dmr.xml');
    expect(twice.segments).toEqual(['r', 'sub%20dir', 'a.nc']);
    const expected = await resolveDatasetPath(roots, once.segments);
    expect(await resolveDatasetPath(roots, twice.segments)).toEqual(expected);
  });

  it('refuses dot segments and slashes that a second decoding reveals', async () => {
    expect(await codeOf(resolveDatasetPath(roots, parseDatasetUrl('/r/%252e%252e/etc/passwd.dds').segments))).toBe('InvalidParameter');
    expect(await codeOf(resolveDatasetPath(roots, parseDatasetUrl('/r/sub%2520dir%252fa.nc.dds').segments))).toBe('InvalidParameter');
    expect(await codeOf(resolveDatasetPath(roots, parseDatasetUrl('/r/sub%2520dir/b.nc.dds').segments))).toBe('NotFound');
  });
});
