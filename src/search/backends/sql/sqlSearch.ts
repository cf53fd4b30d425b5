import { normalizeBbox, splitAtAntimeridian, toBox2D } from '../../../core/bbox.js';
import { MeridianError, assertNever } from '../../../core/errors.js';
import type { Database } from '../../../db/database.js';
import { EFFECTIVE_DOC } from '../../../db/recordsTable.js';
import { fragment, join, raw, render, type SqlFragment } from '../../../db/sql.js';
import { timestampToRfc3339 } from '../../../db/timestamps.js';
import type {
  AggregationResult,
  BackendCapabilities,
  CallOptions,
  RecordEnvelope,
  SearchBackend,
  SearchPage,
} from '../../backend.js';
import { decodeCursor, encodeCursor } from '../../cursor.js';
import type { AggregationRequest, SearchRequest } from '../../request.js';
import { compileFilter, SQL_FILTER_OPERATORS } from './filter.js';
import { resolveProperty, type SearchTarget } from './properties.js';
import { keysetCondition, orderByClause, orderSignature, totalOrder, type OrderKey } from './sortOrder.js';
import { textQuery } from './textQuery.js';

export interface SqlSearchOptions {
  /** Counting stops after this many matches (numberMatched is then omitted). */
  readonly countLimit: number;
  /** On a PostgreSQL server, a count that takes longer is abandoned (numberMatched omitted). */
  readonly countTimeoutMs?: number;
}

interface HitRow {
  kind: 'collection' | 'item';
  collection_id: string;
  id: string;
  doc: RecordEnvelope['doc'];
  datestamp: string;
  deleted: boolean;
  native_format: string | null;
  source_id: string | null;
  [alias: string]: unknown;
}


/** The search core on PostgreSQL/PostGIS (server or PGlite): every request becomes parameterised SQL. */
export class SqlSearchBackend implements SearchBackend {
  readonly capabilities: BackendCapabilities = { filterOperators: SQL_FILTER_OPERATORS };
  readonly #db: Database;
  readonly #options: SqlSearchOptions;
  /** Estimated records of each kind (see #kindSize). */
  readonly #kindSizes = new Map<string, { readonly rows: number; readonly until: number }>();

  constructor(db: Database, options: SqlSearchOptions) {
    this.#db = db;
    this.#options = options;
  }

