import { parseArgs } from 'node:util';
import type { StripeEmulatorOptions } from '../emulator';

export const DEFAULT_CLI_PORT = 4242;

export const CLI_USAGE = `Usage: npm run stripe-emulator -- [options]

  --port <n>          port (env STRIPE_EMULATOR_PORT; default ${DEFAULT_CLI_PORT}; 0 = any free port)
  --host <addr>       interface (env STRIPE_EMULATOR_HOST; default 127.0.0.1)
  --webhook-url <u>   POST signed webhooks here; repeat or comma-separate (env STRIPE_EMULATOR_WEBHOOK_URLS)
  --secret <whsec_…>  webhook signing secret (env STRIPE_WEBHOOK_SECRET; default whsec_streetteam_emulator)
  --rate-limit <n>    requests per second before 429 (env STRIPE_EMULATOR_RATE_LIMIT; default unlimited)
  --state-file <f>    load the state from f at start, save it there at stop (env STRIPE_EMULATOR_STATE_FILE; default in memory only)
  --quiet             no per-problem log lines
  --help`;

export class CliUsageError extends Error {}

function integerOption(name: string, raw: string | undefined, min: number, max: number): number | undefined {
  if (raw === undefined || raw.trim() === '') return undefined;
  if (!/^\d+$/.test(raw.trim()) || Number(raw) < min || Number(raw) > max) throw new CliUsageError(`${name} must be an integer from ${min} to ${max} (got "${raw}")`);
  return Number(raw);
}

function urlList(name: string, raw: string[]): string[] {
  const urls = raw.flatMap((entry) => entry.split(',')).map((entry) => entry.trim()).filter((entry) => entry !== '');
  for (const url of urls) {
    if (!URL.canParse(url) || !/^https?:$/.test(new URL(url).protocol)) throw new CliUsageError(`${name} must be http(s) URLs (got "${url}")`);
  }
  return urls;
}

/** Flags win over the environment; everything has a default. */
export function readCliOptions(argv: string[], env: NodeJS.ProcessEnv): { options: StripeEmulatorOptions; help: boolean; quiet: boolean } {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        'webhook-url': { type: 'string', multiple: true },
        secret: { type: 'string' },
        'rate-limit': { type: 'string' },
        'state-file': { type: 'string' },
        quiet: { type: 'boolean' },
        help: { type: 'boolean' },
      },
      strict: true,
      allowPositionals: false,
    });
  } catch (error) {
    throw new CliUsageError(error instanceof Error ? error.message : String(error));
  }
  const values = parsed.values;
  const port = integerOption(values.port !== undefined ? '--port' : 'STRIPE_EMULATOR_PORT', values.port ?? env.STRIPE_EMULATOR_PORT, 0, 65535) ?? DEFAULT_CLI_PORT;
  const rate = integerOption(values['rate-limit'] !== undefined ? '--rate-limit' : 'STRIPE_EMULATOR_RATE_LIMIT', values['rate-limit'] ?? env.STRIPE_EMULATOR_RATE_LIMIT, 1, 1_000_000);
  const webhookUrls = values['webhook-url']
    ? urlList('--webhook-url', values['webhook-url'])
    : urlList('STRIPE_EMULATOR_WEBHOOK_URLS', env.STRIPE_EMULATOR_WEBHOOK_URLS ? [env.STRIPE_EMULATOR_WEBHOOK_URLS] : []);
  const secret = values.secret ?? (env.STRIPE_WEBHOOK_SECRET?.trim() || undefined);
  if (secret !== undefined && !secret.startsWith('whsec_')) throw new CliUsageError(`${values.secret !== undefined ? '--secret' : 'STRIPE_WEBHOOK_SECRET'} must start with whsec_`);
  const options: StripeEmulatorOptions = { port, host: values.host ?? (env.STRIPE_EMULATOR_HOST?.trim() || '127.0.0.1'), webhookUrls };
  if (secret !== undefined) options.webhookSecret = secret;
  if (rate !== undefined) options.rateLimitPerSecond = rate;
  const stateFile = values['state-file'] ?? (env.STRIPE_EMULATOR_STATE_FILE?.trim() || undefined);
  if (stateFile !== undefined) options.stateFile = stateFile;
  return { options, help: values.help ?? false, quiet: values.quiet ?? false };
}
