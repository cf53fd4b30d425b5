import { assertNever } from '../../core/errors.js';
import { parseOaiDate } from './datestamp.js';
import { OaiPmhError } from './errors.js';
import { isOaiPrefix, type OaiPrefix } from './formats.js';
import { decodeToken, type OaiListState, type OaiSetsState } from './resumptionToken.js';
import { SET_SPEC } from './sets.js';

const OAI_VERBS = ['Identify', 'ListMetadataFormats', 'ListSets', 'GetRecord', 'ListIdentifiers', 'ListRecords'] as const;
export type OaiVerb = (typeof OAI_VERBS)[number];

/** The arguments of a request: a legal verb and each other argument given once. */
export interface OaiArguments {
  readonly verb: OaiVerb;
  readonly args: ReadonlyMap<string, string>;
}

export type OaiRequest =
  | { readonly verb: 'Identify' }
  | { readonly verb: 'ListMetadataFormats'; readonly identifier?: string }
  | { readonly verb: 'ListSets'; readonly state?: OaiSetsState }
  | { readonly verb: 'GetRecord'; readonly identifier: string; readonly prefix: OaiPrefix }
  | { readonly verb: 'ListIdentifiers' | 'ListRecords'; readonly state: OaiListState };

export interface ParseContext {
  readonly tokenKey: Uint8Array;
  /** The time of the request: a list without `until` is frozen at it. */
  readonly now: Date;
}

/** metadataPrefixType of the OAI-PMH schema. */
const PREFIX = /^[A-Za-z0-9\-_.!~*'()]+$/;

const ALLOWED: Readonly<Record<OaiVerb, readonly string[]>> = {
  Identify: [],
  ListMetadataFormats: ['identifier'],
  ListSets: ['resumptionToken'],
  GetRecord: ['identifier', 'metadataPrefix'],
  ListIdentifiers: ['metadataPrefix', 'from', 'until', 'set', 'resumptionToken'],
  ListRecords: ['metadataPrefix', 'from', 'until', 'set', 'resumptionToken'],
};

const badArgument = (message: string) => new OaiPmhError('badArgument', message);

function isVerb(value: string): value is OaiVerb {
  return (OAI_VERBS as readonly string[]).includes(value);
}

/** Reads the verb and the arguments, refusing a missing, illegal or repeated verb and repeated arguments. */
export function readOaiArguments(params: URLSearchParams): OaiArguments {
  const verbs = params.getAll('verb');
  if (verbs.length === 0) throw new OaiPmhError('badVerb', 'the verb argument is missing');
  if (verbs.length > 1) throw new OaiPmhError('badVerb', 'the verb argument is repeated');
  const verb = verbs[0] as string;
  if (!isVerb(verb)) throw new OaiPmhError('badVerb', `"${verb}" is not an OAI-PMH verb`);
  const args = new Map<string, string>();
  for (const [name, value] of params) {
    if (name === 'verb') continue;
    if (args.has(name)) throw badArgument(`the argument ${name} is repeated`);
    args.set(name, value);
  }
  return { verb, args };
}

function required(args: ReadonlyMap<string, string>, name: string): string {
  const value = args.get(name);
  if (value === undefined || value === '') throw badArgument(`the argument ${name} is required`);
  return value;
}

function prefixOf(args: ReadonlyMap<string, string>): OaiPrefix {
  const prefix = required(args, 'metadataPrefix');
  if (!PREFIX.test(prefix)) throw badArgument('metadataPrefix is not a valid metadata prefix');
  if (!isOaiPrefix(prefix)) throw new OaiPmhError('cannotDisseminateFormat', `the metadata format "${prefix}" is not supported by this repository`);
  return prefix;
}

/** A new list: its format, its selection, and `until` frozen now when the harvester gave none. */
function newList(verb: 'ListIdentifiers' | 'ListRecords', args: ReadonlyMap<string, string>, now: Date): OaiListState {
  const fromText = args.get('from');
  const untilText = args.get('until');
  const set = args.get('set');
  const from = fromText === undefined ? undefined : parseOaiDate(fromText);
  const until = untilText === undefined ? undefined : parseOaiDate(untilText);
  if (fromText !== undefined && !from) throw badArgument('from is not a date (YYYY-MM-DD) or a time (YYYY-MM-DDThh:mm:ssZ)');
  if (untilText !== undefined && !until) throw badArgument('until is not a date (YYYY-MM-DD) or a time (YYYY-MM-DDThh:mm:ssZ)');
  if (from && until) {
    if (from.granularity !== until.granularity) throw badArgument('from and until must have the same granularity');
    if (from.start > until.start) throw badArgument('from is later than until');
  }
  if (set !== undefined && !SET_SPEC.test(set)) throw badArgument('set is not a valid setSpec');
  const prefix = prefixOf(args);
  return {
    verb,
    prefix,
    ...(from ? { from: from.start } : {}),
    until: until ? until.end : now.toISOString(),
    ...(set === undefined ? {} : { set }),
    position: { phase: 'collections' },
    cursor: 0,
  };
}

/** The request an OAI-PMH client made: every argument checked before anything is read. */
export function parseOaiRequest({ verb, args }: OaiArguments, ctx: ParseContext): OaiRequest {
  for (const name of args.keys()) {
    if (!ALLOWED[verb].includes(name)) throw badArgument(`${name} is not an argument of ${verb}`);
  }
  const token = args.get('resumptionToken');
  if (token !== undefined && args.size > 1) throw badArgument('resumptionToken is an exclusive argument');
  switch (verb) {
    case 'Identify':
      return { verb };
    case 'ListMetadataFormats':
      return args.has('identifier') ? { verb, identifier: required(args, 'identifier') } : { verb };
    case 'ListSets': {
      if (token === undefined) return { verb };
      const state = decodeToken(token, ctx.tokenKey);
      if (state.verb !== verb) throw new OaiPmhError('badResumptionToken', `the resumptionToken belongs to ${state.verb}`);
      return { verb, state };
    }
    case 'GetRecord':
      return { verb, identifier: required(args, 'identifier'), prefix: prefixOf(args) };
    case 'ListIdentifiers':
    case 'ListRecords': {
      if (token === undefined) return { verb, state: newList(verb, args, ctx.now) };
      const state = decodeToken(token, ctx.tokenKey);
      if (state.verb !== verb) throw new OaiPmhError('badResumptionToken', `the resumptionToken belongs to ${state.verb}`);
      return { verb, state };
    }
    default:
      return assertNever(verb, 'verb');
  }
}