  async search(req: SearchRequest, opts?: CallOptions): Promise<SearchPage> {
    const where = whereClause(req);
    const keys = totalOrder(req.sortby, req.target);
    const signature = orderSignature(keys);
    const page = req.page;
    const backwards = page !== undefined && 'before' in page;
    const token = page === undefined ? undefined : 'after' in page ? page.after : 'before' in page ? page.before : undefined;
    const conditions = [where];
    if (token !== undefined) conditions.push(keysetCondition(keys, decodeCursor(token, signature).values, backwards));
    const offset = page !== undefined && 'offset' in page ? page.offset : 0;
    const selectKeys = join(keys.map((k) => fragment`${k.sql} AS ${raw(k.alias)}`), ', ');
    const select = (from: SqlFragment) =>
      this.#db.query<HitRow>(
        render(fragment`
          SELECT r.kind, r.collection_id, r.id, ${EFFECTIVE_DOC} AS doc, r.datestamp, r.deleted, r.native_format, r.source_id, ${selectKeys}
          FROM ${from} WHERE ${join(conditions, ' AND ')}
          ORDER BY ${orderByClause(keys, backwards)}
          LIMIT ${req.limit + 1} OFFSET ${offset}`),
        opts,
      );
    // A page by position in an order an index walks is looked for first among the first rows of that walk;
    // the rows found there are the page itself when they fill it (page and look-ahead). A probe that finds
    // some matches but too few tells how sparse they are, and how far a second probe has to read.
    const probe = (rows: number) =>
      select(fragment`(SELECT * FROM records r WHERE ${kindCondition(req)} ORDER BY ${orderByClause(keys, false)} LIMIT ${rows}) r`);
    const wanted = offset + req.limit + 1;
    let probed: HitRow[] = [];
    if (page !== undefined && 'offset' in page && wanted <= PROBE_ROWS / 2 && walkable(keys, req.target)) {
      probed = await probe(PROBE_ROWS);
      const deeper = probed.length > 0 ? Math.ceil((2 * wanted * PROBE_ROWS) / (offset + probed.length)) : Infinity;
      if (probed.length <= req.limit && deeper <= MAX_PROBE_ROWS) probed = await probe(deeper);
    }
    const rows = probed.length > req.limit ? probed : await select(raw('records r'));
    const more = rows.length > req.limit;
    const pageRows = rows.slice(0, req.limit);
    if (backwards) pageRows.reverse();
    const cursorOf = (row: HitRow) => encodeCursor({ values: keys.map((k) => row[k.alias]) }, signature);
    const first = pageRows[0];
    const last = pageRows[pageRows.length - 1];
    const hasNext = backwards ? token !== undefined : more;
    const hasPrev = backwards ? more : token !== undefined || offset > 0;
    const matched = req.count === false ? undefined : await this.#count(where, opts);
    return {
      records: pageRows.map(toEnvelope),
      ...(matched !== undefined ? { matched } : {}),
      ...(hasNext && last ? { next: cursorOf(last) } : {}),
      ...(hasPrev && first ? { prev: cursorOf(first) } : {}),
    };
  }

  async aggregate(req: SearchRequest, opts?: CallOptions): Promise<AggregationResult[]> {
    const where = whereClause(req);
    const results: AggregationResult[] = [];
    for (const agg of req.aggregations ?? []) results.push(await this.#aggregateOne(agg, req, where, opts));
    return results;
  }

  async #count(where: SqlFragment, opts?: CallOptions): Promise<number | undefined> {
    const cap = this.#options.countLimit;
    const timeout = this.#options.countTimeoutMs;
    // PGlite runs one query at a time and has no statement timeout: only the row cap bounds it there.
    if (this.#db.driver !== 'postgres' || timeout === undefined) return countUpTo(this.#db, where, cap, opts);
    return this.#db.transaction(async (tx) => {
      await tx.exec(`SET LOCAL statement_timeout = ${Math.max(1, Math.floor(timeout))}`);
      try {
        return await countUpTo(tx, where, cap, opts);
      } catch (error) {
        if (error instanceof MeridianError && error.code === 'Unavailable') return undefined;
        throw error;
      }
    });
  }

  /**
   * The exact count up to `cap` matches; above, an estimate. The planner's estimates of box searches fall
   * far below the truth when many footprints are global, so the estimate is measured: the share of
   * matches among the SAMPLE_ROWS records of the kind changed longest ago, times the records of the kind.
   * When the kind has fewer records than that, the sample is the whole and the count exact.
   */
  async #countOrEstimate(req: SearchRequest, where: SqlFragment, cap: number, opts?: CallOptions): Promise<{ value: number; estimated: boolean }> {
    const [sample] = await this.#db.query<{ matched: number; scanned: number }>(
      render(fragment`
        SELECT (count(*) FILTER (WHERE ${where}))::int AS matched, count(*)::int AS scanned
        FROM (SELECT * FROM records r WHERE ${kindCondition(req)} ORDER BY r.datestamp LIMIT ${SAMPLE_ROWS}) r`),
      opts,
    );
    const matched = sample?.matched ?? 0;
    if ((sample?.scanned ?? 0) < SAMPLE_ROWS) return { value: matched, estimated: false };
    const estimate = Math.round((matched / SAMPLE_ROWS) * (await this.#kindSize(req, opts)));
    const exact = estimate > cap ? undefined : await countUpTo(this.#db, where, cap, opts);
    return exact === undefined ? { value: Math.max(estimate, cap + 1), estimated: true } : { value: exact, estimated: false };
  }

  /** The planner's estimate of the records of the kind a request targets, kept for KIND_SIZE_TTL_MS. */
  async #kindSize(req: SearchRequest, opts?: CallOptions): Promise<number> {
    const key = `${req.target}:${req.includeDeleted === true}`;
    const known = this.#kindSizes.get(key);
    if (known !== undefined && known.until > Date.now()) return known.rows;
    const plan = await this.#db.query<{ 'QUERY PLAN': [{ Plan: { 'Plan Rows': number } }] }>(
      render(fragment`EXPLAIN (FORMAT JSON) SELECT 1 FROM records r WHERE ${kindCondition(req)}`),
      opts,
    );
    const rows = plan[0]?.['QUERY PLAN'][0].Plan['Plan Rows'] ?? 0;
    this.#kindSizes.set(key, { rows, until: Date.now() + KIND_SIZE_TTL_MS });
    return rows;
  }

  async #aggregateOne(agg: AggregationRequest, req: SearchRequest, where: SqlFragment, opts?: CallOptions): Promise<AggregationResult> {
    const target = req.target;
    switch (agg.kind) {
      case 'total_count': {
        if (agg.exactUpTo !== undefined) {
          const { value, estimated } = await this.#countOrEstimate(req, where, agg.exactUpTo, opts);
          return { name: agg.name, kind: agg.kind, value, ...(estimated ? { estimated } : {}) };
        }
        const rows = await this.#db.query<{ n: number }>(
          render(fragment`SELECT count(*)::int AS n FROM records r WHERE ${where}`),
          opts,
        );
        return { name: agg.name, kind: agg.kind, value: rows[0]?.n ?? 0 };
      }
      case 'datetime_min':
      case 'datetime_max': {
        const expr = agg.kind === 'datetime_min' ? raw('min(r.dt_start)') : raw('max(r.dt_end)');
        const rows = await this.#db.query<{ v: string | null }>(
          render(fragment`SELECT ${expr} AS v FROM records r WHERE ${where} AND isfinite(r.dt_start) AND isfinite(r.dt_end)`),
          opts,
        );
        const v = rows[0]?.v;
        return { name: agg.name, kind: agg.kind, value: v ? timestampToRfc3339(v) : null };
      }
      case 'terms':
        return this.#buckets(agg.name, 'terms', termsKey(agg.field, target), where, agg.size ?? 10, opts);
      case 'datetime_frequency':
        return this.#buckets(
          agg.name,
          'datetime_frequency',
          {
            from: raw(''),
            key: fragment`to_char(date_trunc(${agg.interval}::text, r.dt_start AT TIME ZONE 'UTC'), 'YYYY-MM-DD"T"HH24:MI:SS"Z"')`,
            condition: raw('isfinite(r.dt_start)'),
          },
          where,
          10_000,
          opts,
        );
      default:
        return assertNever(agg, 'aggregation');
    }
  }

  async #buckets(
    name: string,
    kind: 'terms' | 'datetime_frequency',
    key: BucketKey,
    where: SqlFragment,
    size: number,
    opts?: CallOptions,
  ): Promise<AggregationResult> {
    const rows = await this.#db.query<{ key: string | null; n: number; total: number }>(
      render(fragment`
        SELECT key, n, sum(n) OVER ()::int AS total FROM (
          SELECT ${key.key} AS key, count(*)::int AS n
          FROM records r ${key.from}
          WHERE ${where} AND ${key.condition}
          GROUP BY 1) AS b
        WHERE key IS NOT NULL
        ORDER BY ${raw(kind === 'terms' ? 'n DESC, key' : 'key')}
        LIMIT ${size}`),
      opts,
    );
    const buckets = rows.map((r) => ({ key: String(r.key), count: r.n }));
    const total = rows[0]?.total ?? 0;
    return { name, kind, buckets, otherCount: total - buckets.reduce((s, b) => s + b.count, 0) };
  }
}

