import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { citeRecords, isoRecords, openCswCatalogue, stacRecords, type CswCatalogue } from '../../integration/protocols/csw/cswCatalogue.js';
import { DRIVERS } from '../../support/drivers.js';

/*
 * Real CSW clients against Meridian listening on 127.0.0.1: OWSLib (what QGIS MetaSearch runs on) and
 * GDAL's CSW driver. Both come from Debian packages (python3-owslib, gdal-bin); a missing client fails
 * the test with the package to install, it never skips.
 */

const run = promisify(execFile);
const OWSLIB_SCRIPT = fileURLToPath(new URL('owslib_client.py', import.meta.url));
// Debian's python3-owslib installs for the system interpreter, which a version manager may shadow on PATH.
const PYTHON = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';

async function requireTool(command: string, args: readonly string[], debianPackage: string): Promise<void> {
  try {
    await run(command, [...args], { timeout: 60_000 });
  } catch (error) {
    throw new Error(`${command} ${args.join(' ')} failed: install the Debian package ${debianPackage} (apt-get install -y ${debianPackage})`, { cause: error });
  }
}

describe('CSW with real clients', () => {
  let csw: CswCatalogue;
  let server: Server;
  let endpoint: string;
  const records = [...citeRecords(), ...isoRecords(), ...stacRecords()];
  const items = ['sst-2020-01', 'sst-2020-02', 'sst-2020-03', 'sst-2020-04', 'sst-2020-05'];

  beforeAll(async () => {
    csw = await openCswCatalogue(DRIVERS[0] ?? 'pglite');
    await csw.load(records);
    server = await new Promise<Server>((resolve) => {
      const s = csw.app.listen(0, '127.0.0.1', () => resolve(s));
    });
    endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}/csw`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server?.close(resolve));
    await csw?.dispose();
  });

  it('OWSLib: capabilities, filters, CQL, paging to the end, Dublin Core and ISO records, GetRecordById', async () => {
    await requireTool(PYTHON, ['-c', 'import owslib'], 'python3-owslib');
    const { stdout } = await run(PYTHON, [OWSLIB_SCRIPT, endpoint], { timeout: 120_000 });
    const seen = JSON.parse(stdout);
    expect(seen.version).toBe('2.0.2');
    expect(seen.operations).toEqual(['GetCapabilities', 'DescribeRecord', 'GetRecords', 'GetRecordById', 'GetDomain', 'Transaction', 'Harvest']);
    expect(seen.getrecords_post).toBe(endpoint);
    expect(seen.anytext).toEqual({ matches: 3, ids: ['17bd184a-7e7d-4f81-95a5-041449a7212b', 'ie.marine.data:dataset.1135', 'sst-demo'] });
    // The same box in EPSG:4326 (latitude first) and in CRS84 (longitude first) selects the same records.
    expect(seen.bbox.ids).toEqual(seen.bbox_crs84.ids);
    expect(seen.bbox.ids).toEqual(expect.arrayContaining([...items, 'sst-demo']));
    expect(seen.bbox.ids).not.toContain('sst-2020-06');
    expect(seen.bbox.ids).not.toContain('17bd184a-7e7d-4f81-95a5-041449a7212b');
    expect(seen.and_or_not.ids).toEqual([
      'urn:uuid:66ae76b7-54ba-489b-a582-0f0633d96493',
      'urn:uuid:784e2afd-a9fd-44a6-9a92-a3848371c8ec',
      'urn:uuid:829babb0-b2f1-49e1-8cd5-7b489fe71a1e',
      'urn:uuid:e9330592-0932-474b-be34-c3a3bb67c7db',
    ]);
    expect(seen.organisation).toEqual({ matches: 1, ids: ['ie.marine.data:dataset.1135'] });
    expect(seen.organisation_like).toEqual({ matches: 1, ids: ['urn:x-wmo:md:int.wmo.wis::SMJP01RJTD'] });
    expect(seen.cql).toEqual({ matches: 2, titles: ['Lorem ipsum', 'Lorem ipsum dolor sit amet'] });
    expect(seen.paging).toEqual({ matches: records.length, pages: Math.ceil(records.length / 7), seen: records.length, unique: records.length });
    expect(seen.gmd.matches).toBe(records.length);
    expect(seen.gmd.returned).toBe(records.length);
    expect(Object.keys(seen.gmd.titles)).toHaveLength(records.length);
    expect(seen.gmd.titles['ie.marine.data:dataset.1135']).toBe('CE0911 Climate Change Survey');
    expect(seen.gmd.titles['sst-2020-03']).toBe('SST analysis 3');
    // The brief ISO view keeps identifiers and titles, not keywords.
    expect(seen.gmd_brief.titles).toEqual(seen.gmd.titles);
    expect(seen.gmd.keywords).toBeGreaterThan(0);
    expect(seen.gmd_brief.keywords).toBe(0);
    expect(seen.byid).toEqual({
      'urn:uuid:94bc9c83-97f6-4b40-9eb8-a8e8787a5c63': { title: 'Mauris sed neque', type: 'http://purl.org/dc/dcmitype/Dataset', bbox: ['-4.097', '47.595', '0.889', '51.217'] },
    });
    expect(seen.byid_gmd).toEqual({ '17bd184a-7e7d-4f81-95a5-041449a7212b': { title: 'Air temperature', contact: 'Instituto Português do Mar e da Atmosfera' } });
    expect(seen.byid_unknown).toBe(0);
  });

  it('GDAL CSW driver: opens the catalogue, counts records, filters by box and attribute', async () => {
    await requireTool('ogrinfo', ['--version'], 'gdal-bin');
    const summary = await run('ogrinfo', ['-ro', '-al', '-so', `CSW:${endpoint}`], { timeout: 120_000 });
    expect(summary.stdout).toContain('Layer name: records');
    expect(summary.stdout).toContain(`Feature Count: ${records.length}`);
    expect(summary.stdout).toMatch(/identifier: String/);
    const boxed = await run('ogrinfo', ['-ro', '-al', '-q', `CSW:${endpoint}`, '-spat', '4', '37', '9', '41'], { timeout: 120_000 });
    const found = [...boxed.stdout.matchAll(/identifier \(String\) = (\S+)/g)].map((m) => m[1]);
    expect(found).toEqual(expect.arrayContaining(items));
    expect(found).not.toContain('sst-2020-06');
    const where = await run('ogrinfo', ['-ro', '-al', '-so', `CSW:${endpoint}`, '-where', "identifier LIKE 'sst%'"], { timeout: 120_000 });
    expect(where.stdout).toContain('Feature Count: 7');
  });
});
