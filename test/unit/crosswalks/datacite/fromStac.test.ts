import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { StacCollection, StacRecord } from '../../../../src/core/stac.js';
import { parseXml } from '../../../../src/core/xml.js';
import type { XmlElement } from '../../../../src/core/xml.js';
import { fromStac } from '../../../../crosswalks/datacite/fromStac.js';
import { toAttributes } from '../../../../crosswalks/datacite/attributes.js';
import { toStac } from '../../../../crosswalks/datacite/toStac.js';
import { toStacJson } from '../../../../crosswalks/datacite/toStacJson.js';
import { toStac as dublinCoreToStac } from '../../../../crosswalks/dublin-core/toStac.js';
import { validateXml } from '../../../support/xmllint.js';
import { readShared, sharedPath } from '../../../support/shared.js';

const ctx = { baseUrl: 'https://meridian.example.org' };
const XSD = sharedPath('schemas', 'datacite', 'kernel-4.6', 'metadata.xsd');
const fixtures = readdirSync(sharedPath('fixtures', 'datacite')).filter((f) => f.endsWith('.xml') || f.endsWith('.json'));
const stacOf = (file: string): StacCollection => {
  const text = readShared('fixtures', 'datacite', file);
  return (file.endsWith('.json') ? toStacJson(text, ctx) : toStac(text, ctx)).value;
};
const xmlOf = (record: StacRecord): string => {
  const result = fromStac(record, ctx);
  if (!result.ok) throw new Error(result.problems.map((p) => p.detail).join('; '));
  return result.value;
};

/**
 * An element as comparable data: attributes (schema location aside), trimmed text, numbers as numbers,
 * children in document order except where the schema leaves their order free (xs:all).
 */
type Canon = { name: string; attrs: Record<string, string>; text: string | number; children: Canon[] };
const UNORDERED = new Set(['geoLocationPoint', 'polygonPoint', 'inPolygonPoint', 'geoLocationBox', 'fundingReference']);
function canon(el: XmlElement): Canon {
  const attrs = Object.fromEntries(Object.entries(el.attrs).filter(([k]) => !k.includes('XMLSchema-instance')).sort());
  const numeric = el.text !== '' && Number.isFinite(Number(el.text));
  const children = el.children.map(canon);
  if (UNORDERED.has(el.local)) children.sort((a, b) => a.name.localeCompare(b.name));
  return { name: el.local, attrs, text: numeric ? Number(el.text) : el.text, children };
}
function property(doc: string, local: string): Canon[] {
  return parseXml(doc).children.filter((c) => c.local === local).map(canon);
}

const PROPERTIES = ['identifier', 'creators', 'titles', 'publisher', 'publicationYear', 'resourceType', 'subjects', 'contributors',
  'dates', 'language', 'alternateIdentifiers', 'relatedIdentifiers', 'sizes', 'formats', 'version', 'rightsList', 'descriptions',
  'geoLocations', 'fundingReferences', 'relatedItems'];

