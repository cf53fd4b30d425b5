import type { RecordKey } from '../../core/record.js';

/**
 * OAI identifiers follow the oai-identifier scheme: `oai:<repository>:<collection>/<item>` for an item
 * and `oai:<repository>:<collection>` for a collection. The repository identifier is the host name of
 * the public URL (configure `server.publicUrl` so that it does not depend on how the server is reached).
 * In each id, `/`, `%` and what the oai-identifier syntax does not allow are percent-encoded (UTF-8), so
 * that a `/` inside an id cannot be mistaken for the separator and every identifier maps back to exactly
 * one record; the usual id characters, `:` included, stay as they are.
 */
const REPOSITORY_IDENTIFIER = /^[a-zA-Z][a-zA-Z0-9-]*(\.[a-zA-Z][a-zA-Z0-9-]*)+$/;
/** Characters of an oai-identifier's local part that need no escaping (all but `/` and `%`). */
const LITERAL = /^[A-Za-z0-9\-_.!~*'();?:@&=+$,]$/;

export function repositoryIdentifierOf(baseUrl: string): string {
  return new URL(baseUrl).hostname.toLowerCase();
}

/** Whether the oai-identifier description can name this repository (a domain name, not `localhost` or an IP). */
export function isDomainName(repository: string): boolean {
  return REPOSITORY_IDENTIFIER.test(repository);
}

function encodePart(value: string): string {
  let out = '';
  for (const byte of Buffer.from(value, 'utf8')) {
    const char = String.fromCharCode(byte);
    out += byte < 0x80 && LITERAL.test(char) ? char : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

export function oaiIdentifier(repository: string, key: RecordKey): string {
  const local = key.kind === 'item' ? `${encodePart(key.collectionId)}/${encodePart(key.id)}` : encodePart(key.id);
  return `oai:${repository}:${local}`;
}

function decodePart(part: string): string | undefined {
  try {
    const decoded = decodeURIComponent(part);
    // Only the canonical spelling names a record, so that one record has one identifier.
    return decoded !== '' && encodePart(decoded) === part ? decoded : undefined;
  } catch {
    return undefined;
  }
}

/** The record an identifier of this repository names, or undefined when it is not one of ours. */
export function parseOaiIdentifier(repository: string, identifier: string): RecordKey | undefined {
  const prefix = `oai:${repository}:`;
  if (!identifier.startsWith(prefix)) return undefined;
  const parts = identifier.slice(prefix.length).split('/').map(decodePart);
  const [first, second] = parts;
  if (parts.length === 1 && first !== undefined) return { kind: 'collection', collectionId: '', id: first };
  if (parts.length === 2 && first !== undefined && second !== undefined) return { kind: 'item', collectionId: first, id: second };
  return undefined;
}
