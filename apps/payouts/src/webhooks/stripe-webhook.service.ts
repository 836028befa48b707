import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Stripe } from '@streetteam/stripe';
import { returning } from '@streetteam/persistence';
import { transferReversed } from '../ledger/ledger';
import { LedgerService, postingDescriptions } from '../ledger/ledger.service';
import { PayoutAccountService } from '../payout-accounts/payout-account.service';
import { PayoutRow, PayoutSender } from '../payout-runs/payout-sender';

export type WebhookOutcome = 'handled' | 'duplicate' | 'ignored';

/**
 * Stripe's events, each id once (recorded in the same transaction as its effect), in any
 * order: each handler checks the state it finds rather than assuming the previous event came.
 */
@Injectable()
export class StripeWebhookService {
  private readonly logger = new Logger(StripeWebhookService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly ledger: LedgerService,
    private readonly accounts: PayoutAccountService,
    private readonly sender: PayoutSender,
  ) {}

  handle(event: Stripe.Event): Promise<WebhookOutcome> {
    return this.dataSource.transaction(async (manager) => {
      const known = ['account.updated', 'transfer.created', 'transfer.reversed', 'transfer.updated', 'payout.paid', 'payout.failed'].includes(event.type);
      const [fresh] = await manager.query(
        `INSERT INTO stripe_events (id, type, created, livemode, outcome) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (id) DO NOTHING RETURNING id`,
        [event.id, event.type, event.created, event.livemode, known ? 'handled' : 'ignored'],
      );
      if (!fresh) return 'duplicate';
      if (!known) return 'ignored';
      const object = event.data.object as unknown;
      switch (event.type) {
        case 'account.updated':
          await this.accounts.accountUpdated(manager, object as Stripe.Account, event.created);
          break;
        case 'transfer.created':
          await this.transferSeen(manager, object as Stripe.Transfer);
          break;
        case 'transfer.reversed':
        case 'transfer.updated':
          await this.transferSeen(manager, object as Stripe.Transfer);
          await this.reversalsSeen(manager, object as Stripe.Transfer);
          break;
        case 'payout.paid':
        case 'payout.failed':
          await this.bankPayout(manager, object as Stripe.Payout, event.account ?? '', event.created);
          break;
      }
      return 'handled';
    });
  }

  private async payoutOf(manager: EntityManager, transfer: Stripe.Transfer): Promise<PayoutRow | undefined> {
    const payoutId = transfer.metadata?.payout_id ?? transfer.transfer_group;
    if (!payoutId || !/^[0-9a-f-]{36}$/i.test(payoutId)) return undefined;
    const [payout]: PayoutRow[] = await manager.query('SELECT * FROM payouts WHERE id = $1 FOR UPDATE', [payoutId]);
    return payout;
  }

  /** A transfer of ours that we have not booked yet (the process died after Stripe made it): book it now. */
  private async transferSeen(manager: EntityManager, transfer: Stripe.Transfer): Promise<void> {
    const payout = await this.payoutOf(manager, transfer);
    if (!payout || payout.status === 'PAID') return;
    if (transfer.metadata?.attempt && transfer.metadata.attempt !== String(payout.attempt)) return;
    // A refused attempt's reservation was undone; only a payout still on its way is booked.
    if (payout.status === 'SENDING' || (payout.status === 'FAILED' && payout.retryable)) {
      await this.sender.settleWith(manager, payout.id, transfer);
    }
  }

  /** Each Stripe transfer reversal puts its amount back in the ambassador's available balance, once. */
  private async reversalsSeen(manager: EntityManager, transfer: Stripe.Transfer): Promise<void> {
    // Read after transferSeen in the same transaction: what it may have just settled.
    const current = await this.payoutOf(manager, transfer);
    if (!current || current.status !== 'PAID') {
      if ((transfer.reversals?.data ?? []).length > 0) this.logger.warn(`transfer ${transfer.id} reversed but no paid payout of ours matches`);
      return;
    }
    for (const reversal of transfer.reversals?.data ?? []) {
      const [fresh] = await manager.query(
        `INSERT INTO transfer_reversals (id, payout_id, stripe_transfer_id, amount_minor, currency) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (id) DO NOTHING RETURNING id`,
        [reversal.id, current.id, transfer.id, reversal.amount, current.currency],
      );
      if (!fresh) continue;
      await this.ledger.post(manager, [
        {
          posting: transferReversed({ payoutId: current.id, ambassadorId: current.ambassador_id, currency: current.currency }, reversal.id, BigInt(reversal.amount)),
          payoutId: current.id,
          description: postingDescriptions.TRANSFER_REVERSED,
        },
      ]);
      const [updated] = await returning<{ reversed_minor: string; amount_minor: string }>(
        manager,
        'UPDATE payouts SET reversed_minor = reversed_minor + $2 WHERE id = $1 RETURNING reversed_minor::text, amount_minor::text',
        [current.id, reversal.amount],
      );
      // Wholly reversed: its commissions are unpaid again and the next run pays them.
      if (updated.reversed_minor === updated.amount_minor) {
        await manager.query(`UPDATE commissions SET stage = 'AVAILABLE', payout_id = NULL WHERE payout_id = $1`, [current.id]);
      }
    }
  }

  /** The connected account's payout to the ambassador's bank: kept, newest state by event time. */
  private async bankPayout(manager: EntityManager, payout: Stripe.Payout, account: string, created: number): Promise<void> {
    await manager.query(
      `INSERT INTO bank_payouts (id, stripe_account_id, amount_minor, currency, status, failure_code, failure_message, stripe_created)
       VALUES ($1, $2, $3, upper($4), $5, $6, $7, $8)
       ON CONFLICT (id) DO UPDATE SET status = EXCLUDED.status, failure_code = EXCLUDED.failure_code, failure_message = EXCLUDED.failure_message,
         stripe_created = EXCLUDED.stripe_created, updated_at = now()
       WHERE bank_payouts.stripe_created <= EXCLUDED.stripe_created`,
      [payout.id, account, payout.amount, payout.currency, payout.status, payout.failure_code ?? null, payout.failure_message ?? null, created],
    );
  }
}
