import { renderCswRecord } from '../../../crosswalks/dublin-core/fromStac.js';
import { assertNever, invalidParameter, MeridianError } from '../../core/errors.js';
import { recordKeyOf, type RecordInput, type RecordKey } from '../../core/record.js';
import type { SearchBackend } from '../../search/backend.js';
import type { RecordStore, UpsertOutcome } from '../../store/recordStore.js';
import { findRecords } from './catalogue.js';
import { toSearchCriteria, type CswCondition } from './condition.js';
import { incomingRecord } from './incomingRecord.js';
import { literalOperand, resolveQueryable, timeLiteral } from './queryables.js';
import type { TransactionSummary } from './render.js';
import type { RecordProperty, TransactionAction } from './request.js';

export interface WriteContext {
  readonly store: RecordStore;
  readonly search: SearchBackend;
  /** Who the writes are recorded as. */
  readonly actor: string;
  readonly baseUrl: string;
}

/** Core members a RecordProperty can set; identity, footprint and the change datestamp are not set this way. */
const NOT_SETTABLE: ReadonlySet<string> = new Set(['id', 'collection', 'geometry', 'meridian:datestamp']);

/** One member of a record's STAC document, with its value (null removes it), from a RecordProperty. */
interface MemberChange {
  readonly member: string;
  readonly value: unknown;
}

function memberChange(property: RecordProperty): MemberChange {
  const q = resolveQueryable(property.name, 'RecordProperty');
  const member = q.properties[0];
  if (q.type === 'anytext' || q.type === 'geometry' || member === undefined || NOT_SETTABLE.has(member)) {
    throw invalidParameter('RecordProperty', `${property.name} cannot be set by RecordProperty`);
  }
  if (property.value === undefined) return { member, value: null };
  switch (q.type) {
    case 'list':
      return { member, value: [property.value] };
    case 'time':
      return { member, value: timeLiteral(property.value) };
    case 'value':
      return { member, value: literalOperand(q, property.value) };
    case 'text':
      return { member, value: q.literal ? q.literal(property.value) : property.value };
    default:
      return assertNever(q.type, 'queryable type');
  }
}

/** The JSON merge patch of changes for a record of this kind (item members live in `properties`). */
function patchFor(key: RecordKey, changes: readonly MemberChange[]): Record<string, unknown> {
  const members = Object.fromEntries(changes.map((c) => [c.member, c.value]));
  return key.kind === 'item' ? { properties: members } : members;
}

/** Every record a constraint selects, read to the end before anything changes (positions move as records go). */
async function keysMatching(search: SearchBackend, condition: CswCondition): Promise<RecordKey[]> {
  const criteria = toSearchCriteria(condition);
  const keys: RecordKey[] = [];
  for (let start = 0; ; start += 500) {
    const slice = await findRecords(search, criteria, [], start, 500);
    keys.push(...slice.records.map((r) => ({ kind: r.kind, collectionId: r.collectionId, id: r.id })));
    if (slice.records.length === 0 || start + slice.records.length >= slice.matched) return keys;
  }
}

function checkWritten(outcomes: readonly UpsertOutcome[]): void {
  const failed = outcomes.find((o) => o.status === 'failed');
  if (failed !== undefined && failed.status === 'failed') {
    throw invalidParameter('record', `record ${failed.id} was not written: ${failed.reason}`);
  }
}

type Prepared =
  | { readonly kind: 'insert'; readonly inputs: readonly RecordInput[]; readonly handle?: string }
  | { readonly kind: 'update'; readonly input: RecordInput }
  | { readonly kind: 'updateProperties'; readonly changes: readonly MemberChange[]; readonly condition: CswCondition }
  | { readonly kind: 'delete'; readonly condition: CswCondition };

/** Every record of every action is read first, so that one unreadable record stops the transaction before any write. */
function prepare(actions: readonly TransactionAction[], baseUrl: string): Prepared[] {
  return actions.map((a): Prepared => {
    switch (a.kind) {
      case 'insert':
        return { kind: 'insert', inputs: a.records.map((r) => incomingRecord(r, baseUrl)), ...(a.handle === undefined ? {} : { handle: a.handle }) };
      case 'update':
        return { kind: 'update', input: incomingRecord(a.record, baseUrl) };
      case 'updateProperties':
        return { kind: 'updateProperties', changes: a.properties.map(memberChange), condition: a.condition };
      case 'delete':
        return { kind: 'delete', condition: a.condition };
      default:
        return assertNever(a, 'transaction action');
    }
  });
}

/**
 * Runs a CSW-T transaction through the record store: Insert (a record that exists already is a conflict),
 * Update by full record (the record must exist) or by RecordProperty over the records a constraint
 * selects (curator edits: on harvested records they go into the overlay), and Delete (tombstones). The
 * actions run in order, each in its own store transaction.
 */
export async function runTransaction(actions: readonly TransactionAction[], ctx: WriteContext): Promise<TransactionSummary> {
  const prepared = prepare(actions, ctx.baseUrl);
  let inserted = 0;
  let updated = 0;
  let deleted = 0;
  const insertResults: { handle?: string; briefRecords: string[] }[] = [];
  for (const action of prepared) {
    switch (action.kind) {
      case 'insert': {
        for (const input of action.inputs) {
          if (await ctx.store.get(recordKeyOf(input.doc))) throw new MeridianError('Conflict', `record ${input.doc.id} exists already: update it instead`);
        }
        checkWritten(await ctx.store.upsertMany(action.inputs, ctx.actor));
        inserted += action.inputs.length;
        insertResults.push({
          ...(action.handle === undefined ? {} : { handle: action.handle }),
          briefRecords: action.inputs.map((i) => renderCswRecord(i.doc, 'brief')),
        });
        break;
      }
      case 'update': {
        if (!(await ctx.store.get(recordKeyOf(action.input.doc)))) {
          throw new MeridianError('NotFound', `record ${action.input.doc.id} does not exist: insert it instead`, { locator: 'Update' });
        }
        checkWritten(await ctx.store.upsertMany([action.input], ctx.actor));
        updated += 1;
        break;
      }
      case 'updateProperties':
        for (const key of await keysMatching(ctx.search, action.condition)) {
          await ctx.store.applyPatch(key, patchFor(key, action.changes), ctx.actor);
          updated += 1;
        }
        break;
      case 'delete':
        for (const key of await keysMatching(ctx.search, action.condition)) {
          if (await ctx.store.delete(key, ctx.actor)) deleted += 1;
        }
        break;
      default:
        assertNever(action, 'transaction action');
    }
  }
  return { inserted, updated, deleted, insertResults };
}
