import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { parseXml, XML_NS, type XmlElement } from '../../../../src/core/xml.js';
import { PREFIXES } from '../../../../src/protocols/csw/namespaces.js';

const PREFIX_OF = new Map([...Object.entries(PREFIXES).map(([p, uri]) => [uri, p] as const), [XML_NS, 'xml'] as const]);

/** Values that change from run to run: response times, and record datestamps in Atom. */
const VOLATILE_ATTRIBUTES: ReadonlySet<string> = new Set(['timestamp', 'timeStamp']);
const VOLATILE_ELEMENTS: ReadonlySet<string> = new Set(['{http://www.w3.org/2005/Atom}updated']);

function name(ns: string, local: string): string {
  if (ns === '') return local;
  const prefix = PREFIX_OF.get(ns);
  return prefix === undefined ? `{${ns}}${local}` : `${prefix}:${local}`;
}

function attributeName(key: string): string {
  const match = /^\{([^}]*)\}(.*)$/.exec(key);
  return match === null ? key : name(match[1] as string, match[2] as string);
}

function canonical(el: XmlElement, depth: number): string[] {
  const pad = '  '.repeat(depth);
  const attrs = Object.keys(el.attrs)
    .sort()
    .map((k) => ` ${attributeName(k)}="${VOLATILE_ATTRIBUTES.has(k) ? '*' : el.attrs[k]}"`)
    .join('');
  const tag = name(el.ns, el.local);
  const text = VOLATILE_ELEMENTS.has(`{${el.ns}}${el.local}`) ? '*' : el.text;
  if (el.children.length === 0) return [text === '' ? `${pad}<${tag}${attrs}/>` : `${pad}<${tag}${attrs}>${text}</${tag}>`];
  return [`${pad}<${tag}${attrs}>`, ...(text === '' ? [] : [`${pad}  ${text}`]), ...el.children.flatMap((c) => canonical(c, depth + 1)), `${pad}</${tag}>`];
}

/**
 * An XML document in canonical form for golden comparison: one element per line, namespaces by their
 * usual prefixes (whatever the document used), attributes sorted, volatile values replaced by `*`.
 */
export function canonicalXml(xml: string): string {
  return `${canonical(parseXml(xml), 0).join('\n')}\n`;
}

/** The expected text: the golden file, which UPDATE_GOLDEN=1 rewrites from the actual text (then review the diff). */
export function golden(path: string, actual: string): string {
  if (process.env.UPDATE_GOLDEN === '1') {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, actual);
  }
  if (!existsSync(path)) throw new Error(`golden file ${path} is missing: run the test with UPDATE_GOLDEN=1 and review it`);
  return readFileSync(path, 'utf8');
}
