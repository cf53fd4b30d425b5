import { MeridianError } from '../../src/core/errors.js';
import type { HttpClient } from '../../src/core/http/httpClient.js';
import { isJsonObject, type JsonObject } from '../../src/core/json.js';

/** AERIS writes most texts in both languages, `{en, fr}`; either may be missing or empty. */
export interface Bilingual {
  readonly en?: string;
  readonly fr?: string;
}

export interface AerisLink {
  /** AERIS link type, e.g. `OPENSEARCH_LINK`. */
  readonly type?: string;
  readonly url: string;
  readonly name?: string;
  readonly description?: Bilingual;
}

export interface AerisLicence {
  readonly name?: string;
  readonly version?: string;
  readonly url?: string;
  readonly dataPolicyUrl?: string;
  readonly registrationNeeded?: boolean;
  readonly authenticationNeeded?: boolean;
  readonly embargoStartDate?: string;
  readonly embargoDuration?: string;
  readonly description?: Bilingual;
}

/** What the AERIS record JSON adds to the ISO 19139 record of the same uuid. */
export interface AerisRecord {
  readonly id: string;
  readonly type?: string;
  readonly title?: Bilingual;
  /** `projectSet[].shortName` */
  readonly projects: readonly string[];
  /** Bare DOIs (`10.25326/128`) from `identifiers` whose codeSpace or code names a DOI. */
  readonly dois: readonly string[];
  readonly links: readonly AerisLink[];
  readonly licence?: AerisLicence;
  /** The AERIS landing page of the record. */
  readonly landingPage: string;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

/** `{en, fr}`, or a plain string (taken as English); undefined when neither language has text. */
function readBilingual(value: unknown): Bilingual | undefined {
  if (typeof value === 'string') {
    const en = text(value);
    return en === undefined ? undefined : { en };
  }
  if (!isJsonObject(value)) return undefined;
  const en = text(value['en']);
  const fr = text(value['fr']);
  if (en === undefined && fr === undefined) return undefined;
  return { ...(en === undefined ? {} : { en }), ...(fr === undefined ? {} : { fr }) };
}

function objects(value: unknown): JsonObject[] {
  return Array.isArray(value) ? value.filter(isJsonObject) : [];
}

function bareDoi(code: string, codeSpace: string | undefined): string | undefined {
  const joined = `${codeSpace ?? ''}${code}`;
  const match = /(10\.\d{4,9}\/\S+)/.exec(joined);
  if (!match?.[1]) return undefined;
  const isDoi = /doi/i.test(codeSpace ?? '') || /doi/i.test(code) || /^10\.\d{4,9}\//.test(code);
  return isDoi ? match[1] : undefined;
}

function readLicence(value: unknown): AerisLicence | undefined {
  if (!isJsonObject(value)) return undefined;
  const fields: AerisLicence = {
    ...(text(value['licenceName']) === undefined ? {} : { name: text(value['licenceName']) }),
    ...(text(value['licenceVersion']) === undefined ? {} : { version: text(value['licenceVersion']) }),
    ...(text(value['licenceUrl']) === undefined ? {} : { url: text(value['licenceUrl']) }),
    ...(text(value['dataPolicyUrl']) === undefined ? {} : { dataPolicyUrl: text(value['dataPolicyUrl']) }),
    ...(typeof value['registrationNeeded'] === 'boolean' ? { registrationNeeded: value['registrationNeeded'] } : {}),
    ...(typeof value['authenticationNeeded'] === 'boolean' ? { authenticationNeeded: value['authenticationNeeded'] } : {}),
    ...(text(value['embargoStartDate']) === undefined ? {} : { embargoStartDate: text(value['embargoStartDate']) }),
    ...(text(value['embargoDuration']) === undefined ? {} : { embargoDuration: text(value['embargoDuration']) }),
  };
  const description = readBilingual(value['description']);
  const licence = description === undefined ? fields : { ...fields, description };
  return Object.keys(licence).length === 0 ? undefined : licence;
}

/**
 * Reads the record JSON of `GET .../metadata/{uuid}`. Only the fields documented from AERIS client code
 * are read (`id`, `type`, `resourceTitle`, `projectSet`, `identifiers`, `links`, `distributionInformation`);
 * a field of another shape is left out rather than guessed. A body without an `id` throws `UpstreamFailed`.
 */
export function parseAerisRecord(textBody: string): AerisRecord {
  let body: unknown;
  try {
    body = JSON.parse(textBody);
  } catch (error) {
    throw new MeridianError('UpstreamFailed', 'the AERIS record is not JSON', { cause: error });
  }
  if (!isJsonObject(body)) throw new MeridianError('UpstreamFailed', 'the AERIS record is not a JSON object');
  const id = text(body['id']);
  if (id === undefined) throw new MeridianError('UpstreamFailed', 'the AERIS record has no id');
  const title = readBilingual(body['resourceTitle']);
  const projects = [...new Set(objects(body['projectSet']).flatMap((p) => text(p['shortName']) ?? []))];
  const dois = [
    ...new Set(
      objects(body['identifiers']).flatMap((i) => {
        const code = text(i['code']);
        return code === undefined ? [] : (bareDoi(code, text(i['codeSpace'])) ?? []);
      }),
    ),
  ];
  const links = objects(body['links']).flatMap((l): AerisLink[] => {
    const url = text(l['url']);
    if (url === undefined) return [];
    const description = readBilingual(l['description']);
    return [
      {
        ...(text(l['type']) === undefined ? {} : { type: text(l['type']) }),
        url,
        ...(text(l['name']) === undefined ? {} : { name: text(l['name']) }),
        ...(description === undefined ? {} : { description }),
      },
    ];
  });
  const licence = readLicence(body['distributionInformation']);
  return {
    id,
    ...(text(body['type']) === undefined ? {} : { type: text(body['type']) }),
    ...(title === undefined ? {} : { title }),
    projects,
    dois,
    links,
    ...(licence === undefined ? {} : { licence }),
    landingPage: `https://www.aeris-data.fr/catalogue/?uuid=${encodeURIComponent(id)}`,
  };
}

/** `GET {api}/{uuid}`: the record JSON as sent, or undefined when the catalogue no longer has it (404). */
export async function fetchAerisRecordText(
  api: string,
  uuid: string,
  ctx: { readonly http: HttpClient; readonly signal?: AbortSignal },
): Promise<string | undefined> {
  const response = await ctx.http.request(
    { url: `${api.replace(/\/+$/, '')}/${encodeURIComponent(uuid)}`, headers: { accept: 'application/json' }, acceptStatuses: [404] },
    ctx.signal === undefined ? undefined : { signal: ctx.signal },
  );
  return response.status === 404 ? undefined : response.text;
}

/** `GET {api}/{uuid}`: the record JSON, or undefined when the catalogue no longer has it (404). */
export async function fetchAerisRecord(
  api: string,
  uuid: string,
  ctx: { readonly http: HttpClient; readonly signal?: AbortSignal },
): Promise<AerisRecord | undefined> {
  const text = await fetchAerisRecordText(api, uuid, ctx);
  return text === undefined ? undefined : parseAerisRecord(text);
}
