/**
 * Language codes as metadata writes them (ISO 639-2/B and /T three-letter codes, ISO 639-1 two-letter
 * codes, English names, BCP 47 tags) turned into BCP 47, and back to ISO 639-2/B for ISO 19139 output
 * (INSPIRE asks for the bibliographic codes: `fre`, `ger`, `dut`).
 *
 * A compact table: the languages of European and earth-science catalogues, not all of ISO 639.
 */
interface LanguageEntry {
  /** ISO 639-1, the BCP 47 primary subtag. */
  readonly bcp47: string;
  /** ISO 639-2/B (bibliographic). */
  readonly b: string;
  /** ISO 639-2/T (terminology), when it differs from /B. */
  readonly t?: string;
  readonly name: string;
}

const LANGUAGES: readonly LanguageEntry[] = [
  { bcp47: 'en', b: 'eng', name: 'English' },
  { bcp47: 'fr', b: 'fre', t: 'fra', name: 'French' },
  { bcp47: 'de', b: 'ger', t: 'deu', name: 'German' },
  { bcp47: 'nl', b: 'dut', t: 'nld', name: 'Dutch' },
  { bcp47: 'es', b: 'spa', name: 'Spanish' },
  { bcp47: 'it', b: 'ita', name: 'Italian' },
  { bcp47: 'pt', b: 'por', name: 'Portuguese' },
  { bcp47: 'ca', b: 'cat', name: 'Catalan' },
  { bcp47: 'eu', b: 'baq', t: 'eus', name: 'Basque' },
  { bcp47: 'gl', b: 'glg', name: 'Galician' },
  { bcp47: 'oc', b: 'oci', name: 'Occitan' },
  { bcp47: 'br', b: 'bre', name: 'Breton' },
  { bcp47: 'co', b: 'cos', name: 'Corsican' },
  { bcp47: 'rm', b: 'roh', name: 'Romansh' },
  { bcp47: 'lb', b: 'ltz', name: 'Luxembourgish' },
  { bcp47: 'ga', b: 'gle', name: 'Irish' },
  { bcp47: 'gd', b: 'gla', name: 'Scottish Gaelic' },
  { bcp47: 'cy', b: 'wel', t: 'cym', name: 'Welsh' },
  { bcp47: 'is', b: 'ice', t: 'isl', name: 'Icelandic' },
  { bcp47: 'fo', b: 'fao', name: 'Faroese' },
  { bcp47: 'da', b: 'dan', name: 'Danish' },
  { bcp47: 'sv', b: 'swe', name: 'Swedish' },
  { bcp47: 'no', b: 'nor', name: 'Norwegian' },
  { bcp47: 'nb', b: 'nob', name: 'Norwegian Bokmål' },
  { bcp47: 'nn', b: 'nno', name: 'Norwegian Nynorsk' },
  { bcp47: 'se', b: 'sme', name: 'Northern Sami' },
  { bcp47: 'kl', b: 'kal', name: 'Greenlandic' },
  { bcp47: 'fi', b: 'fin', name: 'Finnish' },
  { bcp47: 'et', b: 'est', name: 'Estonian' },
  { bcp47: 'lv', b: 'lav', name: 'Latvian' },
  { bcp47: 'lt', b: 'lit', name: 'Lithuanian' },
  { bcp47: 'pl', b: 'pol', name: 'Polish' },
  { bcp47: 'cs', b: 'cze', t: 'ces', name: 'Czech' },
  { bcp47: 'sk', b: 'slo', t: 'slk', name: 'Slovak' },
  { bcp47: 'sl', b: 'slv', name: 'Slovenian' },
  { bcp47: 'hu', b: 'hun', name: 'Hungarian' },
  { bcp47: 'ro', b: 'rum', t: 'ron', name: 'Romanian' },
  { bcp47: 'bg', b: 'bul', name: 'Bulgarian' },
  { bcp47: 'hr', b: 'hrv', name: 'Croatian' },
  { bcp47: 'sr', b: 'srp', name: 'Serbian' },
  { bcp47: 'bs', b: 'bos', name: 'Bosnian' },
  { bcp47: 'mk', b: 'mac', t: 'mkd', name: 'Macedonian' },
  { bcp47: 'sq', b: 'alb', t: 'sqi', name: 'Albanian' },
  { bcp47: 'el', b: 'gre', t: 'ell', name: 'Greek' },
  { bcp47: 'mt', b: 'mlt', name: 'Maltese' },
  { bcp47: 'tr', b: 'tur', name: 'Turkish' },
  { bcp47: 'ru', b: 'rus', name: 'Russian' },
  { bcp47: 'uk', b: 'ukr', name: 'Ukrainian' },
  { bcp47: 'be', b: 'bel', name: 'Belarusian' },
  { bcp47: 'ka', b: 'geo', t: 'kat', name: 'Georgian' },
  { bcp47: 'hy', b: 'arm', t: 'hye', name: 'Armenian' },
  { bcp47: 'ar', b: 'ara', name: 'Arabic' },
  { bcp47: 'he', b: 'heb', name: 'Hebrew' },
  { bcp47: 'fa', b: 'per', t: 'fas', name: 'Persian' },
  { bcp47: 'hi', b: 'hin', name: 'Hindi' },
  { bcp47: 'bn', b: 'ben', name: 'Bengali' },
  { bcp47: 'zh', b: 'chi', t: 'zho', name: 'Chinese' },
  { bcp47: 'ja', b: 'jpn', name: 'Japanese' },
  { bcp47: 'ko', b: 'kor', name: 'Korean' },
  { bcp47: 'vi', b: 'vie', name: 'Vietnamese' },
  { bcp47: 'th', b: 'tha', name: 'Thai' },
  { bcp47: 'id', b: 'ind', name: 'Indonesian' },
  { bcp47: 'ms', b: 'may', t: 'msa', name: 'Malay' },
  { bcp47: 'my', b: 'bur', t: 'mya', name: 'Burmese' },
  { bcp47: 'bo', b: 'tib', t: 'bod', name: 'Tibetan' },
  { bcp47: 'mi', b: 'mao', t: 'mri', name: 'Maori' },
  { bcp47: 'sw', b: 'swa', name: 'Swahili' },
  { bcp47: 'af', b: 'afr', name: 'Afrikaans' },
  { bcp47: 'la', b: 'lat', name: 'Latin' },
  { bcp47: 'eo', b: 'epo', name: 'Esperanto' },
];

