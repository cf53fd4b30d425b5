import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { lockDataDir } from '../../../src/db/dataDirLock.js';

describe('data directory lock', () => {
  const dirs: string[] = [];
  const dataDir = () => {
    const dir = mkdtempSync(join(tmpdir(), 'meridian-lock-'));
    dirs.push(dir);
    return dir;
  };
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('makes this process the owner until the last open is released', () => {
    const dir = dataDir();
    const first = lockDataDir(dir);
    const second = lockDataDir(dir);
    expect(readFileSync(join(dir, 'meridian.pid'), 'utf8').trim()).toBe(String(process.pid));
    first();
    expect(existsSync(join(dir, 'meridian.pid'))).toBe(true);
    second();
    expect(existsSync(join(dir, 'meridian.pid'))).toBe(false);
  });

  it('refuses a directory another live process owns, naming it', async () => {
    const dir = dataDir();
    const owner = spawn('sleep', ['30']);
    try {
      writeFileSync(join(dir, 'meridian.pid'), `${owner.pid}\n`);
      expect(() => lockDataDir(dir)).toThrow(new RegExp(`in use by process ${owner.pid}`));
    } finally {
      owner.kill();
    }
  });

  it('takes over the lock of a process that died', () => {
    const dir = dataDir();
    const dead = spawnSync('true').pid;
    writeFileSync(join(dir, 'meridian.pid'), `${dead}\n`);
    const release = lockDataDir(dir);
    expect(readFileSync(join(dir, 'meridian.pid'), 'utf8').trim()).toBe(String(process.pid));
    release();
  });
});
