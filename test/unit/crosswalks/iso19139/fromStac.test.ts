import { describe, expect, it } from 'vitest';
import { fromStac } from '../../../../crosswalks/iso19139/fromStac.js';
import { isoElementToStac, toStac } from '../../../../crosswalks/iso19139/toStac.js';
import { toStac as toStac19115_3 } from '../../../../crosswalks/iso19115-3/toStac.js';
import { GMD } from '../../../../crosswalks/iso19139/namespaces.js';
import { descendants, parseXml } from '../../../../src/core/xml.js';
import type { StacCollection, StacItem, StacRecord } from '../../../../src/core/stac.js';
import { readShared, sharedPath } from '../../../support/shared.js';
import { validateXml } from '../../../support/xmllint.js';
import { isoDocument } from './isoDocument.js';

const ctx = { baseUrl: 'https://meridian.example.org/stac' };
const SCHEMA = sharedPath('schemas/validate/iso19139-20070417-all.xsd');

function toIso(record: StacRecord): { xml: string; warnings: readonly { path: string; kind: string; detail: string }[] } {
  const result = fromStac(record, ctx);
  if (!result.ok) throw new Error(`fromStac failed: ${JSON.stringify(result.problems)}`);
  expect(validateXml(result.value, SCHEMA)).toEqual([]);
  return { xml: result.value, warnings: result.warnings };
}

/** Every field the round trip must keep, read from the STAC record (Item properties or Collection). */
function essentials(record: StacRecord): Record<string, unknown> {
  const f: Record<string, unknown> = record.type === 'Feature' ? (record as StacItem).properties : record;
  const contacts = ((f.contacts ?? []) as { name: string; organization?: string; emails?: unknown; roles?: string[] }[]).map((c) => ({
    name: c.name,
    organization: c.organization,
    emails: c.emails,
    roles: [...(c.roles ?? [])].sort(),
  }));
  return {
    id: record.id,
    nativeId: f['meridian:native_id'],
    title: f.title,
    description: f.description,
    extent: record.type === 'Collection' ? (record as StacCollection).extent : { bbox: (record as StacItem).bbox, datetime: f.datetime, start: f.start_datetime, end: f.end_datetime },
    keywords: [...((f.keywords ?? []) as string[])].sort(),
    themes: f.themes,
    contacts,
    onlineResources: [...record.links.filter((l) => !['parent', 'collection', 'license', 'cite-as'].includes(l.rel)).map((l) => `${l.rel} ${l.href}`), ...Object.values(record.assets ?? {}).map((a) => `${(a.roles ?? []).join()} ${a.href}`)].sort(),
    doi: f['sci:doi'],
    translations: f['meridian:translations'],
    license: f.license,
    lineage: f['meridian:lineage'] ?? f['processing:lineage'],
  };
}