/** Every accepted spelling (lower case) to its table entry. */
const BY_CODE: ReadonlyMap<string, LanguageEntry> = new Map(
  LANGUAGES.flatMap((l) => [
    [l.bcp47, l] as const,
    [l.b, l] as const,
    ...(l.t === undefined ? [] : [[l.t, l] as const]),
    [l.name.toLowerCase(), l] as const,
  ]),
);

/** BCP 47 syntax without the grandfathered tags: language, then script, region, variants. */
const BCP47 = /^([A-Za-z]{2,3})(-[A-Za-z]{4})?(-(?:[A-Za-z]{2}|\d{3}))?((?:-(?:[A-Za-z\d]{5,8}|\d[A-Za-z\d]{3}))*)$/;

/**
 * The BCP 47 tag of a language code found in metadata, or undefined when it is not recognisable.
 * `fre`, `fra`, `fr`, `French`, `FR` → `fr`; `fr_CA` → `fr-CA`; a valid tag such as `pt-BR` passes through
 * with its primary subtag shortened to ISO 639-1 when the table knows it.
 */
export function toBcp47(code: string | undefined): string | undefined {
  if (code === undefined) return undefined;
  const text = code.trim().replace(/_/g, '-');
  if (text === '') return undefined;
  const known = BY_CODE.get(text.toLowerCase());
  if (known) return known.bcp47;
  const match = BCP47.exec(text);
  if (!match) return undefined;
  const primary = match[1]!.toLowerCase();
  // Three-letter codes outside the table are ISO 639-2/T or 639-3 codes, which BCP 47 accepts as they are.
  const shortened = BY_CODE.get(primary)?.bcp47;
  const script = match[2] === undefined ? '' : `-${match[2].slice(1, 2).toUpperCase()}${match[2].slice(2).toLowerCase()}`;
  const region = match[3]?.toUpperCase() ?? '';
  return `${shortened ?? primary}${script}${region}${match[4]?.toLowerCase() ?? ''}`;
}

/** The ISO 639-2/B code ISO 19139 records use for a BCP 47 tag (`fr-CA` → `fre`), or undefined. */
export function toIso639B(tag: string): string | undefined {
  const primary = tag.trim().split(/[-_]/)[0]?.toLowerCase() ?? '';
  return BY_CODE.get(primary)?.b;
}

/** The English name of a language (`fr` → `French`): the `alternate` of the STAC language extension. */
export function languageName(tag: string): string | undefined {
  const primary = tag.trim().split(/[-_]/)[0]?.toLowerCase() ?? '';
  return BY_CODE.get(primary)?.name;
}
