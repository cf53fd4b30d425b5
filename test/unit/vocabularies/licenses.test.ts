import { describe, expect, it } from 'vitest';
import { KNOWN_SPDX_IDS, spdxUrl, toSpdx } from '../../../vocabularies/licenses.js';
import { readShared } from '../../support/shared.js';

interface SpdxList { readonly licenses: readonly { readonly licenseId: string; readonly isDeprecatedLicenseId: boolean }[] }

describe('toSpdx', () => {
  it('returns only ids of the SPDX License List, none deprecated', () => {
    const list = JSON.parse(readShared('vocabularies', 'spdx', 'licenses.json')) as SpdxList;
    const current = new Set(list.licenses.filter((l) => !l.isDeprecatedLicenseId).map((l) => l.licenseId));
    expect(KNOWN_SPDX_IDS.filter((id) => !current.has(id))).toEqual([]);
    expect(new Set(KNOWN_SPDX_IDS).size).toBe(KNOWN_SPDX_IDS.length);
  });

  it.each([
    ['https://creativecommons.org/licenses/by/4.0/', 'CC-BY-4.0'],
    ['http://creativecommons.org/licenses/by/4.0', 'CC-BY-4.0'],
    ['https://creativecommons.org/licenses/by/4.0/legalcode', 'CC-BY-4.0'],
    ['https://creativecommons.org/licenses/by/4.0/deed.fr', 'CC-BY-4.0'],
    ['https://creativecommons.org/licenses/by/3.0/legalcode', 'CC-BY-3.0'],
    ['https://creativecommons.org/licenses/by-nc-sa/4.0/', 'CC-BY-NC-SA-4.0'],
    ['https://creativecommons.org/licenses/by-nd-nc/1.0/', 'CC-BY-NC-ND-1.0'],
    ['https://creativecommons.org/licenses/by/3.0/igo/', 'CC-BY-3.0-IGO'],
    ['https://creativecommons.org/publicdomain/zero/1.0/', 'CC0-1.0'],
    ['https://opendatacommons.org/licenses/odbl/1-0/', 'ODbL-1.0'],
    ['http://www.opendatacommons.org/licenses/odbl/1.0/', 'ODbL-1.0'],
    ['https://opendatacommons.org/licenses/by/1.0/', 'ODC-By-1.0'],
    ['http://opendatacommons.org/licenses/pddl/1.0/', 'PDDL-1.0'],
    ['https://www.etalab.gouv.fr/licence-ouverte-open-licence', 'etalab-2.0'],
    ['https://www.etalab.gouv.fr/wp-content/uploads/2017/04/ETALAB-Licence-Ouverte-v2.0.pdf', 'etalab-2.0'],
    ['https://spdx.org/licenses/CC-BY-SA-4.0.html', 'CC-BY-SA-4.0'],
    ['https://www.apache.org/licenses/LICENSE-2.0', 'Apache-2.0'],
    ['http://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/', 'OGL-UK-3.0'],
  ])('URL %s is %s', (text, id) => {
    expect(toSpdx(text)).toBe(id);
  });

  it.each([
    ['CC BY 4.0', 'CC-BY-4.0'],
    ['CC-BY 4.0', 'CC-BY-4.0'],
    ['CC BY-SA 4.0', 'CC-BY-SA-4.0'],
    ['CC BY-NC-SA 4.0', 'CC-BY-NC-SA-4.0'],
    ['Creative Commons Attribution 4.0 International', 'CC-BY-4.0'],
    ['Creative Commons Attribution 3.0 Unported', 'CC-BY-3.0'],
    ['Creative Commons Attribution-NonCommercial-ShareAlike 4.0 International', 'CC-BY-NC-SA-4.0'],
    ['Creative Commons Attribution-NoDerivatives 4.0 International License', 'CC-BY-ND-4.0'],
    ['Creative Commons CC0 1.0 Universal Public Domain Dedication', 'CC0-1.0'],
    ['CC0', 'CC0-1.0'],
    ['CC0 1.0', 'CC0-1.0'],
    ['Licence Ouverte 2.0', 'etalab-2.0'],
    ['Licence Ouverte (Etalab)', 'etalab-2.0'],
    ['Licence Ouverte / Open Licence version 2.0', 'etalab-2.0'],
    ['Open Licence 2.0', 'etalab-2.0'],
    ['Open Data Commons Open Database License v1.0', 'ODbL-1.0'],
    ['Apache License 2.0', 'Apache-2.0'],
    ['MIT License', 'MIT'],
  ])('name %s is %s', (text, id) => {
    expect(toSpdx(text)).toBe(id);
  });

  it.each([
    ['cc-by-4.0', 'CC-BY-4.0'],
    ['CC-BY-4.0', 'CC-BY-4.0'],
    ['odbl-1.0', 'ODbL-1.0'],
    ['ETALAB-2.0', 'etalab-2.0'],
    ['cc0-1.0', 'CC0-1.0'],
    ['mit', 'MIT'],
  ])('SPDX id %s in any case is %s', (text, id) => {
    expect(toSpdx(text)).toBe(id);
  });

  it('finds a Creative Commons licence named inside a sentence', () => {
    expect(toSpdx('CMIP6 model data produced by IPSL is licensed under a Creative Commons Attribution-ShareAlike 4.0 '
      + 'International License (https://creativecommons.org/licenses). Consult https://pcmdi.llnl.gov/CMIP6/TermsOfUse')).toBe('CC-BY-SA-4.0');
    expect(toSpdx('Data released under CC BY 4.0 or later')).toBe('CC-BY-4.0');
  });

  it.each(['', 'copyright', 'Consult license for use limitations', 'Licence Ouverte 1.0',
    'https://creativecommons.org/licenses/by/3.0/fr/', 'https://example.org/licence', 'proprietary'])(
    '%j is not recognised', (text) => {
      expect(toSpdx(text)).toBeUndefined();
    });
});

describe('spdxUrl', () => {
  it('gives the licence URL of a known id in any case', () => {
    expect(spdxUrl('CC-BY-4.0')).toBe('https://creativecommons.org/licenses/by/4.0/');
    expect(spdxUrl('cc0-1.0')).toBe('https://creativecommons.org/publicdomain/zero/1.0/');
    expect(spdxUrl('etalab-2.0')).toBe('https://www.etalab.gouv.fr/licence-ouverte-open-licence/');
    expect(spdxUrl('CC-BY-3.0-IGO')).toBe('https://creativecommons.org/licenses/by/3.0/igo/');
    expect(spdxUrl('LicenseRef-proprietary')).toBeUndefined();
  });

  it('round-trips every known id through its URL', () => {
    for (const id of KNOWN_SPDX_IDS) {
      const url = spdxUrl(id);
      expect(url, id).toBeDefined();
      if (id.endsWith('-or-later')) continue;
      expect(toSpdx(url ?? ''), id).toBe(id);
    }
  });
});
