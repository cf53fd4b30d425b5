/**
 * A data root published by a running Meridian, as a client meets it: the STAC Items of the served
 * API, each OPeNDAP asset opened with xarray (netCDF-C's DAP2 client, as the plain href gives) and
 * compared with the local file, the same datasets read whole over DAP4, and DAP4 constraints read by
 * netCDF-C (ncdump, netCDF4-python) and checked byte by byte. The root is a temporary copy of ../shared/fixtures/netcdf with one file in a
 * directory whose name has a space, a file that is not NetCDF and a link out of the root.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StacItem } from '../../../src/core/stac.js';
import { startServer, type RunningServer } from '../../../src/server.js';
import { FIXTURES, makeDataRoot } from '../../support/dataRoot.js';
import { testConfig } from '../../support/stacApi.js';
import { validateStac } from '../../support/stacValidator.js';
import { PYTHON, requireCommand, requirePythonModule } from '../../unit/netcdf/netcdf3/sampleFiles.js';

const run = promisify(execFile);
const ROOT_NAME = 'ocean';
let root: string;
let outside: string;
let dataDir: string;
let server: RunningServer;
let items: StacItem[];

async function python(script: string, env: Record<string, string>): Promise<string> {
  return (await run(PYTHON, ['-c', script], { env: { ...process.env, ...env }, maxBuffer: 1 << 26 })).stdout;
}

/** The items of the root's collection once the background publishing has catalogued every file. */
async function publishedItems(baseUrl: string): Promise<StacItem[]> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const response = await fetch(`${baseUrl}/collections/${ROOT_NAME}/items?limit=100`);
    if (response.ok) {
      const { features } = (await response.json()) as { features: StacItem[] };
      if (features.length === FIXTURES.length) return features;
    }
    if (Date.now() > deadline) throw new Error(`the data root was not published within 60 s (last status ${response.status})`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

beforeAll(async () => {
  requireCommand('ncdump', 'netcdf-bin');
  requirePythonModule('netCDF4', 'python3-netcdf4');
  requirePythonModule('xarray', 'python3-xarray');
  ({ root, outside } = await makeDataRoot());
  dataDir = await mkdtemp(join(tmpdir(), 'meridian-published-db-'));
  const base = testConfig();
  server = await startServer(
    {
      ...base,
      server: { ...base.server, host: '127.0.0.1', port: 0 },
      database: { ...base.database, url: '', dataDir },
      datasets: [{ name: ROOT_NAME, path: root, title: 'Ocean files' }],
    },
    pino({ level: 'silent' }),
  );
  items = await publishedItems(server.url);
}, 180_000);

afterAll(async () => {
  await server?.close();
  for (const dir of [root, outside, dataDir]) if (dir) await rm(dir, { recursive: true, force: true });
});

/**
 * Compares each remote dataset with its local file, both opened by xarray (engine netcdf4). DAP2 says
 * what netCDF-C then shows differently, as with THREDDS: char arrays arrive as strings (each up to its
 * first NUL) that netCDF-C gives back as characters along a `maxStrlen64` dimension (texts longer than
 * 64 are cut), and the unlimited dimension is named in the global attribute `DODS_EXTRA.Unlimited_Dimension`.
 */
const COMPARE_WITH_XARRAY = `
import json, os, warnings, netCDF4, numpy as np, xarray as xr
warnings.simplefilter('ignore')
MAX_STRLEN = 64

def same(a, b):
    a, b = np.asarray(a), np.asarray(b)
    if a.shape != b.shape: return False
    if a.dtype.kind == 'O' or b.dtype.kind == 'O':
        return all(x == y or (x != x and y != y) for x, y in zip(a.ravel(), b.ravel()))
    if a.dtype.kind in 'fcmM': return np.array_equal(a, b, equal_nan=True)
    return np.array_equal(a, b)

def same_attrs(a, b):
    return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)

def texts(chars):
    """The strings of a char array: its characters along the last axis up to the first NUL."""
    c = np.asarray(chars)
    return [row.tobytes().split(b'\\0')[0][:MAX_STRLEN] for row in c.reshape(-1, c.shape[-1])]

ENCODING = ('dtype', '_FillValue', 'missing_value', 'scale_factor', 'add_offset', 'units', 'calendar')
for item in json.loads(os.environ['ITEMS']):
    href, path = item['href'], item['path']
    local, remote = xr.open_dataset(path, engine='netcdf4'), xr.open_dataset(href, engine='netcdf4')
    # Char arrays as characters, through the library under xarray's engine (xarray refuses a 2-D
    # variable named like its first dimension when it does not join the characters).
    raw_local, raw_remote = netCDF4.Dataset(path), netCDF4.Dataset(href)
    for ds in (raw_local, raw_remote):
        ds.set_auto_maskandscale(False)
        ds.set_auto_chartostring(False)
    chars = {n for n, v in raw_local.variables.items() if v.dtype == 'S1'}
    unlimited = [n for n, d in raw_local.dimensions.items() if d.isunlimited()]
    assert set(remote.variables) == set(local.variables), (href, set(remote.variables) ^ set(local.variables))
    globals_expected = dict(local.attrs, **{'DODS_EXTRA.Unlimited_Dimension': u for u in unlimited})
    assert same_attrs(remote.attrs, globals_expected), (href, remote.attrs, globals_expected)
    for name in local.variables:
        l, r = local[name], remote[name]
        assert same_attrs(r.attrs, l.attrs), (href, name, r.attrs, l.attrs)
        if name in chars:
            assert texts(raw_remote[name][:]) == texts(raw_local[name][:]), (href, name)
            continue
        assert r.dims == l.dims and r.shape == l.shape, (href, name, r.dims, l.dims)
        assert same(r.values, l.values), (href, name)
        for key in ENCODING:
            assert same(r.encoding.get(key, 'absent'), l.encoding.get(key, 'absent')), (href, name, key, r.encoding.get(key), l.encoding.get(key))
    print(href)
`;

describe('a published data root, as clients see it', () => {
  it('serves one valid STAC Item per NetCDF file, whose OPeNDAP asset opens in xarray with the local variables, attributes and values', async () => {
    expect(items.map((i) => i.id).sort()).toEqual([...FIXTURES.slice(1), `sub dir/${FIXTURES[0]}`].sort());
    for (const item of items) expect(validateStac(item as unknown as Record<string, unknown>)).toEqual([]);
    const assets = items.map((item) => ({ href: String(item.assets.opendap?.href), path: join(root, item.id) }));
    expect(assets.every((a) => a.href.startsWith(`${server.url}/opendap/${ROOT_NAME}/`))).toBe(true);
    const out = await python(COMPARE_WITH_XARRAY, { ITEMS: JSON.stringify(assets) });
    expect(out.trim().split('\n').sort()).toEqual(assets.map((a) => a.href).sort());
  }, 120_000);

  it('gives netCDF-C every published dataset whole over DAP4 with the local dimensions, types, values and attributes', async () => {
    const assets = items.map((item) => ({ href: `${String(item.assets.opendap?.href)}#dap4`, path: join(root, item.id) }));
    const out = await python(
      `
import html, json, os, netCDF4, numpy as np

def same_attributes(l, r, where):
    # netCDF-C 4.9 itself alters DAP4 attributes: the last bits of Float32 values, XML escapes put
    # back into texts; it adds _edu.ucar.maps for the Maps.
    la = {k: l.getncattr(k) for k in l.ncattrs()}
    ra = {k: r.getncattr(k) for k in r.ncattrs() if k != '_edu.ucar.maps'}
    assert la.keys() == ra.keys(), (where, la.keys() ^ ra.keys())
    for k in la:
        x, y = np.asarray(la[k]), np.asarray(ra[k])
        if x.dtype == np.float32: assert np.allclose(x, y, rtol=1e-6, equal_nan=True), (where, k, x, y)
        elif x.dtype.kind in 'fiu': assert x.dtype == y.dtype and np.array_equal(x, y, equal_nan=x.dtype.kind == 'f'), (where, k, x, y)
        else: assert str(la[k]) == html.unescape(str(ra[k])), (where, k, la[k], ra[k])

for item in json.loads(os.environ['ITEMS']):
    L, R = netCDF4.Dataset(item['path']), netCDF4.Dataset(item['href'])
    for ds in (L, R):
        ds.set_auto_maskandscale(False)
        ds.set_auto_chartostring(False)
    dims = lambda ds: {n: (d.size, d.isunlimited()) for n, d in ds.dimensions.items()}
    assert dims(R) == dims(L), (item['href'], dims(R), dims(L))
    assert set(R.variables) == set(L.variables), (item['href'], set(R.variables) ^ set(L.variables))
    same_attributes(L, R, item['href'])
    for name, l in L.variables.items():
        r = R.variables[name]
        assert r.dimensions == l.dimensions and r.dtype == l.dtype, (item['href'], name, r.dimensions, l.dimensions, r.dtype, l.dtype)
        a, b = l[:], r[:]
        assert np.array_equal(a, b, equal_nan=a.dtype.kind == 'f') if a.dtype.kind != 'O' else list(a.ravel()) == list(b.ravel()), (item['href'], name)
        same_attributes(l, r, (item['href'], name))
    print(item['href'])
`,
      { ITEMS: JSON.stringify(assets) },
    );
    expect(out.trim().split('\n').sort()).toEqual(assets.map((a) => a.href).sort());
  }, 120_000);

  /** The items' OPeNDAP hrefs by file name, as `dap4://` URLs (netCDF-C's DAP4 client). */
  const dap4Url = (file: string): string => {
    const href = String(items.find((i) => i.id.endsWith(file))?.assets.opendap?.href);
    return href.replace(/^http:/, 'dap4:');
  };

  it('gives netCDF-C the dimensions and values of a DAP4 constraint sent in the URL', async () => {
    const basin = dap4Url('basin_mask_netcdf4.nc');
    const seacat = dap4Url(FIXTURES[0]!);
    // A shared dimension slice is declared narrowed: ncdump shows Z with 5 levels.
    const { stdout: header } = await run('ncdump', ['-h', `${basin}?dap4.ce=/Z=[0:2:9];/Z;/basin`]);
    expect(header).toMatch(/\tZ = 5 ;/);
    expect(header).toMatch(/byte basin\(Z, Y, X\) ;/);
    const cases = [
      { url: `${basin}?dap4.ce=/Z=[0:2:9];/Z;/basin`, local: join(root, 'basin_mask_netcdf4.nc'), reads: [['Z', '0:10:2'], ['basin', '0:10:2, :, :']], dims: { Z: 5, Y: 180, X: 360 } },
      { url: `${basin}?dap4.ce=/Y[10:5:40];/basin[1][3:7][100:3:120]`, local: join(root, 'basin_mask_netcdf4.nc'), reads: [['Y', '10:41:5'], ['basin', '1:2, 3:8, 100:121:3']], dims: {} },
      // In the directory with a space in its name: netCDF-C encodes the path a second time.
      { url: `${seacat}?dap4.ce=/profile=[1:3];/time;/temperature[][0:3:9]`, local: join(root, 'sub dir', FIXTURES[0]!), reads: [['time', '1:4'], ['temperature', '1:4, 0:10:3']], dims: { profile: 3 } },
    ];
    const out = await python(
      `
import json, os, netCDF4, numpy as np
for case in json.loads(os.environ['CASES']):
    L, R = netCDF4.Dataset(case['local']), netCDF4.Dataset(case['url'])
    for ds in (L, R): ds.set_auto_maskandscale(False)
    for name, size in case['dims'].items():
        assert R.dimensions[name].size == size, (case['url'], name, R.dimensions[name].size)
    for name, slices in case['reads']:
        expected = eval('L[name][' + slices + ']')
        got = R[name][:]
        assert got.shape == expected.shape and np.array_equal(got, expected), (case['url'], name, got, expected)
print('OK')
`,
      { CASES: JSON.stringify(cases) },
    );
    expect(out.trim()).toBe('OK');
  }, 120_000);

  it('sends a constrained .dap as chunks carrying exactly the selected values, each variable with its CRC32', async () => {
    const href = String(items.find((i) => i.id === 'basin_mask_netcdf4.nc')?.assets.opendap?.href);
    const out = await python(
      `
import os, re, struct, urllib.parse, urllib.request, zlib, netCDF4, numpy as np
ce = '/Z=[3:4:30];/Z;/X[350:];/basin[][90][350:2:359]'
body = urllib.request.urlopen(os.environ['HREF'] + '.dap?dap4.ce=' + urllib.parse.quote(ce, safe='/') + '&dap4.checksum=true').read()
chunks, at = [], 0
while at < len(body):
    word = struct.unpack('>I', body[at:at + 4])[0]
    chunks.append((word >> 24, body[at + 4:at + 4 + (word & 0xffffff)]))
    at += 4 + (word & 0xffffff)
flags = [f for f, _ in chunks]
assert all(f & 0x04 for f in flags) and flags[-1] & 0x01 and not any(f & 0x01 for f in flags[:-1]), flags
dmr = chunks[0][1].decode()
assert dmr.endswith('\\r\\n') and '<Dimension name="Z" size="7"/>' in dmr, dmr
assert re.search(r'<Int8 name="basin">\\s*<Dim name="/Z"/>\\s*<Dim size="1"/>\\s*<Dim size="5"/>', dmr), dmr
data = b''.join(p for _, p in chunks[1:])
L = netCDF4.Dataset(os.environ['LOCAL']); L.set_auto_maskandscale(False)
# The DMR's order: X, Z, basin as declared in the file.
expected = [L['X'][350:].astype('<f4'), L['Z'][3:31:4].astype('<f4'), L['basin'][3:31:4, 90:91, 350:360:2].astype('i1')]
at = 0
for values in expected:
    raw = values.tobytes()
    assert data[at:at + len(raw)] == raw
    assert struct.unpack('<I', data[at + len(raw):at + len(raw) + 4])[0] == zlib.crc32(raw)
    at += len(raw) + 4
assert at == len(data), (at, len(data))
print('OK')
`,
      { HREF: href, LOCAL: join(root, 'basin_mask_netcdf4.nc') },
    );
    expect(out.trim()).toBe('OK');
  });
});
