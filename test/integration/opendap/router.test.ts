import { symlinkSync, writeFileSync, mkdirSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import express, { type Express } from 'express';
import { pino } from 'pino';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { opendapRouter } from '../../../src/protocols/opendap/router.js';
import { sharedPath } from '../../support/shared.js';
import { ncgen, SAMPLE_SHAPE, sampleCdl, tempDirectory } from '../../unit/netcdf/netcdf3/sampleFiles.js';

const dir = tempDirectory('meridian-dap-');
const outside = tempDirectory('meridian-outside-');
let app: Express;

/** Files are looked at again RECHECK_MS after a request found them. */
const RECHECK_MS = 100;

function appWith(maxResponseBytes: number): Express {
  const a = express();
  a.use(
    '/opendap',
    opendapRouter({
      roots: [
        { name: 'gen', path: dir.path },
        { name: 'fixtures', path: sharedPath('fixtures', 'netcdf') },
      ],
      maxResponseBytes,
      recheckMs: RECHECK_MS,
      log: pino({ level: 'silent' }),
    }),
  );
  return a;
}

beforeAll(() => {
  ncgen(dir.path, 'classic.nc', 'classic', sampleCdl('classic'));
  ncgen(dir.path, 'cdf5.nc', 'cdf5', sampleCdl('cdf5'));
  mkdirSync(join(dir.path, 'sub dir'));
  ncgen(join(dir.path, 'sub dir'), 'inner.nc', '64-bit offset', sampleCdl('inner'));
  ncgen(dir.path, 'groups.nc', 'netCDF-4', GROUPS_CDL);
  writeFileSync(join(outside.path, 'secret.nc'), 'CDF\x01 not for clients');
  symlinkSync(join(outside.path, 'secret.nc'), join(dir.path, 'escape.nc'));
  symlinkSync(join(dir.path, 'classic.nc'), join(dir.path, 'alias.nc'));
  app = appWith(1e9);
});
afterAll(() => {
  dir.remove();
  outside.remove();
});

const get = (path: string) => request(app).get(`/opendap/${path}`).buffer(true).parse((res, done) => {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => done(null, Buffer.concat(chunks)));
});

/** The values after `Data:\n`, and the DDS before. */
function split(body: Buffer): { dds: string; data: Buffer } {
  const at = body.indexOf('\nData:\n');
  expect(at).toBeGreaterThan(0);
  return { dds: body.subarray(0, at + 1).toString(), data: body.subarray(at + 7) };
}

const tasValue = (i: number): number => 200 + ((i * 37) % 1000) / 8;

/** NetCDF-4: a group, variable-length strings, an int64 variable, an unsigned byte. */
const GROUPS_CDL = `netcdf groups {
dimensions:
  x = 3 ;
variables:
  float x(x) ;
  string names(x) ;
  int64 big(x) ;
  :title = "groups" ;
data:
  x = 1, 2, 3 ;
  names = "a", "bb", "ccc" ;
  big = 1, 2, 3 ;
group: sub {
  dimensions:
    y = 2 ;
  variables:
    int y(y) ;
    ubyte u(y) ;
    float w(x) ;
  data:
    y = 10, 20 ;
    u = 250, 3 ;
    w = 1, 2, 3 ;
  }
}
`;