/** Matches up to `cap`, counted exactly; undefined when there are more. */
async function countUpTo(db: Database, where: SqlFragment, cap: number, opts?: CallOptions): Promise<number | undefined> {
  const rows = await db.query<{ n: number }>(
    render(fragment`SELECT count(*)::int AS n FROM (SELECT 1 FROM records r WHERE ${where} LIMIT ${cap + 1}) AS matches`),
    opts,
  );
  const n = rows[0]?.n ?? 0;
  return n > cap ? undefined : n;
}

interface BucketKey {
  readonly from: SqlFragment;
  readonly key: SqlFragment;
  readonly condition: SqlFragment;
}

/** Terms of a property; array values count once per element. */
function termsKey(field: string, target: SearchTarget): BucketKey {
  const prop = resolveProperty(field, target);
  switch (prop.kind) {
    case 'text':
      return { from: raw(''), key: prop.sql, condition: raw('true') };
    case 'json':
      // The value is read once per record (OFFSET 0 keeps the planner from substituting the expression back):
      // each reading of the compressed properties column decompresses it again, and reading it once halved
      // the time of term counts on PGlite and on PostgreSQL.
      return {
        from: fragment`CROSS JOIN LATERAL (SELECT ${prop.sql} AS v OFFSET 0) AS prop
          CROSS JOIN LATERAL jsonb_array_elements_text(
            CASE jsonb_typeof(prop.v) WHEN 'array' THEN prop.v ELSE jsonb_build_array(prop.v) END) AS term(value)`,
        key: raw('term.value'),
        condition: raw('prop.v IS NOT NULL'),
      };
    case 'integer':
    case 'timestamp':
    case 'geometry':
    case 'interval':
      throw new MeridianError('InvalidParameter', `aggregations: cannot count terms of "${field}"`, {
        locator: 'aggregations',
      });
  }
}

