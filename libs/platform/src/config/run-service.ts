import { scrubSecrets } from '../secrets';
import { ConfigError } from './config-error';

export interface RunServiceIo {
  stderr?: { write(text: string): unknown };
  exit?: (code: number) => void;
}

/**
 * Runs a service's main(). A start-up failure prints exactly one line to stderr and exits
 * with 1: the ConfigError message as is (the operator's fix is in it, a stack trace would
 * bury it), otherwise the error and the frame that threw it.
 */
export async function runService(main: () => Promise<unknown>, io: RunServiceIo = {}): Promise<void> {
  try {
    await main();
  } catch (error) {
    (io.stderr ?? process.stderr).write(`${startupFailureLine(error)}\n`);
    (io.exit ?? ((code: number) => process.exit(code)))(1);
  }
}

/** The one line runService prints for a start-up failure. */
export function startupFailureLine(error: unknown): string {
  if (error instanceof ConfigError) return oneLine(scrubSecrets(error.message));
  if (!(error instanceof Error)) return oneLine(scrubSecrets(`Start-up failed: ${String(error)}`));
  const frame = error.stack
    ?.split('\n')
    .map((line) => line.trim())
    .find((line) => line.startsWith('at '));
  const where = frame ? ` (${frame})` : '';
  return oneLine(scrubSecrets(`Start-up failed: ${error.name}: ${error.message}${where}`));
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ');
}
