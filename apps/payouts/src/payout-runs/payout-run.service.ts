import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { isCurrencyCode } from '@streetteam/money';
import { returning, withSessionLock } from '@streetteam/persistence';
import { payoutReserved } from '../ledger/ledger';
import { LedgerService, postingDescriptions } from '../ledger/ledger.service';
import { PAYOUTS_CONFIG, PayoutsConfig } from '../payouts-config';
import { loadPayoutCandidates } from './payout-candidates';
import { decidePayout, mayApprove, PayoutDecision, SkipReason } from './payout-run-rules';
import { PayoutRunErrorCode, PayoutRunException } from './payout-run.exception';
import { PayoutRow, PayoutSender } from './payout-sender';

export type PayoutRunStatus = 'CREATED' | 'APPROVED' | 'EXECUTING' | 'COMPLETED' | 'COMPLETED_WITH_FAILURES';

export interface PayoutRunRow {
  id: string;
  currency: string;
  minimum_minor: string;
  cutoff_at: Date;
  status: PayoutRunStatus;
  created_by: string;
  approved_by: string | null;
  approved_at: Date | null;
  started_at: Date | null;
  finished_at: Date | null;
  created_at: Date;
}

export interface PreviewLine {
  ambassadorId: string;
  pay: boolean;
  amountMinor: bigint;
  nettedMinor: bigint;
  reason?: SkipReason;
  detail?: string;
}

export interface RunProgress {
  total: number;
  pending: number;
  sending: number;
  paid: number;
  failed: number;
  skipped: number;
  paidMinor: bigint;
}

export interface NewPayoutRun {
  currency: string;
  minimumMinor: number;
  cutoffAt: Date;
}

