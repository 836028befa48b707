import type Stripe from 'stripe';
import type { InjectedStatus } from '../faults';

/** The control methods of an emulator running in another process, over `/_emulator/…`. */
export interface StripeEmulatorControl {
  url: string;
  faults: { failNext(status: InjectedStatus, count?: number): Promise<void>; delay(ms: number): Promise<void>; clear(): Promise<void> };
  setWebhookUrls(urls: string[]): Promise<void>;
  completeOnboarding(accountId: string): Promise<void>;
  restrictAccount(accountId: string, reason?: string): Promise<void>;
  payoutPaid(accountId: string): Promise<void>;
  payoutFailed(accountId: string, failureCode?: string): Promise<void>;
  forgetIdempotencyKeys(): Promise<void>;
  /** The newest `limit` (default 1,000) in creation order. */
  transfers(limit?: number): Promise<Stripe.Transfer[]>;
  refunds(limit?: number): Promise<Stripe.Refund[]>;
  balanceTransactions(limit?: number): Promise<Stripe.BalanceTransaction[]>;
  seedBalanceTransactions(count: number, options?: { type?: 'adjustment' | 'charge'; amount?: number; currency?: string }): Promise<void>;
  stats(): Promise<{ requests: number; rateLimited: number; injectedFailures: number; webhooks: { delivered: number; failedAttempts: number; abandoned: number } }>;
}

/** Drives a separately running emulator (npm start's, `npm run stripe-emulator`) at `url`. */
export function connectStripeEmulator(url: string): StripeEmulatorControl {
  const base = url.replace(/\/+$/, '');
  async function call<T>(path: string, body?: unknown): Promise<T> {
    const response = await fetch(`${base}/_emulator${path}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(120_000),
    });
    const answer = (await response.json()) as T & { error?: { message: string } };
    if (!response.ok) throw new Error(`stripe emulator ${path}: ${answer.error?.message ?? response.status}`);
    return answer;
  }
  const account = (id: string) => `/accounts/${encodeURIComponent(id)}`;
  const dump = async <T>(what: string, limit = 1_000) => (await call<{ data: T[] }>(`/${what}?limit=${limit}`)).data;
  return {
    url: base,
    faults: {
      failNext: async (status, count) => void (await call('/faults/fail-next', { status, count })),
      delay: async (ms) => void (await call('/faults/delay', { ms })),
      clear: async () => void (await call('/faults/clear', {})),
    },
    setWebhookUrls: async (urls) => void (await call('/webhooks', { urls })),
    completeOnboarding: async (id) => void (await call(`${account(id)}/complete-onboarding`, {})),
    restrictAccount: async (id, reason) => void (await call(`${account(id)}/restrict`, { reason })),
    payoutPaid: async (id) => void (await call(`${account(id)}/payouts/paid`, {})),
    payoutFailed: async (id, failureCode) => void (await call(`${account(id)}/payouts/failed`, { failureCode })),
    forgetIdempotencyKeys: async () => void (await call('/idempotency/forget', {})),
    transfers: (limit) => dump<Stripe.Transfer>('transfers', limit),
    refunds: (limit) => dump<Stripe.Refund>('refunds', limit),
    balanceTransactions: (limit) => dump<Stripe.BalanceTransaction>('balance_transactions', limit),
    seedBalanceTransactions: async (count, options = {}) => void (await call('/balance_transactions/seed', { count, ...options })),
    stats: () => call('/stats'),
  };
}
