import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DRIVERS } from '../../support/drivers.js';
import { makeCollection, makeItem } from '../../support/stacFactory.js';
import { openStacApi, type StacApi } from '../../support/stacApi.js';

/*
 * CQL2 filters on members of arrays of objects (`providers.name`, `contacts.roles`): a condition holds
 * when it holds on some element, the same way in CQL2 text (GET) and CQL2 JSON (POST).
 */

const providers = (...names: string[]) => names.map((name, i) => ({ name, roles: i === 0 ? ['producer'] : ['host'] }));

describe.each(DRIVERS)('STAC API filters on array members (%s)', (driver) => {
  let api: StacApi;

  beforeAll(async () => {
    api = await openStacApi(driver);
    await api.load([
      makeCollection('models'),
      makeItem('models', 'ipsl', { properties: { providers: providers('IPSL', 'ESPRI'), contacts: [{ name: 'Jane Doe', roles: ['pointOfContact'] }] } }),
      makeItem('models', 'cnrm', { properties: { providers: providers('CNRM', 'IPSL') } }),
      makeItem('models', 'mpi', { properties: { providers: providers('MPI-M') } }),
      makeItem('models', 'bare'),
    ]);
  });
  afterAll(() => api?.dispose());

  const ids = (body: { features: { id: string }[] }) => body.features.map((f) => f.id).sort();
  const get = async (filter: string) => ids((await api.http.get('/search').query({ collections: 'models', filter })).body);
  const post = async (filter: unknown) => ids((await api.http.post('/search').send({ collections: ['models'], filter, 'filter-lang': 'cql2-json' })).body);

  it('= and LIKE on providers.name hold when some provider matches', async () => {
    expect(await get("providers.name = 'IPSL'")).toEqual(['cnrm', 'ipsl']);
    expect(await post({ op: '=', args: [{ property: 'providers.name' }, 'IPSL'] })).toEqual(['cnrm', 'ipsl']);
    expect(await get("CASEI(providers.name) LIKE CASEI('mpi%')")).toEqual(['mpi']);
    expect(await get("providers.name IN ('ESPRI', 'MPI-M')")).toEqual(['ipsl', 'mpi']);
  });

  it('NOT and IS NULL: records without the array have no matching element, and no value', async () => {
    expect(await get("NOT providers.name = 'IPSL'")).toEqual(['bare', 'mpi']);
    expect(await get('contacts.name IS NULL')).toEqual(['bare', 'cnrm', 'mpi']);
    expect(await get('contacts.name IS NOT NULL')).toEqual(['ipsl']);
    expect(await post({ op: 'not', args: [{ op: 'isNull', args: [{ property: 'contacts.name' }] }] })).toEqual(['ipsl']);
  });

  it('term counts of a member: providers.name_frequency', async () => {
    const res = await api.http.get('/aggregate').query({ collections: 'models', aggregations: 'providers.name_frequency' });
    expect(res.status).toBe(200);
    const [terms] = res.body.aggregations as { name: string; buckets: { key: string; frequency: number }[] }[];
    expect(terms?.buckets.map((b) => [b.key, b.frequency])).toEqual([['IPSL', 2], ['CNRM', 1], ['ESPRI', 1], ['MPI-M', 1]]);
  });

  it('array operators on a member that is itself an array', async () => {
    expect(await get("A_CONTAINS(contacts.roles, ('pointOfContact'))")).toEqual(['ipsl']);
    expect(await post({ op: 'a_contains', args: [{ property: 'providers.roles' }, ['host']] })).toEqual(['cnrm', 'ipsl']);
  });
});
