import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const BIN = fileURLToPath(new URL('../../bin/meridian.js', import.meta.url));

/** Starts `meridian serve` as `npm start` does, on a fresh data directory and a free port. */
function serve(dataDir: string): Promise<{ child: ChildProcess; url: string }> {
  const env = { ...process.env, MERIDIAN_DATA_DIR: dataDir, PORT: '0', DATABASE_URL: '', MERIDIAN_DEMO: 'true' };
  const child = spawn(process.execPath, [BIN, 'serve'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const line = output.split('\n').find((l) => l.includes('"Meridian is serving"'));
      if (line) resolve({ child, url: (JSON.parse(line) as { url: string }).url });
    });
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('exit', (code) => reject(new Error(`meridian serve exited with ${code}:\n${output}`)));
  });
}

describe('meridian serve on a fresh machine', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'meridian-serve-'));
  let server: { child: ChildProcess; url: string };

  beforeAll(async () => {
    server = await serve(dataDir);
  }, 180_000);
  afterAll(() => {
    server?.child.kill('SIGTERM');
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('serves the demo catalogue on its landing page, collections and search', async () => {
    const landing = (await (await fetch(`${server.url}/`)).json()) as { links: { rel: string }[] };
    expect(landing.links.filter((l) => l.rel === 'child').length).toBe(3);
    const collections = (await (await fetch(`${server.url}/collections`)).json()) as { collections: { id: string }[] };
    expect(collections.collections.map((c) => c.id).sort()).toEqual(
      expect.arrayContaining([expect.stringMatching(/cmip6/i), expect.stringMatching(/profiles/), expect.stringMatching(/sst/)]),
    );
    const search = (await (await fetch(`${server.url}/search?limit=1`)).json()) as { numberMatched: number };
    expect(search.numberMatched).toBeGreaterThanOrEqual(250);
  });

  it('keeps its data across restarts and does not load the demo twice', async () => {
    server.child.kill('SIGTERM');
    await new Promise((resolve) => server.child.once('exit', resolve));
    server = await serve(dataDir);
    const search = (await (await fetch(`${server.url}/search?limit=1`)).json()) as { numberMatched: number };
    const first = search.numberMatched;
    expect(first).toBeGreaterThanOrEqual(250);
    const again = (await (await fetch(`${server.url}/collections`)).json()) as { collections: unknown[] };
    expect(again.collections).toHaveLength(3);
  }, 180_000);
});
