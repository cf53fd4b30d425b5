/**
 * `npm run bench [suite] [options]`: one entry point for every benchmark suite. Each suite is a script of
 * its own that parses the options after the suite name; the default suite is the STAC API one.
 */
import { pathToFileURL } from 'node:url';

const SUITES: Readonly<Record<string, string>> = {
  stac: './stacApi.ts',
  crosswalks: './crosswalks.ts',
  catalogue: './catalogue.ts',
  opendap: './opendap.ts',
  harvest: './harvest.ts',
};

const [first, ...rest] = process.argv.slice(2);
const named = first !== undefined && !first.startsWith('-');
const suite = named ? first : 'stac';
const script = SUITES[suite];
if (script === undefined) {
  console.error(`unknown benchmark suite "${suite}"; one of: ${Object.keys(SUITES).join(', ')}`);
  process.exit(2);
}
// The suite reads its own options from process.argv, without the suite name.
process.argv = [process.argv[0] ?? 'node', new URL(script, import.meta.url).pathname, ...(named ? rest : process.argv.slice(2))];
await import(pathToFileURL(process.argv[1] ?? '').href);
