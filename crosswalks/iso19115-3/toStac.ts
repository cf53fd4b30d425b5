import type { CrosswalkContext, CrosswalkResult } from '../crosswalk.js';
import type { StacRecord } from '../../src/core/stac.js';
import { isoElementToStac, parseIsoDocument } from '../iso19139/toStac.js';

/**
 * ISO 19115-3 (`mdb:MD_Metadata`) to a STAC Collection or Item. The 19139 reader serves both standards
 * (same local names, different namespaces); the mapping decisions are documented in iso19139/mappings.ts.
 */
export function toStac(document: string, ctx: CrosswalkContext): CrosswalkResult<StacRecord> {
  return isoElementToStac(parseIsoDocument(document, 'iso19115-3'), ctx);
}
