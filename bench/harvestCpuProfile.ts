/**
 * Loaded with `--import` into the harvest process when the benchmark is asked for a CPU profile (Node
 * refuses `--cpu-prof` in NODE_OPTIONS): profiles the whole process and writes a `.cpuprofile` for
 * Chrome DevTools into MERIDIAN_CPU_PROFILE_DIR when it exits.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { join } from 'node:path';

const dir = process.env.MERIDIAN_CPU_PROFILE_DIR;
if (dir) {
  const session = new Session();
  session.connect();
  session.post('Profiler.enable');
  session.post('Profiler.setSamplingInterval', { interval: 1000 });
  session.post('Profiler.start');
  // The inspector answers a session of the same thread synchronously, so this completes before the exit.
  process.once('exit', () => {
    session.post('Profiler.stop', (error, result) => {
      if (error) return;
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, `harvest-${process.pid}.cpuprofile`), JSON.stringify(result.profile));
    });
  });
}
