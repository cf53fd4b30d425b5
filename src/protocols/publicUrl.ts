import type { Request } from 'express';

/**
 * The URL clients reach this server at, for links in responses: the configured public URL, else the
 * proxy headers (RFC 7239 `Forwarded`, or `X-Forwarded-Proto/Host/Prefix`), else the Host header.
 * Never ends with a slash.
 */
export function publicBaseUrl(req: Request, configured: string): string {
  if (configured) return configured.replace(/\/+$/, '');
  const forwarded = req.get('forwarded')?.split(',')[0];
  const pairs = new Map(
    (forwarded ?? '')
      .split(';')
      .map((p) => p.trim().split('='))
      .filter((kv): kv is [string, string] => kv.length === 2)
      .map(([k, v]) => [k.toLowerCase(), v.replace(/^"|"$/g, '')]),
  );
  const first = (value: string | undefined) => value?.split(',')[0]?.trim() || undefined;
  const proto = pairs.get('proto') ?? first(req.get('x-forwarded-proto')) ?? req.protocol;
  const host = pairs.get('host') ?? first(req.get('x-forwarded-host')) ?? req.get('host') ?? 'localhost';
  const prefix = (first(req.get('x-forwarded-prefix')) ?? '').replace(/\/+$/, '');
  const safeProto = proto === 'https' ? 'https' : 'http';
  return `${safeProto}://${host}${prefix}`;
}
