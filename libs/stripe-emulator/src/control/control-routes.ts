import type { IncomingMessage, ServerResponse } from 'node:http';
import { completeOnboarding } from '../resources/accounts';
import { INJECTABLE_STATUSES, InjectedStatus } from '../faults';
import { CONTROL_ORIGIN, EmulatorStore } from '../store/emulator-store';

/** What the control endpoints drive: the emulator's own control methods. */
export interface ControlContext {
  store: EmulatorStore;
  baseUrl(): string;
  readBody(): Promise<string>;
  faults: { failNext(status: InjectedStatus, count?: number): void; delay(ms: number): void; clear(): void };
  setWebhookUrls(urls: string[]): void;
  completeOnboarding(accountId: string): void;
  restrictAccount(accountId: string, reason?: string): void;
  payoutPaid(accountId: string): void;
  payoutFailed(accountId: string, failureCode?: string): void;
  forgetIdempotencyKeys(): void;
  stats(): unknown;
  webhookStats(): unknown;
  seedBalanceTransactions(count: number, options?: { type?: 'adjustment' | 'charge'; amount?: number; currency?: string }): void;
}

class ControlError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

const DEFAULT_DUMP_LIMIT = 1_000;
const MAX_DUMP_LIMIT = 100_000;

function json(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
  response.end(text);
}

async function readJson(context: ControlContext): Promise<Record<string, unknown>> {
  const text = await context.readBody();
  if (text.trim() === '') return {};
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('not an object');
    return parsed as Record<string, unknown>;
  } catch {
    throw new ControlError(400, 'body must be a JSON object');
  }
}

function optionalString(body: Record<string, unknown>, field: string): string | undefined {
  const value = body[field];
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value === '') throw new ControlError(400, `${field} must be a non-empty string`, field);
  return value;
}

function optionalInteger(body: Record<string, unknown>, field: string, min: number, max: number): number | undefined {
  const value = body[field];
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new ControlError(400, `${field} must be an integer from ${min} to ${max}`, field);
  }
  return value;
}

function knownAccount(context: ControlContext, id: string): string {
  if (!context.store.accounts.has(id)) throw new ControlError(404, `no such account: ${id}`, 'accountId');
  return id;
}

/** The newest `limit` items, oldest first, and how many there are in all. */
function dump(items: readonly unknown[], url: URL): { total: number; data: unknown[] } {
  const raw = url.searchParams.get('limit');
  const limit = raw === null ? DEFAULT_DUMP_LIMIT : Number(raw);
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_DUMP_LIMIT) throw new ControlError(400, `limit must be an integer from 1 to ${MAX_DUMP_LIMIT}`, 'limit');
  return { total: items.length, data: items.slice(-limit) };
}

function onboardingPage(accountId: string, returnUrl: string | null): string {
  const back = returnUrl ? `<p><a href="${encodeURI(returnUrl)}">Return to StreetTeam</a></p>` : '';
  return `<!doctype html><meta charset="utf-8"><title>Stripe emulator: onboarding complete</title><h1>Onboarding complete</h1><p>Account ${accountId} can now receive payouts.</p>${back}`;
}

/**
 * `/_emulator/…`: JSON endpoints mirroring the control methods, so a separately running
 * emulator (npm start, a benchmark) can be driven. Local development only: no auth.
 */
