import type { CrosswalkContext } from '../../../crosswalks/crosswalk.js';
import { fromStac as dataciteFromStac } from '../../../crosswalks/datacite/fromStac.js';
import { renderOaiDc } from '../../../crosswalks/dublin-core/fromStac.js';
import { fromStac as isoFromStac } from '../../../crosswalks/iso19139/fromStac.js';
import { assertNever } from '../../core/errors.js';
import type { NativeDocument } from '../../core/record.js';
import type { StacRecord } from '../../core/stac.js';
import { escapeXml } from '../../core/xml.js';

export type OaiPrefix = 'oai_dc' | 'iso19139' | 'oai_datacite' | 'datacite';

export interface MetadataFormat {
  readonly prefix: OaiPrefix;
  readonly schema: string;
  readonly namespace: string;
  /**
   * Whether its crosswalk refuses some records. Dublin Core needs nothing a record can lack, and the ISO
   * crosswalk refuses only records without an id, which the store never holds; DataCite needs a DOI,
   * creators, a publisher and a publication year.
   */
  readonly selective: boolean;
}

/** The formats every record is offered in (a record that cannot be written in one is not offered in it). */
export const METADATA_FORMATS: readonly MetadataFormat[] = [
  { prefix: 'oai_dc', schema: 'http://www.openarchives.org/OAI/2.0/oai_dc.xsd', namespace: 'http://www.openarchives.org/OAI/2.0/oai_dc/', selective: false },
  { prefix: 'iso19139', schema: 'http://www.isotc211.org/2005/gmd/gmd.xsd', namespace: 'http://www.isotc211.org/2005/gmd', selective: false },
  { prefix: 'oai_datacite', schema: 'http://schema.datacite.org/oai/oai-1.1/oai.xsd', namespace: 'http://schema.datacite.org/oai/oai-1.1/', selective: true },
  { prefix: 'datacite', schema: 'http://schema.datacite.org/meta/kernel-4/metadata.xsd', namespace: 'http://datacite.org/schema/kernel-4', selective: true },
];

export function isOaiPrefix(value: string): value is OaiPrefix {
  return METADATA_FORMATS.some((f) => f.prefix === value);
}

/** Whether a format's crosswalk refuses some records (see `MetadataFormat.selective`). */
export function isSelective(prefix: OaiPrefix): boolean {
  return METADATA_FORMATS.some((f) => f.prefix === prefix && f.selective);
}

export interface DisseminationContext {
  readonly crosswalk: CrosswalkContext;
  /** The DataCite repository symbol written in `oai_datacite` wrappers. */
  readonly datacentreSymbol: string;
}

export interface Disseminable {
  readonly doc: StacRecord;
  /** The document as harvested; served as is when its format is the one asked for. */
  readonly native?: NativeDocument;
}

/** The record written in a format, or why it cannot be: a crosswalk refusal (no `error`) or failure. */
export type Dissemination = { readonly ok: true; readonly xml: string } | { readonly ok: false; readonly error?: unknown };

/** The version of the DataCite schema the DataCite crosswalk writes. */
const DATACITE_SCHEMA_VERSION = '4.6';

/** A document without its XML declaration (and DOCTYPE), so that it can go inside `metadata`. */
function asFragment(document: string): string {
  return document.replace(/^\uFEFF?\s*(<\?xml[^>]*\?>)?\s*(<!DOCTYPE[^>[]*>)?\s*/, '').trimEnd();
}

function fromResult(result: { ok: true; value: string } | { ok: false }): Dissemination {
  return result.ok ? { ok: true, xml: asFragment(result.value) } : { ok: false };
}

function write(record: Disseminable, prefix: OaiPrefix, ctx: DisseminationContext): Dissemination {
  switch (prefix) {
    case 'oai_dc':
      return { ok: true, xml: renderOaiDc(record.doc) };
    case 'iso19139':
      if (record.native?.format === 'iso19139') return { ok: true, xml: asFragment(record.native.document) };
      return fromResult(isoFromStac(record.doc, ctx.crosswalk));
    case 'datacite':
      return fromResult(dataciteFromStac(record.doc, ctx.crosswalk));
    case 'oai_datacite': {
      const resource = fromResult(dataciteFromStac(record.doc, ctx.crosswalk));
      if (!resource.ok) return resource;
      const ns = 'http://schema.datacite.org/oai/oai-1.1/';
      return {
        ok: true,
        xml:
          `<oai_datacite xmlns="${ns}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="${ns} ${ns}oai.xsd">` +
          `<schemaVersion>${DATACITE_SCHEMA_VERSION}</schemaVersion>` +
          `<datacentreSymbol>${escapeXml(ctx.datacentreSymbol)}</datacentreSymbol>` +
          `<payload>${resource.xml}</payload></oai_datacite>`,
      };
    }
    default:
      return assertNever(prefix, 'metadata prefix');
  }
}

/** The record in a format; a crosswalk that throws fails this record only. */
export function disseminate(record: Disseminable, prefix: OaiPrefix, ctx: DisseminationContext): Dissemination {
  try {
    return write(record, prefix, ctx);
  } catch (error) {
    return { ok: false, error };
  }
}

/**
 * Whether a record can be written in a format, without fetching its harvested document and without
 * running a crosswalk that refuses nothing (a record it fails on is left out when it is written).
 */
export function canDisseminate(doc: StacRecord, prefix: OaiPrefix, ctx: DisseminationContext): boolean {
  return !isSelective(prefix) || disseminate({ doc }, prefix, ctx).ok;
}
