import { describe, expect, it } from 'vitest';
import { languageName, toBcp47, toIso639B } from '../../../vocabularies/languages.js';

describe('language codes', () => {
  it('maps ISO 639-2/B and /T codes to BCP 47', () => {
    expect(['fre', 'fra', 'FRE', 'fr', 'French'].map(toBcp47)).toEqual(['fr', 'fr', 'fr', 'fr', 'fr']);
    expect(['ger', 'deu', 'dut', 'nld', 'eng', 'por', 'cze', 'ces', 'gre', 'ell', 'baq', 'eus', 'roh'].map(toBcp47)).toEqual([
      'de', 'de', 'nl', 'nl', 'en', 'pt', 'cs', 'cs', 'el', 'el', 'eu', 'eu', 'rm',
    ]);
  });

  it('passes valid BCP 47 tags through, normalising case, underscores and known three-letter primaries', () => {
    expect(toBcp47('pt-BR')).toBe('pt-BR');
    expect(toBcp47('fr_ca')).toBe('fr-CA');
    expect(toBcp47('zh-hant-TW')).toBe('zh-Hant-TW');
    expect(toBcp47('fre-CA')).toBe('fr-CA');
    expect(toBcp47('gsw')).toBe('gsw');
  });

  it('rejects what is not a language code', () => {
    expect(toBcp47(undefined)).toBeUndefined();
    expect(toBcp47('')).toBeUndefined();
    expect(toBcp47('unknown language')).toBeUndefined();
    expect(toBcp47('12')).toBeUndefined();
  });

  it('gives the ISO 639-2/B code back for ISO 19139 output, and the English name', () => {
    expect(['fr', 'fr-CA', 'de', 'nl', 'en', 'el'].map(toIso639B)).toEqual(['fre', 'fre', 'ger', 'dut', 'eng', 'gre']);
    expect(toIso639B('xx')).toBeUndefined();
    expect(languageName('de-AT')).toBe('German');
  });
});
