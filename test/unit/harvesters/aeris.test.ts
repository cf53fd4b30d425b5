import { describe, expect, it } from 'vitest';
import { fetchAerisRecord, parseAerisRecord } from '../../../harvesters/aeris/record.js';
import { AERIS_METADATA_API, goneFromListing, listAerisIds, parseSummaries, summariesUrl } from '../../../harvesters/aeris/summaries.js';
import type { HttpClient, HttpRequest, HttpResponse } from '../../../src/core/http/httpClient.js';

// Hand-made responses following the shapes documented from AERIS client code; no captured AERIS
// response exists (see harvesters/aeris/README.md).
const SUMMARIES = JSON.stringify({
  results: [
    { id: '0f3a1c2e-1111-4222-8333-444455556666', name: 'SAFIRE ATR42 turbulence' },
    { id: ' 7b9d0e11-aaaa-4bbb-8ccc-dddd00001111 \n' },
    { name: 'no id' },
    { id: 42 },
    'not an object',
  ],
});

const RECORD = JSON.stringify({
  id: '0f3a1c2e-1111-4222-8333-444455556666',
  type: 'COLLECTION',
  resourceTitle: { en: 'ATR42 turbulence during EUREC4A', fr: 'Turbulence ATR42 pendant EUREC4A' },
  projectSet: [{ shortName: 'EUREC4A', longName: 'Elucidating the role of clouds' }, { shortName: 'EUREC4A' }, { longName: 'no short name' }],
  identifiers: [
    { code: '10.25326/128', codeSpace: 'http://dx.doi.org/' },
    { code: 'https://doi.org/10.25326/237', codeSpace: '' },
    { code: 'INTERNAL-7', codeSpace: 'aeris' },
  ],
  links: [
    { type: 'OPENSEARCH_LINK', url: 'https://api.sedoo.fr/aeris-catalogue-prod/data/', name: 'OpenSearch', description: { en: 'Search the files', fr: '' } },
    { type: 'HTTP_LINK', name: 'no url' },
  ],
  distributionInformation: {
    licenceName: 'CC-BY',
    licenceVersion: '4.0',
    licenceUrl: 'https://creativecommons.org/licenses/by/4.0/',
    dataPolicyUrl: 'https://www.aeris-data.fr/data-policy',
    registrationNeeded: false,
    authenticationNeeded: true,
    embargoStartDate: '',
    description: { fr: 'Données ouvertes' },
  },
  clientTemplateName: 'default',
  contacts: [{ name: 'SAFIRE' }],
});

function stubHttp(responses: Record<string, { status: number; text: string }>): HttpClient & { requests: HttpRequest[] } {
  const requests: HttpRequest[] = [];
  return {
    requests,
    request(req: HttpRequest): Promise<HttpResponse> {
      requests.push(req);
      const found = responses[req.url];
      if (!found) return Promise.reject(new Error(`unexpected ${req.url}`));
      return Promise.resolve({ url: req.url, status: found.status, contentType: 'application/json', headers: new Headers(), text: found.text });
    },
  };
}

describe('AERIS summaries listing', () => {
  it('reads the uuids of {"results": [{"id"}]}, trimmed, leaving out entries without one', () => {
    expect(parseSummaries(SUMMARIES)).toEqual([{ id: '0f3a1c2e-1111-4222-8333-444455556666' }, { id: '7b9d0e11-aaaa-4bbb-8ccc-dddd00001111' }]);
  });

  it.each([
    ['not JSON', '<html>maintenance</html>', /not JSON/],
    ['no results array', '{"content": []}', /no "results" array/],
    ['results not an array', '{"results": {}}', /no "results" array/],
  ])('refuses a listing with %s', (_name, body, message) => {
    expect(() => parseSummaries(body)).toThrow(message);
  });

  it('asks for one project, or every record with an empty project', () => {
    expect(summariesUrl(AERIS_METADATA_API, 'EUREC4A')).toBe('https://api.sedoo.fr/aeris-catalogue-prod/metadata/summaries?project=EUREC4A');
    expect(summariesUrl(`${AERIS_METADATA_API}/`)).toBe('https://api.sedoo.fr/aeris-catalogue-prod/metadata/summaries?project=');
  });

  it('lists the uuids over HTTP', async () => {
    const http = stubHttp({ [summariesUrl(AERIS_METADATA_API, 'EUREC4A')]: { status: 200, text: SUMMARIES } });
    const ids = await listAerisIds(AERIS_METADATA_API, 'EUREC4A', { http });
    expect([...ids]).toEqual(['0f3a1c2e-1111-4222-8333-444455556666', '7b9d0e11-aaaa-4bbb-8ccc-dddd00001111']);
    expect(http.requests[0]?.headers).toEqual({ accept: 'application/json' });
  });

  it('names the harvested records the listing no longer has', () => {
    const listed = new Set(['a', 'b']);
    expect(goneFromListing(listed, ['a', 'c', 'b', 'c', 'd'])).toEqual(['c', 'd']);
    expect(goneFromListing(listed, [])).toEqual([]);
    expect(goneFromListing(new Set(), [])).toEqual([]);
  });

  it('never deletes everything on the word of an empty listing', () => {
    expect(() => goneFromListing(new Set(), ['a'])).toThrow(/listing is empty/);
  });
});

