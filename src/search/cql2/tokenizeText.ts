import { invalidParameter } from '../../core/errors.js';

export type TextSymbol = '(' | ')' | ',' | '=' | '<>' | '<' | '<=' | '>' | '>=' | '+' | '-' | '*' | '/' | '%' | '^';

/** A CQL2 text token; `pos` is the 1-based character where it starts, as reported in error messages. */
export type Token =
  | { readonly kind: 'word'; readonly text: string; readonly upper: string; readonly pos: number }
  | { readonly kind: 'quoted'; readonly text: string; readonly pos: number }
  | { readonly kind: 'string'; readonly text: string; readonly pos: number }
  | { readonly kind: 'number'; readonly text: string; readonly value: number; readonly pos: number }
  | { readonly kind: 'symbol'; readonly text: TextSymbol; readonly pos: number }
  | { readonly kind: 'end'; readonly pos: number };

// Identifier characters of the CQL2 BNF (XML name characters plus ':'), approximated by Unicode classes.
const IDENTIFIER_START = /[:_\p{L}\p{Nl}]/u;
const IDENTIFIER_PART = /[:_.\p{L}\p{Nl}\p{Nd}\p{Mn}\p{Mc}\u00B7\u203F\u2040]/u;
const NUMBER = /(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?/y;
const TWO_CHAR_SYMBOLS: ReadonlySet<string> = new Set(['<>', '<=', '>=']);
const ONE_CHAR_SYMBOLS: ReadonlySet<string> = new Set(['(', ')', ',', '=', '<', '>', '+', '-', '*', '/', '%', '^']);
const SYMBOL_HINTS: Readonly<Record<string, string>> = {
  '!': ' (use <> for "not equal")',
  '[': ' (array literals are written in parentheses: (1, 2))',
  ']': ' (array literals are written in parentheses: (1, 2))',
};

function failAt(pos: number, message: string): never {
  throw invalidParameter('filter', `filter: ${message} at character ${pos}`);
}

/** Reads a literal delimited by `quote`, where a doubled quote stands for one; returns it and the index after it. */
function readQuoted(text: string, start: number, quote: string, what: string): [string, number] {
  let value = '';
  let i = start + 1;
  for (;;) {
    const close = text.indexOf(quote, i);
    if (close === -1) failAt(start + 1, `unterminated ${what}`);
    value += text.slice(i, close);
    if (text[close + 1] !== quote) return [value, close + 1];
    value += quote;
    i = close + 2;
  }
}

export function tokenizeCql2Text(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = String.fromCodePoint(text.codePointAt(i) as number);
    const pos = i + 1;
    if (/\s/u.test(ch)) {
      i += ch.length;
    } else if (ch === "'") {
      const [value, next] = readQuoted(text, i, "'", 'string');
      tokens.push({ kind: 'string', text: value, pos });
      i = next;
    } else if (ch === '"') {
      const [value, next] = readQuoted(text, i, '"', 'quoted property name');
      if (value === '') failAt(pos, 'empty quoted property name');
      tokens.push({ kind: 'quoted', text: value, pos });
      i = next;
    } else if (/[0-9.]/.test(ch)) {
      NUMBER.lastIndex = i;
      const match = NUMBER.exec(text);
      if (match === null) failAt(pos, `unexpected character "${ch}"`);
      const end = i + match[0].length;
      const after = text.codePointAt(end);
      if (after !== undefined && IDENTIFIER_PART.test(String.fromCodePoint(after))) {
        failAt(pos, `invalid number "${text.slice(i, end + 1)}"`);
      }
      const value = Number(match[0]);
      if (!Number.isFinite(value)) failAt(pos, `number out of range "${match[0]}"`);
      tokens.push({ kind: 'number', text: match[0], value, pos });
      i = end;
    } else if (IDENTIFIER_START.test(ch)) {
      let end = i + ch.length;
      for (let next = text.codePointAt(end); next !== undefined; next = text.codePointAt(end)) {
        const part = String.fromCodePoint(next);
        if (!IDENTIFIER_PART.test(part)) break;
        end += part.length;
      }
      const word = text.slice(i, end);
      tokens.push({ kind: 'word', text: word, upper: word.toUpperCase(), pos });
      i = end;
    } else if (TWO_CHAR_SYMBOLS.has(text.slice(i, i + 2))) {
      tokens.push({ kind: 'symbol', text: text.slice(i, i + 2) as TextSymbol, pos });
      i += 2;
    } else if (ONE_CHAR_SYMBOLS.has(ch)) {
      tokens.push({ kind: 'symbol', text: ch as TextSymbol, pos });
      i += 1;
    } else {
      failAt(pos, `unexpected character "${ch}"${SYMBOL_HINTS[ch] ?? ''}`);
    }
  }
  tokens.push({ kind: 'end', pos: text.length + 1 });
  return tokens;
}

/** How a token is named in error messages. */
export function describeToken(token: Token): string {
  const shorten = (text: string): string => (text.length > 40 ? `${text.slice(0, 37)}...` : text);
  switch (token.kind) {
    case 'end':
      return 'end of input';
    case 'string':
      return `string '${shorten(token.text)}'`;
    case 'quoted':
      return `property name "${shorten(token.text)}"`;
    case 'word':
    case 'number':
    case 'symbol':
      return `token "${shorten(token.text)}"`;
  }
}
