/**
 * `auth.publicReads: false`: every read surface (CSW, OAI-PMH, OPeNDAP and its answers before express,
 * THREDDS catalogs, file downloads, the API description) needs a token with the reader role, and
 * refuses in its own error format; a token that is not valid is refused even when reads are public.
 */
import { createServer, type Server } from 'node:http';
import { pino } from 'pino';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MeridianConfig } from '../../../src/core/config.js';
import { opendap } from '../../../src/protocols/opendap/router.js';
import { createApp, protocolDeps, requestListener } from '../../../src/server.js';
import { DRIVERS } from '../../support/drivers.js';
import { sharedPath } from '../../support/shared.js';
import { openStacApi, testConfig, type StacApi } from '../../support/stacApi.js';
import { validateXml } from '../../support/xmllint.js';
import { CSW202_XSD, CSW30_XSD } from '../protocols/csw/cswSchemas.js';

const FILE = 'madis-sao_netcdf3-classic.nc';
const DAS = `/opendap/fixtures/${FILE}.das`;
const DMR = `/opendap/fixtures/${FILE}.dmr`;
const CAPABILITIES = '/csw?service=CSW&request=GetCapabilities';

/** The configuration with the shared NetCDF fixtures published as the data root `fixtures`. */
function configWith(publicReads: boolean): MeridianConfig {
  return { ...testConfig({ publicReads }), datasets: [{ name: 'fixtures', path: sharedPath('fixtures', 'netcdf') }] };
}

/** The application behind Meridian's own request listener (kept OPeNDAP documents answered before express). */
function serverOf(api: StacApi, config: MeridianConfig): Server {
  const log = pino({ level: 'silent' });
  const dap = opendap({
    roots: config.datasets.map((r) => ({ name: r.name, path: r.path })),
    maxResponseBytes: 1e9,
    publicReads: config.auth.publicReads,
    log,
  });
  const app = createApp(protocolDeps(api.database.db, config, log), undefined, dap);
  return createServer(requestListener(app, dap, config.auth.publicReads));
}

/** A refusal in plain text: a sentence, not a document. */
const plainText = (body: string): void => expect(body).toMatch(/^[a-z][^\n]*$/);

/** Every read surface: a path, and what its answer of a refusal looks like. */
const SURFACES: readonly (readonly [string, string, RegExp, (body: string) => void])[] = [
  [
    'CSW 2.0.2',
    CAPABILITIES,
    /^application\/xml/,
    (body) => {
      expect(body).toContain('<ows:ExceptionReport xmlns:ows="http://www.opengis.net/ows"');
      expect(body).toContain('exceptionCode="NoApplicableCode"');
      expect(validateXml(body, CSW202_XSD)).toEqual([]);
    },
  ],
  [
    'CSW 3.0',
    `${CAPABILITIES}&version=3.0.0`,
    /^application\/xml/,
    (body) => {
      expect(body).toContain('<ows:ExceptionReport xmlns:ows="http://www.opengis.net/ows/2.0"');
      expect(validateXml(body, CSW30_XSD)).toEqual([]);
    },
  ],
  ['OAI-PMH', '/oai?verb=Identify', /^text\/plain/, plainText],
  ['OPeNDAP DAP2', DAS, /^text\/plain/, (body) => expect(body).toMatch(/^Error \{\n {4}code = 1006;\n {4}message = ".+";\n\};\n$/)],
  ['OPeNDAP DAP4', DMR, /^application\/vnd\.opendap\.dap4\.error\+xml/, (body) => expect(body).toContain('<Error httpcode="401">')],
  ['THREDDS', '/thredds/catalog.xml', /^text\/plain/, plainText],
  ['THREDDS directory', '/thredds/fixtures/catalog.xml', /^text\/plain/, plainText],
  ['file download', `/files/fixtures/${FILE}`, /^text\/plain/, plainText],
  ['STAC', '/collections', /^application\/json/, (body) => expect(JSON.parse(body)).toMatchObject({ code: 'Unauthorized' })],
  ['OpenAPI', '/api', /^application\/json/, (body) => expect(JSON.parse(body)).toMatchObject({ code: 'Unauthorized' })],
  ['API page', '/api.html', /^application\/json/, (body) => expect(JSON.parse(body)).toMatchObject({ code: 'Unauthorized' })],
];