@Injectable()
export class PayoutRunService {
  /** Set at shutdown: runs in progress stop taking new payouts (the next execute resumes them). */
  stopping = false;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly ledger: LedgerService,
    private readonly sender: PayoutSender,
    @Inject(PAYOUTS_CONFIG) private readonly config: PayoutsConfig,
  ) {}

  async create(input: NewPayoutRun, createdBy: string): Promise<PayoutRunRow> {
    if (!isCurrencyCode(input.currency)) throw new PayoutRunException(PayoutRunErrorCode.INVALID_INPUT, `currency: ${input.currency} is not a supported ISO 4217 code`);
    if (!Number.isSafeInteger(input.minimumMinor) || input.minimumMinor < 0) {
      throw new PayoutRunException(PayoutRunErrorCode.INVALID_INPUT, 'minimumMinor: must be a whole number of minor units, 0 or more');
    }
    if (Number.isNaN(input.cutoffAt.getTime()) || input.cutoffAt.getTime() > Date.now() + 60_000) {
      throw new PayoutRunException(PayoutRunErrorCode.INVALID_INPUT, 'cutoffAt: must be a date not in the future');
    }
    const [row]: PayoutRunRow[] = await this.dataSource.query(
      `INSERT INTO payout_runs (id, currency, minimum_minor, cutoff_at, status, created_by) VALUES ($1, $2, $3, $4, 'CREATED', $5) RETURNING *`,
      [randomUUID(), input.currency, input.minimumMinor, input.cutoffAt, createdBy],
    );
    return row;
  }

  async get(runId: string, manager: EntityManager = this.dataSource.manager, lock = false): Promise<PayoutRunRow> {
    const [row]: PayoutRunRow[] = await manager.query(`SELECT * FROM payout_runs WHERE id = $1 ${lock ? 'FOR UPDATE' : ''}`, [runId]);
    if (!row) throw new PayoutRunException(PayoutRunErrorCode.NOT_FOUND, `payoutRunId: no payout run ${runId}`);
    return row;
  }

  list(limit = 50): Promise<PayoutRunRow[]> {
    return this.dataSource.query('SELECT * FROM payout_runs ORDER BY created_at DESC, id LIMIT $1', [limit]);
  }

  /** Who would be paid what, and who is skipped and why, if the run executed now. */
  async preview(runId: string, manager: EntityManager = this.dataSource.manager): Promise<PreviewLine[]> {
    const run = await this.get(runId, manager);
    const candidates = await loadPayoutCandidates(manager, { currency: run.currency, cutoffAt: run.cutoff_at, year: yearOf(new Date()) });
    return candidates.map((candidate) => toLine(candidate.ambassadorId, decidePayout(candidate, termsOf(run))));
  }

  async approve(runId: string, approver: string): Promise<PayoutRunRow> {
    return this.dataSource.transaction(async (manager) => {
      const run = await this.get(runId, manager, true);
      if (run.status !== 'CREATED') throw new PayoutRunException(PayoutRunErrorCode.ALREADY_APPROVED, `payoutRunId: run ${runId} is already ${run.status}`);
      if (!mayApprove(run.created_by, approver)) {
        throw new PayoutRunException(PayoutRunErrorCode.OWN_RUN, 'payoutRunId: a run must be approved by another finance user than its creator');
      }
      const [row] = await returning<PayoutRunRow>(
        manager,
        `UPDATE payout_runs SET status = 'APPROVED', approved_by = $2, approved_at = now() WHERE id = $1 RETURNING *`,
        [runId, approver],
      );
      return row;
    });
  }

  /**
   * Executes an approved run, or resumes one that was cut off: first, in one transaction,
   * one Payout per payable ambassador with its money reserved in the ledger (and the
   * skips recorded); then each payout's transfer, side by side up to the configured
   * concurrency. A crash at any point leaves either nothing (the first step rolled back)
   * or payouts that the next execute resumes without paying anyone twice.
   */
  async execute(runId: string, onProgress?: (progress: RunProgress) => void): Promise<RunProgress> {
    // One executor per run at a time, across replicas.
    const run = await withSessionLock(this.dataSource, `payout-run:${runId}`, { wait: false }, async () => {
      await this.materialize(runId);
      await this.sendAll(runId, onProgress);
      return this.finish(runId);
    });
    if (!run.locked) throw new PayoutRunException(PayoutRunErrorCode.EXECUTING_ELSEWHERE, `payoutRunId: run ${runId} is being executed by another process`);
    return run.value;
  }

  private async materialize(runId: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const run = await this.get(runId, manager, true);
      if (run.status === 'CREATED') throw new PayoutRunException(PayoutRunErrorCode.NOT_APPROVED, `payoutRunId: run ${runId} must be approved by a second finance user first`);
      if (run.status !== 'APPROVED') return;
      // Lock what the amounts come from, so a reversal or a transfer reversal arriving now
      // waits and then sees the payout (and books a clawback instead of overdrawing).
      await manager.query(
        `SELECT id FROM commissions WHERE currency = $1 AND stage = 'AVAILABLE' AND payout_id IS NULL ORDER BY id FOR UPDATE`,
        [run.currency],
      );
      await manager.query(
        `SELECT b.account_id FROM ledger_balances b JOIN ledger_accounts a ON a.id = b.account_id
          WHERE a.currency = $1 AND a.kind IN ('AMBASSADOR_AVAILABLE', 'CLAWBACK_RECEIVABLE') ORDER BY b.account_id FOR UPDATE OF b`,
        [run.currency],
      );
      const candidates = await loadPayoutCandidates(manager, { currency: run.currency, cutoffAt: run.cutoff_at, year: yearOf(new Date()) });
      const pay: Array<{ ambassadorId: string; decision: Extract<PayoutDecision, { pay: true }> }> = [];
      const skips: PreviewLine[] = [];
      for (const candidate of candidates) {
        const decision = decidePayout(candidate, termsOf(run));
        if (decision.pay) pay.push({ ambassadorId: candidate.ambassadorId, decision });
        else if (decision.reason !== 'NOTHING_AVAILABLE') skips.push(toLine(candidate.ambassadorId, decision));
      }
      const accounts = new Map<string, string>(
        (
          (await manager.query('SELECT ambassador_id, stripe_account_id FROM payout_accounts WHERE ambassador_id = ANY($1::uuid[])', [
            pay.map((p) => p.ambassadorId),
          ])) as Array<{ ambassador_id: string; stripe_account_id: string }>
        ).map((row) => [row.ambassador_id, row.stripe_account_id]),
      );
      const payouts = pay.map((p) => ({ id: randomUUID(), ...p }));
      await insertPayouts(manager, runId, 'RUN', run.currency, run.cutoff_at, payouts, accounts);
      await this.ledger.post(
        manager,
        payouts.map((p) => ({
          posting: payoutReserved({ payoutId: p.id, ambassadorId: p.ambassadorId, currency: run.currency }, p.decision.amounts),
          payoutId: p.id,
          description: postingDescriptions.PAYOUT_RESERVED,
        })),
      );
      await manager.query(
        `INSERT INTO payout_run_skips (payout_run_id, ambassador_id, reason, detail, amount_minor)
         SELECT $1, * FROM unnest($2::uuid[], $3::text[], $4::text[], $5::bigint[])`,
        [runId, skips.map((s) => s.ambassadorId), skips.map((s) => s.reason), skips.map((s) => s.detail), skips.map((s) => s.amountMinor.toString())],
      );
      await manager.query(`UPDATE payout_runs SET status = 'EXECUTING', started_at = now() WHERE id = $1`, [runId]);
    });
  }

  private async sendAll(runId: string, onProgress?: (progress: RunProgress) => void): Promise<void> {
    const open: Array<{ id: string }> = await this.dataSource.query(
      `SELECT id FROM payouts WHERE payout_run_id = $1 AND status IN ('PENDING', 'SENDING') ORDER BY status DESC, id`,
      [runId],
    );
    let lastReport = 0;
    await inParallel(open, this.config.transferConcurrency, async ({ id }) => {
      if (this.stopping) return;
      await this.sender.send(id);
      if (onProgress && Date.now() - lastReport > 250) {
        lastReport = Date.now();
        onProgress(await this.progress(runId));
      }
    });
  }

  private async finish(runId: string): Promise<RunProgress> {
    const progress = await this.progress(runId);
    if (progress.pending + progress.sending === 0) {
      await this.dataSource.query(`UPDATE payout_runs SET status = $2, finished_at = now() WHERE id = $1 AND status = 'EXECUTING'`, [
        runId,
        progress.failed > 0 ? 'COMPLETED_WITH_FAILURES' : 'COMPLETED',
      ]);
    }
    return progress;
  }

  async progress(runId: string): Promise<RunProgress> {
    const [row] = await this.dataSource.query(
      `SELECT count(*)::int AS total,
              count(*) FILTER (WHERE status = 'PENDING')::int AS pending,
              count(*) FILTER (WHERE status = 'SENDING')::int AS sending,
              count(*) FILTER (WHERE status = 'PAID')::int AS paid,
              count(*) FILTER (WHERE status = 'FAILED')::int AS failed,
              coalesce(sum(amount_minor) FILTER (WHERE status = 'PAID'), 0)::text AS paid_minor,
              (SELECT count(*) FROM payout_run_skips WHERE payout_run_id = $1)::int AS skipped
         FROM payouts WHERE payout_run_id = $1`,
      [runId],
    );
    return { total: row.total, pending: row.pending, sending: row.sending, paid: row.paid, failed: row.failed, skipped: row.skipped, paidMinor: BigInt(row.paid_minor) };
  }

  payouts(runId: string, status?: string, limit = 500): Promise<PayoutRow[]> {
    return this.dataSource.query(
      `SELECT * FROM payouts WHERE payout_run_id = $1 AND ($2::text IS NULL OR status = $2) ORDER BY created_at, id LIMIT $3`,
      [runId, status ?? null, limit],
    );
  }

  skips(runId: string): Promise<Array<{ ambassador_id: string; reason: SkipReason; detail: string; amount_minor: string }>> {
    return this.dataSource.query('SELECT * FROM payout_run_skips WHERE payout_run_id = $1 ORDER BY ambassador_id', [runId]);
  }

  /**
   * Puts the run's failed payouts back in line and the run EXECUTING again, for execute to
   * send. One that failed on 429/5xx keeps its reservation and attempt (it may exist at
   * Stripe: it is looked up first); one Stripe refused starts a new attempt with its money
   * reserved again.
   */
  async prepareRetry(runId: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const run = await this.get(runId, manager, true);
      if (run.status !== 'COMPLETED_WITH_FAILURES' && run.status !== 'EXECUTING') {
        throw new PayoutRunException(PayoutRunErrorCode.NOT_RETRYABLE, `payoutRunId: run ${runId} is ${run.status}; only a run with failed payouts can be retried`);
      }
      const failed: PayoutRow[] = await manager.query(`SELECT * FROM payouts WHERE payout_run_id = $1 AND status = 'FAILED' ORDER BY id FOR UPDATE`, [runId]);
      for (const payout of failed) await this.requeue(manager, payout);
      await manager.query(`UPDATE payout_runs SET status = 'EXECUTING', finished_at = NULL WHERE id = $1`, [runId]);
    });
  }

  private async requeue(manager: EntityManager, payout: PayoutRow): Promise<void> {
    if (payout.retryable) {
      await manager.query(`UPDATE payouts SET status = 'SENDING' WHERE id = $1`, [payout.id]);
      return;
    }
    const position = await this.ledger.position(manager, payout.ambassador_id, payout.currency);
    if (position.availableMinor < BigInt(payout.available_minor)) {
      throw new PayoutRunException(
        PayoutRunErrorCode.BALANCE_CHANGED,
        `payoutRunId: payout ${payout.id} needs ${payout.available_minor} available but ${position.availableMinor} is; pay it in a new run`,
      );
    }
    const attempt = payout.attempt + 1;
    const amounts = { availableMinor: BigInt(payout.available_minor), nettedMinor: BigInt(payout.netted_minor), transferMinor: BigInt(payout.amount_minor) };
    await this.ledger.post(manager, [
      { posting: payoutReserved({ payoutId: payout.id, ambassadorId: payout.ambassador_id, currency: payout.currency }, amounts, attempt), payoutId: payout.id, description: postingDescriptions.PAYOUT_RESERVED },
    ]);
    const [account] = await manager.query('SELECT stripe_account_id FROM payout_accounts WHERE ambassador_id = $1', [payout.ambassador_id]);
    await manager.query(
      `UPDATE commissions SET payout_id = $2 WHERE ambassador_id = $1 AND currency = $3 AND stage = 'AVAILABLE' AND payout_id IS NULL AND NOT held`,
      [payout.ambassador_id, payout.id, payout.currency],
    );
    await manager.query(`UPDATE payouts SET status = 'PENDING', attempt = $2, stripe_account_id = $3 WHERE id = $1`, [payout.id, attempt, account?.stripe_account_id ?? payout.stripe_account_id]);
  }
}

