import { describe, expect, it } from 'vitest';
import { convertDocument } from '../../../src/cli/convertDocument.js';
import { readShared, sharedPath } from '../../support/shared.js';
import { validateStac } from '../../support/stacValidator.js';
import { validateXml } from '../../support/xmllint.js';

const ctx = { baseUrl: 'http://localhost:8080' };

describe('meridian convert', () => {
  it('detects ISO 19139 and gives valid STAC', () => {
    const result = convertDocument(readShared('fixtures/geonetwork/iso19139_geobretagne.xml'), { to: 'stac' }, ctx);
    expect(result.problems).toEqual([]);
    const doc = JSON.parse(result.output ?? 'null') as Record<string, unknown>;
    expect(doc.id).toBe('955c3e47-411e-4969-b61b-3556d1b9f879');
    expect(validateStac(doc)).toEqual([]);
  });

  it('turns DataCite into DataCite 4.6 that validates against the schema', () => {
    const result = convertDocument(readShared('fixtures/datacite/datacite-xml_10.1594-pangaea.721193.xml'), { to: 'datacite' }, ctx);
    expect(result.problems).toEqual([]);
    expect(validateXml(result.output ?? '', sharedPath('schemas/datacite/kernel-4.6/metadata.xsd'))).toEqual([]);
  });

  it('turns ISO into Dublin Core and ISO into ISO', () => {
    const iso = readShared('fixtures/geonetwork/iso19139_ipma-atmosphere.xml');
    expect(convertDocument(iso, { to: 'dc' }, ctx).output).toContain('<csw:Record');
    const back = convertDocument(iso, { to: 'iso19139' }, ctx);
    expect(validateXml(back.output ?? '', sharedPath('schemas/validate/iso19139-20070417-all.xsd'))).toEqual([]);
  });

  it('lists the missing DataCite fields instead of producing an invalid document', () => {
    const result = convertDocument(readShared('fixtures/geonetwork/iso19139_geobretagne.xml'), { to: 'datacite' }, ctx);
    expect(result.output).toBeUndefined();
    expect(result.problems.join('\n')).toMatch(/creators: at least one creator/);
    expect(result.problems.join('\n')).toMatch(/publisher/);
  });

  it('says when the input format is not recognised', () => {
    expect(convertDocument('hello', { to: 'stac' }, ctx).problems).toEqual(['the input format is not recognised; name it with --from']);
    expect(convertDocument('<x/>', { from: 'iso19139', to: 'stac' }, ctx).problems[0]).toMatch(/not an ISO 19139/);
  });
});
