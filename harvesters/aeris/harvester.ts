import type { AerisSourceConfig, CswSourceConfig, HarvestContext, HarvestedDocument, Harvester } from '../../src/core/harvest.js';
import { mapConcurrently } from '../../src/core/http/requestLimits.js';
import type { JsonValue } from '../../src/core/json.js';
import type { StacRecord } from '../../src/core/stac.js';
import { cswHarvester } from '../csw/harvester.js';
import { enrichWithAerisRecord } from './enrichStac.js';
import { fetchAerisRecordText, parseAerisRecord } from './record.js';
import { AERIS_METADATA_API, listAerisIds } from './summaries.js';

/** Record JSON requests in flight at once. */
const PARALLEL_REQUESTS = 4;

const asCsw = (source: AerisSourceConfig): CswSourceConfig => ({ ...source, kind: 'csw' });

/**
 * The record JSON of one uuid, checked readable; undefined when the catalogue has none or it cannot be
 * read. The REST API only enriches: the ISO record is harvested all the same, and a failure is logged.
 */
async function recordJson(source: AerisSourceConfig, uuid: string, ctx: HarvestContext): Promise<string | undefined> {
  try {
    const text = await fetchAerisRecordText(source.api ?? AERIS_METADATA_API, uuid, ctx);
    if (text !== undefined) parseAerisRecord(text);
    return text;
  } catch (error) {
    if (ctx.signal.aborted) throw error;
    ctx.log.warn({ nativeId: uuid, reason: (error as Error).message }, 'the AERIS record JSON could not be read: the ISO record goes without it');
    return undefined;
  }
}

/**
 * AERIS: the ISO 19139 records of its CSW (through the CSW harvester, same paging and checkpoints), each
 * with its record JSON from the REST API as a supplement (fetched a page at a time), and the REST
 * listing `{api}/summaries` as the identifier list for the reconciliation of deletions.
 */
export const aerisHarvester: Harvester<AerisSourceConfig> = {
  kind: 'aeris',
  async *harvest(source: AerisSourceConfig, from, ctx: HarvestContext): AsyncGenerator<HarvestedDocument> {
    const enrich = source.enrich !== false;
    let page: HarvestedDocument[] = [];
    const withSupplements = async (docs: readonly HarvestedDocument[]): Promise<HarvestedDocument[]> => {
      if (!enrich) return [...docs];
      const texts = await mapConcurrently(docs, PARALLEL_REQUESTS, async (d) => (d.deleted ? undefined : recordJson(source, d.nativeId, ctx)));
      return docs.map((d, i) => (texts[i] === undefined ? d : { ...d, supplement: texts[i] }));
    };
    for await (const doc of cswHarvester.harvest(asCsw(source), from, ctx)) {
      page.push(doc);
      if (doc.checkpoint === undefined) continue;
      yield* await withSupplements(page);
      page = [];
    }
    yield* await withSupplements(page);
  },

  async *listIds(source: AerisSourceConfig, ctx: HarvestContext): AsyncGenerator<string> {
    yield* await listAerisIds(source.api ?? AERIS_METADATA_API, source.project, ctx);
  },

  enrich(record: StacRecord, supplement: JsonValue): StacRecord {
    return typeof supplement === 'string' ? enrichWithAerisRecord(record, parseAerisRecord(supplement)) : record;
  },
};
