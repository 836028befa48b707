import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { PayoutPaid } from '@streetteam/contracts';
import { Outbox } from '@streetteam/messaging';
import { isRetryableStripeError, Stripe, withStripeRetry } from '@streetteam/stripe';
import { returning } from '@streetteam/persistence';
import { payoutCancelled, payoutSettled } from '../ledger/ledger';
import { LedgerService, postingDescriptions } from '../ledger/ledger.service';
import { PAYOUTS_CONFIG, PayoutsConfig } from '../payouts-config';
import { STRIPE } from '../stripe.provider';
import { RequestPacer } from './request-pacer';

export interface PayoutRow {
  id: string;
  payout_run_id: string | null;
  kind: 'RUN' | 'FINAL';
  ambassador_id: string;
  currency: string;
  available_minor: string;
  netted_minor: string;
  amount_minor: string;
  status: 'PENDING' | 'SENDING' | 'PAID' | 'FAILED';
  attempt: number;
  stripe_account_id: string | null;
  stripe_transfer_id: string | null;
  failure_code: string | null;
  failure_message: string | null;
  retryable: boolean | null;
  reversed_minor: string;
}

export type SendOutcome = 'PAID' | 'FAILED';

/** The idempotency key of one attempt of a payout: from our own id, never random. */
export const transferIdempotencyKey = (payout: Pick<PayoutRow, 'id' | 'attempt'>) => `payout-${payout.id}-attempt-${payout.attempt}`;

/**
 * Sends one payout's Stripe transfer, exactly once. A payout that may have been sent
 * already (SENDING after a crash, a retry) is first looked up at Stripe by its transfer
 * group, because Stripe forgets idempotency keys after 24 hours; only then is a transfer
 * created, with the attempt's idempotency key. 429/5xx are retried with backoff.
 */
