/**
 * gzip or deflate for the metadata responses (`.das`, `.dds`, `.dmr`) when the client accepts it, as
 * THREDDS does: netCDF-Java sends `Accept-Encoding: deflate,gzip`; netCDF-C sends none and gets the
 * text as it is. Data responses stay uncompressed: their length is stated before the first byte.
 */
export type MetadataEncoding = 'gzip' | 'deflate';

/** Shorter texts are sent as they are: compressing them saves less than it costs. */
const MIN_COMPRESSED_LENGTH = 1024;

/** The coding to send `text` in: the one with the highest `q` (gzip on a tie), none when neither is acceptable. */
export function chooseEncoding(acceptEncoding: string | undefined, text: string): MetadataEncoding | undefined {
  if (acceptEncoding === undefined || text.length < MIN_COMPRESSED_LENGTH) return undefined;
  const weights = new Map<string, number>();
  for (const part of acceptEncoding.split(',')) {
    const [coding, ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
    if (coding) weights.set(coding, q === undefined ? 1 : Number(q));
  }
  const weight = (coding: MetadataEncoding): number => weights.get(coding) ?? weights.get('*') ?? 0;
  const best = weight('gzip') >= weight('deflate') ? 'gzip' : 'deflate';
  return weight(best) > 0 ? best : undefined;
}
