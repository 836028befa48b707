import { randomBytes } from 'node:crypto';
import type { FormObject } from '../http/form-decoding';
import type { Params } from '../http/params';
import type { Router } from '../http/router';
import { invalidRequest, noSuch } from '../http/stripe-api-error';
import type { EmulatorStore, RequestOrigin, StripeObject } from '../store/emulator-store';
import { stripeId } from '../store/ids';
import { listOf } from './lists';

const DEFAULT_CURRENCY: Record<string, string> = {
  US: 'usd', CA: 'cad', GB: 'gbp', AU: 'aud', NZ: 'nzd', JP: 'jpy', CH: 'chf', SE: 'sek', NO: 'nok', DK: 'dkk',
  PL: 'pln', CZ: 'czk', SG: 'sgd', HK: 'hkd', MX: 'mxn', BR: 'brl', IN: 'inr',
};
const EURO_COUNTRIES = new Set(['AT', 'BE', 'CY', 'DE', 'EE', 'ES', 'FI', 'FR', 'GR', 'HR', 'IE', 'IT', 'LT', 'LU', 'LV', 'MT', 'NL', 'PT', 'SI', 'SK']);
const ONBOARDING_DUE = ['business_type', 'external_account', 'tos_acceptance.date', 'tos_acceptance.ip'];
const ACCOUNT_LINK_TTL_SECONDS = 300;

function requirements(currentlyDue: string[], disabledReason: string | null): Record<string, unknown> {
  return {
    alternatives: [],
    current_deadline: null,
    currently_due: currentlyDue,
    disabled_reason: disabledReason,
    errors: [],
    eventually_due: currentlyDue,
    past_due: disabledReason ? currentlyDue : [],
    pending_verification: [],
  };
}

function requestedCapabilities(raw: FormObject | undefined, param: string): string[] {
  if (!raw) return [];
  return Object.entries(raw).map(([name, value]) => {
    if (typeof value !== 'object' || Array.isArray(value) || (value.requested !== 'true' && value.requested !== 'false')) {
      throw invalidRequest(`Invalid ${param}[${name}]: expected { requested: true }`, { code: 'parameter_invalid_object', param: `${param}[${name}]` });
    }
    return value.requested === 'true' ? name : '';
  }).filter((name) => name !== '');
}

function mergeMetadata(target: StripeObject, update: Record<string, string> | undefined): void {
  if (!update) return;
  const metadata = target.metadata as Record<string, string>;
  for (const [key, value] of Object.entries(update)) {
    if (value === '') delete metadata[key];
    else metadata[key] = value;
  }
}

export function createAccount(store: EmulatorStore, params: Params): StripeObject {
  const type = params.oneOf('type', ['express', 'custom', 'standard'] as const) ?? 'standard';
  const country = (params.string('country') ?? 'US').toUpperCase();
  if (!/^[A-Z]{2}$/.test(country)) throw invalidRequest(`Invalid country: ${country}`, { code: 'country_unsupported', param: 'country' });
  const email = params.string('email') ?? null;
  const capabilities = requestedCapabilities(params.object('capabilities'), 'capabilities');
  const metadata = params.metadata() ?? {};
  const businessType = params.oneOf('business_type', ['individual', 'company', 'non_profit', 'government_entity'] as const) ?? null;
  const businessProfile = params.object('business_profile') ?? {};
  params.object('settings');
  params.object('tos_acceptance');
  params.object('controller');
  params.stringList('requested_capabilities');
  params.rejectUnknown();

  const id = stripeId('acct', 16);
  const created = store.now();
  const account: StripeObject = {
    id,
    object: 'account',
    business_profile: { mcc: null, name: null, product_description: null, support_email: null, support_phone: null, support_url: null, url: null, ...businessProfile },
    business_type: businessType,
    capabilities: Object.fromEntries(capabilities.map((name) => [name, 'inactive'])),
    charges_enabled: false,
    controller: { is_controller: true, type: 'application' },
    country,
    created,
    default_currency: DEFAULT_CURRENCY[country] ?? (EURO_COUNTRIES.has(country) ? 'eur' : 'usd'),
    details_submitted: false,
    email,
    external_accounts: { object: 'list', data: [], has_more: false, total_count: 0, url: `/v1/accounts/${id}/external_accounts` },
    future_requirements: requirements([], null),
    metadata,
    payouts_enabled: false,
    requirements: requirements(ONBOARDING_DUE, 'requirements.past_due'),
    settings: { payouts: { debit_negative_balances: true, schedule: { delay_days: 2, interval: 'daily' }, statement_descriptor: null } },
    tos_acceptance: { date: null },
    type,
  };
  return store.accounts.insert(account);
}

