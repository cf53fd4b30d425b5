import { raw, type SqlFragment } from './sql.js';

/**
 * The effective document of a `records` row aliased `r`: `doc` is stored only where a curator overlay
 * changes the base document (migration 007); otherwise the base is the effective document.
 */
export const EFFECTIVE_DOC: SqlFragment = raw('coalesce(r.doc, r.base)');
