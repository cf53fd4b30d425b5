import { assertNever } from '../../core/errors.js';
import type { RecordKind } from '../../core/record.js';
import type { StacRecord } from '../../core/stac.js';
import type { Cql2Expr } from '../../search/cql2/ast.js';

/**
 * The set hierarchy, derived from the data:
 *
 * - `collection:<id>`: a collection and its items;
 * - `source:<id>`: the records harvested from one source (their provenance);
 * - `project:<era>` and `project:<era>:<activity>`: the `cmip6:mip_era` or `project` property, and the
 *   `cmip6:activity_id` property within it (`project:CMIP6:ScenarioMIP`). A record with an activity but
 *   no era uses the CMIP6 extension, so it is in `project:CMIP6`. Item properties are read for items,
 *   top-level members for collections (as the search core reads them).
 *
 * `collection`, `source` and `project` alone hold every record of their kind. Parts that are not made of
 * setSpec characters are escaped as `~XX` (UTF-8 bytes in hex), so that a `:` in an id cannot be taken
 * for a level of the hierarchy.
 */
export type SetSelector =
  | { readonly kind: 'collection'; readonly id?: string }
  | { readonly kind: 'project'; readonly era?: string; readonly activity?: string }
  | { readonly kind: 'source'; readonly id?: string };

export interface OaiSet {
  readonly spec: string;
  readonly name: string;
}

/** The record fields set membership is decided on. */
export interface SetMember {
  readonly kind: RecordKind;
  readonly collectionId: string;
  readonly id: string;
  readonly doc: StacRecord;
  readonly sourceId?: string;
}

/** setSpecType of the OAI-PMH schema. */
export const SET_SPEC = /^[A-Za-z0-9\-_.!~*'()]+(:[A-Za-z0-9\-_.!~*'()]+)*$/;

