/**
 * Licence recognition: free-text licence names, licence URLs and SPDX identifiers to the canonical
 * SPDX License List id (3.27), and back to a URL for a STAC `license` link. A compact built-in table
 * covering the licences found in earth-observation metadata; the SPDX list itself is never read at run time.
 */

interface LicenseEntry {
  readonly id: string;
  /** The licence's own canonical URL (the one a `rel=license` link should point to). */
  readonly url: string;
  /** Other URLs naming the licence, without scheme and `www.`, lower case, no trailing slash. */
  readonly urls?: readonly string[];
  /** Names as they appear in metadata, compared after `normalizeName`. */
  readonly names?: readonly string[];
}

const CC_KINDS = ['by', 'by-sa', 'by-nc', 'by-nd', 'by-nc-sa', 'by-nc-nd'] as const;
const CC_VERSIONS = ['1.0', '2.0', '2.5', '3.0', '4.0'] as const;
/** Ported Creative Commons licences that have their own SPDX id: `<kind>/<version>/<jurisdiction>`. */
const CC_PORTS = [
  'by/2.5/au', 'by/3.0/at', 'by/3.0/au', 'by/3.0/de', 'by/3.0/igo', 'by/3.0/nl', 'by/3.0/us',
  'by-sa/2.0/uk', 'by-sa/3.0/at', 'by-sa/3.0/de', 'by-sa/3.0/igo', 'by-nc/3.0/de', 'by-nd/3.0/de',
  'by-nc-sa/2.0/de', 'by-nc-sa/2.0/fr', 'by-nc-sa/2.0/uk', 'by-nc-sa/3.0/de', 'by-nc-sa/3.0/igo',
  'by-nc-nd/3.0/de', 'by-nc-nd/3.0/igo',
] as const;

function ccEntry(path: string): LicenseEntry {
  return { id: `CC-${path.replaceAll('/', '-').toUpperCase()}`, url: `https://creativecommons.org/licenses/${path}/` };
}

