import { describe, expect, it } from 'vitest';
import { outlineCatalog, withCatalogBase } from '../../../harvesters/thredds/catalog.js';
import { attr, parseXml, XML_NS } from '../../../src/core/xml.js';
import { readShared } from '../../support/shared.js';

describe('THREDDS catalogs for the crawler', () => {
  it('resolves the catalogRefs of a real top-level catalog against its URL', () => {
    const outline = outlineCatalog(readShared('fixtures/thredds/catalog_unidata_toplevel.xml'), 'https://thredds.ucar.edu/thredds/catalog.xml');
    expect(outline).toEqual({
      refs: [
        'https://thredds.ucar.edu/thredds/idd/forecastModels.xml',
        'https://thredds.ucar.edu/thredds/idd/forecastProdsAndAna.xml',
        'https://thredds.ucar.edu/thredds/idd/obsData.xml',
        'https://thredds.ucar.edu/thredds/idd/radars.xml',
        'https://thredds.ucar.edu/thredds/idd/satellite.xml',
        'https://thredds.ucar.edu/thredds/casestudies/catalog.xml',
      ],
      hasData: false,
    });
  });

  it('knows a catalog with datasets to access', () => {
    const outline = outlineCatalog(readShared('fixtures/thredds/catalog_pavics_cmip6_datasetScan.xml'), 'https://pavics.ouranos.ca/thredds/catalog.xml');
    expect(outline).toEqual({ refs: [], hasData: true });
  });

  it('gives the crosswalk the catalog URL as xml:base, keeping one the catalog has', () => {
    const xml = readShared('fixtures/thredds/catalog_pavics_single-dataset.xml');
    const based = withCatalogBase(xml, 'https://example.org/thredds/catalog.xml?dataset=a&b');
    expect(attr(parseXml(based), 'base', XML_NS)).toBe('https://example.org/thredds/catalog.xml?dataset=a&b');
    expect(withCatalogBase(based, 'https://other.org/')).toBe(based);
  });

  it('refuses a catalog cut short and what is not a catalog', () => {
    const xml = readShared('fixtures/thredds/catalog_unidata_toplevel.xml');
    expect(() => outlineCatalog(xml.slice(0, 300), 'https://x/catalog.xml')).toThrow(/not well-formed/);
    expect(() => outlineCatalog('<html/>', 'https://x/catalog.html')).toThrow(/not a THREDDS catalog/);
  });
});
