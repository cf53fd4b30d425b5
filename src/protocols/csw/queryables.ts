import { TOPIC_CATEGORY_SCHEME } from '../../../crosswalks/iso19139/mappings.js';
import { toBcp47 } from '../../../vocabularies/languages.js';
import { assertNever, invalidParameter } from '../../core/errors.js';
import type { ComparisonOp, Cql2Expr, DistanceOp, Operand, SpatialOp, TemporalOp } from '../../search/cql2/ast.js';
import { allOf, anyOf, exprCondition, negation, type CswCondition } from './condition.js';
import { DCMITYPE } from './namespaces.js';

/**
 * How a CSW queryable reaches the search core:
 * - `anytext`: free text over the whole record;
 * - `text`: string properties; `list`: arrays of strings (keywords, formats), compared by membership;
 * - `time`: dates and timestamps; `geometry`: the record's footprint;
 * - `value`: any other property of the records (STAC names such as `eo:cloud_cover`), typed by its literal.
 */
export type QueryableType = 'anytext' | 'text' | 'list' | 'time' | 'geometry' | 'value';

/**
 * A member of the elements of an array of objects in the records (`contacts[].name`), counted only for
 * the elements that satisfy `where` (a role): the search core's `a_some` keeps both on the same element.
 */
export interface ElementMember {
  readonly array: string;
  readonly member: string;
  readonly where?: Cql2Expr;
}

export interface Queryable {
  /** The name as the client wrote it, for messages. */
  readonly name: string;
  readonly type: QueryableType;
  /** Core property names; a condition on several properties holds when it holds on any of them. */
  readonly properties: readonly string[];
  /** Members of elements of arrays, searched like properties (any of them may hold the condition). */
  readonly members?: readonly ElementMember[];
  /** Literal normalisation: `dc:type` values may carry the DCMI Type namespace, which records do not. */
  readonly literal?: (value: string) => string;
}

interface Definition {
  readonly names: readonly string[];
  readonly type: QueryableType;
  readonly properties: readonly string[];
  readonly members?: readonly ElementMember[];
  readonly literal?: (value: string) => string;
}

const stripDcmi = (value: string): string => (value.startsWith(DCMITYPE) ? value.slice(DCMITYPE.length) : value);
/** Records keep BCP 47 tags (`en`); ISO clients write ISO 639-2 codes (`eng`). */
const languageTag = (value: string): string => toBcp47(value.trim()) ?? value;

const hasRole = (roles: readonly string[]): Cql2Expr => ({ op: 'a_overlaps', args: [{ property: 'roles' }, roles] });
/** Contact roles of authors: DataCite and Dublin Core creators, and the ISO roles that mean authorship. */
const CREATOR_ROLES = ['creator', 'originator', 'author', 'principalInvestigator', 'coAuthor'];
const PUBLISHER_ROLES = ['publisher'];

/**
 * Parties. The crosswalks keep every responsible party (ISO), creator and contributor (DataCite) and
 * Dublin Core creator, publisher and contributor in `contacts` (name, organization, roles); the STAC
 * `providers` hold organisations by STAC role, and DataCite records keep their publisher in
 * `datacite:publisher`. An ISO party without an individual has its organisation as its contact name.
 */
const ORGANISATIONS: readonly ElementMember[] = [
  { array: 'providers', member: 'name' },
  { array: 'contacts', member: 'organization' },
  { array: 'contacts', member: 'name', where: { op: 'isNull', args: [{ property: 'organization' }] } },
  { array: 'datacite:publisher', member: 'name' },
];
const CREATORS: readonly ElementMember[] = [{ array: 'contacts', member: 'name', where: hasRole(CREATOR_ROLES) }];
const PUBLISHERS: readonly ElementMember[] = [
  { array: 'contacts', member: 'name', where: hasRole(PUBLISHER_ROLES) },
  { array: 'datacite:publisher', member: 'name' },
];
const CONTRIBUTORS: readonly ElementMember[] = [
  { array: 'contacts', member: 'name', where: { op: 'not', args: [hasRole([...CREATOR_ROLES, ...PUBLISHER_ROLES])] } },
];
/** The record's language (the STAC language extension), then its other languages. */
const LANGUAGES: readonly ElementMember[] = [
  { array: 'language', member: 'code' },
  { array: 'languages', member: 'code' },
];