const ENTRIES: readonly LicenseEntry[] = [
  ...CC_KINDS.flatMap((kind) => CC_VERSIONS.map((version) => ccEntry(`${kind}/${version}`))),
  ...CC_PORTS.map(ccEntry),
  {
    id: 'CC0-1.0',
    url: 'https://creativecommons.org/publicdomain/zero/1.0/',
    names: ['cc0', 'cc 0', 'cc0 1.0 universal', 'creative commons zero', 'creative commons zero v1.0 universal',
      'cc0 1.0 universal public domain dedication', 'creative commons cc0 1.0 universal public domain dedication',
      'creative commons cc0 1.0 universal', 'public domain dedication cc0'],
  },
  { id: 'CC-PDM-1.0', url: 'https://creativecommons.org/publicdomain/mark/1.0/', names: ['public domain mark 1.0'] },
  {
    id: 'ODbL-1.0', url: 'https://opendatacommons.org/licenses/odbl/1-0/',
    urls: ['opendatacommons.org/licenses/odbl', 'opendatacommons.org/licenses/odbl/1.0', 'opendatacommons.org/licenses/odbl/summary'],
    names: ['odbl', 'open database license', 'open database license 1.0', 'open data commons open database license',
      'open data commons open database license v1.0', 'open data commons open database license 1.0'],
  },
  {
    id: 'ODC-By-1.0', url: 'https://opendatacommons.org/licenses/by/1-0/',
    urls: ['opendatacommons.org/licenses/by', 'opendatacommons.org/licenses/by/1.0', 'opendatacommons.org/licenses/by/summary'],
    names: ['odc by', 'odc by 1.0', 'open data commons attribution license', 'open data commons attribution license v1.0'],
  },
  {
    id: 'PDDL-1.0', url: 'https://opendatacommons.org/licenses/pddl/1-0/',
    urls: ['opendatacommons.org/licenses/pddl', 'opendatacommons.org/licenses/pddl/1.0', 'opendatacommons.org/licenses/pddl/summary'],
    names: ['pddl', 'odc pddl', 'open data commons public domain dedication and license',
      'open data commons public domain dedication and license 1.0', 'open data commons public domain dedication license v1.0'],
  },
  {
    id: 'etalab-2.0', url: 'https://www.etalab.gouv.fr/licence-ouverte-open-licence/',
    urls: ['etalab.gouv.fr/licence-ouverte-open-licence', 'etalab.gouv.fr/wp-content/uploads/2017/04/etalab-licence-ouverte-v2.0.pdf',
      'etalab.gouv.fr/wp-content/uploads/2018/11/open-licence.pdf', 'github.com/etalab/licence-ouverte/blob/master/lo.md',
      'github.com/etalab/licence-ouverte/blob/master/open-licence.md'],
    // The unversioned name is read as 2.0: etalab's own page for "the" Licence Ouverte serves 2.0.
    names: ['licence ouverte', 'licence ouverte 2.0', 'licence ouverte v2.0', 'licence ouverte version 2.0',
      'licence ouverte open licence', 'licence ouverte open licence 2.0', 'licence ouverte open licence version 2.0',
      'licence ouverte etalab', 'licence ouverte etalab 2.0', 'licence ouverte d etalab', 'licence ouverte d etalab 2.0',
      'open licence 2.0', 'open licence version 2.0', 'open license 2.0', 'etalab', 'etalab 2.0',
      'etalab open license 2.0', 'etalab open licence 2.0', 'etalab licence ouverte 2.0', 'lo 2.0'],
  },
  {
    id: 'OGL-UK-3.0', url: 'https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/',
    names: ['open government licence v3.0', 'open government licence 3.0', 'open government licence version 3.0', 'ogl v3.0', 'ogl 3.0', 'ogl uk 3.0'],
  },
  {
    id: 'OGL-UK-2.0', url: 'https://www.nationalarchives.gov.uk/doc/open-government-licence/version/2/',
    names: ['open government licence v2.0', 'open government licence 2.0'],
  },
  {
    id: 'OGL-Canada-2.0', url: 'https://open.canada.ca/en/open-government-licence-canada',
    names: ['open government licence canada', 'open government licence canada 2.0'],
  },
  { id: 'DL-DE-BY-2.0', url: 'https://www.govdata.de/dl-de/by-2-0', names: ['datenlizenz deutschland namensnennung 2.0', 'data licence germany attribution version 2.0'] },
  { id: 'DL-DE-ZERO-2.0', url: 'https://www.govdata.de/dl-de/zero-2-0', names: ['datenlizenz deutschland zero 2.0', 'data licence germany zero version 2.0'] },
  { id: 'NLOD-2.0', url: 'https://data.norge.no/nlod/en/2.0', names: ['norwegian licence for open government data 2.0'] },
  {
    id: 'Apache-2.0', url: 'https://www.apache.org/licenses/LICENSE-2.0',
    urls: ['apache.org/licenses/license-2.0.html', 'apache.org/licenses/license-2.0.txt', 'opensource.org/license/apache-2-0'],
    names: ['apache 2.0', 'apache license 2.0', 'apache license version 2.0', 'apache license v2.0', 'apache2'],
  },
  { id: 'MIT', url: 'https://opensource.org/license/mit/', names: ['mit license', 'the mit license'] },
  { id: 'BSD-3-Clause', url: 'https://opensource.org/licenses/BSD-3-Clause', names: ['bsd 3 clause license', 'new bsd license', 'modified bsd license'] },
  { id: 'BSD-2-Clause', url: 'https://opensource.org/licenses/BSD-2-Clause', names: ['bsd 2 clause license', 'simplified bsd license'] },
  { id: 'MPL-2.0', url: 'https://www.mozilla.org/MPL/2.0/', names: ['mozilla public license 2.0'] },
  {
    id: 'GPL-3.0-only', url: 'https://www.gnu.org/licenses/gpl-3.0-standalone.html',
    urls: ['gnu.org/licenses/gpl-3.0', 'gnu.org/licenses/gpl-3.0.html', 'gnu.org/licenses/gpl-3.0.en.html'],
    names: ['gpl 3.0', 'gplv3', 'gnu gpl v3', 'gnu general public license v3.0', 'gnu general public license version 3'],
  },
  { id: 'GPL-3.0-or-later', url: 'https://www.gnu.org/licenses/gpl-3.0-standalone.html' },
  { id: 'GPL-2.0-only', url: 'https://www.gnu.org/licenses/old-licenses/gpl-2.0-standalone.html', names: ['gpl 2.0', 'gplv2'] },
  { id: 'GPL-2.0-or-later', url: 'https://www.gnu.org/licenses/old-licenses/gpl-2.0-standalone.html' },
  { id: 'LGPL-3.0-only', url: 'https://www.gnu.org/licenses/lgpl-3.0-standalone.html', names: ['lgpl 3.0', 'lgplv3'] },
  { id: 'LGPL-2.1-only', url: 'https://www.gnu.org/licenses/old-licenses/lgpl-2.1-standalone.html', names: ['lgpl 2.1'] },
  { id: 'AGPL-3.0-only', url: 'https://www.gnu.org/licenses/agpl-3.0.html', names: ['agpl 3.0', 'agplv3'] },
  { id: 'EUPL-1.2', url: 'https://joinup.ec.europa.eu/page/eupl-text-11-12', names: ['european union public licence 1.2', 'eupl 1.2'] },
  { id: 'CECILL-2.1', url: 'http://www.cecill.info/licences/Licence_CeCILL_V2.1-en.html', names: ['cecill 2.1', 'cecill v2.1'] },
  { id: 'CECILL-B', url: 'http://www.cecill.info/licences/Licence_CeCILL-B_V1-en.html', names: ['cecill b'] },
  { id: 'CECILL-C', url: 'http://www.cecill.info/licences/Licence_CeCILL-C_V1-en.html', names: ['cecill c'] },
  { id: 'Unlicense', url: 'https://unlicense.org/', names: ['the unlicense'] },
];

