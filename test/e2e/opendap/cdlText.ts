/**
 * `ncdump` output taken apart, so that a local file's dump can be compared with the dump of the same
 * file read over DAP2, where netCDF-C lists variables in another order and, as with THREDDS, shows
 * what DAP2 cannot say otherwise: char arrays as `char v(..., maxStrlen64)`, `_Unsigned` on bytes
 * (other byte attributes as shorts), the unlimited dimension as `DODS_EXTRA.Unlimited_Dimension`,
 * no dimensions that no array uses.
 */

export interface CdlVariable {
  readonly type: string;
  readonly dimensions: readonly string[];
  readonly attributes: readonly string[];
}

export interface Cdl {
  readonly dimensions: ReadonlyMap<string, string>;
  readonly variables: ReadonlyMap<string, CdlVariable>;
  readonly globals: readonly string[];
  readonly data: ReadonlyMap<string, string>;
}

/** Lines joined into statements: each ends with ` ;` (a comment may follow). */
function statements(lines: readonly string[]): string[] {
  const out: string[] = [];
  let current = '';
  for (const line of lines) {
    if (line.trim() === '') continue;
    current = current === '' ? line : `${current}\n${line}`;
    if (/;( \/\/.*)?$/.test(line)) {
      out.push(current);
      current = '';
    }
  }
  return out;
}

export function parseCdl(text: string): Cdl {
  // ncdump breaks a text attribute after each "\n" for some files and not others: join the pieces.
  const lines = text.replace(/\\n",\n\t\t\t"/g, '\\n').split('\n');
  const at = (marker: string): number => lines.findIndex((l) => l === marker);
  const dimsAt = at('dimensions:');
  const varsAt = at('variables:');
  const globalsAt = at('// global attributes:');
  const dataAt = at('data:');
  const end = lines.lastIndexOf('}');
  const headerEnd = dataAt === -1 ? end : dataAt;
  const dimensions = new Map<string, string>();
  for (const s of statements(lines.slice(dimsAt + 1, varsAt === -1 ? headerEnd : varsAt))) {
    dimensions.set(s.trim().split(' ')[0]!, s.trim());
  }
  const variables = new Map<string, { type: string; dimensions: string[]; attributes: string[] }>();
  let last: { type: string; dimensions: string[]; attributes: string[] } | undefined;
  for (const s of statements(lines.slice(varsAt + 1, globalsAt === -1 ? headerEnd : globalsAt))) {
    const decl = /^\t(\w[\w ]*?) ([^\s(]+)(?:\((.*)\))? ;$/.exec(s);
    if (decl !== null && !s.startsWith('\t\t')) {
      last = { type: decl[1]!, dimensions: decl[3] === undefined ? [] : decl[3].split(', '), attributes: [] };
      variables.set(decl[2]!, last);
    } else {
      last?.attributes.push(s.trim());
    }
  }
  const globals = globalsAt === -1 ? [] : statements(lines.slice(globalsAt + 1, headerEnd)).map((s) => s.trim());
  const data = new Map<string, string>();
  if (dataAt !== -1) {
    for (const s of statements(lines.slice(dataAt + 1, end))) data.set(s.trim().split(' ')[0]!, s.trim());
  }
  return { dimensions, variables, globals, data };
}

/** What the dump of `local` looks like when the file is read over DAP2 by netCDF-C. */
export function expectedOverDap2(local: Cdl): Cdl {
  const vars = [...local.variables];
  // DAP2 knows dimensions only as those of arrays: a string length, or a dimension no variable uses, is gone.
  const used = new Set(vars.flatMap(([, v]) => (v.type === 'char' ? v.dimensions.slice(0, -1) : v.dimensions)));
  const dimensions = new Map([...local.dimensions].filter(([name]) => used.has(name)));
  if (vars.some(([, v]) => v.type === 'char')) dimensions.set('maxStrlen64', 'maxStrlen64 = 64 ;');

  const variables = new Map<string, CdlVariable>();
  for (const [name, v] of vars) {
    if (v.type === 'char') {
      variables.set(name, { ...v, dimensions: [...v.dimensions.slice(0, -1), 'maxStrlen64'] });
    } else if (v.type === 'byte' && !v.attributes.some((a) => a.startsWith(`${name}:_Unsigned `))) {
      const attributes = v.attributes.map((a) => (a.startsWith(`${name}:_FillValue `) ? a : a.replace(/(-?\d+)b\b/g, '$1s')));
      variables.set(name, { ...v, attributes: [...attributes, `${name}:_Unsigned = "false" ;`] });
    } else {
      variables.set(name, v);
    }
  }
  const unlimited = [...local.dimensions].find(([, s]) => s.includes('UNLIMITED'))?.[0];
  const globals = unlimited === undefined ? local.globals : [...local.globals, `:DODS_EXTRA.Unlimited_Dimension = "${unlimited}" ;`];
  return { dimensions, variables, globals, data: local.data };
}

/** A comparable form: maps as sorted entries. */
export function comparable(cdl: Cdl): unknown {
  const sorted = <T>(m: ReadonlyMap<string, T>): [string, T][] => [...m].sort(([a], [b]) => a.localeCompare(b));
  return { dimensions: sorted(cdl.dimensions), variables: sorted(cdl.variables), globals: cdl.globals, data: sorted(cdl.data) };
}
