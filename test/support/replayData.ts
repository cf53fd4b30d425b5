import { readShared } from './shared.js';

/**
 * Upstream catalogues for the replay server, generated from the real documents in ../shared/fixtures:
 * thousands of ISO 19139 records cloned from one GeoNetwork record with new fileIdentifiers, an
 * esg-search index cloned from real Dataset and File documents (with replicas), and ESGF-NG STAC items
 * cloned from a real item. Tests change them between runs (add, change, delete) like a live source.
 */

const ISO_TEMPLATE = readShared('fixtures/geonetwork/iso19139_ipma-atmosphere.xml').replace(/^<\?xml[^>]*\?>\s*/, '').trim();

/** The time of the n-th initial record: long ago, so that any later change is newer than any run. */
const past = (n: number): string => new Date(Date.UTC(2020, 0, 1) + n * 60_000).toISOString();

export interface IsoEntry {
  readonly id: string;
  title: string;
  datestamp: string;
  /** OAI-PMH persistent deletion: listed as a deleted header. */
  deleted: boolean;
  readonly set: string;
  /** The record has no fileIdentifier: the crosswalk refuses it. */
  broken: boolean;
}

/** An ISO 19139 catalogue (the records an OAI-PMH or CSW server lists). */
export class IsoCatalogue {
  readonly entries: IsoEntry[] = [];
  readonly #prefix: string;
  #next = 0;

  constructor(prefix: string, count: number) {
    this.#prefix = prefix;
    this.add(count, (i) => past(i));
  }

  /** Adds records; they are dated now unless a date is given. Returns their ids. */
  add(count: number, date: (i: number) => string = () => new Date().toISOString()): string[] {
    const ids: string[] = [];
    for (let i = 0; i < count; i++) {
      const n = this.#next++;
      const id = `${this.#prefix}-${String(n).padStart(6, '0')}`;
      this.entries.push({ id, title: `Air temperature ${n}`, datestamp: date(i), deleted: false, set: n % 2 === 0 ? 'even' : 'odd', broken: false });
      ids.push(id);
    }
    return ids;
  }

  entry(id: string): IsoEntry {
    const found = this.entries.find((e) => e.id === id);
    if (!found) throw new Error(`no record ${id}`);
    return found;
  }

  change(id: string): void {
    const e = this.entry(id);
    e.title = `${e.title} (revised)`;
    e.datestamp = new Date().toISOString();
  }

  /** A deletion the server still reports (OAI-PMH `deletedRecord=persistent`). */
  delete(id: string): void {
    const e = this.entry(id);
    e.deleted = true;
    e.datestamp = new Date().toISOString();
  }

  /** A record that vanishes without trace (CSW, or OAI-PMH with `deletedRecord=no`). */
  purge(id: string): void {
    this.entries.splice(this.entries.indexOf(this.entry(id)), 1);
  }

  /** Live records, the ones a complete harvest must end with. */
  liveIds(): string[] {
    return this.entries.filter((e) => !e.deleted).map((e) => e.id);
  }

  /** The ISO record as the server sends it. */
  render(e: IsoEntry): string {
    return renderIsoRecord(e);
  }
}

/** The real GeoNetwork ISO 19139 record with this identifier (none when broken), title and dateStamp. */
export function renderIsoRecord(e: Pick<IsoEntry, 'id' | 'title' | 'datestamp' | 'broken'>): string {
  return ISO_TEMPLATE.replace(
    /<gmd:fileIdentifier>\s*<gco:CharacterString>[^<]*<\/gco:CharacterString>\s*<\/gmd:fileIdentifier>\s*/,
    e.broken ? '' : `<gmd:fileIdentifier><gco:CharacterString>${e.id}</gco:CharacterString></gmd:fileIdentifier>\n`,
  )
    .replace(/<gmd:dateStamp>\s*<gco:Date>[^<]*<\/gco:Date>\s*<\/gmd:dateStamp>/, `<gmd:dateStamp><gco:DateTime>${e.datestamp.slice(0, 19)}Z</gco:DateTime></gmd:dateStamp>`)
    .replace(/(<gmd:title>\s*<gco:CharacterString>)Air temperature(<)/, `$1${e.title}$2`);
}

