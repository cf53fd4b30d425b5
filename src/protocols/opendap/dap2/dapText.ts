/** How names, strings and numbers are written in DAP2 text (DDS, DAS, ASCII). */

/** libdap's DAP2 identifier characters (`id2www`); anything else is %XX-escaped. */
const NAME_CHARACTERS = /[A-Za-z0-9\-+_/.\\*]/;

export function escapeDapName(name: string): string {
  let out = '';
  for (const ch of name) {
    if (NAME_CHARACTERS.test(ch)) out += ch;
    else for (const byte of Buffer.from(ch, 'utf8')) out += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/**
 * A quoted DAS/ASCII string. NetCDF-3 writes an empty text attribute as one NUL byte, and a NUL
 * inside quotes makes netCDF-C reject the whole DAS: NULs are dropped.
 */
export function quoteDapString(text: string): string {
  return `"${text.replace(/\0/g, '').replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

function special(value: number): string | undefined {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return 'Infinity';
  if (value === -Infinity) return '-Infinity';
  // String(-0) is "0": keep the sign the file has.
  if (Object.is(value, -0)) return '-0.0';
  return undefined;
}

/** The shortest decimal that reads back as the same float32 (`1e+20`, not `100000002004087734272`). */
export function formatFloat32(value: number): string {
  const s = special(value);
  if (s !== undefined) return s;
  for (let p = 1; p <= 9; p++) {
    const exp = value.toPrecision(p);
    if (Math.fround(Number(exp)) === value) {
      const plain = String(Number(exp));
      return plain.length <= exp.length ? plain : exp;
    }
  }
  return String(value);
}

export function formatFloat64(value: number): string {
  return special(value) ?? String(value);
}