/**
 * The core queryables of CSW 2.0.2 (Dublin Core) and of the ISO application profile (apiso), by every
 * name clients use: prefixed (case-insensitive) and the bare apiso names (as written).
 */
const DEFINITIONS: readonly Definition[] = [
  { names: ['csw:AnyText', 'apiso:AnyText', 'AnyText'], type: 'anytext', properties: [] },
  { names: ['dc:identifier', 'apiso:Identifier', 'Identifier'], type: 'text', properties: ['id'] },
  { names: ['dc:title', 'apiso:Title', 'Title'], type: 'text', properties: ['title'] },
  { names: ['dct:abstract', 'dc:description', 'apiso:Abstract', 'Abstract'], type: 'text', properties: ['description'] },
  { names: ['dc:subject', 'apiso:Subject', 'Subject'], type: 'list', properties: ['keywords'] },
  { names: ['dc:format', 'apiso:Format', 'Format'], type: 'list', properties: ['dc:format'] },
  { names: ['dct:spatial'], type: 'list', properties: ['dc:coverage'] },
  // Dublin Core records keep dc:type; ISO records keep their hierarchy level (dataset, series, service...).
  { names: ['dc:type', 'apiso:Type', 'Type'], type: 'text', properties: ['dc:type', 'meridian:hierarchy_level'], literal: stripDcmi },
  // The record's last change in this catalogue, as OAI-PMH datestamps.
  { names: ['dct:modified', 'apiso:Modified', 'Modified'], type: 'time', properties: ['meridian:datestamp'] },
  { names: ['dc:date', 'apiso:PublicationDate', 'PublicationDate'], type: 'time', properties: ['published'] },
  { names: ['dct:created', 'apiso:CreationDate', 'CreationDate'], type: 'time', properties: ['created'] },
  { names: ['apiso:RevisionDate', 'RevisionDate'], type: 'time', properties: ['updated'] },
  { names: ['apiso:TempExtent_begin', 'TempExtent_begin'], type: 'time', properties: ['start_datetime'] },
  { names: ['apiso:TempExtent_end', 'TempExtent_end'], type: 'time', properties: ['end_datetime'] },
  { names: ['ows:BoundingBox', 'apiso:BoundingBox', 'BoundingBox'], type: 'geometry', properties: ['geometry'] },
  { names: ['apiso:OrganisationName', 'OrganisationName'], type: 'text', properties: [], members: ORGANISATIONS },
  { names: ['dc:creator', 'apiso:Creator', 'Creator'], type: 'text', properties: [], members: CREATORS },
  { names: ['dc:publisher', 'apiso:Publisher', 'Publisher'], type: 'text', properties: [], members: PUBLISHERS },
  { names: ['dc:contributor', 'apiso:Contributor', 'Contributor'], type: 'text', properties: [], members: CONTRIBUTORS },
  { names: ['dc:language', 'apiso:Language', 'Language', 'apiso:ResourceLanguage', 'ResourceLanguage'], type: 'text', properties: [], members: LANGUAGES, literal: languageTag },
  // ISO role codes (originator, pointOfContact...), DataCite contributor types and Dublin Core element names.
  { names: ['apiso:ResponsiblePartyRole', 'ResponsiblePartyRole'], type: 'list', properties: [], members: [{ array: 'contacts', member: 'roles' }] },
  {
    names: ['apiso:TopicCategory', 'TopicCategory'],
    type: 'text',
    properties: [],
    members: [{ array: 'themes', member: 'concepts.id', where: { op: '=', args: [{ property: 'scheme' }, TOPIC_CATEGORY_SCHEME] } }],
  },
  { names: ['apiso:ResourceIdentifier', 'ResourceIdentifier'], type: 'text', properties: ['sci:doi'] },
  { names: ['apiso:Lineage', 'Lineage'], type: 'text', properties: ['meridian:lineage', 'processing:lineage'] },
  { names: ['dc:rights'], type: 'text', properties: ['license'] },
  { names: ['apiso:ConditionApplyingToAccessAndUse', 'ConditionApplyingToAccessAndUse'], type: 'list', properties: ['meridian:use_limitations'] },
  { names: ['apiso:OtherConstraints', 'OtherConstraints'], type: 'text', properties: [], members: [{ array: 'meridian:other_constraints', member: 'text' }] },
];

