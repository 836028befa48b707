import { randomBytes } from 'node:crypto';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import type Stripe from 'stripe';
import { DEV_STRIPE_WEBHOOK_SECRET } from '@streetteam/stripe';
import { handleControl } from './control/control-routes';
import { Faults, InjectedStatus } from './faults';
import { readApiKey } from './http/api-key';
import { decodeForm, FormDecodingError, FormObject } from './http/form-decoding';
import { Params } from './http/params';
import { Router } from './http/router';
import { invalidRequest, rateLimited, serverError, StripeApiError } from './http/stripe-api-error';
import { fingerprintOf, IdempotencyKeys, MAX_IDEMPOTENCY_KEY_LENGTH } from './idempotency';
import { TokenBucket } from './rate-limit';
import { completeOnboarding, registerAccounts, restrictAccount } from './resources/accounts';
import { registerBalance, settlePayout } from './resources/balance';
import { registerPayments } from './resources/payments';
import { registerTransfers } from './resources/transfers';
import { CONTROL_ORIGIN, DEFAULT_API_VERSION, EmulatorStore } from './store/emulator-store';
import { loadState, saveState } from './store/state-file';
import { stripeId } from './store/ids';
import { WebhookDispatcher } from './webhooks/webhook-dispatcher';

export interface StripeEmulatorOptions {
  /** 0 or absent = any free port. */
  port?: number;
  /** Interface to bind, 127.0.0.1 by default. */
  host?: string;
  /** Signs every webhook; by default the secret @streetteam/stripe expects outside production (DEV_STRIPE_WEBHOOK_SECRET). */
  webhookSecret?: string;
  webhookUrls?: string[];
  /** Requests a second before 429 `rate_limit`; absent = unlimited; 100 = Stripe live mode. */
  rateLimitPerSecond?: number;
  /** How long an idempotency key is remembered; 24 h by default, as at Stripe. */
  idempotencyTtlMs?: number;
  /** When set, a transfer beyond the platform's available balance (charges minus refunds and transfers) is refused; off by default. */
  enforcePlatformBalance?: boolean;
  /**
   * Keeps the state between runs: loaded at start when the file exists, written at stop
   * (`npm start` uses `.local/dev/stripe-emulator.json`). Unset = in memory only.
   */
  stateFile?: string;
  /** Webhook delivery tuning: tries per delivery (5) and the first retry delay (200 ms, doubling). */
  webhookAttempts?: number;
  webhookRetryDelayMs?: number;
  log?: (line: string) => void;
}

export interface StripeEmulatorStats {
  requests: number;
  rateLimited: number;
  injectedFailures: number;
}

export interface StripeEmulator {
  url: string;
  port: number;
  webhookSecret: string;
  stop(): Promise<void>;
  setWebhookUrls(urls: string[]): void;
  faults: { failNext(status: InjectedStatus, count?: number): void; delay(ms: number): void; clear(): void };
  /** details_submitted, charges/payouts_enabled → account.updated webhook. */
  completeOnboarding(accountId: string): void;
  /** requirements.disabled_reason, payouts_enabled false → account.updated. */
  restrictAccount(accountId: string, reason?: string): void;
  /** Connect payout.paid webhook (event.account set) for the account's balance. */
  payoutPaid(accountId: string): void;
  /** Connect payout.failed webhook (event.account set). */
  payoutFailed(accountId: string, failureCode?: string): void;
  /** As if 24 h had passed. */
  forgetIdempotencyKeys(): void;
  transfers(): Stripe.Transfer[];
  refunds(): Stripe.Refund[];
  balanceTransactions(): Stripe.BalanceTransaction[];
  /** Every event recorded, oldest first (also on GET /v1/events). */
  events(): Stripe.Event[];
  stats(): StripeEmulatorStats;
  /** Resolves once every webhook queued so far was delivered or abandoned. */
  webhooksIdle(): Promise<void>;
  webhookStats(): { delivered: number; failedAttempts: number; abandoned: number };
  /**
   * Adds `count` balance transactions straight to the store (no HTTP, no events), for
   * benchmarks that need a large Stripe history: `adjustment` by default.
   */
  seedBalanceTransactions(count: number, options?: { type?: 'adjustment' | 'charge'; amount?: number; currency?: string }): void;
}

const DAY_MS = 24 * 60 * 60 * 1000;
const MAX_BODY_BYTES = 1024 * 1024;

