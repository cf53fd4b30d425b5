import type { Logger } from 'pino';
import { assertNever } from '../../core/errors.js';
import type { StoredRecord } from '../../core/record.js';
import type { RecordEnvelope, SearchBackend } from '../../search/backend.js';
import type { RecordStore } from '../../store/recordStore.js';
import { toDatestamp } from './datestamp.js';
import { OaiPmhError } from './errors.js';
import { METADATA_FORMATS, canDisseminate, disseminate, isSelective, type DisseminationContext, type OaiPrefix } from './formats.js';
import { isDomainName, oaiIdentifier, parseOaiIdentifier } from './identifiers.js';
import { readListPage } from './listPage.js';
import type { OaiRequest } from './parse.js';
import type { OaiBody, OaiRecord, Resumption } from './render.js';
import { encodeToken, type OaiListState, type OaiSetsState } from './resumptionToken.js';
import { SetCatalogue } from './setCatalogue.js';
import { parseSetSpec, setConditions, setSpecsOf } from './sets.js';
import { oaiToCount, type ListPhase, type ListSelection } from './toSearch.js';

const PHASES: readonly ListPhase[] = ['collections', 'items'];

/** What one request's answers are built with. */
export interface RequestContext {
  /** The repository identifier of OAI identifiers (the public host name). */
  readonly repository: string;
  readonly now: Date;
  readonly dissemination: DisseminationContext;
}

export interface RepositorySettings {
  readonly repositoryName: string;
  /** Records per ListRecords/ListIdentifiers response, sets per ListSets response. */
  readonly pageSize: number;
  readonly tokenKey: Uint8Array;
  /** Identify's adminEmail; default `admin@<repository>` (`.invalid` appended to a host that is no domain). */
  readonly adminEmails?: readonly string[];
}

/** The harvested document, when it still is what the record says: a curator overlay is served through the crosswalk. */
function usableNative(stored: StoredRecord | undefined) {
  return stored && stored.overlay === null ? stored.native : undefined;
}

function envelopeOf(stored: StoredRecord): RecordEnvelope {
  return {
    kind: stored.kind,
    collectionId: stored.collectionId,
    id: stored.id,
    doc: stored.doc,
    datestamp: stored.datestamp,
    deleted: stored.deleted,
    ...(stored.native ? { nativeFormat: stored.native.format } : {}),
    ...(stored.provenance ? { sourceId: stored.provenance.sourceId } : {}),
  };
}

/**
 * The answers of the OAI-PMH repository to parsed requests, from the store and the search core. It keeps
 * the set table between requests (see SetCatalogue); everything else a list needs is in its token.
 */
export class OaiRepository {
  readonly #search: SearchBackend;
  readonly #store: RecordStore;
  readonly #log: Logger;
  readonly #settings: RepositorySettings;
  readonly #sets: SetCatalogue;

  constructor(deps: { readonly search: SearchBackend; readonly store: RecordStore; readonly log: Logger }, settings: RepositorySettings) {
    this.#search = deps.search;
    this.#store = deps.store;
    this.#log = deps.log;
    this.#settings = settings;
    this.#sets = new SetCatalogue(deps.search);
  }

  answer(ctx: RequestContext, request: OaiRequest): Promise<OaiBody> {
    switch (request.verb) {
      case 'Identify':
        return this.#identify(ctx);
      case 'ListMetadataFormats':
        return this.#listMetadataFormats(ctx, request.identifier);
      case 'ListSets':
        return this.#listSets(request.state);
      case 'GetRecord':
        return this.#getRecord(ctx, request.identifier, request.prefix);
      case 'ListIdentifiers':
      case 'ListRecords':
        return this.#list(ctx, request.state);
      default:
        return assertNever(request, 'OAI-PMH request');
    }
  }

