import { escapeXml, XML_NS, type XmlElement } from '../../core/xml.js';
import { PREFIXES } from './namespaces.js';

const KNOWN_PREFIX = new Map(Object.entries(PREFIXES).map(([prefix, uri]) => [uri, prefix]));

/** Namespace URIs used by an element and its descendants (elements and attributes), in document order. */
function namespacesOf(el: XmlElement, found: Set<string>): Set<string> {
  if (el.ns !== '') found.add(el.ns);
  for (const key of Object.keys(el.attrs)) {
    const uri = /^\{([^}]*)\}/.exec(key)?.[1];
    if (uri !== undefined && uri !== XML_NS) found.add(uri);
  }
  for (const c of el.children) namespacesOf(c, found);
  return found;
}

/**
 * Writes a parsed element back as XML, every namespace declared once on the element with the usual
 * prefixes (gmd, gco, dc...) or generated ones. The parser keeps each element's own text trimmed and
 * drops comments, so the result is the same information, not the same bytes.
 */
export function writeXml(root: XmlElement): string {
  const prefixes = new Map<string, string>();
  for (const uri of namespacesOf(root, new Set())) {
    const known = KNOWN_PREFIX.get(uri);
    prefixes.set(uri, known !== undefined && ![...prefixes.values()].includes(known) ? known : `ns${prefixes.size}`);
  }
  const qname = (ns: string, local: string): string => (ns === '' ? local : `${prefixes.get(ns) as string}:${local}`);
  const declarations = [...prefixes].map(([uri, prefix]) => ` xmlns:${prefix}="${escapeXml(uri)}"`).join('');
  const write = (el: XmlElement, top: boolean): string => {
    const attrs = Object.entries(el.attrs)
      .map(([key, value]) => {
        const match = /^\{([^}]*)\}(.*)$/.exec(key);
        const name = match === null ? key : match[1] === XML_NS ? `xml:${match[2]}` : qname(match[1] as string, match[2] as string);
        return ` ${name}="${escapeXml(value)}"`;
      })
      .join('');
    const name = qname(el.ns, el.local);
    const content = escapeXml(el.text) + el.children.map((c) => write(c, false)).join('');
    const open = `<${name}${top ? declarations : ''}${attrs}`;
    return content === '' ? `${open}/>` : `${open}>${content}</${name}>`;
  };
  return write(root, true);
}