/**
 * Queryables of the standards that records do not carry: the crosswalks keep no service metadata
 * (service type, coupling, operated datasets), spatial resolution, reference system, data quality
 * (specification, degree), security or access constraint codes, keyword types, alternate titles,
 * parent identifiers of collections, or Dublin Core sources and relations.
 */
const NOT_SEARCHABLE: ReadonlySet<string> = new Set(
  ['dc:source', 'dc:relation', 'apiso:ParentIdentifier', 'apiso:ServiceType', 'apiso:ServiceTypeVersion', 'apiso:CouplingType',
    'apiso:OperatesOn', 'apiso:OperatesOnIdentifier', 'apiso:OperatesOnName', 'apiso:Operation', 'apiso:HasSecurityConstraints',
    'apiso:AlternateTitle', 'apiso:KeywordType', 'apiso:CRS', 'apiso:Denominator', 'apiso:DistanceValue', 'apiso:DistanceUOM',
    'apiso:GeographicDescriptionCode', 'apiso:Degree', 'apiso:AccessConstraints', 'apiso:Classification',
    'apiso:SpecificationTitle', 'apiso:SpecificationDate', 'apiso:SpecificationDateType'].map((n) => n.toLowerCase()),
);

/** Prefixes whose names are only the queryables above: any other name with them is a client mistake. */
const STANDARD_PREFIXES: ReadonlySet<string> = new Set(['csw', 'csw30', 'dc', 'dct', 'ows', 'apiso', 'gmd', 'gml', 'ogc', 'fes']);

const BY_NAME = new Map<string, Definition>();
for (const d of DEFINITIONS) for (const n of d.names) BY_NAME.set(n.includes(':') ? n.toLowerCase() : n, d);

/** The queryables advertised in the capabilities and by GetDomain, by profile. */
export const DUBLIN_CORE_QUERYABLES: readonly string[] = DEFINITIONS.flatMap((d) => d.names.filter((n) => /^(csw|dc|dct|ows):/.test(n)));
export const ISO_QUERYABLES: readonly string[] = DEFINITIONS.flatMap((d) => d.names.filter((n) => n.startsWith('apiso:')));

/**
 * The queryable a property name stands for. XPath-like names (`csw:Record/dc:title`) are read by their
 * last step; names outside the standard prefixes are record properties (any STAC property name).
 */
export function resolveQueryable(raw: string, locator: string): Queryable {
  const name = raw.trim().split('/').filter((s) => s !== '').pop()?.replace(/^@/, '') ?? '';
  if (name === '') throw invalidParameter(locator, 'a property name is empty');
  const prefixed = name.includes(':');
  const definition = BY_NAME.get(prefixed ? name.toLowerCase() : name);
  if (definition !== undefined) {
    return {
      name,
      type: definition.type,
      properties: definition.properties,
      ...(definition.members === undefined ? {} : { members: definition.members }),
      ...(definition.literal === undefined ? {} : { literal: definition.literal }),
    };
  }
  if (NOT_SEARCHABLE.has(name.toLowerCase())) throw invalidParameter(locator, `${name} is not queryable in this catalogue`);
  const prefix = prefixed ? name.slice(0, name.indexOf(':')).toLowerCase() : undefined;
  if (prefix !== undefined && STANDARD_PREFIXES.has(prefix)) throw invalidParameter(locator, `${name} is not a queryable of this catalogue`);
  return { name, type: 'value', properties: [name] };
}

function fail(q: Queryable, problem: string): never {
  throw invalidParameter('Constraint', `${q.name}: ${problem}`);
}