  #headerOf(ctx: RequestContext, record: RecordEnvelope, xml?: string): OaiRecord {
    return {
      identifier: oaiIdentifier(ctx.repository, record),
      datestamp: toDatestamp(record.datestamp),
      setSpecs: setSpecsOf(record),
      deleted: record.deleted,
      ...(xml === undefined ? {} : { xml }),
    };
  }

  /** The metadata of a listed record, or undefined (logged) when it cannot be written after all. */
  async #payloadOf(ctx: RequestContext, record: RecordEnvelope, prefix: OaiPrefix): Promise<string | undefined> {
    const stored = prefix === 'iso19139' && record.nativeFormat === 'iso19139' ? await this.#store.get(record, { includeDeleted: true }) : undefined;
    const native = usableNative(stored);
    const result = disseminate({ doc: record.doc, ...(native ? { native } : {}) }, prefix, ctx.dissemination);
    if (result.ok) return result.xml;
    this.#log.warn(
      { err: result.error, record: { kind: record.kind, collection: record.collectionId, id: record.id }, prefix },
      'a record could not be written in its OAI-PMH format and was left out',
    );
    return undefined;
  }

  /** The record changed longest ago (tombstones included), whose datestamp bounds every other. */
  async #earliest(): Promise<RecordEnvelope | undefined> {
    let first: RecordEnvelope | undefined;
    for (const target of PHASES) {
      const page = await this.#search.search({
        target, sortby: [{ field: 'meridian:datestamp', direction: 'asc' }], limit: 1, includeDeleted: true, count: false,
      });
      const record = page.records[0];
      if (record && (!first || record.datestamp < first.datestamp)) first = record;
    }
    return first;
  }

  async #identify(ctx: RequestContext): Promise<OaiBody> {
    const first = await this.#earliest();
    const domain = isDomainName(ctx.repository);
    return {
      verb: 'Identify',
      identify: {
        repositoryName: this.#settings.repositoryName,
        adminEmails: this.#settings.adminEmails ?? [`admin@${ctx.repository}${domain ? '' : '.invalid'}`],
        earliestDatestamp: toDatestamp(first?.datestamp ?? ctx.now),
        ...(domain
          ? {
              oaiIdentifier: {
                repositoryIdentifier: ctx.repository,
                sampleIdentifier: first ? oaiIdentifier(ctx.repository, first) : `oai:${ctx.repository}:collection/item`,
              },
            }
          : {}),
      },
    };
  }

  async #stored(ctx: RequestContext, identifier: string): Promise<StoredRecord> {
    const key = parseOaiIdentifier(ctx.repository, identifier);
    const stored = key ? await this.#store.get(key, { includeDeleted: true }) : undefined;
    if (!stored) throw new OaiPmhError('idDoesNotExist', `${identifier} is not an identifier of this repository`);
    return stored;
  }

  async #listMetadataFormats(ctx: RequestContext, identifier: string | undefined): Promise<OaiBody> {
    if (identifier === undefined) return { verb: 'ListMetadataFormats', formats: METADATA_FORMATS };
    const stored = await this.#stored(ctx, identifier);
    const formats = METADATA_FORMATS.filter((f) => canDisseminate(stored.doc, f.prefix, ctx.dissemination));
    if (formats.length === 0) throw new OaiPmhError('noMetadataFormats', `${identifier} cannot be disseminated in any metadata format`);
    return { verb: 'ListMetadataFormats', formats };
  }

  async #getRecord(ctx: RequestContext, identifier: string, prefix: OaiPrefix): Promise<OaiBody> {
    const stored = await this.#stored(ctx, identifier);
    const record = envelopeOf(stored);
    const refused = () => new OaiPmhError('cannotDisseminateFormat', `${identifier} cannot be disseminated as ${prefix}`);
    if (!canDisseminate(stored.doc, prefix, ctx.dissemination)) throw refused();
    if (record.deleted) return { verb: 'GetRecord', record: this.#headerOf(ctx, record) };
    const native = usableNative(stored);
    const result = disseminate({ doc: stored.doc, ...(native ? { native } : {}) }, prefix, ctx.dissemination);
    if (!result.ok) {
      this.#log.warn({ err: result.error, identifier, prefix }, 'a record could not be written in its OAI-PMH format');
      throw refused();
    }
    return { verb: 'GetRecord', record: this.#headerOf(ctx, record, result.xml) };
  }

  async #listSets(state: OaiSetsState | undefined): Promise<OaiBody> {
    const { pageSize, tokenKey } = this.#settings;
    const all = await this.#sets.sets();
    if (all.length === 0) throw new OaiPmhError('noSetHierarchy', 'this repository has no sets yet: it holds no records');
    const start = state === undefined ? 0 : all.findIndex((s) => s.spec > state.after);
    const sets = start < 0 ? [] : all.slice(start, start + pageSize);
    const last = sets[sets.length - 1];
    if (!last) throw new OaiPmhError('badResumptionToken', 'the sets changed since this list began: start it again');
    const cursor = state?.cursor ?? 0;
    const more = start + sets.length < all.length;
    const next = { verb: 'ListSets', after: last.spec, cursor: cursor + sets.length, completeListSize: all.length } as const;
    const resumption: Resumption | undefined = more
      ? { token: encodeToken(next, tokenKey), cursor, completeListSize: all.length }
      : state === undefined
        ? undefined
        : { token: '', cursor, completeListSize: cursor + sets.length };
    return { verb: 'ListSets', sets, ...(resumption ? { resumption } : {}) };
  }

  /** Records in a list, counted before its second page: only when no record can be refused (else it is omitted). */
  async #listSize(state: OaiListState, selection: ListSelection, atLeast: number): Promise<number | undefined> {
    if (state.completeListSize !== undefined) return state.completeListSize;
    if (isSelective(state.prefix)) return undefined;
    let size = 0;
    for (const phase of PHASES) {
      for (const r of await this.#search.aggregate(oaiToCount(selection, phase))) if (r.kind === 'total_count') size += r.value;
    }
    return Math.max(size, atLeast);
  }

  /** Why a list is empty: no set hierarchy at all, or no record. */
  async #empty(state: OaiListState): Promise<OaiPmhError> {
    if (state.set !== undefined && !(await this.#sets.hasSets())) {
      return new OaiPmhError('noSetHierarchy', 'this repository has no sets yet: it holds no records');
    }
    return new OaiPmhError('noRecordsMatch', state.cursor > 0 ? 'the rest of this list changed since it began: no record is left' : 'no record matches these arguments');
  }

  async #list(ctx: RequestContext, state: OaiListState): Promise<OaiBody> {
    const selector = state.set === undefined ? undefined : parseSetSpec(state.set);
    if (state.set !== undefined && !selector) throw await this.#empty(state);
    const set = selector ? setConditions(selector) : {};
    const selection: ListSelection = { ...(state.from === undefined ? {} : { from: state.from }), until: state.until, set };
    const page = readListPage(this.#search, selection, state.position, this.#settings.pageSize, {
      accepts: (record) => canDisseminate(record.doc, state.prefix, ctx.dissemination),
      load: async (record) => {
        if (state.verb === 'ListIdentifiers' || record.deleted) return this.#headerOf(ctx, record);
        const xml = await this.#payloadOf(ctx, record, state.prefix);
        return xml === undefined ? undefined : this.#headerOf(ctx, record, xml);
      },
    });
    // The first record is read before the first byte, so that an empty list is an error, not an empty response.
    const iterator = page.entries[Symbol.asyncIterator]();
    const first = await iterator.next();
    if (first.done) throw await this.#empty(state);
    const firstRecord = first.value;
    async function* records(): AsyncGenerator<OaiRecord> {
      try {
        yield firstRecord;
        for (let step = await iterator.next(); !step.done; step = await iterator.next()) yield step.value;
      } finally {
        await iterator.return?.();
      }
    }
    const resumption = async (): Promise<Resumption | undefined> => {
      const { returned, next } = page.outcome();
      const cursor = state.cursor;
      if (next === undefined) return cursor > 0 ? { token: '', cursor, completeListSize: cursor + returned } : undefined;
      const completeListSize = await this.#listSize(state, selection, cursor + returned + 1);
      const size = completeListSize === undefined ? {} : { completeListSize };
      const token = encodeToken({ ...state, position: next, cursor: cursor + returned, ...size }, this.#settings.tokenKey);
      return { token, cursor, ...size };
    };
    return { verb: state.verb, records: records(), resumption };
  }
}
