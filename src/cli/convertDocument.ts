import { detectFormat } from '../../crosswalks/detectFormat.js';
import { CrosswalkError, type CrosswalkContext, type NativeFormat } from '../../crosswalks/crosswalk.js';
import { fromStacRecord, toStacRecords, type OutputFormat } from '../../crosswalks/registry.js';
import { MeridianError } from '../core/errors.js';

export interface ConversionResult {
  /** The converted document(s), or undefined when nothing could be produced. */
  readonly output?: string;
  readonly warnings: readonly string[];
  /** Why the document could not be converted (each naming the field); non-empty means failure. */
  readonly problems: readonly string[];
}

/**
 * `meridian convert`: any input format (given, or detected from the content) to STAC, and from STAC
 * to Dublin Core, ISO 19139 or DataCite. Several records (an ESGF response) give a JSON array or
 * XML documents one after the other.
 */
export function convertDocument(
  text: string,
  opts: { from?: NativeFormat; to: 'stac' | OutputFormat },
  ctx: CrosswalkContext,
): ConversionResult {
  const format = opts.from ?? detectFormat(text);
  if (format === undefined) return { warnings: [], problems: ['the input format is not recognised; name it with --from'] };
  let records;
  try {
    records = toStacRecords(format, text, ctx);
  } catch (error) {
    if (error instanceof CrosswalkError || error instanceof MeridianError) return { warnings: [], problems: [error.message] };
    throw error;
  }
  const warnings = records.warnings.map((w) => `${w.path}: ${w.detail}`);
  if (opts.to === 'stac') {
    const value = records.value.length === 1 ? records.value[0] : records.value;
    return { output: JSON.stringify(value, null, 2), warnings, problems: [] };
  }
  const outputs: string[] = [];
  const problems: string[] = [];
  for (const record of records.value) {
    const result = fromStacRecord(opts.to, record, ctx);
    if (result.ok) {
      outputs.push(result.value);
      warnings.push(...result.warnings.map((w) => `${record.id}: ${w.path}: ${w.detail}`));
    } else {
      problems.push(...result.problems.map((p) => `${record.id}: ${p.path}: ${p.detail}`));
    }
  }
  return { ...(outputs.length > 0 ? { output: outputs.join('\n') } : {}), warnings, problems };
}

export async function readStdin(): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
