import { MeridianError } from './errors.js';
import { parseXml } from './xml.js';

/** One step of a path from the root element: a (namespace URI, local name) pair, or any element. */
export type PathStep = readonly [ns: string, local: string] | '*';

export interface XmlFragment {
  readonly ns: string;
  readonly local: string;
  /** The attributes of its start tag by name as written (`status`, `xsi:type`), predefined entities decoded. */
  readonly attrs: Readonly<Record<string, string>>;
  /**
   * The element exactly as it is in the document, with the namespace declarations it inherits (and
   * uses) added to its start tag, so that it stands alone as a document.
   */
  readonly text: string;
}

export interface Selection<K extends string> {
  readonly root: { readonly ns: string; readonly local: string };
  readonly found: Readonly<Record<K, readonly XmlFragment[]>>;
}

interface Declaration {
  readonly uri: string;
  /** The attribute as written (`xmlns:gmd="..."`), re-used verbatim in fragments. */
  readonly source: string;
}

interface Open {
  readonly qname: string;
  readonly start: number;
  readonly scope: ReadonlyMap<string, Declaration>;
  readonly declared: ReadonlySet<string>;
  readonly attrs: Readonly<Record<string, string>>;
  /** For each path, whether this element and its ancestors match it so far. */
  readonly onPath: readonly boolean[];
  readonly ns: string;
  readonly local: string;
}

const TOKEN =
  /<!--[\s\S]*?-->|<!\[CDATA\[[\s\S]*?\]\]>|<\?[\s\S]*?\?>|<!DOCTYPE(?:[^>[]|\[[\s\S]*?\])*>|<\/([^\s>]+)\s*>|<([^\s/>!?]+)((?:\s+[^\s=/>]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>/g;
const ATTRIBUTE = /([^\s=]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;
const ENTITIES: Readonly<Record<string, string>> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

const decode = (value: string): string => value.replace(/&(lt|gt|amp|quot|apos);/g, (_, name: string) => ENTITIES[name] ?? '');

function splitName(qname: string): [string, string] {
  const i = qname.indexOf(':');
  return i < 0 ? ['', qname] : [qname.slice(0, i), qname.slice(i + 1)];
}

function stepMatches(step: PathStep | undefined, ns: string, local: string): boolean {
  return step === '*' || (step !== undefined && step[0] === ns && step[1] === local);
}

const malformed = (detail: string) => new MeridianError('InvalidParameter', `malformed XML: ${detail}`);

/**
 * The elements at the end of each path (the root is a path's first step), each as a standalone document
 * keeping its original text, in one pass over the document: how harvesters take native records out of
 * an OAI-PMH or CSW page without building the whole page's tree. Checks that tags are balanced (a
 * truncated page is refused); what is inside each fragment is checked when the fragment is parsed.
 */
export function selectFragments<K extends string>(xml: string, paths: Readonly<Record<K, readonly PathStep[]>>): Selection<K> {
  const keys = Object.keys(paths) as K[];
  const steps = keys.map((k) => paths[k]);
  const found = Object.fromEntries(keys.map((k) => [k, [] as XmlFragment[]])) as Record<K, XmlFragment[]>;
  /** The name of every open element, for the balance check. */
  const names: string[] = [];
  /**
   * The open elements on a path, outermost first: the first `tracked.length` of `names`. Inside an
   * element off every path (most of a record page) tags are only balanced: no namespaces, no matching.
   */
  const tracked: Open[] = [];
  const rootScope: ReadonlyMap<string, Declaration> = new Map();
  let root: { ns: string; local: string } | undefined;
  let closedRoot = false;
  const collect = (open: Open, end: number, depth: number) => {
    keys.forEach((key, i) => {
      if (open.onPath[i] && depth === (steps[i]?.length ?? 0) - 1) found[key].push(fragment(xml.slice(open.start, end), open));
    });
  };
  TOKEN.lastIndex = 0;
  for (let m = TOKEN.exec(xml); m !== null; m = TOKEN.exec(xml)) {
    const [token, closing, opening, attributes = '', selfClosing] = m;
    if (closing !== undefined) {
      const name = names.pop();
      if (name !== closing) throw malformed(`</${closing}> closes ${name === undefined ? 'nothing' : `<${name}>`}`);
      const depth = names.length;
      if (depth < tracked.length) collect(tracked.pop() as Open, m.index + token.length, depth);
      if (depth === 0) closedRoot = true;
      continue;
    }
    if (opening === undefined) continue;
    if (closedRoot) throw malformed(`<${opening}> after the root element`);
    const depth = names.length;
    if (selfClosing !== '/') names.push(opening);
    else if (depth === 0) closedRoot = true;
    if (depth > tracked.length) continue;
    const parent = tracked[depth - 1];
    let scope = parent?.scope ?? rootScope;
    const declared = new Set<string>();
    const attrs: Record<string, string> = {};
    ATTRIBUTE.lastIndex = 0;
    for (let a = ATTRIBUTE.exec(attributes); a !== null; a = ATTRIBUTE.exec(attributes)) {
      const name = a[1] ?? '';
      const value = a[2] ?? a[3] ?? '';
      if (name !== 'xmlns' && !name.startsWith('xmlns:')) {
        attrs[name] = decode(value);
        continue;
      }
      const prefix = name === 'xmlns' ? '' : name.slice(6);
      if (declared.size === 0) scope = new Map(scope);
      (scope as Map<string, Declaration>).set(prefix, { uri: decode(value), source: a[0] });
      declared.add(prefix);
    }
    const [prefix, local] = splitName(opening);
    const ns = scope.get(prefix)?.uri ?? '';
    root ??= { ns, local };
    const onPath = steps.map((path, i) => (parent === undefined || parent.onPath[i] === true) && depth < path.length && stepMatches(path[depth], ns, local));
    if (!onPath.includes(true)) continue;
    const open: Open = { qname: opening, start: m.index, scope, declared, attrs, onPath, ns, local };
    if (selfClosing === '/') collect(open, m.index + token.length, depth);
    else tracked.push(open);
  }
  if (!root) throw malformed('no root element');
  if (names.length > 0) throw malformed(`the document ends inside <${names[names.length - 1]}>`);
  return { root, found };
}

/** Whether a prefix is used in a fragment: in an element or attribute name, or in a QName value (xsi:type). */
function usesPrefix(text: string, prefix: string): boolean {
  return prefix === '' || new RegExp(`[<\\s"'/]${prefix.replace(/[.-]/g, '\\$&')}:`).test(text);
}

function fragment(text: string, open: Open): XmlFragment {
  // Only the inherited declarations the fragment uses: a CSW response declares a dozen on its root.
  const inherited = [...open.scope.entries()]
    .filter(([prefix]) => !open.declared.has(prefix) && usesPrefix(text, prefix))
    .map(([, d]) => ` ${d.source}`)
    .join('');
  const cut = 1 + open.qname.length;
  return { ns: open.ns, local: open.local, attrs: open.attrs, text: `${text.slice(0, cut)}${inherited}${text.slice(cut)}` };
}

/** The text of a small fragment such as `<identifier>x</identifier>` (undefined when absent, empty or not XML). */
export function fragmentText(fragment: XmlFragment | undefined): string | undefined {
  if (fragment === undefined) return undefined;
  try {
    const text = parseXml(fragment.text).text;
    return text === '' ? undefined : text;
  } catch {
    return undefined;
  }
}