function toEnvelope(row: HitRow): RecordEnvelope {
  return {
    kind: row.kind,
    collectionId: row.collection_id,
    id: row.id,
    doc: row.doc,
    datestamp: timestampToRfc3339(row.datestamp),
    deleted: row.deleted,
    ...(row.native_format !== null ? { nativeFormat: row.native_format } : {}),
    ...(row.source_id !== null ? { sourceId: row.source_id } : {}),
  };
}

/**
 * Records of the kind a request targets that a page by position looks at first, in the order of an
 * index: enough to find a page of 50 records when one record in twenty matches, few enough that a probe
 * that finds too few costs a few milliseconds (the probe stops as soon as the page is full).
 */
const PROBE_ROWS = 2_000;

/** The most a second probe reads (about 80 ms on PostgreSQL), when the first found one match in 200 or more. */
const MAX_PROBE_ROWS = 20_000;

/**
 * Records an estimated count tests every condition on (about 8 µs each on PostgreSQL): an estimate
 * within ±15% when one record in ten matches.
 */
const SAMPLE_ROWS = 500;

/** How long an estimate of the records of a kind is used: estimates scale by it, and it changes slowly. */
const KIND_SIZE_TTL_MS = 60_000;

const WALKABLE_FIRST_KEYS: ReadonlySet<string> = new Set(['meridian:datestamp', 'meridian:insertion', 'id', 'collection', 'datetime']);

/**
 * Whether a probe can help: the target is items (collections are few, the planner finds them through
 * their kind), in an order whose first key an index walks (records_datestamp_idx, records_id_idx, the
 * unique key, records_time_idx, the primary key).
 */
function walkable(keys: readonly OrderKey[], target: SearchTarget): boolean {
  const first = keys[0]?.field;
  return target === 'items' && WALKABLE_FIRST_KEYS.has(first ?? '');
}

/** The kind a request targets, and tombstones left out unless asked for. */
function kindCondition(req: SearchRequest): SqlFragment {
  const kind = fragment`r.kind = ${req.target === 'items' ? 'item' : 'collection'}`;
  return req.includeDeleted ? kind : fragment`${kind} AND NOT r.deleted`;
}

/** Every condition of a request except paging, over alias `r`. */
export function whereClause(req: SearchRequest): SqlFragment {
  const conditions: SqlFragment[] = [kindCondition(req)];
  if (req.collections?.length) {
    const column = req.target === 'items' ? raw('r.collection_id') : raw('r.id');
    conditions.push(fragment`${column} = ANY(${[...req.collections]}::text[])`);
  }
  if (req.ids?.length) conditions.push(fragment`r.id = ANY(${[...req.ids]}::text[])`);
  if (req.spatial) conditions.push(spatialCondition(req.spatial));
  if (req.datetime?.start !== undefined) conditions.push(fragment`r.dt_end >= ${req.datetime.start}::timestamptz`);
  if (req.datetime?.end !== undefined) conditions.push(fragment`r.dt_start <= ${req.datetime.end}::timestamptz`);
  if (req.changed?.start !== undefined) conditions.push(fragment`r.datestamp >= ${req.changed.start}::timestamptz`);
  if (req.changed?.end !== undefined) conditions.push(fragment`r.datestamp <= ${req.changed.end}::timestamptz`);
  if (req.q?.length) conditions.push(textQuery(req.q));
  if (req.filter !== undefined) conditions.push(fragment`(${compileFilter(req.filter, req.target)})`);
  return join(conditions, ' AND ');
}

function spatialCondition(spatial: NonNullable<SearchRequest['spatial']>): SqlFragment {
  if ('intersects' in spatial) {
    return fragment`ST_Intersects(r.geom, ST_SetSRID(ST_GeomFromGeoJSON(${JSON.stringify(spatial.intersects)}::text), 4326))`;
  }
  const boxes = splitAtAntimeridian(toBox2D(normalizeBbox(spatial.bbox)));
  const tests = boxes.map(
    ([w, s, e, n]) => fragment`ST_Intersects(r.geom, ST_MakeEnvelope(${w}::float8, ${s}::float8, ${e}::float8, ${n}::float8, 4326))`,
  );
  return fragment`(${join(tests, ' OR ')})`;
}
