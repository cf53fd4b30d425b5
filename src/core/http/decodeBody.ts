import { decodeXml } from '../xml.js';

const XML_DECLARATION = /^(\uFEFF|\xEF\xBB\xBF)?\s*<\?xml/;

/**
 * The text of a response body: the charset of the Content-Type wins (RFC 7303); without one, XML is
 * decoded by its own declaration (ISO-8859-1 records exist) and anything else as UTF-8.
 */
export function decodeBody(bytes: Uint8Array, contentType: string): string {
  const charset = /charset\s*=\s*"?([^";\s]+)/i.exec(contentType)?.[1]?.toLowerCase();
  if (charset !== undefined) {
    try {
      return new TextDecoder(charset).decode(bytes);
    } catch {
      // An unknown charset label: fall through to the document's own declaration.
    }
  }
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 64));
  if (/xml/i.test(contentType) || XML_DECLARATION.test(head)) return decodeXml(bytes);
  return new TextDecoder('utf-8').decode(bytes);
}
