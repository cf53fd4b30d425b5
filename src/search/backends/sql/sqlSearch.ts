import { normalizeBbox, splitAtAntimeridian, toBox2D } from '../../../core/bbox.js';
import { MeridianError, assertNever } from '../../../core/errors.js';
import type { Database } from '../../../db/database.js';
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
import { keysetCondition, orderByClause, orderSignature, totalOrder } from './sortOrder.js';
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
    const rows = await this.#db.query<HitRow>(
      render(fragment`
        SELECT r.kind, r.collection_id, r.id, r.doc, r.datestamp, r.deleted, r.native_format, r.source_id, ${selectKeys}
        FROM records r WHERE ${join(conditions, ' AND ')}
        ORDER BY ${orderByClause(keys, backwards)}
        LIMIT ${req.limit + 1} OFFSET ${offset}`),
      opts,
    );
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
    for (const agg of req.aggregations ?? []) results.push(await this.#aggregateOne(agg, where, req.target, opts));
    return results;
  }

  async #count(where: SqlFragment, opts?: CallOptions): Promise<number | undefined> {
    const cap = this.#options.countLimit;
    const count = async (db: Database) => {
      const rows = await db.query<{ n: number }>(
        render(fragment`SELECT count(*)::int AS n FROM (SELECT 1 FROM records r WHERE ${where} LIMIT ${cap + 1}) AS matches`),
        opts,
      );
      const n = rows[0]?.n ?? 0;
      return n > cap ? undefined : n;
    };
    const timeout = this.#options.countTimeoutMs;
    // PGlite runs one query at a time and has no statement timeout: only the row cap bounds it there.
    if (this.#db.driver !== 'postgres' || timeout === undefined) return count(this.#db);
    return this.#db.transaction(async (tx) => {
      await tx.exec(`SET LOCAL statement_timeout = ${Math.max(1, Math.floor(timeout))}`);
      try {
        return await count(tx);
      } catch (error) {
        if (error instanceof MeridianError && error.code === 'Unavailable') return undefined;
        throw error;
      }
    });
  }

  async #aggregateOne(
    agg: AggregationRequest,
    where: SqlFragment,
    target: SearchTarget,
    opts?: CallOptions,
  ): Promise<AggregationResult> {
    switch (agg.kind) {
      case 'total_count': {
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
      return {
        from: fragment`CROSS JOIN LATERAL jsonb_array_elements_text(
          CASE jsonb_typeof(${prop.sql}) WHEN 'array' THEN ${prop.sql} ELSE jsonb_build_array(${prop.sql}) END) AS term(value)`,
        key: raw('term.value'),
        condition: fragment`${prop.sql} IS NOT NULL`,
      };
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

/** Every condition of a request except paging, over alias `r`. */
export function whereClause(req: SearchRequest): SqlFragment {
  const kind = req.target === 'items' ? 'item' : 'collection';
  const conditions: SqlFragment[] = [fragment`r.kind = ${kind}`];
  if (!req.includeDeleted) conditions.push(raw('NOT r.deleted'));
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