export async function handleControl(request: IncomingMessage, response: ServerResponse, url: URL, context: ControlContext): Promise<void> {
  const method = request.method ?? 'GET';
  const path = url.pathname.replace(/\/+$/, '');
  try {
    const onboarding = /^\/_emulator\/onboarding\/([A-Za-z0-9_-]+)$/.exec(path);
    if (onboarding && method === 'GET') {
      const link = context.store.accountLinks.get(onboarding[1]);
      if (!link || link.expiresAt < context.store.now()) throw new ControlError(404, 'this onboarding link is unknown or expired: create a new account link');
      context.store.accountLinks.delete(onboarding[1]);
      const account = completeOnboarding(context.store, link.account, CONTROL_ORIGIN);
      if ((request.headers.accept ?? '').includes('application/json')) {
        json(response, 200, { account: account.id, onboarded: true, return_url: link.returnUrl });
      } else {
        const page = onboardingPage(account.id, link.returnUrl);
        response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Content-Length': Buffer.byteLength(page) });
        response.end(page);
      }
      return;
    }

    const account = /^\/_emulator\/accounts\/([^/]+)\/(complete-onboarding|restrict|payouts\/paid|payouts\/failed)$/.exec(path);
    if (account && method === 'POST') {
      const id = knownAccount(context, decodeURIComponent(account[1]));
      const body = await readJson(context);
      if (account[2] === 'complete-onboarding') context.completeOnboarding(id);
      else if (account[2] === 'restrict') context.restrictAccount(id, optionalString(body, 'reason'));
      else if (account[2] === 'payouts/paid') context.payoutPaid(id);
      else context.payoutFailed(id, optionalString(body, 'failureCode'));
      json(response, 200, context.store.accounts.get(id));
      return;
    }

    const route = `${method} ${path}`;
    switch (route) {
      case 'GET /_emulator/health':
        json(response, 200, { ok: true, url: context.baseUrl() });
        return;
      case 'GET /_emulator/stats':
        json(response, 200, { ...(context.stats() as object), webhooks: context.webhookStats() });
        return;
      case 'POST /_emulator/faults/fail-next': {
        const body = await readJson(context);
        const status = body.status;
        if (!INJECTABLE_STATUSES.includes(status as InjectedStatus)) throw new ControlError(400, `status must be one of ${INJECTABLE_STATUSES.join(', ')}`, 'status');
        context.faults.failNext(status as InjectedStatus, optionalInteger(body, 'count', 1, 100_000));
        json(response, 200, { ok: true });
        return;
      }
      case 'POST /_emulator/faults/delay': {
        const body = await readJson(context);
        const ms = optionalInteger(body, 'ms', 0, 600_000);
        if (ms === undefined) throw new ControlError(400, 'ms is required', 'ms');
        context.faults.delay(ms);
        json(response, 200, { ok: true });
        return;
      }
      case 'POST /_emulator/faults/clear':
        context.faults.clear();
        json(response, 200, { ok: true });
        return;
      case 'POST /_emulator/idempotency/forget':
        context.forgetIdempotencyKeys();
        json(response, 200, { ok: true });
        return;
      case 'POST /_emulator/webhooks': {
        const body = await readJson(context);
        const urls = body.urls;
        if (!Array.isArray(urls) || !urls.every((entry) => typeof entry === 'string' && URL.canParse(entry))) {
          throw new ControlError(400, 'urls must be an array of URLs', 'urls');
        }
        context.setWebhookUrls(urls as string[]);
        json(response, 200, { ok: true, urls });
        return;
      }
      case 'POST /_emulator/balance_transactions/seed': {
        const body = await readJson(context);
        const count = optionalInteger(body, 'count', 1, 10_000_000);
        if (count === undefined) throw new ControlError(400, 'count is required', 'count');
        const type = body.type ?? 'adjustment';
        if (type !== 'adjustment' && type !== 'charge') throw new ControlError(400, 'type must be adjustment or charge', 'type');
        context.seedBalanceTransactions(count, {
          type,
          amount: optionalInteger(body, 'amount', -99_999_999, 99_999_999),
          currency: optionalString(body, 'currency'),
        });
        json(response, 200, { ok: true, total: context.store.balanceTransactions.size });
        return;
      }
      case 'GET /_emulator/transfers':
        json(response, 200, dump(context.store.transfers.all(), url));
        return;
      case 'GET /_emulator/refunds':
        json(response, 200, dump(context.store.refunds.all(), url));
        return;
      case 'GET /_emulator/balance_transactions':
        json(response, 200, dump(context.store.balanceTransactions.all(), url));
        return;
      case 'GET /_emulator/accounts':
        json(response, 200, dump(context.store.accounts.all(), url));
        return;
      case 'GET /_emulator/events':
        json(response, 200, dump(context.store.events.all(), url));
        return;
      default:
        throw new ControlError(404, `no control endpoint ${route}`);
    }
  } catch (error) {
    if (error instanceof ControlError) {
      json(response, error.status, { error: { message: error.message, ...(error.field ? { field: error.field } : {}) } });
      return;
    }
    if (error instanceof Error && /^(count|delay|cannot inject)/.test(error.message)) {
      json(response, 400, { error: { message: error.message } });
      return;
    }
    throw error;
  }
}
