import { ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';

export interface OwnPostgres {
  url: string;
  stop(): Promise<void>;
}

/** Starts (or restarts, on the same data) a test's own Postgres in a child process. */
export function startOwnPostgres(repoRoot: string, dataDir: string, port: number, database: string): Promise<OwnPostgres> {
  const child: ChildProcess = spawn(process.execPath, ['-r', '@swc-node/register', path.join(__dirname, 'own-postgres.ts'), dataDir, String(port), database], {
    cwd: repoRoot,
    stdio: ['pipe', 'pipe', 'pipe'],
    env: { ...process.env, SWC_NODE_PROJECT: path.join(repoRoot, 'tsconfig.base.json') },
  });
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    const timer = setTimeout(() => reject(new Error(`own postgres did not start in 60 s: ${err}`)), 60_000);
    child.stderr!.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const ready = /ready (\S+)/.exec(out);
      if (!ready) return;
      clearTimeout(timer);
      resolve({
        url: ready[1],
        stop: () =>
          new Promise<void>((done) => {
            if (child.exitCode !== null) return done();
            child.once('exit', () => done());
            child.stdin!.end();
          }),
      });
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      if (!/ready/.test(out)) reject(new Error(`own postgres exited with ${code}: ${err}`));
    });
  });
}