/** Dates and timestamps as CSW clients write them, in the forms the core reads (RFC 3339 UTC, or a date). */
export function timeLiteral(text: string): string {
  const t = text.trim().replace(/^(\d{4}-\d{2}-\d{2}) (\d)/, '$1T$2');
  if (/^\d{4}$/.test(t)) return `${t}-01-01`;
  if (/^\d{4}-\d{2}$/.test(t)) return `${t}-01`;
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(t)) return `${t}:00Z`;
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?$/.test(t)) return `${t}Z`;
  return t;
}

/** A date or timestamp literal, typed so that document members are compared as times too. */
function timeOperand(text: string): Operand {
  const value = timeLiteral(text);
  return /^\d{4}-\d{2}-\d{2}$/.test(value) ? { date: value } : { timestamp: value };
}

/** A literal written as text (OGC Filter, KVP) as the operand its queryable compares with. */
export function literalOperand(q: Queryable, text: string): Operand {
  const value = q.literal ? q.literal(text) : text;
  switch (q.type) {
    case 'time':
      return timeOperand(value);
    case 'value':
      if (/^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(value.trim())) return Number(value);
      if (value === 'true' || value === 'false') return value === 'true';
      return value;
    case 'anytext':
    case 'text':
    case 'list':
    case 'geometry':
      return value;
    default:
      return assertNever(q.type, 'queryable type');
  }
}

function caseFolded(operand: Operand, fold: boolean): Operand {
  return fold ? { op: 'casei', args: [operand] } : operand;
}

/** Some element of the member's array, among those `where` selects, satisfies `condition` on the member. */
function someElement(m: ElementMember, condition: Cql2Expr): Cql2Expr {
  return { op: 'a_some', args: [{ property: m.array }, m.where === undefined ? condition : { op: 'and', args: [m.where, condition] }] };
}

/**
 * One predicate per core property and array member, held when any holds. With several properties, each
 * predicate is guarded by its property being present: a record has only one of them (dc:type or an ISO
 * hierarchy level), and an unknown comparison on the other must not make the disjunction unknown under
 * Not. Members need no guard: some element holds the condition or none does, never unknown.
 */
function overProperties(q: Queryable, build: (property: Operand) => Cql2Expr): CswCondition {
  const members = (q.members ?? []).map((m) => exprCondition(someElement(m, build({ property: m.member }))));
  if (q.properties.length === 1 && members.length === 0) return exprCondition(build({ property: q.properties[0] as string }));
  return anyOf([
    ...q.properties.map((p) =>
      exprCondition({ op: 'and', args: [{ op: 'not', args: [{ op: 'isNull', args: [{ property: p }] }] }, build({ property: p })] }),
    ),
    ...members,
  ]);
}

function normalised(q: Queryable, literal: Operand): Operand {
  if (typeof literal !== 'string') return literal;
  const value = q.literal ? q.literal(literal) : literal;
  return q.type === 'time' ? timeOperand(value) : value;
}

/** A binary comparison; `matchCase: false` compares strings case-insensitively. */
export function comparisonCondition(q: Queryable, op: ComparisonOp, literal: Operand, matchCase: boolean): CswCondition {
  const value = normalised(q, literal);
  switch (q.type) {
    case 'anytext':
      if (op !== '=' || typeof value !== 'string') fail(q, 'free text can only be matched (PropertyIsEqualTo or PropertyIsLike)');
      return { kind: 'text', text: value };
    case 'list': {
      if (op !== '=' && op !== '<>') fail(q, 'a list of values can only be compared for equality');
      const member = overProperties(q, (p) => ({ op: 'a_contains', args: [p, [value]] }));
      return op === '=' ? member : negation(member);
    }
    case 'geometry':
      return fail(q, 'a geometry is compared with spatial operators (BBOX, Intersects...)');
    case 'time':
      return overProperties(q, (p) => ({ op, args: [p, value] }));
    case 'text':
    case 'value': {
      const fold = !matchCase && typeof value === 'string';
      return overProperties(q, (p) => ({ op, args: [caseFolded(p, fold), caseFolded(value, fold)] }));
    }
    default:
      return assertNever(q.type, 'queryable type');
  }
}

