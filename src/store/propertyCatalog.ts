import type { Database } from '../db/database.js';
import { EFFECTIVE_DOC } from '../db/recordsTable.js';
import { fragment, raw, render } from '../db/sql.js';

export interface PropertyInfo {
  readonly name: string;
  /** JSON types seen for this property (`string`, `number`, `boolean`, `array`, `object`). */
  readonly types: readonly string[];
}

/** How many records are sampled to describe the properties of a catalogue or collection. */
const SAMPLE = 2000;

/**
 * The properties that records actually carry, sampled from the data: item properties (optionally of
 * some collections), or the top-level members of collections. Drives `/queryables`.
 */
export async function sampleProperties(
  db: Database,
  target: 'items' | 'collections',
  collections?: readonly string[],
): Promise<PropertyInfo[]> {
  const scope =
    target === 'items'
      ? collections?.length
        ? fragment`r.kind = 'item' AND r.collection_id = ANY(${[...collections]}::text[])`
        : raw(`r.kind = 'item'`)
      : raw(`r.kind = 'collection'`);
  const members = target === 'items' ? raw(`s.doc -> 'properties'`) : raw('s.doc');
  const rows = await db.query<{ name: string; type: string }>(
    render(fragment`
      SELECT p.key AS name, jsonb_typeof(p.value) AS type
      FROM (SELECT ${EFFECTIVE_DOC} AS doc FROM records r WHERE ${scope} AND NOT r.deleted LIMIT ${SAMPLE}) AS s,
           LATERAL jsonb_each(${members}) AS p
      GROUP BY 1, 2 ORDER BY 1, 2`),
  );
  const byName = new Map<string, string[]>();
  for (const row of rows) {
    if (row.type === 'null') continue;
    byName.set(row.name, [...(byName.get(row.name) ?? []), row.type]);
  }
  return [...byName].map(([name, types]) => ({ name, types }));
}
