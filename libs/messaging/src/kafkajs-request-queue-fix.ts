/**
 * kafkajs 2.2.4 keeps every broker connection's request queue polling itself through a
 * 1 ms timer, forever, even with nothing waiting (kafkajs issue #1556; the fix, PR
 * #1667, was never released). An idle campaigns replica spent 11% of a core on it, and
 * under load each wake-up competes with the work. A pending request only needs a check
 * when it is queued, when an in-flight one ends (kafkajs checks then already) or when a
 * throttle lifts, so the check is scheduled only while something is pending.
 *
 * The fix replaces one method of kafkajs's internal RequestQueue, and only on the
 * version it was written against: another version is left as it is, and the spec beside
 * this file fails so the fix is looked at again.
 */

const FIXED_VERSION = '2.2.4';
/** kafkajs's own interval for a queue that waits on in-flight requests, not on a throttle. */
const CHECK_PENDING_REQUESTS_INTERVAL_MS = 10;

interface RequestQueueInternals {
  pending: unknown[];
  throttledUntil: number;
  throttleCheckTimeoutId: NodeJS.Timeout | null;
  checkPendingRequests(): void;
  scheduleCheckPendingRequests(): void;
}

// eslint-disable-next-line @typescript-eslint/no-require-imports
const installedVersion = (require('kafkajs/package.json') as { version: string }).version;

function scheduleCheckWhilePending(this: RequestQueueInternals): void {
  if (this.throttleCheckTimeoutId || this.pending.length === 0) return;
  const throttledForMs = this.throttledUntil - Date.now();
  this.throttleCheckTimeoutId = setTimeout(
    () => {
      this.throttleCheckTimeoutId = null;
      this.checkPendingRequests();
    },
    throttledForMs > 0 ? throttledForMs : CHECK_PENDING_REQUESTS_INTERVAL_MS,
  );
}

/** Whether the installed kafkajs got the fix (true once done). */
export function fixKafkajsRequestQueue(): boolean {
  if (installedVersion !== FIXED_VERSION) return false;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const RequestQueue = require('kafkajs/src/network/requestQueue') as { prototype: RequestQueueInternals };
  RequestQueue.prototype.scheduleCheckPendingRequests = scheduleCheckWhilePending;
  return true;
}