/** Every SPDX id `toSpdx` can return. */
export const KNOWN_SPDX_IDS: readonly string[] = ENTRIES.map((e) => e.id);

const byId = new Map<string, LicenseEntry>(ENTRIES.map((e) => [e.id.toLowerCase(), e]));
const byUrl = new Map<string, string>();
const byName = new Map<string, string>();
for (const entry of ENTRIES) {
  // "-only" comes first in the table and keeps the URL it shares with "-or-later".
  if (!byUrl.has(normalizeUrl(entry.url))) byUrl.set(normalizeUrl(entry.url), entry.id);
  for (const url of entry.urls ?? []) byUrl.set(url, entry.id);
  for (const name of entry.names ?? []) byName.set(name, entry.id);
}

/** `cc by-nc-sa 4.0`, `cc-by 4.0`, `cc by 3.0 igo` (after `normalizeName`, which turns `-` into spaces). */
const CC_SHORT = /\bcc ((?:by|nc|nd|sa)(?: (?:by|nc|nd|sa))*) (\d\.\d)(?: (\w\w\w?))?\b/;
/** `creative commons attribution noncommercial sharealike 4.0 international` and close variants. */
const CC_LONG = /\bcreative commons attribution((?: (?:non ?commercial|share ?alike|no ?derivatives|no ?derivs))*)(?: licen[cs]e)? (?:v(?:ersion )?)?(\d\.\d)\b/;
const CC_URL = /creativecommons\.org\/licenses\/([a-z-]+)\/(\d\.\d)(?:\/([a-z]{2,3})(?![a-z]))?/;
const CC0 = /\b(?:cc0|cc zero|creative commons zero|creativecommons\.org\/publicdomain\/zero\/1\.0)\b/;

/**
 * The canonical SPDX id for a licence given by its SPDX id (any case), its URL, or its name; or
 * `undefined` when the text does not name a licence of the table unambiguously.
 */