/** A 401 with a Bearer challenge, in the surface's own format, saying why. */
function expectRefused(res: request.Response, type: RegExp, check: (body: string) => void, why: RegExp): void {
  expect(res.status).toBe(401);
  expect(res.headers['www-authenticate']).toBe('Bearer');
  expect(res.headers['content-type']).toMatch(type);
  expect(String(res.body)).toMatch(why);
  check(String(res.body));
}

describe.each(DRIVERS)('reads on %s', (driver) => {
  let api: StacApi;
  let closed: Server;
  let open: Server;
  let reader: string;

  beforeAll(async () => {
    api = await openStacApi(driver, configWith(false));
    reader = (await api.deps.tokens.create('reader', 'reader')).token;
    closed = serverOf(api, configWith(false));
    open = serverOf(api, configWith(true));
  });
  afterAll(async () => {
    await api?.dispose();
  });

  /** A GET through the server's request listener, with the body as text whatever its type. */
  const get = (server: Server, path: string, token?: string) => {
    const req = request(server).get(path).buffer(true).parse((res, done) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => done(null, text));
    });
    return token === undefined ? req : req.set('Authorization', `Bearer ${token}`);
  };

  describe('with public reads off', () => {
    it.each(SURFACES)('%s without a token is 401 in its own format, with a Bearer challenge', async (_name, path, type, check) => {
      expectRefused(await get(closed, path), type, check, /needs an API token/);
    });

    it.each(SURFACES)('%s with a reader token is 200', async (_name, path) => {
      const res = await get(closed, path, reader);
      expect(res.status, String(res.body)).toBe(200);
    });

    it.each(SURFACES)('%s with a token that is not valid is 401 in its own format', async (_name, path, type, check) => {
      expectRefused(await get(closed, path, 'not-a-token'), type, check, /the API token is not valid/);
    });

    it('an X-API-Key reader token reads too', async () => {
      await request(closed).get('/oai?verb=Identify').set('X-API-Key', reader).expect(200);
    });

    it('a kept OPeNDAP document is not sent without a token, the first time or again', async () => {
      // The reader's request builds and keeps the document; the anonymous ones must not get it.
      expect((await get(closed, DAS, reader)).status).toBe(200);
      for (const path of [DAS, DAS, DMR, DMR]) {
        const res = await get(closed, path);
        expect(res.status, path).toBe(401);
        expect(String(res.body)).not.toContain('Attributes');
      }
      const again = await get(closed, DAS, reader);
      expect(again.status).toBe(200);
      expect(String(again.body)).toMatch(/^Attributes \{/);
    });

    it.each(SURFACES)('a CORS preflight of %s needs no token', async (_name, path) => {
      const res = await request(closed)
        .options(path)
        .set('Origin', 'https://browser.example')
        .set('Access-Control-Request-Method', 'GET')
        .set('Access-Control-Request-Headers', 'authorization');
      expect(res.status).toBe(204);
      expect(res.headers['access-control-allow-origin']).toBe('*');
      expect(res.headers['access-control-allow-headers']).toMatch(/Authorization/);
    });
  });

  describe('with public reads on', () => {
    it.each(SURFACES)('%s without a token is 200', async (_name, path) => {
      const res = await get(open, path);
      expect(res.status, String(res.body)).toBe(200);
    });

    it.each(SURFACES)('%s with a token that is not valid is 401 in its own format', async (_name, path, type, check) => {
      expectRefused(await get(open, path, 'not-a-token'), type, check, /the API token is not valid/);
    });

    it('a kept OPeNDAP document goes to anonymous clients, not to a token that is not valid', async () => {
      expect((await get(open, DAS)).status).toBe(200);
      expect((await get(open, DAS)).status).toBe(200);
      const refused = await get(open, DAS, 'not-a-token');
      expect(refused.status).toBe(401);
      expect(String(refused.body)).toMatch(/^Error \{/);
      const keyed = await request(open).get(DAS).set('X-API-Key', 'not-a-token');
      expect(keyed.status).toBe(401);
      expect((await get(open, DAS, reader)).status).toBe(200);
    });
  });
});