describe('AERIS record JSON', () => {
  it('reads the fields ISO records lack: bilingual title, projects, DOIs, links and licence', () => {
    expect(parseAerisRecord(RECORD)).toEqual({
      id: '0f3a1c2e-1111-4222-8333-444455556666',
      type: 'COLLECTION',
      title: { en: 'ATR42 turbulence during EUREC4A', fr: 'Turbulence ATR42 pendant EUREC4A' },
      projects: ['EUREC4A'],
      dois: ['10.25326/128', '10.25326/237'],
      links: [{ type: 'OPENSEARCH_LINK', url: 'https://api.sedoo.fr/aeris-catalogue-prod/data/', name: 'OpenSearch', description: { en: 'Search the files' } }],
      licence: {
        name: 'CC-BY',
        version: '4.0',
        url: 'https://creativecommons.org/licenses/by/4.0/',
        dataPolicyUrl: 'https://www.aeris-data.fr/data-policy',
        registrationNeeded: false,
        authenticationNeeded: true,
        description: { fr: 'Données ouvertes' },
      },
      landingPage: 'https://www.aeris-data.fr/catalogue/?uuid=0f3a1c2e-1111-4222-8333-444455556666',
    });
  });

  it('keeps a title in one language, takes a plain string as English, and leaves out fields of other shapes', () => {
    const record = parseAerisRecord(
      JSON.stringify({ id: 'u1', resourceTitle: { fr: 'Seulement en français', en: '  ' }, projectSet: 'EUREC4A', identifiers: null, links: {}, distributionInformation: [] }),
    );
    expect(record).toEqual({
      id: 'u1',
      title: { fr: 'Seulement en français' },
      projects: [],
      dois: [],
      links: [],
      landingPage: 'https://www.aeris-data.fr/catalogue/?uuid=u1',
    });
    expect(parseAerisRecord(JSON.stringify({ id: 'u2', resourceTitle: 'Plain title' })).title).toEqual({ en: 'Plain title' });
  });

  it.each([
    ['not JSON', 'oops', /not JSON/],
    ['an array', '[]', /not a JSON object/],
    ['no id', '{"resourceTitle": {"en": "x"}}', /has no id/],
  ])('refuses a record that is %s', (_name, body, message) => {
    expect(() => parseAerisRecord(body)).toThrow(message);
  });

  it('fetches a record by uuid, and reports a record gone (404) as undefined', async () => {
    const http = stubHttp({
      [`${AERIS_METADATA_API}/0f3a1c2e-1111-4222-8333-444455556666`]: { status: 200, text: RECORD },
      [`${AERIS_METADATA_API}/gone`]: { status: 404, text: '' },
    });
    expect((await fetchAerisRecord(AERIS_METADATA_API, '0f3a1c2e-1111-4222-8333-444455556666', { http }))?.projects).toEqual(['EUREC4A']);
    expect(await fetchAerisRecord(AERIS_METADATA_API, 'gone', { http })).toBeUndefined();
    expect(http.requests[1]?.acceptStatuses).toEqual([404]);
  });
});