/**
 * A CSW 2.0.2 GetRecordsResponse around full gmd records, declared ISO-8859-1 as some GeoNetwork servers
 * send it (the caller encodes the text in latin1).
 */
export function getRecordsResponse(records: readonly string[], page: { readonly matched: number; readonly nextRecord: number }): string {
  return (
    `<?xml version="1.0" encoding="ISO-8859-1"?>\n<csw:GetRecordsResponse xmlns:csw="http://www.opengis.net/cat/csw/2.0.2" ` +
    `xmlns:gmd="http://www.isotc211.org/2005/gmd" xmlns:gco="http://www.isotc211.org/2005/gco" xmlns:gml="http://www.opengis.net/gml" ` +
    `xmlns:xlink="http://www.w3.org/1999/xlink" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" version="2.0.2">` +
    `<csw:SearchStatus timestamp="${new Date().toISOString()}"/><csw:SearchResults numberOfRecordsMatched="${page.matched}" ` +
    `numberOfRecordsReturned="${records.length}" nextRecord="${page.nextRecord}" recordSchema="http://www.isotc211.org/2005/gmd" elementSet="full">\n` +
    records.join('\n') +
    `\n</csw:SearchResults></csw:GetRecordsResponse>`
  );
}

/**
 * The AERIS record JSON of a catalogue entry, in the shape documented from AERIS's client code
 * (harvesters/aeris/README.md). NOT a real AERIS response: none is public.
 */
export function aerisRecordJson(e: IsoEntry): string {
  const n = Number(e.id.replace(/^\D+-/, ''));
  return JSON.stringify({
    id: e.id,
    type: 'COLLECTION',
    resourceTitle: { en: e.title, fr: `Température de l'air ${n}` },
    projectSet: [{ shortName: n % 2 === 0 ? 'EUREC4A' : 'HyMeX' }],
    identifiers: [{ code: `10.25326/${n}`, codeSpace: 'http://dx.doi.org/' }],
    links: [{ type: 'OPENSEARCH_LINK', url: `https://api.sedoo.fr/aeris-catalogue-prod/data/${e.id}`, name: 'OpenSearch' }],
    distributionInformation: { licenceName: 'CC-BY', licenceVersion: '4.0', licenceUrl: 'https://creativecommons.org/licenses/by/4.0/' },
  });
}

export type SolrDoc = Record<string, unknown>;

const DATASET_TEMPLATE = readShared('fixtures/esgf/esg-search_Dataset_CMIP6_CESM2_ceda.json');
const FILE_TEMPLATE = readShared('fixtures/esgf/esg-search_File_CMIP6_CESM2_ceda.json');

/** The real CMIP6 Dataset document of esg-search as ensemble member `member` on index node `node`. */
export function esgfDatasetDoc(member: string, node: string): SolrDoc {
  return cloneDoc(DATASET_TEMPLATE, member, node);
}

function cloneDoc(template: string, member: string, node: string): SolrDoc {
  const text = template.replaceAll('r1i1p1f1', member).replaceAll('esgf.ceda.ac.uk', node);
  const doc = (JSON.parse(text) as { response: { docs: SolrDoc[] } }).response.docs[0];
  if (!doc) throw new Error('empty ESGF template');
  return doc;
}

const ORIGINAL_NODE = 'esgf.ceda.ac.uk';
const REPLICA_NODE = 'esgf-data.dkrz.de';

/** An esg-search index node: Dataset documents (every 5th dataset also has a replica) and their File documents. */
export class EsgfIndex {
  readonly datasets: SolrDoc[] = [];
  readonly files: SolrDoc[] = [];
  #members = 0;

  constructor(count: number) {
    this.add(count, (i) => new Date(Date.UTC(2019, 0, 1) + i * 3_600_000).toISOString());
  }

