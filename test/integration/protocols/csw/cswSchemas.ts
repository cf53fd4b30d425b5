import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { sharedPath } from '../../../support/shared.js';

/**
 * The CSW driver schemas of ../shared (csw-2.0.2-all.xsd, csw-3.0-all.xsd) load gmd but not gmx, so
 * ISO 19139:2007 records that use gmx:Anchor (valid ISO, as the STAC to ISO crosswalk writes thesaurus
 * titles) fail there. Each driver is used as is, through a schema written at test time that imports it
 * together with gmx, all from ../shared in place.
 */
function withGmx(driver: string, name: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'meridian-csw-xsd-'));
  const file = join(dir, `${name}.xsd`);
  const url = (...parts: string[]) => pathToFileURL(sharedPath(...parts)).href;
  writeFileSync(
    file,
    `<?xml version="1.0" encoding="UTF-8"?>
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:x-local:validate:${name}" elementFormDefault="qualified">
  <xs:import namespace="urn:x-local:validate:${driver === 'csw-2.0.2-all.xsd' ? 'csw202' : 'csw30'}" schemaLocation="${url('schemas', 'validate', driver)}"/>
  <xs:import namespace="http://www.isotc211.org/2005/gmx" schemaLocation="${url('schemas', 'iso19139', '20070417', 'gmx', 'gmx.xsd')}"/>
</xs:schema>
`,
  );
  return file;
}

export const CSW202_XSD = withGmx('csw-2.0.2-all.xsd', 'csw202-gmx');
export const CSW30_XSD = withGmx('csw-3.0-all.xsd', 'csw30-gmx');