/** Kept as is in a set part; `~` is the escape character. */
const PLAIN = /^[A-Za-z0-9\-_.!*'()]$/;

export const MIP_ERA = 'cmip6:mip_era';
export const ACTIVITY = 'cmip6:activity_id';
export const PROJECT = 'project';
/** The queryable of a record's harvest source. */
export const SOURCE = 'meridian:source';
/** The era of records that carry CMIP6 activities without naming their era. */
const IMPLIED_ERA = 'CMIP6';

export function encodeSetPart(value: string): string {
  let out = '';
  for (const byte of Buffer.from(value, 'utf8')) {
    const char = String.fromCharCode(byte);
    out += byte < 0x80 && PLAIN.test(char) ? char : `~${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

export function decodeSetPart(part: string): string | undefined {
  const bytes: number[] = [];
  for (let i = 0; i < part.length; ) {
    if (part[i] === '~') {
      const hex = part.slice(i + 1, i + 3);
      if (!/^[0-9A-F]{2}$/.test(hex)) return undefined;
      bytes.push(parseInt(hex, 16));
      i += 3;
    } else {
      bytes.push(part.charCodeAt(i));
      i += 1;
    }
  }
  const decoded = Buffer.from(bytes).toString('utf8');
  // Only the canonical spelling names a set (this also refuses bytes that are not UTF-8).
  return decoded !== '' && encodeSetPart(decoded) === part ? decoded : undefined;
}

/** The set a setSpec names, or undefined when it is not one of this repository's. */
export function parseSetSpec(spec: string): SetSelector | undefined {
  const [head, ...encoded] = spec.split(':');
  const parts = encoded.map(decodeSetPart);
  if (parts.some((p) => p === undefined)) return undefined;
  const [first, second] = parts;
  switch (head) {
    case 'collection':
    case 'source':
      if (parts.length > 1) return undefined;
      return first === undefined ? { kind: head } : { kind: head, id: first };
    case 'project':
      if (parts.length > 2) return undefined;
      return { kind: 'project', ...(first === undefined ? {} : { era: first }), ...(second === undefined ? {} : { activity: second }) };
    default:
      return undefined;
  }
}

export function setSpecOf(selector: SetSelector): string {
  const parts: (string | undefined)[] =
    selector.kind === 'project' ? [selector.kind, selector.era, selector.activity] : [selector.kind, selector.id];
  return parts
    .filter((p): p is string => p !== undefined)
    .map((p, i) => (i === 0 ? p : encodeSetPart(p)))
    .join(':');
}

function fieldsOf(doc: StacRecord): Readonly<Record<string, unknown>> {
  return doc.type === 'Feature' ? (doc.properties as Readonly<Record<string, unknown>>) : (doc as unknown as Readonly<Record<string, unknown>>);
}

/** The strings of a property that is a string or an array (what `=` or `a_contains` can match). */
function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

const absent = (value: unknown): boolean => value === undefined || value === null;

/** The project sets of a document: each era, and each activity within each era. */
function projectsOf(doc: StacRecord): { readonly era: string; readonly activities: readonly string[] }[] {
  const fields = fieldsOf(doc);
  const eras = new Set([...strings(fields[MIP_ERA]), ...strings(fields[PROJECT])]);
  if (absent(fields[MIP_ERA]) && !absent(fields[ACTIVITY])) eras.add(IMPLIED_ERA);
  const activities = [...new Set(strings(fields[ACTIVITY]))];
  return [...eras].map((era) => ({ era, activities }));
}

/** Every set a record is in, most specific first within each kind (membership in `x:y` implies `x`). */
export function setSpecsOf(record: SetMember): string[] {
  const specs = [setSpecOf({ kind: 'collection', id: record.kind === 'item' ? record.collectionId : record.id })];
  if (record.sourceId !== undefined) specs.push(setSpecOf({ kind: 'source', id: record.sourceId }));
  for (const { era, activities } of projectsOf(record.doc)) {
    specs.push(setSpecOf({ kind: 'project', era }));
    for (const activity of activities) specs.push(setSpecOf({ kind: 'project', era, activity }));
  }
  return specs;
}

const property = (name: string) => ({ property: name });
const isNull = (name: string): Cql2Expr => ({ op: 'isNull', args: [property(name)] });
const hasValue = (name: string): Cql2Expr => ({ op: 'not', args: [isNull(name)] });
/** A string property equal to the value, or an array property holding it. */
const holds = (name: string, value: string): Cql2Expr => ({
  op: 'or',
  args: [
    { op: '=', args: [property(name), value] },
    { op: 'a_contains', args: [property(name), [value]] },
  ],
});

/** The core filter of a project set (the same rules as `projectsOf`). */
export function projectFilter(era?: string, activity?: string): Cql2Expr {
  if (era === undefined) return { op: 'or', args: [hasValue(MIP_ERA), hasValue(PROJECT), hasValue(ACTIVITY)] };
  const eraFilter: Cql2Expr = {
    op: 'or',
    args: [
      holds(MIP_ERA, era),
      holds(PROJECT, era),
      ...(era === IMPLIED_ERA ? [{ op: 'and', args: [isNull(MIP_ERA), hasValue(ACTIVITY)] } as Cql2Expr] : []),
    ],
  };
  return activity === undefined ? eraFilter : { op: 'and', args: [eraFilter, holds(ACTIVITY, activity)] };
}

/** How a set narrows a search, as core conditions. */
export interface SetConditions {
  readonly collections?: readonly string[];
  readonly filter?: Cql2Expr;
}

/** Records harvested from one source, or from any source. */
function sourceFilter(id: string | undefined): Cql2Expr {
  return id === undefined ? hasValue(SOURCE) : { op: '=', args: [property(SOURCE), id] };
}

export function setConditions(selector: SetSelector): SetConditions {
  switch (selector.kind) {
    case 'collection':
      return selector.id === undefined ? {} : { collections: [selector.id] };
    case 'project':
      return { filter: projectFilter(selector.era, selector.activity) };
    case 'source':
      return { filter: sourceFilter(selector.id) };
    default:
      return assertNever(selector, 'set');
  }
}

