import { existsSync, readFileSync } from 'node:fs';
import { readdir, rm } from 'node:fs/promises';
import path from 'node:path';

/**
 * Each jest run keeps its servers under `<folder>/<pid>`. A run that was killed
 * before its teardown leaves them running; the next run ends them and clears them.
 */
export async function clearStaleRuns(folders: string[]): Promise<void> {
  for (const folder of folders) {
    const runs = await readdir(folder).catch(() => [] as string[]);
    for (const run of runs) {
      const owner = Number(run);
      if (!Number.isInteger(owner) || owner === process.pid || isAlive(owner)) continue;
      const dir = path.join(folder, run);
      // The broker's pid file (kafka.sh) and the postmaster's lock file name their servers.
      killFromPidFile(path.join(dir, 'kafka.pid'));
      killFromPidFile(path.join(dir, 'postmaster.pid'));
      await rm(dir, { recursive: true, force: true });
      await rm(`${dir}.log`, { force: true });
    }
  }
}

function killFromPidFile(file: string): void {
  if (!existsSync(file)) return;
  const pid = Number(readFileSync(file, 'utf8').split('\n')[0]);
  if (Number.isInteger(pid) && pid > 0 && isAlive(pid)) process.kill(pid, 'SIGKILL');
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