@Injectable()
export class PayoutSender {
  private readonly logger = new Logger(PayoutSender.name);
  readonly pacer: RequestPacer;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(STRIPE) private readonly stripe: Stripe,
    private readonly ledger: LedgerService,
    private readonly outbox: Outbox,
    @Inject(PAYOUTS_CONFIG) config: PayoutsConfig,
  ) {
    this.pacer = new RequestPacer(config.stripeRequestsPerSecond);
  }

  async send(payoutId: string): Promise<SendOutcome> {
    const [claimed] = await returning<PayoutRow>(
      this.dataSource,
      `WITH old AS (SELECT status FROM payouts WHERE id = $1 FOR UPDATE)
       UPDATE payouts p SET status = 'SENDING', sent_at = coalesce(p.sent_at, now()) FROM old
        WHERE p.id = $1 AND old.status IN ('PENDING', 'SENDING')
       RETURNING p.*, old.status AS previous`,
      [payoutId],
    );
    if (!claimed) {
      const [row]: PayoutRow[] = await this.dataSource.query('SELECT status FROM payouts WHERE id = $1', [payoutId]);
      return row?.status === 'PAID' ? 'PAID' : 'FAILED';
    }
    const mayHaveBeenSent = (claimed as PayoutRow & { previous: string }).previous === 'SENDING';
    try {
      const transfer = (mayHaveBeenSent ? await this.findTransfer(claimed) : undefined) ?? (await this.createTransfer(claimed));
      await this.settle(claimed.id, transfer);
      return 'PAID';
    } catch (error) {
      await this.fail(claimed, error);
      return 'FAILED';
    }
  }

  /** The transfer of this attempt, if Stripe has one (made before a crash, or beyond the idempotency window). */
  async findTransfer(payout: PayoutRow): Promise<Stripe.Transfer | undefined> {
    const found = await this.call(() => this.stripe.transfers.list({ transfer_group: payout.id, limit: 100 }));
    const transfer = found.data.find((t) => t.metadata?.payout_id === payout.id && t.metadata?.attempt === String(payout.attempt));
    if (transfer) this.logger.log(`payout ${payout.id}: transfer ${transfer.id} found at Stripe by its transfer group, not sent again`);
    return transfer;
  }

  private createTransfer(payout: PayoutRow): Promise<Stripe.Transfer> {
    if (!payout.stripe_account_id) throw new Error(`payout ${payout.id} has no Stripe account`);
    return this.call(() =>
      this.stripe.transfers.create(
        {
          amount: Number(payout.amount_minor),
          currency: payout.currency.toLowerCase(),
          destination: payout.stripe_account_id as string,
          transfer_group: payout.id,
          description: `StreetTeam payout ${payout.id}`,
          metadata: {
            payout_id: payout.id,
            payout_run_id: payout.payout_run_id ?? '',
            ambassador_id: payout.ambassador_id,
            attempt: String(payout.attempt),
          },
        },
        { idempotencyKey: transferIdempotencyKey(payout) },
      ),
    );
  }

  private call<T>(request: () => Promise<T>): Promise<T> {
    return withStripeRetry(
      async () => {
        await this.pacer.take();
        return request();
      },
      { attempts: 10, baseDelayMs: 250, maxDelayMs: 8_000 },
    );
  }

  /** Books the transfer: clearing → paid out, the payout PAID, its commissions PAID, PayoutPaid. Once, whoever calls first (this or the webhook). */
  async settle(payoutId: string, transfer: Pick<Stripe.Transfer, 'id' | 'amount' | 'created'>): Promise<boolean> {
    return this.dataSource.transaction((manager) => this.settleWith(manager, payoutId, transfer));
  }

  async settleWith(manager: EntityManager, payoutId: string, transfer: Pick<Stripe.Transfer, 'id' | 'amount' | 'created'>): Promise<boolean> {
    const [payout]: PayoutRow[] = await manager.query('SELECT * FROM payouts WHERE id = $1 FOR UPDATE', [payoutId]);
    if (!payout || payout.status === 'PAID') return false;
    if (BigInt(transfer.amount) !== BigInt(payout.amount_minor)) {
      // Never book what we did not send; reconciliation shows the difference.
      this.logger.error(`transfer ${transfer.id} is ${transfer.amount}, payout ${payoutId} is ${payout.amount_minor}`);
    }
    const ref = { payoutId, ambassadorId: payout.ambassador_id, currency: payout.currency };
    await this.ledger.post(manager, [{ posting: payoutSettled(ref, BigInt(payout.amount_minor)), payoutId, description: postingDescriptions.PAYOUT_SETTLED }]);
    const paidAt = new Date(transfer.created ? transfer.created * 1000 : Date.now());
    await manager.query(
      `UPDATE payouts SET status = 'PAID', stripe_transfer_id = $2, paid_at = $3, failure_code = NULL, failure_message = NULL, retryable = NULL WHERE id = $1`,
      [payoutId, transfer.id, paidAt],
    );
    const settled = await returning<{ id: string }>(manager, `UPDATE commissions SET stage = 'PAID' WHERE payout_id = $1 RETURNING id`, [payoutId]);
    await this.outbox.append(manager, PayoutPaid, {
      payoutId,
      payoutRunId: payout.payout_run_id ?? undefined,
      ambassadorId: payout.ambassador_id,
      amountMinor: Number(payout.amount_minor),
      currency: payout.currency,
      stripeTransferId: transfer.id,
      commissionIds: settled.map((c) => c.id).sort(),
      paidAt: paidAt.toISOString(),
    });
    return true;
  }

  /**
   * A retryable failure (429/5xx past the retries) keeps the reservation: the transfer may
   * exist, and a retry looks it up first. Any other refusal is final for this attempt: the
   * reservation is undone, so the money is available again.
   */
  private async fail(payout: PayoutRow, error: unknown): Promise<void> {
    const retryable = isRetryableStripeError(error);
    const stripeError = error as { code?: string; message?: string; type?: string };
    const code = stripeError.code ?? stripeError.type ?? 'unknown';
    const message = (stripeError.message ?? String(error)).slice(0, 1000);
    await this.dataSource.transaction(async (manager) => {
      const [current]: PayoutRow[] = await manager.query('SELECT * FROM payouts WHERE id = $1 FOR UPDATE', [payout.id]);
      if (!current || current.status !== 'SENDING') return;
      if (!retryable) {
        const ref = { payoutId: payout.id, ambassadorId: payout.ambassador_id, currency: payout.currency };
        const amounts = { availableMinor: BigInt(payout.available_minor), nettedMinor: BigInt(payout.netted_minor), transferMinor: BigInt(payout.amount_minor) };
        await this.ledger.post(manager, [{ posting: payoutCancelled(ref, amounts, payout.attempt), payoutId: payout.id, description: postingDescriptions.PAYOUT_CANCELLED }]);
        await manager.query(`UPDATE commissions SET payout_id = NULL WHERE payout_id = $1`, [payout.id]);
      }
      await manager.query(`UPDATE payouts SET status = 'FAILED', failure_code = $2, failure_message = $3, retryable = $4 WHERE id = $1`, [
        payout.id,
        code,
        message,
        retryable,
      ]);
    });
    this.logger.warn(`payout ${payout.id} failed (${retryable ? 'retryable' : 'final'}): ${code}: ${message}`);
  }
}
