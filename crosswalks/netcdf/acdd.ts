import type { NetcdfAttribute } from '../../src/netcdf/datasetHeader.js';
import { normalizeBbox } from '../../src/core/bbox.js';
import { toRfc3339 } from '../time/dates.js';
import { attributeNumbers, attributeText } from './attributeValues.js';

/**
 * ACDD (Attribute Convention for Data Discovery 1.3, and the Unidata Dataset Discovery 1.0 names
 * before it) global attributes read into STAC fields: extents, dates, parties, keywords.
 */

export type Warn = (path: string, kind: 'dropped' | 'defaulted' | 'malformed' | 'unsupported' | 'missing', detail: string) => void;

/** ISO 8601 basic format (`20160918T181648Z`, used by GHRSST) to the extended format `toRfc3339` reads. */
function extendedIso(text: string): string {
  const basic = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2}(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/i.exec(text.trim());
  if (!basic) return text;
  return `${basic[1]}-${basic[2]}-${basic[3]}T${basic[4]}:${basic[5]}${basic[6] === undefined ? '' : `:${basic[6]}`}${basic[7] ?? ''}`;
}

/** An ACDD date attribute as RFC 3339, with a warning when it is there but not a date. */
export function acddDate(attrs: readonly NetcdfAttribute[], name: string, edge: 'start' | 'end', warn: Warn): string | undefined {
  const text = attributeText(attrs, name);
  if (text === undefined) {
    if (attributeNumbers(attrs, name) !== undefined) warn(`:${name}`, 'malformed', `${name} is a number, not an ISO 8601 date`);
    return undefined;
  }
  const date = toRfc3339(extendedIso(text), edge);
  if (date === undefined) warn(`:${name}`, 'malformed', `${name} "${text}" is not an ISO 8601 date`);
  return date;
}

function firstNumber(attrs: readonly NetcdfAttribute[], name: string): number | undefined {
  const value = attributeNumbers(attrs, name)?.[0];
  return value !== undefined && Number.isFinite(value) ? value : undefined;
}

/**
 * The ACDD bounding box (or the GHRSST `westernmost_longitude`... names): `raw` as written, `bbox`
 * with 0..360 longitudes normalised to -180..180.
 */
export function acddBbox(
  attrs: readonly NetcdfAttribute[],
  warn: Warn,
): { raw: [number, number, number, number]; bbox: [number, number, number, number] } | undefined {
  const sets = [
    ['geospatial_lon_min', 'geospatial_lat_min', 'geospatial_lon_max', 'geospatial_lat_max'],
    ['westernmost_longitude', 'southernmost_latitude', 'easternmost_longitude', 'northernmost_latitude'],
  ] as const;
  for (const names of sets) {
    const values = names.map((n) => firstNumber(attrs, n));
    if (values.every((v) => v === undefined)) continue;
    const [w, s, e, n] = values;
    if (w === undefined || s === undefined || e === undefined || n === undefined) {
      warn(':geospatial_lat_min', 'missing', `only some of ${names.join(', ')} are given`);
      return undefined;
    }
    if (s < -90 || n > 90 || s > n || w < -180 || e < -180 || w > 360 || e > 360) {
      warn(`:${names[0]}`, 'malformed', `the bounds ${names.join(', ')} = ${values.join(', ')} are not a longitude/latitude box`);
      return undefined;
    }
    return { raw: [w, s, e, n], bbox: normalizeBbox([w, s, e, n]) as [number, number, number, number] };
  }
  return undefined;
}

/** Splits ACDD lists (`a, b; c`); empty items are left out, duplicates kept once. */
export function splitList(text: string | undefined, separators = /[,;]/): string[] {
  if (text === undefined) return [];
  return [...new Set(text.split(separators).map((s) => s.trim()).filter((s) => s !== ''))];
}

/** A URL as a STAC link or provider can carry it: absolute http(s), or `www.` hosts given without a scheme. */
export function webUrl(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  const candidate = /^www\./i.test(text) ? `http://${text}` : text;
  return /^https?:\/\//i.test(candidate) && URL.canParse(candidate) ? candidate : undefined;
}

export interface Provider {
  readonly name: string;
  readonly roles: string[];
  readonly url?: string;
}

/** Creator, institution and publisher as STAC providers (one per name, roles merged). */
export function acddProviders(attrs: readonly NetcdfAttribute[]): Provider[] {
  const providers: Provider[] = [];
  const add = (name: string | undefined, role: string, url: string | undefined): void => {
    if (name === undefined) return;
    const existing = providers.find((p) => p.name === name);
    if (existing === undefined) providers.push({ name, roles: [role], ...(url === undefined ? {} : { url }) });
    else if (!existing.roles.includes(role)) existing.roles.push(role);
  };
  add(attributeText(attrs, 'creator_name') ?? attributeText(attrs, 'creator_institution'), 'producer', webUrl(attributeText(attrs, 'creator_url')));
  add(attributeText(attrs, 'creator_institution'), 'producer', undefined);
  add(attributeText(attrs, 'institution'), 'producer', undefined);
  add(attributeText(attrs, 'publisher_name') ?? attributeText(attrs, 'publisher_institution'), 'host', webUrl(attributeText(attrs, 'publisher_url')));
  add(attributeText(attrs, 'publisher_institution'), 'host', undefined);
  return providers;
}

export interface Contact {
  readonly name: string;
  readonly organization?: string;
  readonly emails?: { readonly value: string }[];
  readonly links?: { readonly href: string; readonly rel: string; readonly type: string }[];
  readonly roles: string[];
}

const EMAIL = /^[^\s@,;]+@[^\s@,;]+\.[^\s@,;]+$/;

/** Creator, publisher and contributors as contacts (contacts extension), when they have a name. */
export function acddContacts(attrs: readonly NetcdfAttribute[], warn: Warn): Contact[] {
  const contacts: Contact[] = [];
  const party = (prefix: 'creator' | 'publisher', role: string): void => {
    const name = attributeText(attrs, `${prefix}_name`);
    const organization = attributeText(attrs, `${prefix}_institution`);
    const emails = splitList(attributeText(attrs, `${prefix}_email`)).filter((e) => {
      if (EMAIL.test(e)) return true;
      warn(`:${prefix}_email`, 'malformed', `"${e}" is not an e-mail address`);
      return false;
    });
    const url = webUrl(attributeText(attrs, `${prefix}_url`));
    const who = name ?? organization;
    if (who === undefined) return;
    contacts.push({
      name: who,
      ...(organization === undefined || organization === who ? {} : { organization }),
      ...(emails.length === 0 ? {} : { emails: emails.map((value) => ({ value })) }),
      ...(url === undefined ? {} : { links: [{ href: url, rel: 'about', type: 'text/html' }] }),
      roles: [role],
    });
  };
  party('creator', 'creator');
  party('publisher', 'publisher');
  const names = splitList(attributeText(attrs, 'contributor_name'), /,/);
  const roles = splitList(attributeText(attrs, 'contributor_role'), /,/);
  names.forEach((name, i) => {
    const role = roles.length === names.length ? roles[i] : roles.length === 1 ? roles[0] : undefined;
    contacts.push({ name, roles: [role ?? 'contributor'] });
  });
  return contacts;
}
