// `npm run stripe-emulator`: the local Stripe emulator in the foreground, until Ctrl-C.
// The first stdout line is `Stripe emulator listening on <url>` (the dev launcher reads it).
import { startStripeEmulator } from '../emulator';
import { CLI_USAGE, CliUsageError, readCliOptions } from './cli-options';

async function main(): Promise<void> {
  let read;
  try {
    read = readCliOptions(process.argv.slice(2), process.env);
  } catch (error) {
    if (!(error instanceof CliUsageError)) throw error;
    process.stderr.write(`stripe-emulator: ${error.message}\n\n${CLI_USAGE}\n`);
    process.exitCode = 2;
    return;
  }
  if (read.help) {
    process.stdout.write(`${CLI_USAGE}\n`);
    return;
  }
  const log = read.quiet ? () => undefined : (line: string) => process.stderr.write(`${line}\n`);
  const emulator = await startStripeEmulator({ ...read.options, log });
  process.stdout.write(`Stripe emulator listening on ${emulator.url}\n`);
  const hooks = read.options.webhookUrls ?? [];
  process.stdout.write(`  webhooks: ${hooks.length > 0 ? hooks.join(', ') : 'none (POST /_emulator/webhooks to add)'}; rate limit: ${read.options.rateLimitPerSecond ?? 'none'}/s\n`);

  let stopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) return;
    stopping = true;
    process.stderr.write(`stripe-emulator: ${signal}, stopping\n`);
    emulator.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`stripe-emulator: stop failed: ${String(error)}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  const code = (error as { code?: string }).code;
  process.stderr.write(`stripe-emulator: ${code === 'EADDRINUSE' ? 'the port is already in use (pass --port)' : error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