function buildRouter(): Router {
  const router = new Router();
  registerAccounts(router);
  registerPayments(router);
  registerTransfers(router);
  registerBalance(router);
  return router;
}

function requestId(): string {
  return `req_${randomBytes(10).toString('base64url').replace(/[-_]/g, 'x')}`;
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw invalidRequest('Request body too large.', { code: 'parameter_invalid_string' });
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function header(request: IncomingMessage, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function send(response: ServerResponse, status: number, body: string, headers: Record<string, string>): void {
  response.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body), ...headers });
  response.end(body);
}

/** Starts a local, stateful Stripe on 127.0.0.1 that the real SDK can talk to. */
export async function startStripeEmulator(options: StripeEmulatorOptions = {}): Promise<StripeEmulator> {
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const webhookSecret = options.webhookSecret ?? DEV_STRIPE_WEBHOOK_SECRET;
  const store = new EmulatorStore();
  store.enforcePlatformBalance = options.enforcePlatformBalance ?? false;
  const router = buildRouter();
  const faults = new Faults();
  const keys = new IdempotencyKeys(options.idempotencyTtlMs ?? DAY_MS);
  if (options.stateFile) {
    const kept = await loadState(store, options.stateFile);
    if (kept) keys.importEntries(kept);
  }
  const bucket = options.rateLimitPerSecond ? new TokenBucket(options.rateLimitPerSecond) : undefined;
  const counters: StripeEmulatorStats = { requests: 0, rateLimited: 0, injectedFailures: 0 };
  const webhooks = new WebhookDispatcher({
    secret: webhookSecret,
    urls: options.webhookUrls ?? [],
    log,
    attempts: options.webhookAttempts,
    baseDelayMs: options.webhookRetryDelayMs,
  });
  // setImmediate: the answer of the request that caused the event is written first.
  store.onEvent((event) => setImmediate(() => webhooks.enqueue(event)));
  let baseUrl = '';

  async function handleApi(request: IncomingMessage, response: ServerResponse, url: URL): Promise<void> {
    counters.requests += 1;
    const id = requestId();
    const apiVersion = header(request, 'stripe-version') ?? DEFAULT_API_VERSION;
    const idempotencyKey = request.method === 'POST' ? header(request, 'idempotency-key') : undefined;
    const headers: Record<string, string> = { 'Request-Id': id, 'Stripe-Version': apiVersion };
    if (idempotencyKey) headers['Idempotency-Key'] = idempotencyKey;
    const fail = (error: StripeApiError) => send(response, error.status, JSON.stringify(error.body()), { ...headers, ...error.headers });

    const apiKey = readApiKey(header(request, 'authorization'));
    if (!apiKey.ok) {
      fail(new StripeApiError(401, 'invalid_request_error', apiKey.message));
      return;
    }
    if (bucket && !bucket.take()) {
      counters.rateLimited += 1;
      fail(rateLimited());
      return;
    }
    const delayMs = faults.currentDelayMs;
    if (delayMs > 0) await sleep(delayMs);
    const injected = faults.takeFailure();
    if (injected !== undefined) {
      counters.injectedFailures += 1;
      fail(injected === 429 ? rateLimited() : serverError(injected));
      return;
    }

    let raw: FormObject;
    try {
      const text = request.method === 'POST' ? await readBody(request) : url.search.slice(1);
      raw = decodeForm(text);
    } catch (error) {
      if (error instanceof FormDecodingError) fail(invalidRequest(error.message));
      else if (error instanceof StripeApiError) fail(error);
      else throw error;
      return;
    }

    const method = request.method ?? 'GET';
    const endpoint = `${method} ${url.pathname}`;
    const fingerprint = idempotencyKey ? fingerprintOf(raw) : '';
    if (idempotencyKey) {
      if (idempotencyKey.length > MAX_IDEMPOTENCY_KEY_LENGTH) {
        fail(invalidRequest(`Idempotency-Key must be at most ${MAX_IDEMPOTENCY_KEY_LENGTH} characters.`, { param: 'Idempotency-Key' }));
        return;
      }
      const found = keys.lookup(apiKey.key, idempotencyKey, endpoint, fingerprint);
      if (found.outcome === 'conflict') {
        fail(new StripeApiError(400, 'idempotency_error', found.message));
        return;
      }
      if (found.outcome === 'replay') {
        send(response, found.answer.status, found.answer.body, { ...headers, 'Idempotent-Replayed': 'true', 'Original-Request': found.answer.requestId });
        return;
      }
    }

    const matched = router.match(method, url.pathname);
    if (matched === undefined || matched === 'method') {
      fail(
        new StripeApiError(404, 'invalid_request_error', `Unrecognized request URL (${method}: ${url.pathname}). Please see https://stripe.com/docs or we can help at https://support.stripe.com/.`),
      );
      return;
    }
    let status = 200;
    let body: string;
    let keep = true;
    try {
      const result = matched.handler({
        method,
        path: url.pathname,
        pathParams: matched.pathParams,
        params: new Params(raw),
        origin: { requestId: id, idempotencyKey: idempotencyKey ?? null, apiVersion },
        baseUrl,
        store,
      });
      body = JSON.stringify(result);
    } catch (error) {
      if (!(error instanceof StripeApiError)) throw error;
      status = error.status;
      body = JSON.stringify(error.body());
      keep = error.stored;
    }
    if (idempotencyKey && keep) keys.keep(apiKey.key, idempotencyKey, endpoint, fingerprint, { status, body, requestId: id });
    send(response, status, body, headers);
  }

  const control = {
    faults: {
      failNext: (status: InjectedStatus, count?: number) => faults.failNext(status, count),
      delay: (ms: number) => faults.delay(ms),
      clear: () => faults.clear(),
    },
    setWebhookUrls: (urls: string[]) => webhooks.setUrls(urls),
    completeOnboarding: (accountId: string) => void completeOnboarding(store, accountId, CONTROL_ORIGIN),
    restrictAccount: (accountId: string, reason = 'requirements.past_due') => void restrictAccount(store, accountId, reason, CONTROL_ORIGIN),
    payoutPaid: (accountId: string) => void settlePayout(store, accountId, { status: 'paid' }, CONTROL_ORIGIN),
    payoutFailed: (accountId: string, failureCode = 'account_closed') => void settlePayout(store, accountId, { status: 'failed', failureCode }, CONTROL_ORIGIN),
    forgetIdempotencyKeys: () => keys.forgetAll(),
    transfers: () => store.transfers.all().map(wire) as Stripe.Transfer[],
    refunds: () => store.refunds.all().map(wire) as Stripe.Refund[],
    balanceTransactions: () => store.balanceTransactions.all().map((record) => record.toJSON()) as unknown as Stripe.BalanceTransaction[],
    events: () => store.events.all().map(wire) as unknown as Stripe.Event[],
    stats: () => ({ ...counters }),
    webhooksIdle: () => webhooks.idle(),
    webhookStats: () => ({ ...webhooks.stats }),
    seedBalanceTransactions: (count: number, seed: { type?: 'adjustment' | 'charge'; amount?: number; currency?: string } = {}) => {
      if (!Number.isInteger(count) || count < 1 || count > 10_000_000) throw new Error(`count must be an integer from 1 to 10,000,000, got ${count}`);
      const type = seed.type ?? 'adjustment';
      const currency = (seed.currency ?? 'usd').toLowerCase();
      for (let i = 0; i < count; i += 1) {
        store.recordBalanceTransaction(type, seed.amount ?? 100, currency, type === 'charge' ? stripeId('ch') : null, { description: 'seeded' });
      }
    },
  };

  const server: Server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://emulator');
    const work = url.pathname.startsWith('/_emulator/')
      ? handleControl(request, response, url, { ...control, store, baseUrl: () => baseUrl, readBody: () => readBody(request) })
      : handleApi(request, response, url);
    work.catch((error: unknown) => {
      log(`stripe-emulator: ${request.method} ${url.pathname} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      if (!response.headersSent) send(response, 500, JSON.stringify(serverError(500).body()), {});
      else response.destroy();
    });
  });
  server.keepAliveTimeout = 5_000;

  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  baseUrl = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;

  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> =>
    (stopping ??= (async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      await webhooks.stop();
      // Connections still busy after the grace (a client holding one open) are cut.
      const grace = setTimeout(() => server.closeAllConnections(), 2_000);
      await closed;
      clearTimeout(grace);
      if (options.stateFile) await saveState(store, keys.exportEntries(), options.stateFile);
    })());

  return { url: baseUrl, port, webhookSecret, stop, ...control };
}

/** A copy as the wire has it (the store's objects stay the store's). */
function wire(object: unknown): unknown {
  return JSON.parse(JSON.stringify(object)) as unknown;
}