/** Inserts payouts and ties each one's commissions (available, not held, earned by the cut-off) to it. */
export async function insertPayouts(
  manager: EntityManager,
  runId: string | null,
  kind: 'RUN' | 'FINAL',
  currency: string,
  cutoffAt: Date,
  payouts: Array<{ id: string; ambassadorId: string; decision: Extract<PayoutDecision, { pay: true }> }>,
  accounts: Map<string, string>,
): Promise<void> {
  if (payouts.length === 0) return;
  await manager.query(
    `INSERT INTO payouts (id, payout_run_id, kind, ambassador_id, currency, available_minor, netted_minor, amount_minor, status, stripe_account_id)
     SELECT id, $1, $2, ambassador_id, $3, available, netted, amount, 'PENDING', account
       FROM unnest($4::uuid[], $5::uuid[], $6::bigint[], $7::bigint[], $8::bigint[], $9::text[]) AS p(id, ambassador_id, available, netted, amount, account)`,
    [
      runId,
      kind,
      currency,
      payouts.map((p) => p.id),
      payouts.map((p) => p.ambassadorId),
      payouts.map((p) => p.decision.amounts.availableMinor.toString()),
      payouts.map((p) => p.decision.amounts.nettedMinor.toString()),
      payouts.map((p) => p.decision.amounts.transferMinor.toString()),
      payouts.map((p) => accounts.get(p.ambassadorId) ?? null),
    ],
  );
  await manager.query(
    `UPDATE commissions c SET payout_id = p.id
       FROM unnest($1::uuid[], $2::uuid[]) AS p(id, ambassador_id)
      WHERE c.ambassador_id = p.ambassador_id AND c.currency = $3 AND c.stage = 'AVAILABLE' AND c.payout_id IS NULL AND NOT c.held AND c.earned_at <= $4`,
    [payouts.map((p) => p.id), payouts.map((p) => p.ambassadorId), currency, cutoffAt],
  );
}

function termsOf(run: PayoutRunRow) {
  return { currency: run.currency, minimumMinor: BigInt(run.minimum_minor), year: yearOf(new Date()) };
}

function yearOf(date: Date): number {
  return date.getUTCFullYear();
}

function toLine(ambassadorId: string, decision: PayoutDecision): PreviewLine {
  if (decision.pay) return { ambassadorId, pay: true, amountMinor: decision.amounts.transferMinor, nettedMinor: decision.amounts.nettedMinor };
  return {
    ambassadorId,
    pay: false,
    amountMinor: decision.amounts?.transferMinor ?? 0n,
    nettedMinor: decision.amounts?.nettedMinor ?? 0n,
    reason: decision.reason,
    detail: decision.detail,
  };
}

/** Runs `work` over `items` with at most `limit` at once. */
export async function inParallel<T>(items: T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const item = items[next++];
      await work(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