export function accountOrThrow(store: EmulatorStore, id: string, param = 'id'): StripeObject {
  const account = store.accounts.get(id);
  if (!account) throw noSuch('account', id, param);
  return account;
}

function snapshot(account: StripeObject, fields: string[]): Record<string, unknown> {
  return Object.fromEntries(fields.map((field) => [field, JSON.parse(JSON.stringify(account[field] ?? null)) as unknown]));
}

/** The onboarding form filled in: the account can take transfers and pay out. */
export function completeOnboarding(store: EmulatorStore, accountId: string, origin: RequestOrigin): StripeObject {
  const account = accountOrThrow(store, accountId);
  const previous = snapshot(account, ['capabilities', 'charges_enabled', 'details_submitted', 'payouts_enabled', 'requirements']);
  const capabilities = account.capabilities as Record<string, string>;
  if (Object.keys(capabilities).length === 0) capabilities.transfers = 'active';
  for (const name of Object.keys(capabilities)) capabilities[name] = 'active';
  account.charges_enabled = true;
  account.details_submitted = true;
  account.payouts_enabled = true;
  account.requirements = requirements([], null);
  account.tos_acceptance = { date: store.now(), ip: '127.0.0.1', user_agent: 'stripe-emulator' };
  store.emit('account.updated', account, origin, { account: account.id, previousAttributes: previous });
  return account;
}

/** Stripe needs more from the account holder: payouts stop until they give it. */
export function restrictAccount(store: EmulatorStore, accountId: string, reason: string, origin: RequestOrigin): StripeObject {
  const account = accountOrThrow(store, accountId);
  const previous = snapshot(account, ['payouts_enabled', 'requirements']);
  account.payouts_enabled = false;
  account.requirements = requirements(['individual.verification.document'], reason);
  store.emit('account.updated', account, origin, { account: account.id, previousAttributes: previous });
  return account;
}

export function registerAccounts(router: Router): void {
  router.add('POST', '/v1/accounts', ({ store, params }) => createAccount(store, params));

  router.add('GET', '/v1/accounts/:id', ({ store, pathParams, params }) => {
    params.rejectUnknown();
    return accountOrThrow(store, pathParams.id);
  });

  router.add('POST', '/v1/accounts/:id', ({ store, pathParams, params, origin }) => {
    const account = accountOrThrow(store, pathParams.id);
    const email = params.string('email');
    const metadata = params.metadata();
    const businessProfile = params.object('business_profile');
    const capabilities = requestedCapabilities(params.object('capabilities'), 'capabilities');
    params.object('settings');
    params.object('tos_acceptance');
    params.rejectUnknown();
    const previous = snapshot(account, ['email', 'metadata', 'business_profile', 'capabilities']);
    if (email !== undefined) account.email = email;
    mergeMetadata(account, metadata);
    if (businessProfile) account.business_profile = { ...(account.business_profile as object), ...businessProfile };
    const current = account.capabilities as Record<string, string>;
    for (const name of capabilities) current[name] ??= account.details_submitted ? 'active' : 'inactive';
    store.emit('account.updated', account, origin, { account: account.id, previousAttributes: previous });
    return account;
  });

  router.add('GET', '/v1/accounts', ({ store, params }) => {
    const page = params.page();
    const created = params.createdRange();
    params.rejectUnknown();
    return listOf('/v1/accounts', store.accounts.page({ ...page, created }));
  });

  router.add('POST', '/v1/account_links', ({ store, params, baseUrl }) => {
    const accountId = params.string('account', { required: true });
    const type = params.oneOf('type', ['account_onboarding', 'account_update'] as const, { required: true })!;
    const refreshUrl = params.string('refresh_url') ?? null;
    const returnUrl = params.string('return_url') ?? null;
    params.oneOf('collect', ['currently_due', 'eventually_due'] as const);
    params.object('collection_options');
    params.rejectUnknown();
    const account = accountOrThrow(store, accountId, 'account');
    if (type === 'account_update' && account.type !== 'custom') {
      throw invalidRequest('You cannot create `account_update` type Account Links for this account.', { param: 'type' });
    }
    const created = store.now();
    const token = randomBytes(18).toString('base64url');
    store.accountLinks.set(token, { account: account.id, expiresAt: created + ACCOUNT_LINK_TTL_SECONDS, returnUrl, refreshUrl });
    return { object: 'account_link', created, expires_at: created + ACCOUNT_LINK_TTL_SECONDS, url: `${baseUrl}/_emulator/onboarding/${token}` };
  });
}