describe('STAC to DataCite kernel-4.6 XML', () => {
  it.each(fixtures)('%s comes back as schema-valid kernel-4.6 XML', (file) => {
    expect(validateXml(xmlOf(stacOf(file)), XSD)).toEqual([]);
  });

  it.each(['datacite-kernel-4.6_full-example.xml', 'datacite-xml_10.1594-pangaea.721193.xml', 'datacite-xml_eumetsat-osisaf_xml-lang.xml',
    'datacite-xml_4tu_meteo-sand-motor_polygon.xml', 'datacite-kernel-4_GeoLocation-example.xml'])(
    'round trip DataCite → STAC → DataCite keeps every property of %s', (file) => {
      const source = readShared('fixtures', 'datacite', file);
      const back = xmlOf(stacOf(file));
      for (const name of PROPERTIES) expect(property(back, name), name).toEqual(property(source, name));
    });

  it('a curator edit of the STAC title, abstract and keywords reaches DataCite', () => {
    const record = { ...stacOf('datacite-xml_10.1594-pangaea.721193.xml'), title: 'New title', description: 'New abstract' };
    const result = toAttributes({ ...record, keywords: [...(record.keywords ?? []), 'Oysters'] }, ctx);
    if (!result.ok) throw new Error('not ok');
    expect(result.value.titles[0]).toEqual({ title: 'New title' });
    expect(result.value.descriptions[0]).toEqual(expect.objectContaining({ description: 'New abstract', descriptionType: 'Abstract' }));
    expect(result.value.subjects.at(-1)).toEqual({ subject: 'Oysters' });
  });

  it('gives the REST API attributes object lupo accepts', () => {
    const result = toAttributes(stacOf('datacite-api_10.1594-pangaea.721193.json'), ctx);
    if (!result.ok) throw new Error('not ok');
    expect(result.value).toMatchObject({
      doi: '10.1594/pangaea.721193',
      creators: [{ name: 'Kurihara, Haruko', givenName: 'Haruko', familyName: 'Kurihara' }, { name: 'Kato, Shoji' }, { name: 'Ishimatsu, Atsushi' }],
      publisher: { name: 'PANGAEA - Data Publisher for Earth & Environmental Science' },
      publicationYear: 2007,
      types: { resourceTypeGeneral: 'Dataset', resourceType: 'Supplementary Dataset' },
      relatedIdentifiers: [{ relatedIdentifier: '10.3354/ab00009', relatedIdentifierType: 'DOI', relationType: 'IsSupplementTo' }],
      schemaVersion: 'http://datacite.org/schema/kernel-4',
    });
    expect(result.value.geoLocations).toEqual([]);
  });

  it('maps a record from another source through its STAC fields', () => {
    const record: StacCollection = {
      type: 'Collection', stac_version: '1.1.0', id: 'ipsl-sst', title: 'Sea surface temperature', description: 'Monthly SST.',
      license: 'CC-BY-4.0', keywords: ['SST'], 'sci:doi': '10.1234/ipsl-sst', published: '2021-06-01T00:00:00Z', version: '2',
      providers: [{ name: 'IPSL', roles: ['host'] }],
      contacts: [{ name: 'Jane Doe', organization: 'LSCE', identifier: 'https://orcid.org/0000-0002-1825-0097', roles: ['principalInvestigator'] },
        { name: 'Data desk', organization: 'ESPRI', roles: ['pointOfContact'] }],
      extent: { spatial: { bbox: [[-10, 40, 10, 50]] }, temporal: { interval: [['2000-01-01T00:00:00Z', '2010-12-31T23:59:59Z']] } },
      links: [{ rel: 'describedby', href: 'https://meridian.example.org/records/ipsl-sst.xml' }],
    };
    const xml = xmlOf(record);
    expect(validateXml(xml, XSD)).toEqual([]);
    expect(property(xml, 'creators')[0]?.children[0]?.children.map((c) => c.name)).toEqual(['creatorName', 'nameIdentifier', 'affiliation']);
    expect(xml).toContain('<publisher>IPSL</publisher><publicationYear>2021</publicationYear>');
    expect(xml).toContain('<contributor contributorType="ContactPerson"><contributorName nameType="Personal">Data desk</contributorName>');
    expect(xml).toContain('<date dateType="Issued">2021-06-01</date><date dateType="Coverage">2000-01-01/2010-12-31</date>');
    expect(xml).toContain('<rights rightsURI="https://creativecommons.org/licenses/by/4.0/" rightsIdentifierScheme="SPDX" rightsIdentifier="CC-BY-4.0" schemeURI="https://spdx.org/licenses/"></rights>');
    expect(xml).toContain('<geoLocationBox><westBoundLongitude>-10</westBoundLongitude><eastBoundLongitude>10</eastBoundLongitude>');
    expect(xml).toContain('<relatedIdentifier relatedIdentifierType="URL" relationType="IsDescribedBy">');
  });

  it('names every missing mandatory property instead of throwing', () => {
    const { value } = dublinCoreToStac(readShared('fixtures', 'csw-cite', 'Record_1ef30a8b-876d-4828-9246-c37ab4510bbd.xml'), ctx);
    const bare = { ...value, providers: [], contacts: [], title: undefined } as unknown as StacCollection;
    const result = fromStac(bare, ctx);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.map((p) => p.detail.split(':')[0])).toEqual(['creators', 'titles', 'publisher', 'publicationYear']);
    const noDoi = fromStac({ ...stacOf('datacite-xml_10.1594-pangaea.721193.xml'), 'sci:doi': undefined } as unknown as StacCollection, ctx);
    expect(noDoi.ok ? [] : noDoi.problems.map((p) => p.path)).toEqual(['sci:doi']);
    const badType = fromStac({ ...stacOf('datacite-xml_10.1594-pangaea.721193.xml'), 'datacite:resourceTypeGeneral': 'Spreadsheet' }, ctx);
    expect(badType.ok ? [] : badType.problems.map((p) => p.path)).toEqual(['datacite:resourceTypeGeneral']);
  });
});
