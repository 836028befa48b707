import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Stripe, withStripeRetry } from '@streetteam/stripe';
import { PAYOUTS_CONFIG, PayoutsConfig } from '../payouts-config';
import { STRIPE } from '../stripe.provider';
import { payoutAccountState, PayoutAccountState } from './payout-account-rules';

export interface PayoutAccountRow {
  ambassador_id: string;
  stripe_account_id: string;
  state: PayoutAccountState;
  payouts_enabled: boolean;
  details_submitted: boolean;
  requirements: string[];
  disabled_reason: string | null;
  created_at: Date;
  updated_at: Date;
  last_bank_payout?: { id: string; status: string; amount_minor: number; currency: string; failure_code: string | null; failure_message: string | null } | null;
}

/** Each ambassador's Stripe Connect Express account: created on request, its state kept from account.updated. */
@Injectable()
export class PayoutAccountService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(STRIPE) private readonly stripe: Stripe,
    @Inject(PAYOUTS_CONFIG) private readonly config: PayoutsConfig,
  ) {}

  async find(ambassadorId: string): Promise<PayoutAccountRow | null> {
    const [row] = await this.dataSource.query(
      `SELECT a.*, (SELECT row_to_json(b) FROM bank_payouts b WHERE b.stripe_account_id = a.stripe_account_id ORDER BY b.stripe_created DESC, b.id LIMIT 1) AS last_bank_payout
         FROM payout_accounts a WHERE a.ambassador_id = $1`,
      [ambassadorId],
    );
    return row ?? null;
  }

  /** Creates the account once: a second request (even concurrent) gets the same one, by idempotency key. */
  async open(ambassadorId: string): Promise<PayoutAccountRow> {
    const existing = await this.find(ambassadorId);
    if (existing) return existing;
    const [ambassador] = await this.dataSource.query('SELECT country FROM ambassadors WHERE id = $1', [ambassadorId]);
    const account = await withStripeRetry(() =>
      this.stripe.accounts.create(
        {
          type: 'express',
          ...(ambassador?.country ? { country: ambassador.country } : {}),
          capabilities: { transfers: { requested: true } },
          metadata: { ambassador_id: ambassadorId },
        },
        { idempotencyKey: `payout-account-${ambassadorId}` },
      ),
    );
    await this.dataSource.query(
      `INSERT INTO payout_accounts (ambassador_id, stripe_account_id, state, payouts_enabled, details_submitted, requirements, disabled_reason, stripe_updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, 0) ON CONFLICT (ambassador_id) DO NOTHING`,
      [ambassadorId, ...accountColumns(account)],
    );
    return (await this.find(ambassadorId)) as PayoutAccountRow;
  }

  /** A fresh Stripe-hosted onboarding link (they expire within minutes, so one per request). */
  async onboardingLink(ambassadorId: string): Promise<{ url: string; expiresAt: Date }> {
    const account = await this.open(ambassadorId);
    const link = await withStripeRetry(() =>
      this.stripe.accountLinks.create({
        account: account.stripe_account_id,
        type: 'account_onboarding',
        refresh_url: `${this.config.portalUrl}/payouts/onboarding/refresh`,
        return_url: `${this.config.portalUrl}/payouts/onboarding/done`,
      }),
    );
    return { url: link.url, expiresAt: new Date(link.expires_at * 1000) };
  }

  /** From account.updated: an older event than the one applied changes nothing. */
  async accountUpdated(manager: EntityManager, account: Stripe.Account, eventCreated: number): Promise<void> {
    await manager.query(
      `UPDATE payout_accounts SET state = $2, payouts_enabled = $3, details_submitted = $4, requirements = $5, disabled_reason = $6,
              stripe_updated_at = $7, updated_at = now()
        WHERE stripe_account_id = $1 AND stripe_updated_at <= $7`,
      [...accountColumns(account), eventCreated],
    );
  }
}

/** What payout_accounts keeps of a Stripe account, in column order: id, state, payouts enabled, details submitted, requirements, disabled reason. */
function accountColumns(account: Stripe.Account): [string, string, boolean, boolean, string[], string | null] {
  return [
    account.id,
    payoutAccountState(account),
    account.payouts_enabled === true,
    account.details_submitted === true,
    account.requirements?.currently_due ?? [],
    account.requirements?.disabled_reason ?? null,
  ];
}