  /** Adds dataset versions (indexed now unless a time is given); returns their instance ids. */
  add(count: number, time: (i: number) => string = () => new Date().toISOString()): string[] {
    const ids: string[] = [];
    for (let i = 0; i < count; i++) {
      const member = `r${++this.#members}i1p1f1`;
      const stamp = time(i);
      const copies = this.#members % 5 === 0 ? [ORIGINAL_NODE, REPLICA_NODE] : [ORIGINAL_NODE];
      for (const node of copies) {
        const dataset = { ...esgfDatasetDoc(member, node), replica: node !== ORIGINAL_NODE, _timestamp: stamp, score: 1.0 };
        this.datasets.push(dataset);
        this.files.push({ ...cloneDoc(FILE_TEMPLATE, member, node), replica: node !== ORIGINAL_NODE });
      }
      ids.push(String(this.datasets[this.datasets.length - 1]?.instance_id));
    }
    return ids;
  }

  copiesOf(instanceId: string): SolrDoc[] {
    return this.datasets.filter((d) => d.instance_id === instanceId);
  }

  retract(instanceId: string): void {
    for (const d of this.copiesOf(instanceId)) {
      d.retracted = true;
      d._timestamp = new Date().toISOString();
    }
  }

  /** Unpublication: the dataset vanishes from the index. */
  unpublish(instanceId: string): void {
    for (const d of this.copiesOf(instanceId)) this.datasets.splice(this.datasets.indexOf(d), 1);
  }

  instanceIds(): string[] {
    return [...new Set(this.datasets.map((d) => String(d.instance_id)))];
  }

  /** esg-search semantics for what the harvester sends: type, facets (comma = OR), from/to on _timestamp, fields, offset/limit. */
  search(params: URLSearchParams): { numFound: number; docs: SolrDoc[] } {
    const pool = params.get('type') === 'File' ? this.files : this.datasets;
    const from = params.get('from');
    const to = params.get('to');
    const reserved = new Set(['type', 'format', 'distrib', 'offset', 'limit', 'from', 'to', 'fields']);
    const filters = [...params.entries()].filter(([k]) => !reserved.has(k));
    const matches = pool.filter((doc) => {
      const stamp = Date.parse(String(doc._timestamp ?? doc.timestamp));
      if (from !== null && stamp < Date.parse(from)) return false;
      if (to !== null && stamp > Date.parse(to) + 999) return false;
      return filters.every(([key, value]) => {
        const wanted = value.split(',');
        const actual = doc[key];
        const values = (Array.isArray(actual) ? actual : [actual]).map(String);
        return wanted.some((w) => values.includes(w));
      });
    });
    const offset = Number(params.get('offset') ?? 0);
    const limit = Number(params.get('limit') ?? 10);
    const fields = params.get('fields')?.split(',');
    const docs = matches
      .slice(offset, offset + limit)
      .map((d) => (fields ? Object.fromEntries(fields.filter((f) => f in d).map((f) => [f, d[f]])) : d));
    return { numFound: matches.length, docs };
  }
}

const STAC_TEMPLATE = readShared('fixtures/esgf/stac-item_esgf-ng_CMIP6_IPSL-CM6A-LR_cmip6-ext-v3.0.2.json');

/** An ESGF-NG STAC API's items (cloned from a real item, one ensemble member each). */
export class StacItems {
  readonly items: Record<string, unknown>[] = [];
  #members = 0;

  constructor(count: number) {
    this.add(count, (i) => new Date(Date.UTC(2021, 0, 1) + i * 60_000).toISOString());
  }

  add(count: number, time: (i: number) => string = () => new Date().toISOString()): string[] {
    const ids: string[] = [];
    for (let i = 0; i < count; i++) {
      const item = JSON.parse(STAC_TEMPLATE.replaceAll('r4i1p1f1', `r${++this.#members}i1p1f1`)) as Record<string, unknown>;
      (item.properties as Record<string, unknown>).updated = `${time(i).slice(0, 19)}Z`;
      this.items.push(item);
      ids.push(String(item.id));
    }
    return ids;
  }