export function toSpdx(text: string): string | undefined {
  const trimmed = text.trim();
  if (trimmed === '') return undefined;
  const lower = trimmed.toLowerCase();
  const direct = byId.get(lower) ?? byId.get(lower.replace(/^spdx:/, ''));
  if (direct !== undefined) return direct.id;
  if (/^(?:https?:\/\/|www\.)\S+$/.test(lower)) return fromUrl(normalizeUrl(lower));
  const name = normalizeName(lower);
  const named = byName.get(name) ?? byName.get(name.replace(/ licen[cs]e$/, ''));
  if (named !== undefined) return named;
  return fromCreativeCommonsText(lower, name);
}

/** The canonical licence URL for an SPDX id (any case), for a STAC `license` link; `undefined` if unknown. */
export function spdxUrl(id: string): string | undefined {
  return byId.get(id.trim().toLowerCase())?.url;
}

function fromUrl(url: string): string | undefined {
  const known = byUrl.get(url);
  if (known !== undefined) return known;
  const spdx = /^spdx\.org\/licenses\/([^/]+?)(?:\.html|\.json)?$/.exec(url) ?? /^opensource\.org\/licenses?\/([^/]+)$/.exec(url);
  if (spdx?.[1] !== undefined) return byId.get(spdx[1])?.id;
  return fromCreativeCommonsText(url, url);
}

function fromCreativeCommonsText(lower: string, name: string): string | undefined {
  const url = CC_URL.exec(lower);
  if (url?.[1] !== undefined && url[2] !== undefined) {
    const kind = url[1] === 'by-nd-nc' ? 'by-nc-nd' : url[1];
    // A port without an SPDX id of its own (by/3.0/fr) is a different licence: not the generic one.
    return ccId(kind, url[2], url[3]);
  }
  if (CC0.test(lower) || CC0.test(name)) return 'CC0-1.0';
  const short = CC_SHORT.exec(name);
  if (short?.[1] !== undefined && short[2] !== undefined) {
    const kind = ccKind(short[1].split(' '));
    // In running text the word after the version is a jurisdiction only when such a port exists.
    return ccId(kind, short[2], short[3]) ?? ccId(kind, short[2], undefined);
  }
  const long = CC_LONG.exec(name);
  if (long?.[1] !== undefined && long[2] !== undefined) {
    const parts = ['by'];
    if (/non ?commercial/.test(long[1])) parts.push('nc');
    if (/no ?deriv/.test(long[1])) parts.push('nd');
    if (/share ?alike/.test(long[1])) parts.push('sa');
    return ccId(parts.join('-'), long[2], undefined);
  }
  return undefined;
}

/** The SPDX order of Creative Commons elements is BY, NC, ND, SA whatever order the text used. */
function ccKind(parts: readonly string[]): string {
  return ['by', 'nc', 'nd', 'sa'].filter((p) => parts.includes(p)).join('-');
}

function ccId(kind: string, version: string, jurisdiction: string | undefined): string | undefined {
  const path = jurisdiction === undefined ? `${kind}/${version}` : `${kind}/${version}/${jurisdiction}`;
  return byId.get(`cc-${path.replaceAll('/', '-')}`)?.id;
}

function normalizeUrl(url: string): string {
  return url
    .toLowerCase()
    .replace(/^https?:\/\//, '')
    .replace(/^www\./, '')
    .replace(/[?#].*$/, '')
    .replace(/\/(?:legalcode(?:\.[a-z-]+)?|deed\.[a-z-]+)$/, '')
    .replace(/\/+$/, '');
}

/** Lower case, punctuation to single spaces: "CC-BY 4.0" and "cc by 4.0" compare equal. */
function normalizeName(lower: string): string {
  return lower
    .replace(/[‐-―'’]/g, ' ')
    .replace(/[^a-z0-9.]+/g, ' ')
    .replace(/\.(?!\d)/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}
