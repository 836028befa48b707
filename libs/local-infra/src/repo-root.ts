import { existsSync } from 'node:fs';
import path from 'node:path';

/** The monorepo root: the nearest folder above this file that holds infra/kafka/kafka.sh. */
export function repoRoot(): string {
  let dir = __dirname;
  for (;;) {
    if (existsSync(path.join(dir, 'infra', 'kafka', 'kafka.sh'))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`no infra/kafka/kafka.sh above ${__dirname}`);
    dir = parent;
  }
}
