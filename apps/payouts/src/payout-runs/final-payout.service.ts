import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { withSessionLock } from '@streetteam/persistence';
import { payoutReserved } from '../ledger/ledger';
import { LedgerService } from '../ledger/ledger.service';
import { PAYOUTS_CONFIG, PayoutsConfig } from '../payouts-config';
import { loadPayoutCandidates } from './payout-candidates';
import { decidePayout } from './payout-run-rules';
import { inParallel, insertPayouts } from './payout-run.service';
import { PayoutSender } from './payout-sender';

// Reasons that may clear up (an account finished, a W-9 sent, a hold lifted): the final payout waits for them.
const WAIT_FOR = new Set(['ACCOUNT_NOT_READY', 'TAX_FORM_REQUIRED', 'FRAUD_HOLD']);

/**
 * An offboarded ambassador gets a final payout of what is available, without waiting for
 * the next run (no minimum). `finalPayoutJob` calls `payDue()` on every replica; ambassadors
 * are claimed with SKIP LOCKED.
 */
@Injectable()
export class FinalPayoutService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly ledger: LedgerService,
    private readonly sender: PayoutSender,
    @Inject(PAYOUTS_CONFIG) private readonly config: PayoutsConfig,
  ) {}

  /** Creates the final payouts now due, then sends every final payout not yet sent. Returns how many were paid. */
  async payDue(now = new Date()): Promise<number> {
    await this.dataSource.transaction(async (manager) => {
      const due: Array<{ id: string }> = await manager.query(
        'SELECT id FROM ambassadors WHERE final_payout_due_at IS NOT NULL ORDER BY final_payout_due_at LIMIT 200 FOR UPDATE SKIP LOCKED',
      );
      for (const { id: ambassadorId } of due) {
        await manager.query(`SELECT id FROM commissions WHERE ambassador_id = $1 AND stage = 'AVAILABLE' AND payout_id IS NULL ORDER BY id FOR UPDATE`, [ambassadorId]);
        const currencies: Array<{ currency: string }> = await manager.query('SELECT DISTINCT currency FROM ledger_accounts WHERE ambassador_id = $1', [ambassadorId]);
        let waiting = false;
        for (const { currency } of currencies) {
          const [candidate] = await loadPayoutCandidates(manager, { currency, cutoffAt: now, year: now.getUTCFullYear(), ambassadorIds: [ambassadorId] });
          if (!candidate) continue;
          const decision = decidePayout(candidate, { currency, minimumMinor: 1n, year: now.getUTCFullYear() });
          if (!decision.pay) {
            waiting ||= WAIT_FOR.has(decision.reason);
            continue;
          }
          const [account] = await manager.query('SELECT stripe_account_id FROM payout_accounts WHERE ambassador_id = $1', [ambassadorId]);
          const payout = { id: randomUUID(), ambassadorId, decision };
          await insertPayouts(manager, null, 'FINAL', currency, now, [payout], new Map([[ambassadorId, account.stripe_account_id as string]]));
          await this.ledger.post(manager, [
            { posting: payoutReserved({ payoutId: payout.id, ambassadorId, currency }, decision.amounts), payoutId: payout.id, description: 'final payout being sent' },
          ]);
        }
        if (!waiting) await manager.query('UPDATE ambassadors SET final_payout_due_at = NULL WHERE id = $1', [ambassadorId]);
      }
    });
    const sent = await withSessionLock(this.dataSource, 'payouts.final-payouts', { wait: false }, async () => {
      const open: Array<{ id: string }> = await this.dataSource.query(`SELECT id FROM payouts WHERE kind = 'FINAL' AND status IN ('PENDING', 'SENDING') ORDER BY id`);
      let paid = 0;
      await inParallel(open, this.config.transferConcurrency, async ({ id }) => {
        if ((await this.sender.send(id)) === 'PAID') paid++;
      });
      return paid;
    });
    return sent.locked ? sent.value : 0;
  }
}