describe('STAC to ISO 19139', () => {
  const fixtures: [string, () => StacRecord][] = [
    ...['iso19139_geo2france_plu', 'iso19139_geobretagne', 'iso19139_ipma-atmosphere', 'iso19139_marine-ie_gmx-anchor-keywords', 'iso19139_wmo-wis_JMA_SMJP01RJTD'].map(
      (name): [string, () => StacRecord] => [name, () => toStac(readShared('fixtures/geonetwork', `${name}.xml`), ctx).value],
    ),
    ...['iso19115-3_auscope_3d-model', 'iso19115-3_metawal_dataset', 'iso19115-3_wallonie_service'].map(
      (name): [string, () => StacRecord] => [name, () => toStac19115_3(readShared('fixtures/geonetwork', `${name}.xml`), ctx).value],
    ),
    ['ncISO pacioos', () => toStac(readShared('fixtures/thredds/iso-service_ncISO_pacioos_NS06agg.xml'), ctx).value],
    ['CSW DOV record', () => isoElementToStac(descendants(parseXml(readShared('fixtures/geonetwork/csw-GetRecordById_gmd_geonetwork-dov.xml')), GMD, 'MD_Metadata')[0]!, ctx).value],
    ['hand-made record', () => toStac(isoDocument(), ctx).value],
    ['hand-made tile', () => toStac(isoDocument({ hierarchyLevel: 'tile' }), ctx).value],
  ];

  it.each(fixtures)('%s: ISO → STAC → ISO validates and keeps identifier, text, extents, keywords, contacts, links and DOI', (_name, load) => {
    const stac = load();
    const { xml } = toIso(stac);
    const again = toStac(xml, ctx).value;
    expect(essentials(again)).toEqual(essentials(stac));
    expect(again.type).toBe(stac.type);
  });

  it('gives translations back as PT_FreeText with a gmd:locale per language', () => {
    const { xml } = toIso(toStac(isoDocument(), ctx).value);
    expect(xml).toContain('<gmd:PT_Locale id="EN">');
    expect(xml).toContain('<gmd:PT_Locale id="DE">');
    expect(xml).toContain('<gmd:LocalisedCharacterString locale="#DE">Oberflächennahe Temperatur, IPSL-Reanalyse</gmd:LocalisedCharacterString>');
    expect(xml).toContain('<gmd:keyword xsi:type="gmd:PT_FreeText_PropertyType"><gco:CharacterString>Température de l&apos;air</gco:CharacterString>');
  });

  it('writes the DOI as a citation identifier and the licence as an Anchor', () => {
    const { xml } = toIso(toStac(isoDocument(), ctx).value);
    expect(xml).toContain('<gmd:code><gmx:Anchor xlink:href="https://doi.org/10.14768/ipsl.tas.1979">10.14768/ipsl.tas.1979</gmx:Anchor></gmd:code>');
    expect(xml).toContain('<gmd:otherConstraints><gmx:Anchor xlink:href="https://creativecommons.org/licenses/by/4.0/">CC-BY-4.0</gmx:Anchor></gmd:otherConstraints>');
  });

  it('converts a hand-made STAC Item with datacube and cmip6 fields, reporting what ISO cannot hold', () => {
    const item: StacItem = {
      type: 'Feature',
      stac_version: '1.1.0',
      stac_extensions: ['https://stac-extensions.github.io/datacube/v2.2.0/schema.json', 'https://stac-extensions.github.io/cmip6/v3.0.2/schema.json'],
      id: 'CMIP6.CMIP.IPSL.IPSL-CM6A-LR.historical.r1i1p1f1.Amon.tas.gr.v20180803',
      collection: 'CMIP6',
      geometry: { type: 'Polygon', coordinates: [[[-180, -90], [180, -90], [180, 90], [-180, 90], [-180, -90]]] },
      bbox: [-180, -90, 180, 90],
      properties: {
        datetime: null,
        start_datetime: '1850-01-16T12:00:00Z',
        end_datetime: '2014-12-16T12:00:00Z',
        title: 'IPSL-CM6A-LR historical tas',
        license: 'CC-BY-4.0',
        'cmip6:source_id': 'IPSL-CM6A-LR',
        'cmip6:variable_id': 'tas',
        'cube:dimensions': { time: { type: 'temporal', extent: ['1850-01-16T12:00:00Z', '2014-12-16T12:00:00Z'] } },
        'cube:variables': { tas: { type: 'data', dimensions: ['time', 'lat', 'lon'], unit: 'K' } },
        keywords: ['CMIP6', 'near-surface air temperature'],
        providers: [{ name: 'IPSL', roles: ['producer', 'licensor'], url: 'https://www.ipsl.fr/' }],
      },
      links: [
        { rel: 'self', href: 'https://meridian.example.org/stac/collections/CMIP6/items/x' },
        { rel: 'collection', href: 'https://meridian.example.org/stac/collections/CMIP6' },
        { rel: 'license', href: 'https://creativecommons.org/licenses/by/4.0/' },
      ],
      assets: {
        'tas_Amon.nc': { href: 'https://esgf.ipsl.fr/thredds/fileServer/tas_Amon.nc', type: 'application/netcdf', roles: ['data'] },
        opendap: { href: 'https://esgf.ipsl.fr/thredds/dodsC/tas_Amon.nc', roles: ['data'], 'meridian:protocol': 'OPeNDAP:OPeNDAP' },
      },
    };
    const { xml, warnings } = toIso(item);
    expect(warnings).toContainEqual({ path: 'properties.', kind: 'dropped', detail: 'no ISO 19139 element for the cmip6, cube fields' });
    expect(xml).toContain('<gmd:parentIdentifier><gco:CharacterString>CMIP6</gco:CharacterString></gmd:parentIdentifier>');
    expect(xml).toContain('<gml:beginPosition>1850-01-16T12:00:00Z</gml:beginPosition><gml:endPosition>2014-12-16T12:00:00Z</gml:endPosition>');
    const back = toStac(xml, ctx).value as StacCollection;
    expect(back.id).toBe(item.id);
    expect(back.providers).toEqual([{ name: 'IPSL', roles: ['producer', 'licensor'], url: 'https://www.ipsl.fr/' }]);
    expect(back.license).toBe('CC-BY-4.0');
    expect(Object.values(back.assets ?? {}).map((a) => a.href).sort()).toEqual(['https://esgf.ipsl.fr/thredds/dodsC/tas_Amon.nc', 'https://esgf.ipsl.fr/thredds/fileServer/tas_Amon.nc']);
  });

  it('converts a minimal hand-made STAC Collection, with nil elements for what it lacks', () => {
    const collection: StacCollection = {
      type: 'Collection',
      stac_version: '1.1.0',
      id: 'minimal',
      description: 'A collection that never came from ISO.',
      license: 'other',
      extent: { spatial: { bbox: [[-180, -90, 180, 90]] }, temporal: { interval: [[null, null]] } },
      links: [],
    };
    const { xml, warnings } = toIso(collection);
    expect(xml).toContain('<gmd:contact gco:nilReason="missing"/>');
    expect(xml).toContain('<gmd:dateStamp gco:nilReason="missing"/>');
    expect(warnings.map((w) => w.kind)).toEqual(['defaulted', 'missing', 'missing']);
    expect(toStac(xml, ctx).value).toMatchObject({ id: 'minimal', title: 'minimal', description: 'A collection that never came from ISO.' });
  });

  it('refuses a record without an id', () => {
    const result = fromStac({ type: 'Collection', stac_version: '1.1.0', id: '', description: 'x', license: 'other', extent: { spatial: { bbox: [] }, temporal: { interval: [] } }, links: [] }, ctx);
    expect(result).toEqual({ ok: false, problems: [{ path: 'id', kind: 'missing', detail: 'a record without an id cannot become an ISO record' }] });
  });
});
