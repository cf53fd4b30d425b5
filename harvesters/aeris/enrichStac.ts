import type { StacCollection, StacItem, StacLink, StacRecord } from '../../src/core/stac.js';
import type { AerisRecord, Bilingual } from './record.js';

const SCIENTIFIC = 'https://stac-extensions.github.io/scientific/v1.0.0/schema.json';

type Fields = Record<string, unknown>;

/** Where a record keeps its descriptive fields: a Collection at the top, an Item in its properties. */
function fieldsOf(record: StacRecord): Fields {
  return record.type === 'Feature' ? { ...record.properties } : { ...record };
}

function withFields(record: StacRecord, fields: Fields, links: readonly StacLink[], extensions: readonly string[]): StacRecord {
  const more = { links, ...(extensions.length > 0 ? { stac_extensions: extensions } : {}) };
  return record.type === 'Feature' ? { ...record, properties: fields as StacItem['properties'], ...more } : { ...(fields as StacCollection), ...more };
}

/** The title's translations as the ISO crosswalk writes them (`meridian:translations.title`), AERIS's filling the gaps. */
function titleTranslations(fields: Fields, title: Bilingual): Fields | undefined {
  const translations = (typeof fields['meridian:translations'] === 'object' && fields['meridian:translations'] !== null ? fields['meridian:translations'] : {}) as Fields;
  const known = (typeof translations.title === 'object' && translations.title !== null ? translations.title : {}) as Record<string, string>;
  const added = { ...(title.en === undefined ? {} : { en: title.en }), ...(title.fr === undefined ? {} : { fr: title.fr }), ...known };
  if (Object.keys(added).length === Object.keys(known).length) return undefined;
  return { ...translations, title: added };
}

/**
 * What the AERIS record JSON adds to the STAC record crosswalked from the ISO 19139 record of the same
 * uuid, only where the ISO record said nothing: the title in both languages, the DOI (scientific
 * extension and a `cite-as` link), the projects as keywords, the landing page, typed links and the
 * licence link. Nothing the ISO record gave is replaced.
 */
export function enrichWithAerisRecord(record: StacRecord, aeris: AerisRecord): StacRecord {
  const fields = fieldsOf(record);
  const links: StacLink[] = [...record.links];
  const extensions = new Set(record.stac_extensions ?? []);
  const hrefs = new Set(links.map((l) => l.href));
  const addLink = (link: StacLink): void => {
    if (hrefs.has(link.href)) return;
    hrefs.add(link.href);
    links.push(link);
  };
  if (aeris.title !== undefined) {
    if (typeof fields.title !== 'string' && (aeris.title.en ?? aeris.title.fr) !== undefined) fields.title = aeris.title.en ?? aeris.title.fr;
    const translations = titleTranslations(fields, aeris.title);
    if (translations !== undefined) fields['meridian:translations'] = translations;
  }
  const [doi] = aeris.dois;
  if (doi !== undefined && fields['sci:doi'] === undefined) {
    fields['sci:doi'] = doi;
    extensions.add(SCIENTIFIC);
    addLink({ rel: 'cite-as', href: `https://doi.org/${doi}` });
  }
  if (aeris.projects.length > 0) {
    const keywords = Array.isArray(fields.keywords) ? (fields.keywords as unknown[]).filter((k): k is string => typeof k === 'string') : [];
    const added = aeris.projects.filter((p) => !keywords.includes(p));
    if (added.length > 0) fields.keywords = [...keywords, ...added];
  }
  addLink({ rel: 'describedby', href: aeris.landingPage, type: 'text/html', title: 'AERIS catalogue page' });
  for (const link of aeris.links) {
    addLink({ rel: 'related', href: link.url, ...(link.name === undefined ? {} : { title: link.name }), ...(link.type === undefined ? {} : { 'aeris:type': link.type }) });
  }
  if (aeris.licence?.url !== undefined && !links.some((l) => l.rel === 'license')) {
    const name = [aeris.licence.name, aeris.licence.version].filter((p) => p !== undefined).join(' ');
    addLink({ rel: 'license', href: aeris.licence.url, ...(name === '' ? {} : { title: name }) });
  }
  return withFields(record, fields, links, [...extensions]);
}