  /** What `/search` matches: CQL2 JSON `and` of `in` on a property and `>=` on a timestamp property. */
  matching(filter: unknown): Record<string, unknown>[] {
    const test = (expr: unknown, item: Record<string, unknown>): boolean => {
      const e = expr as { op: string; args: unknown[] };
      const value = (arg: unknown): unknown => {
        const name = String((arg as { property: string }).property).replace(/^properties\./, '');
        return (item.properties as Record<string, unknown>)[name];
      };
      if (e.op === 'and') return e.args.every((a) => test(a, item));
      if (e.op === 'in') return (e.args[1] as unknown[]).includes(value(e.args[0]));
      if (e.op === '>=') return Date.parse(String(value(e.args[0]))) >= Date.parse((e.args[1] as { timestamp: string }).timestamp);
      throw new Error(`unsupported CQL2 operator ${e.op}`);
    };
    return filter === undefined ? this.items : this.items.filter((item) => test(filter, item));
  }
}

const THREDDS_TOP = readShared('fixtures/thredds/catalog_unidata_toplevel.xml');
const THREDDS_DATASETS = readShared('fixtures/thredds/catalog_pavics_cmip6_datasetScan.xml');
const THREDDS_NS = 'http://www.unidata.ucar.edu/namespaces/thredds/InvCatalog/v1.0';

/** A catalog of only catalogRefs. */
function containerCatalog(refs: readonly string[]): string {
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n<catalog xmlns="${THREDDS_NS}" xmlns:xlink="http://www.w3.org/1999/xlink" version="1.2">\n` +
    `  <dataset name="container">\n${refs.map((r) => `    <catalogRef xlink:href="${r}" xlink:title="${r}" name="" />`).join('\n')}\n  </dataset>\n</catalog>\n`
  );
}

/** A real TDS datasetScan catalog (four files) whose dataset ids and paths start with `name-`. */
function datasetCatalog(name: string): string {
  return THREDDS_DATASETS.replaceAll('birdhouse/testdata/xclim/cmip6/', `${name}-`);
}

/**
 * A THREDDS server's catalog tree under /thredds/: the real Unidata top-level catalog, whose refs lead
 * to container catalogs (one with a loop back to the root and a ref to another server), dataset
 * catalogs cloned from a real datasetScan catalog, two refs that lead nowhere (404), and a chain six
 * levels deep for the depth limit.
 */
export class ThreddsTree {
  readonly catalogs = new Map<string, string>([
    ['catalog.xml', THREDDS_TOP],
    ['idd/forecastModels.xml', containerCatalog(['gfs/catalog.xml', 'nam/catalog.xml', '../catalog.xml', 'https://elsewhere.example.org/thredds/catalog.xml'])],
    ['idd/gfs/catalog.xml', datasetCatalog('gfs')],
    ['idd/nam/catalog.xml', datasetCatalog('nam')],
    ['idd/obsData.xml', datasetCatalog('obs')],
    ['idd/satellite.xml', containerCatalog(['sat/level1.xml'])],
    ['casestudies/catalog.xml', datasetCatalog('case')],
  ]);

  constructor() {
    for (let level = 1; level <= 6; level++) {
      const own = datasetCatalog(`sat${level}`);
      const next = level < 6 ? `<catalogRef xlink:href="level${level + 1}.xml" xlink:title="next" name="" />\n</catalog>` : '</catalog>';
      this.catalogs.set(`idd/sat/level${level}.xml`, own.replace('</catalog>', next));
    }
  }

  /** The ids of the datasets of the catalogs named by their prefix. */
  static datasetIds(...names: string[]): string[] {
    const files = [...THREDDS_DATASETS.matchAll(/ID="birdhouse\/testdata\/xclim\/cmip6\/([^"]+)"/g)].map((m) => m[1]);
    return names.flatMap((name) => files.map((f) => `${name}-${f}`)).sort();
  }

  /** Removes one dataset from a catalog. */
  dropDataset(path: string, id: string): void {
    const xml = this.catalogs.get(path) ?? '';
    this.catalogs.set(path, xml.replace(new RegExp(`\\s*<dataset name="[^"]*" ID="${id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}"[\\s\\S]*?</dataset>`), ''));
  }
}
