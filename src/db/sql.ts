/**
 * The only way to write SQL outside migrations: a tagged template whose interpolated values become
 * `$n` parameters, so that no caller-supplied text ever reaches SQL as text.
 */
export interface Sql {
  readonly text: string;
  readonly values: readonly unknown[];
}

const FRAGMENT = Symbol('SqlFragment');

/** A piece of SQL with its own values, spliced into a larger statement with renumbered parameters. */
export interface SqlFragment {
  readonly [FRAGMENT]: true;
  readonly parts: readonly string[];
  readonly values: readonly unknown[];
}

function isFragment(value: unknown): value is SqlFragment {
  return typeof value === 'object' && value !== null && FRAGMENT in value;
}

/** Builds a fragment: `${value}` is a parameter, `${fragment}` is spliced in. */
export function fragment(strings: TemplateStringsArray | readonly string[], ...values: unknown[]): SqlFragment {
  const parts: string[] = [strings[0] ?? ''];
  const out: unknown[] = [];
  values.forEach((value, i) => {
    const next = strings[i + 1] ?? '';
    if (isFragment(value)) {
      parts[parts.length - 1] += value.parts[0] ?? '';
      for (let j = 0; j < value.values.length; j++) {
        out.push(value.values[j]);
        parts.push(value.parts[j + 1] ?? '');
      }
      parts[parts.length - 1] += next;
    } else {
      out.push(value);
      parts.push(next);
    }
  });
  return { [FRAGMENT]: true, parts, values: out };
}

/** Renders a fragment into a statement with `$1..$n` placeholders. */
export function render(f: SqlFragment): Sql {
  let text = f.parts[0] ?? '';
  for (let i = 0; i < f.values.length; i++) text += `$${i + 1}${f.parts[i + 1] ?? ''}`;
  return { text, values: f.values };
}

/** A complete statement: `sql\`select ... where id = ${id}\`` gives `{ text: 'select ... where id = $1', values: [id] }`. */
export function sql(strings: TemplateStringsArray, ...values: unknown[]): Sql {
  return render(fragment(strings, ...values));
}

/** Literal SQL text, for identifiers and keywords chosen by Meridian's own code, never by a client. */
export function raw(text: string): SqlFragment {
  return { [FRAGMENT]: true, parts: [text], values: [] };
}

const IDENTIFIER = /^[a-z_][a-z0-9_]*$/;

/** A quoted identifier; only plain lower-case names are accepted, since only Meridian's own code names columns. */
export function ident(name: string): SqlFragment {
  if (!IDENTIFIER.test(name)) throw new Error(`not a plain SQL identifier: ${name}`);
  return raw(`"${name}"`);
}

/** Fragments joined by a separator (`, `, ` AND `...). */
export function join(items: readonly SqlFragment[], separator: string): SqlFragment {
  if (items.length === 0) return raw('');
  const strings = ['', ...items.slice(1).map(() => separator), ''];
  return fragment(strings, ...items);
}

export const empty: SqlFragment = raw('');