describe('OPeNDAP DAP2 endpoints', () => {
  it('answers .dds with the headers clients check, and revalidates it', async () => {
    const res = await get('gen/classic.nc.dds');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    expect(res.headers['content-description']).toBe('dods_dds');
    expect(res.headers['xdods-server']).toBe('dods/3.2');
    expect(res.headers['xdap']).toBe('3.2');
    expect(res.headers['xopendap-server']).toMatch(/^meridian\//);
    expect(res.body.toString()).toMatch(/^Dataset \{\n {4}Float64 time\[time = 6\];\n/);
    expect(res.body.toString()).toMatch(/\} classic\.nc;\n$/);
    const etag = res.headers['etag'] as string;
    const modified = res.headers['last-modified'] as string;
    expect(etag).toMatch(/^"[0-9a-f-]+"$/);
    expect((await request(app).get('/opendap/gen/classic.nc.dds').set('If-None-Match', etag)).status).toBe(304);
    expect((await request(app).get('/opendap/gen/classic.nc.dds').set('If-Modified-Since', modified)).status).toBe(304);
    // Another constraint is another document.
    expect((await request(app).get('/opendap/gen/classic.nc.dds?time').set('If-None-Match', etag)).status).toBe(200);
  });

  it('answers .das with NC_GLOBAL, the unlimited dimension and CF attributes', async () => {
    const res = await get('gen/classic.nc.das');
    expect(res.headers['content-description']).toBe('dods_das');
    const das = res.body.toString();
    expect(das).toContain('    time {\n        String units "days since 1850-01-01";\n        String calendar "noleap";');
    expect(das).toContain('    NC_GLOBAL {\n        String Conventions "CF-1.8";');
    expect(das).toContain('        String empty "";');
    expect(das).toContain('    DODS_EXTRA {\n        String Unlimited_Dimension "time";\n    }');
    expect(das).toContain('        Int16 _FillValue -127;\n        String _Unsigned "false";');
  });

  it('sends .dods with an exact Content-Length: the DDS, Data:, then XDR values', async () => {
    const { time, lat, lon } = SAMPLE_SHAPE;
    const res = await get('gen/classic.nc.dods?tas.tas');
    expect(res.headers['content-type']).toBe('application/octet-stream');
    expect(res.headers['content-description']).toBe('dods_data');
    const { dds, data } = split(res.body);
    const n = time * lat * lon;
    expect(Number(res.headers['content-length'])).toBe(Buffer.byteLength(dds) + 'Data:\n'.length + 8 + 4 * n);
    expect(res.body.length).toBe(Number(res.headers['content-length']));
    expect([data.readUInt32BE(0), data.readUInt32BE(4)]).toEqual([n, n]);
    expect(Array.from({ length: n }, (_, i) => data.readFloatBE(8 + 4 * i))).toEqual(Array.from({ length: n }, (_, i) => Math.fround(tasValue(i))));
  });

  it('reads strided hyperslabs of record variables', async () => {
    const { lat, lon } = SAMPLE_SHAPE;
    const { dds, data } = split((await get('gen/cdf5.nc.dods?tas.tas%5B1:2:5%5D%5B2%5D%5B0:3:10%5D')).body);
    expect(dds).toContain('Float32 tas[time = 3][lat = 1][lon = 4];');
    const expected = [1, 3, 5].flatMap((t) => [0, 3, 6, 9].map((x) => Math.fround(tasValue(t * lat * lon + 2 * lon + x))));
    expect(data.readUInt32BE(0)).toBe(12);
    expect(Array.from({ length: 12 }, (_, i) => data.readFloatBE(8 + 4 * i))).toEqual(expected);
  });

  it('pads bytes, widens Int16 and sends scalars without counts, byte by byte', async () => {
    expect(split((await get('gen/classic.nc.dods?mask.mask%5B0:1:4%5D')).body).data.toString('hex')).toBe('0000000500000005819fbddbf9000000');
    expect(split((await get('gen/classic.nc.dods?flag.flag%5B0:1:2%5D')).body).data.toString('hex')).toBe('000000030000000300000000fffffc18000007d0');
    expect(split((await get('gen/classic.nc.dods?level')).body).data.toString('hex')).toBe('fffffff9');
    expect(split((await get('gen/classic.nc.dods?small')).body).data.toString('hex')).toBe('000000fd');
    expect(split((await get('gen/classic.nc.dods?name%5B2:3%5D')).body).data.toString('hex')).toBe(
      `00000002 00000006 ${Buffer.from('gamma6').toString('hex')}0000 00000000`.replace(/ /g, ''),
    );
    // The real MADIS file: a scalar int is exactly 4 bytes after "Data:\n".
    expect(split((await get('fixtures/madis-sao_netcdf3-classic.nc.dods?nStaticIds')).body).data.toString('hex')).toBe('00000091');
  });

  it('answers in declaration order, whatever the order asked', async () => {
    const { dds } = split((await get('gen/classic.nc.dods?answer,tas.tas%5B0%5D%5B0%5D%5B0%5D,time%5B0%5D')).body);
    expect(dds.indexOf('Float64 time')).toBeLessThan(dds.indexOf('Structure'));
    expect(dds.indexOf('Structure')).toBeLessThan(dds.indexOf('Int32 answer'));
  });

  it('reads raw and percent-encoded brackets alike', async () => {
    const raw = await request(app).get('/opendap/gen/classic.nc.dods?tas[0:1:1][0][0]');
    const encoded = await request(app).get('/opendap/gen/classic.nc.dods?tas%5B0:1:1%5D%5B0%5D%5B0%5D');
    const lower = await request(app).get('/opendap/gen/classic.nc.dods?tas%5b0:1:1%5d%5b0%5d%5b0%5d');
    expect(raw.status).toBe(200);
    expect(encoded.body).toEqual(raw.body);
    expect(lower.body).toEqual(raw.body);
  });

  it.each([
    ['tas%5B6:1:7%5D', 400, /start 6 is past the end/],
    ['tas%5B3:1:2%5D', 400, /stop 2 is before start 3/],
    ['tas%5B', 400, /parse error/],
    ['tas%5Bx%5D', 400, /parse error/],
    ['tas%ZZ', 400, /malformed %-escape/],
    ['time%26time%3E3', 400, /Selections/],
    ['nosuchvar', 404, /No such variable/],
  ])('answers the constraint %s with a DAP error %i', async (ce, status, message) => {
    for (const suffix of ['dods', 'dds', 'ascii']) {
      const res = await get(`gen/classic.nc.${suffix}?${ce}`);
      expect(res.status).toBe(status);
      expect(res.headers['content-description']).toBe('dods_error');
      expect(res.headers['xdods-server']).toBe('dods/3.2');
      const body = res.body.toString();
      expect(body).toMatch(/^Error \{\n {4}code = 10\d\d;\n {4}message = ".*";\n\};\n$/s);
      expect(body).toMatch(message);
    }
  });

  it('refuses a response over the size limit up front, with a DAP error', async () => {
    const small = appWith(2000);
    const res = await request(small).get('/opendap/gen/classic.nc.dods?tas');
    expect(res.status).toBe(403);
    expect(res.headers['content-description']).toBe('dods_error');
    expect(res.text).toMatch(/Request too big/);
    expect((await request(small).get('/opendap/gen/classic.nc.dods?time')).status).toBe(200);
  });

  it('answers HEAD on .dods with the length and no body', async () => {
    const head = await request(app).head('/opendap/gen/classic.nc.dods?time');
    const full = await get('gen/classic.nc.dods?time');
    expect(head.status).toBe(200);
    expect(head.headers['content-length']).toBe(String(full.body.length));
  });

  it('serves files only under the configured roots', async () => {
    for (const path of ['gen/..%2f..%2fetc%2fpasswd.dds', 'gen/%2e%2e/%2e%2e/etc/passwd.dds', 'gen/../../etc/passwd.dds', 'gen/sub%5cdir.dds', 'nosuchroot/classic.nc.dds', 'gen.dds']) {
      const res = await request(app).get(`/opendap/${path}`);
      expect([400, 404], path).toContain(res.status);
      expect(res.text, path).toMatch(/^Error \{/);
    }
    // A symbolic link out of the root is as good as missing; one inside it is served.
    expect((await request(app).get('/opendap/gen/escape.nc.dds')).status).toBe(404);
    expect((await request(app).get('/opendap/gen/alias.nc.dds')).status).toBe(200);
    expect((await request(app).get('/opendap/gen/sub%20dir/inner.nc.dds')).text).toMatch(/\} inner\.nc;\n$/);
    expect((await request(app).get('/opendap/gen/missing.nc.dds')).status).toBe(404);
  });

  it('opens a file again when it has changed, once the recheck time has passed', async () => {
    ncgen(dir.path, 'changing.nc', 'classic', 'netcdf a { dimensions: x = 2 ; variables: int a(x) ; data: a = 1, 2 ; }');
    expect((await request(app).get('/opendap/gen/changing.nc.dds')).text).toContain('Int32 a[x = 2];');
    ncgen(dir.path, 'changing.nc', 'classic', 'netcdf b { dimensions: x = 3 ; variables: short b(x) ; data: b = 1, 2, 3 ; }');
    utimesSync(join(dir.path, 'changing.nc'), new Date(), new Date(Date.now() + 5000));
    await new Promise((resolve) => setTimeout(resolve, RECHECK_MS + 20));
    expect((await request(app).get('/opendap/gen/changing.nc.dds')).text).toContain('Int16 b[x = 3];');
  });

  it('answers .ascii, .html, .info, .ver and .help', async () => {
    const ascii = await request(app).get('/opendap/gen/classic.nc.ascii?time%5B0:1:2%5D,answer');
    expect(ascii.headers['content-description']).toBe('dods_ascii');
    expect(ascii.text).toContain(`${'-'.repeat(45)}\ntime[3]\n15, 45, 75\n\nanswer, 42\n`);
    const html = await request(app).get('/opendap/gen/classic.nc.html');
    expect(html.headers['content-type']).toMatch(/^text\/html/);
    expect(html.text).toContain('Dataset Access Form');
    expect(html.text).toContain('data-name="tas"');
    const info = await request(app).get('/opendap/gen/classic.nc.info');
    expect(info.text).toContain('Sample dataset');
    expect((await request(app).get('/opendap/gen/classic.nc.ver')).text).toMatch(/^Core version: dods\/3\.2\nServer version: meridian\//);
    expect((await request(app).get('/opendap/gen/classic.nc.help')).text).toContain('constraint expression');
    expect((await request(app).get('/opendap/gen/classic.nc')).status).toBe(404);
    expect((await request(app).post('/opendap/gen/classic.nc.dds')).status).toBe(405);
  });

  it('flattens NetCDF-4 groups, serves strings and leaves int64 variables out of DAP2', async () => {
    const dds = (await request(app).get('/opendap/gen/groups.nc.dds')).text;
    expect(dds).toContain('    String names[x = 3];\n');
    expect(dds).toContain('    Grid {\n      ARRAY:\n        Byte sub/u[sub/y = 2];\n      MAPS:\n        Int32 sub/y[sub/y = 2];\n    } sub/u;\n');
    expect(dds).toContain('        Float32 sub/w[x = 3];\n      MAPS:\n        Float32 x[x = 3];\n');
    expect(dds).not.toContain('big');
    const das = (await request(app).get('/opendap/gen/groups.nc.das')).text;
    expect(das).toContain('String DAP2_omitted_variables "big";');
    expect(das).toContain('    sub/u {\n        String _Unsigned "true";\n    }');
    const { data } = split((await get('gen/groups.nc.dods?names,sub/u.sub/u')).body);
    expect(data.toString('hex')).toBe(['00000003', '00000001', '61000000', '00000002', '62620000', '00000003', '63636300', '00000002', '00000002', 'fa030000'].join(''));
    // DAP4 keeps groups and 64-bit integers.
    const dmr = (await request(app).get('/opendap/gen/groups.nc.dmr')).text;
    expect(dmr).toContain('<Int64 name="big">');
    expect(dmr).toMatch(/<Group name="sub">\n {4}<Dimension name="y" size="2"\/>\n {4}<Int32 name="y">/);
  });

  it('answers DAP4 .dmr and .dap, with errors as DAP4 XML', async () => {
    const dmr = await request(app).get('/opendap/gen/classic.nc.dmr.xml');
    expect(dmr.status).toBe(200);
    expect(dmr.headers['content-type']).toMatch(/^application\/vnd\.opendap\.dap4\.dataset-metadata\+xml/);
    expect(dmr.text).toContain('<Dimension name="time" size="6" _edu.ucar.isunlimited="1"/>');
    expect((await request(app).get('/opendap/gen/classic.nc.dmr')).text).toBe(dmr.text);
    const dap = await get('gen/classic.nc.dap?dap4.ce=/time%5B0:1:2%5D;/answer&dap4.checksum=true');
    expect(dap.headers['content-type']).toBe('application/vnd.opendap.dap4.data');
    const body = dap.body;
    const first = body.readUInt32BE(0) & 0xffffff;
    expect(body.subarray(4, 4 + first).toString()).toMatch(/<Float64 name="time">\n {4}<Dim size="3"\/>[\s\S]*<Int32 name="answer">[\s\S]*\r\n$/);
    const data = body.subarray(8 + first, body.length);
    expect([0, 8, 16].map((at) => data.readDoubleLE(at))).toEqual([15, 45, 75]);
    expect(data.readInt32LE(28)).toBe(42);
    const error = await request(app).get('/opendap/gen/classic.nc.dap?dap4.ce=/nosuch');
    expect(error.status).toBe(404);
    expect(error.headers['content-type']).toMatch(/^application\/vnd\.opendap\.dap4\.error\+xml/);
    expect(error.text).toContain('<Error httpcode="404">\n  <Message>No such variable: /nosuch</Message>');
    expect((await request(appWith(2000)).get('/opendap/gen/classic.nc.dap')).status).toBe(403);
  });

  it('reads every variable of the real MADIS file in one request, as netCDF-C prefetches it', async () => {
    const res = await get('fixtures/madis-sao_netcdf3-classic.nc.dods');
    expect(res.status).toBe(200);
    expect(res.body.length).toBe(Number(res.headers['content-length']));
  });
});
