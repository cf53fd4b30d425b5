import { isJsonObject } from '../src/core/json.js';
import type { StacRecord } from '../src/core/stac.js';
import { attr, parseXml, XML_NS } from '../src/core/xml.js';
import type { CrosswalkContext, CrosswalkResult, FromStacResult, NativeFormat } from './crosswalk.js';
import { CrosswalkError } from './crosswalk.js';
import * as dataciteOut from './datacite/fromStac.js';
import * as dataciteXml from './datacite/toStac.js';
import * as dataciteJson from './datacite/toStacJson.js';
import * as dublinCoreOut from './dublin-core/fromStac.js';
import * as dublinCore from './dublin-core/toStac.js';
import * as esgfNg from './esgf/normalizeNg.js';
import * as esgfSolr from './esgf/toStac.js';
import * as isoOut from './iso19139/fromStac.js';
import * as iso from './iso19139/toStac.js';
import * as netcdf from './netcdf/toStac.js';
import * as thredds from './thredds/toStac.js';

/**
 * Every input crosswalk by format, each giving all the STAC records a document holds (an ESGF
 * response or a THREDDS catalog holds many; most documents hold one).
 */
const INPUT: Readonly<Record<NativeFormat, (document: string, ctx: CrosswalkContext) => CrosswalkResult<readonly StacRecord[]>>> = {
  stac: (document) => {
    let value: unknown;
    try {
      value = JSON.parse(document);
    } catch (cause) {
      throw new CrosswalkError('stac', 'the document is not JSON', { cause });
    }
    const records = isJsonObject(value) && value.type === 'FeatureCollection' ? (value.features as unknown[]) : [value];
    return { value: records as StacRecord[], warnings: [] };
  },
  iso19139: (d, ctx) => one(iso.toStac(d, ctx)),
  'iso19115-3': (d, ctx) => one(iso.toStac(d, ctx)),
  'datacite-xml': (d, ctx) => one(dataciteXml.toStac(d, ctx)),
  'datacite-json': (d, ctx) => one(dataciteJson.toStacJson(d, ctx)),
  'dublin-core': (d, ctx) => one(dublinCore.toStac(d, ctx)),
  'esgf-solr': (d, ctx) => esgfSolr.responseToStac(d, ctx),
  'esgf-stac': (d, ctx) => one(esgfNg.toStac(d, ctx)),
  thredds: (d, ctx) => {
    // A catalog's own URL (for relative service bases) comes from xml:base when the document has one.
    const base = attr(parseXml(d), 'base', XML_NS) ?? ctx.baseUrl;
    const { value, warnings } = thredds.catalogToStac(d, base, ctx);
    return { value: value.items, warnings };
  },
  'netcdf-header': (d, ctx) => one(netcdf.toStac(d, ctx)),
};

function one<T extends StacRecord>(result: CrosswalkResult<T>): CrosswalkResult<readonly StacRecord[]> {
  return { value: [result.value], warnings: result.warnings };
}

export function toStacRecords(format: NativeFormat, document: string, ctx: CrosswalkContext): CrosswalkResult<readonly StacRecord[]> {
  return INPUT[format](document, ctx);
}

/** The output formats: STAC to Dublin Core (csw:Record), ISO 19139 and DataCite kernel-4.6 XML. */
export type OutputFormat = 'dc' | 'iso19139' | 'datacite';

export const OUTPUT_FORMATS: readonly OutputFormat[] = ['dc', 'iso19139', 'datacite'];

const OUTPUT: Readonly<Record<OutputFormat, (record: StacRecord, ctx: CrosswalkContext) => FromStacResult<string>>> = {
  dc: dublinCoreOut.fromStac,
  iso19139: isoOut.fromStac,
  datacite: dataciteOut.fromStac,
};

export function fromStacRecord(format: OutputFormat, record: StacRecord, ctx: CrosswalkContext): FromStacResult<string> {
  return OUTPUT[format](record, ctx);
}

export const INPUT_FORMATS = Object.keys(INPUT) as NativeFormat[];
