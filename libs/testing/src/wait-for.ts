export interface WaitForOptions {
  /** What is awaited, for the timeout message: "commission in the ledger". */
  description: string;
  timeoutMs?: number;
  intervalMs?: number;
}

/**
 * Polls `probe` until it yields a value (anything but undefined or false) and
 * returns it; throws naming `description` at the deadline, with the last error the
 * probe threw, if any. The way to wait for something asynchronous in a test.
 */
export async function waitFor<T>(
  probe: () => Promise<T | undefined | false>,
  { description, timeoutMs = 10_000, intervalMs = 100 }: WaitForOptions,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined && value !== false) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() >= deadline) {
      const cause = lastError instanceof Error ? ` (last error: ${lastError.message})` : '';
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${description}${cause}`);
    }
    await new Promise((resolve) => setTimeout(resolve, Math.min(intervalMs, Math.max(0, deadline - Date.now()))));
  }
}
