import { describe, expect, it } from 'vitest';
import type { StacCollection } from '../../../../src/core/stac.js';
import { isDomainName, oaiIdentifier, parseOaiIdentifier, repositoryIdentifierOf } from '../../../../src/protocols/oai-pmh/identifiers.js';
import {
  SET_SPEC,
  decodeSetPart,
  encodeSetPart,
  parseSetSpec,
  projectFilter,
  setConditions,
  setSpecOf,
  setSpecsOf,
} from '../../../../src/protocols/oai-pmh/sets.js';
import { makeCollection, makeItem } from '../../../support/stacFactory.js';

describe('set specs', () => {
  it('escape what is not a setSpec character, reversibly', () => {
    for (const value of ['CMIP6', 'urn:x-wmo:md::SMJP01', 'a~b', 'Météo France', 'x/y z%', "it's(ok)!*"]) {
      const part = encodeSetPart(value);
      expect(SET_SPEC.test(`collection:${part}`), part).toBe(true);
      expect(decodeSetPart(part)).toBe(value);
    }
    expect(encodeSetPart('urn:a b')).toBe('urn~3Aa~20b');
    expect(encodeSetPart('é')).toBe('~C3~A9');
    for (const bad of ['~3a', '~3', '~ZZ', '~FF', 'a~7Eb~']) expect(decodeSetPart(bad), bad).toBeUndefined();
  });

  it('name the sets of this repository only', () => {
    expect(parseSetSpec('collection')).toEqual({ kind: 'collection' });
    expect(parseSetSpec('collection:urn~3Ax')).toEqual({ kind: 'collection', id: 'urn:x' });
    expect(parseSetSpec('source:esgf')).toEqual({ kind: 'source', id: 'esgf' });
    expect(parseSetSpec('project:CMIP6:ScenarioMIP')).toEqual({ kind: 'project', era: 'CMIP6', activity: 'ScenarioMIP' });
    for (const other of ['institute:IPSL', 'collection:a:b', 'source:a:b', 'project:a:b:c', 'collection:~3a']) expect(parseSetSpec(other), other).toBeUndefined();
    expect(setSpecOf({ kind: 'project', era: 'CMIP6', activity: 'Scenario MIP' })).toBe('project:CMIP6:Scenario~20MIP');
  });

  it('place a record in its collection, its source and its projects', () => {
    const item = makeItem('cmip6', 'tas', { properties: { 'cmip6:mip_era': 'CMIP6', 'cmip6:activity_id': ['ScenarioMIP', 'AerChemMIP'] } });
    expect(setSpecsOf({ kind: 'item', collectionId: 'cmip6', id: 'tas', doc: item, sourceId: 'esgf-ipsl' })).toEqual([
      'collection:cmip6',
      'source:esgf-ipsl',
      'project:CMIP6',
      'project:CMIP6:ScenarioMIP',
      'project:CMIP6:AerChemMIP',
    ]);
    const implied = makeItem('c', 'pr', { properties: { 'cmip6:activity_id': 'CMIP', project: ['CORDEX', 7] } });
    expect(setSpecsOf({ kind: 'item', collectionId: 'c', id: 'pr', doc: implied })).toEqual([
      'collection:c',
      'project:CORDEX',
      'project:CORDEX:CMIP',
      'project:CMIP6',
      'project:CMIP6:CMIP',
    ]);
    const collection = makeCollection('cordex', { project: 'CORDEX' } as Partial<StacCollection>);
    expect(setSpecsOf({ kind: 'collection', collectionId: '', id: 'cordex', doc: collection })).toEqual(['collection:cordex', 'project:CORDEX']);
  });

  it('turn a set into core conditions, the source test aside', () => {
    expect(setConditions({ kind: 'collection', id: 'c1' })).toEqual({ collections: ['c1'] });
    expect(setConditions({ kind: 'collection' })).toEqual({});
    expect(setConditions({ kind: 'source', id: 'esgf' })).toEqual({ filter: { op: '=', args: [{ property: 'meridian:source' }, 'esgf'] } });
    expect(setConditions({ kind: 'project', era: 'CORDEX' })).toEqual({ filter: projectFilter('CORDEX') });
    expect(projectFilter('CMIP6', 'CMIP')).toMatchObject({ op: 'and', args: [{ op: 'or' }, { op: 'or' }] });
  });
});

describe('OAI identifiers', () => {
  it('name a record in the oai-identifier scheme and name it back', () => {
    const keys = [
      { kind: 'collection', collectionId: '', id: 'urn:x-wmo:md:int.wmo.wis::SMJP01RJTD' },
      { kind: 'item', collectionId: 'cmip6', id: 'CMIP6.ScenarioMIP.IPSL.tas' },
      { kind: 'item', collectionId: 'c d', id: 'pr 100%' },
      { kind: 'item', collectionId: 'météo', id: 'a#b' },
    ] as const;
    for (const key of keys) {
      const identifier = oaiIdentifier('meridian.example.org', key);
      expect(identifier).toMatch(/^oai:meridian\.example\.org:[a-zA-Z0-9\-_.!~*'();/?:@&=+$,%]+$/);
      expect(parseOaiIdentifier('meridian.example.org', identifier)).toEqual(key);
    }
    expect(oaiIdentifier('m.org', keys[0])).toBe('oai:m.org:urn:x-wmo:md:int.wmo.wis::SMJP01RJTD');
    expect(oaiIdentifier('m.org', keys[2])).toBe('oai:m.org:c%20d/pr%20100%25');
  });

  it('refuse identifiers of other repositories and other spellings of ours', () => {
    for (const other of ['oai:other.org:c/a', 'oai:m.org:', 'oai:m.org:a/b/c', 'oai:m.org:a//b', 'oai:m.org:%61', 'oai:m.org:%zz', 'oai:m.org:a%3Ab', 'm.org:a']) {
      expect(parseOaiIdentifier('m.org', other), other).toBeUndefined();
    }
  });

  it('take the repository identifier from the public URL', () => {
    expect(repositoryIdentifierOf('https://Catalogue.IPSL.fr:8443/meridian')).toBe('catalogue.ipsl.fr');
    expect(isDomainName('catalogue.ipsl.fr')).toBe(true);
    for (const host of ['localhost', '127.0.0.1', '[::1]']) expect(isDomainName(host), host).toBe(false);
  });
});