/** The characters a like pattern (CQL2 form: `%`, `_`, `\`) stands for, wildcards as spaces: free text. */
export function likePlainText(pattern: string): string {
  return pattern.replace(/\\(.)|[%_]/gs, (_m, escaped: string | undefined) => escaped ?? ' ');
}

/**
 * A like pattern in CQL2 form. Case-insensitive unless `matchCase` is true, as catalogue users expect;
 * on free text, and on lists (which have no substring match in the core), it becomes a free-text condition.
 */
export function likeCondition(q: Queryable, pattern: string, matchCase: boolean): CswCondition {
  switch (q.type) {
    case 'anytext':
    case 'list':
      return { kind: 'text', text: likePlainText(pattern).trim() };
    case 'time':
    case 'geometry':
      return fail(q, 'PropertyIsLike applies to text');
    case 'text':
    case 'value':
      return overProperties(q, (p) => ({ op: 'like', args: [caseFolded(p, !matchCase), caseFolded(pattern, !matchCase)] }));
    default:
      return assertNever(q.type, 'queryable type');
  }
}

export function nullCondition(q: Queryable): CswCondition {
  if (q.type === 'anytext') fail(q, 'free text cannot be tested for null');
  // Null on every property the queryable reads, and no element with the member.
  const present = (m: ElementMember): CswCondition => exprCondition(someElement(m, { op: 'not', args: [{ op: 'isNull', args: [{ property: m.member }] }] }));
  return allOf([
    ...q.properties.map((p) => exprCondition({ op: 'isNull', args: [{ property: p }] })),
    ...(q.members ?? []).map((m) => negation(present(m))),
  ]);
}

export function betweenCondition(q: Queryable, low: Operand, high: Operand): CswCondition {
  if (q.type === 'anytext' || q.type === 'geometry' || q.type === 'list') fail(q, 'PropertyIsBetween applies to numbers, dates and text');
  return overProperties(q, (p) => ({ op: 'between', args: [p, normalised(q, low), normalised(q, high)] }));
}

export function spatialCondition(q: Queryable, op: SpatialOp, geometry: Operand): CswCondition {
  if (q.type !== 'geometry') fail(q, 'spatial operators apply to a geometry (ows:BoundingBox)');
  return overProperties(q, (p) => ({ op, args: [p, geometry] }));
}

/** Within (DWithin) or beyond (Beyond) a distance in metres of a geometry. */
export function distanceCondition(q: Queryable, op: DistanceOp, geometry: Operand, metres: number): CswCondition {
  if (q.type !== 'geometry') fail(q, 'distance operators apply to a geometry (ows:BoundingBox)');
  return overProperties(q, (p) => ({ op, args: [p, geometry, metres] }));
}

export function temporalCondition(q: Queryable, op: TemporalOp, time: Operand): CswCondition {
  if (q.type !== 'time' && q.type !== 'value') fail(q, 'temporal operators apply to dates and timestamps');
  return overProperties(q, (p) => ({ op, args: [p, time] }));
}

/**
 * The core fields whose term counts make up a queryable's values (GetDomain): its properties and its
 * members as `array.member` names. Undefined when they cannot be counted: free text, geometries, times,
 * and members of only some elements (a creator is a contact with an author's role).
 */
export function domainFields(q: Queryable): readonly string[] | undefined {
  if (q.type === 'anytext' || q.type === 'geometry' || q.type === 'time') return undefined;
  const members = q.members ?? [];
  if (members.some((m) => m.where !== undefined)) return undefined;
  return [...q.properties, ...members.map((m) => `${m.array}.${m.member}`)];
}

/** The core field a sort key names. */
export function sortField(q: Queryable, locator: string): string {
  const field = q.properties[0];
  if (q.type === 'anytext' || q.type === 'geometry' || field === undefined) {
    throw invalidParameter(locator, `cannot sort by ${q.name}`);
  }
  return field;
}
