import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { ClaimResolved, ReplacementRequested, StoreCreditIssued } from '@streetteam/contracts';
import { Outbox } from '@streetteam/messaging';
import { JsonLogger } from '@streetteam/platform';
import { Stripe, withStripeRetry } from '@streetteam/stripe';
import { returning } from '@streetteam/persistence';
import { FollowUpService } from '../follow-ups/follow-up.service';
import { clawsBack } from '../programs/guarantee-policy';
import { ProgramEntity } from '../programs/program.entity';
import { mayHaveForgottenKey, refundIdempotencyKey, slaDueAt } from './claim-rules';
import { ClaimResolutionEntity, GuaranteeClaimEntity } from './claim.entity';
import { recordOnTimeline, SYSTEM_ACTOR } from './claim-timeline';
import { isPermanentStripeError, RECOVERY_FAULTS, RECOVERY_STRIPE, RecoveryFaults, refundParams } from './stripe-refunds';

/** How long the caller that started a refund has it to itself before the sweeper may take over. */
export const REFUND_LEASE_MS = 2 * 60_000;

export type RefundOutcome = 'COMPLETED' | 'ALREADY_DONE' | 'RETRY_LATER' | 'FAILED';

/**
 * Makes a claim right. Replacement and store credit complete in the claim's own
 * transaction. A refund goes in three steps, so that a kill at any moment neither
 * loses nor doubles money: a PENDING resolution is committed with the claim; Stripe
 * is called with an idempotency key from the claim id; the resolution, the claim and
 * ClaimResolved are saved in one transaction. The sweeper finishes what a crash left.
 */
@Injectable()
export class ClaimResolutionService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly outbox: Outbox,
    private readonly followUps: FollowUpService,
    private readonly logger: JsonLogger,
    @Inject(RECOVERY_STRIPE) private readonly stripe: Stripe,
    @Inject(RECOVERY_FAULTS) private readonly faults: RecoveryFaults,
  ) {}

  /**
   * Starts the resolution of a claim in the caller's transaction (the claim is locked or
   * new). Returns the resolution id of a refund still to be made at Stripe, or null when done.
   */
  async start(manager: EntityManager, claim: GuaranteeClaimEntity, program: ProgramEntity, paymentIntentId: string | null, actor: string, now: Date): Promise<string | null> {
    const [{ attempts }]: Array<{ attempts: number }> = await manager.query(`SELECT count(*)::int AS attempts FROM claim_resolutions WHERE claim_id = $1`, [claim.id]);
    const attempt = attempts + 1;
    const resolution: ClaimResolutionEntity = {
      id: randomUUID(),
      claimId: claim.id,
      attempt,
      kind: claim.wantedResolution,
      amountMinor: claim.amountMinor,
      currency: claim.currency,
      clawback: clawsBack(program, claim.reason),
      status: 'PENDING',
      idempotencyKey: refundIdempotencyKey(claim.id, attempt),
      stripePaymentIntentId: claim.wantedResolution === 'REFUND' ? paymentIntentId : null,
      stripeRefundId: null,
      tries: 0,
      lastError: null,
      leaseUntil: new Date(now.getTime() + REFUND_LEASE_MS),
      createdAt: now,
      completedAt: null,
    };
    await manager.insert(ClaimResolutionEntity, resolution);
    await recordOnTimeline(manager, claim.id, actor, 'RESOLUTION_STARTED', `${resolution.kind} of ${resolution.amountMinor} ${resolution.currency}`, now);
    if (resolution.kind === 'REFUND') return resolution.id;
    await this.complete(manager, resolution, claim, program, null, now);
    return null;
  }

  /**
   * Makes (or finds) the refund at Stripe and saves it. Safe to run twice and from any
   * replica: the same idempotency key, and the save only happens while still PENDING.
   */
  async completeRefund(resolutionId: string, now = new Date()): Promise<RefundOutcome> {
    // findOneBy with an undefined id would answer any row.
    if (!resolutionId) throw new Error('completeRefund needs a resolution id');
    const resolution = await this.dataSource.getRepository(ClaimResolutionEntity).findOneBy({ id: resolutionId });
    if (!resolution || resolution.status !== 'PENDING') return 'ALREADY_DONE';
    let refund: Stripe.Refund;
    try {
      refund = await this.refundAtStripe(resolution, now);
    } catch (error) {
      return this.recordFailure(resolution, error, now);
    }
    // A crash here leaves the refund made and the resolution PENDING: the sweeper's case.
    await this.faults.afterStripeRefund?.(resolution.claimId);
    return this.dataSource.transaction(async (manager) => {
      const locked = await manager.findOne(ClaimResolutionEntity, { where: { id: resolutionId }, lock: { mode: 'pessimistic_write' } });
      if (!locked || locked.status !== 'PENDING') return 'ALREADY_DONE';
      const claim = await manager.findOneByOrFail(GuaranteeClaimEntity, { id: locked.claimId });
      const program = await manager.findOneByOrFail(ProgramEntity, { id: claim.programId });
      await this.complete(manager, { ...locked, tries: locked.tries + 1 }, claim, program, refund.id, new Date());
      return 'COMPLETED';
    });
  }

  /**
   * Pending refunds whose lease ran out (their process died, or Stripe was away), taken
   * with SKIP LOCKED so replicas never work on the same one at once.
   */
  async sweep(now = new Date(), limit = 20): Promise<number> {
    const taken = await returning<{ id: string }>(
      this.dataSource,
      `UPDATE claim_resolutions SET lease_until = $1::timestamptz + $3 * interval '1 millisecond'
        WHERE id IN (
          SELECT id FROM claim_resolutions
           WHERE status = 'PENDING' AND (lease_until IS NULL OR lease_until <= $1)
           ORDER BY created_at LIMIT $2
           FOR UPDATE SKIP LOCKED)
        RETURNING id`,
      [now, limit, REFUND_LEASE_MS],
    );
    for (const { id } of taken) await this.completeRefund(id, now);
    return taken.length;
  }

  private async refundAtStripe(resolution: ClaimResolutionEntity, now: Date): Promise<Stripe.Refund> {
    const paymentIntent = resolution.stripePaymentIntentId as string;
    // After a day Stripe may have forgotten the key: a refund made before the crash is found by its metadata.
    if (mayHaveForgottenKey(resolution.createdAt, now)) {
      const existing = await withStripeRetry(() => this.stripe.refunds.list({ payment_intent: paymentIntent, limit: 100 }));
      const found = existing.data.find((refund) => refund.metadata?.resolutionId === resolution.id && refund.status !== 'failed' && refund.status !== 'canceled');
      if (found) return found;
    }
    return withStripeRetry(() =>
      this.stripe.refunds.create(
        refundParams({ claimId: resolution.claimId, resolutionId: resolution.id, paymentIntentId: paymentIntent, amountMinor: resolution.amountMinor, idempotencyKey: resolution.idempotencyKey }),
        { idempotencyKey: resolution.idempotencyKey },
      ),
    );
  }

  /**
   * A refund that did not happen. Stripe being away waits for the sweeper; Stripe saying the
   * refund itself is wrong puts the claim before a supervisor (a human, never a silent drop).
   */
  private async recordFailure(resolution: ClaimResolutionEntity, error: unknown, now: Date): Promise<RefundOutcome> {
    const message = error instanceof Error ? error.message : String(error);
    const permanent = isPermanentStripeError(error);
    this.logger.warn({ msg: 'guarantee refund failed', claimId: resolution.claimId, resolutionId: resolution.id, permanent, err: message }, 'ClaimResolutionService');
    return this.dataSource.transaction(async (manager) => {
      const locked = await manager.findOne(ClaimResolutionEntity, { where: { id: resolution.id }, lock: { mode: 'pessimistic_write' } });
      if (!locked || locked.status !== 'PENDING') return 'ALREADY_DONE';
      const tries = locked.tries + 1;
      if (!permanent) {
        const backoffMs = Math.min(30 * 60_000, 5_000 * 2 ** Math.min(tries, 10));
        await manager.update(ClaimResolutionEntity, { id: locked.id }, { tries, lastError: message.slice(0, 1000), leaseUntil: new Date(now.getTime() + backoffMs) });
        return 'RETRY_LATER';
      }
      await manager.update(ClaimResolutionEntity, { id: locked.id }, { tries, lastError: message.slice(0, 1000), status: 'FAILED', leaseUntil: null });
      const claim = await manager.findOneByOrFail(GuaranteeClaimEntity, { id: locked.claimId });
      const program = await manager.findOneByOrFail(ProgramEntity, { id: claim.programId });
      await manager.update(GuaranteeClaimEntity, { id: claim.id }, { status: 'ESCALATED', escalationReason: `the refund failed at Stripe: ${message.slice(0, 300)}`, slaDueAt: slaDueAt(program, now) });
      await recordOnTimeline(manager, claim.id, SYSTEM_ACTOR, 'REFUND_FAILED', message.slice(0, 300), now);
      await recordOnTimeline(manager, claim.id, SYSTEM_ACTOR, 'ESCALATED', 'the refund failed at Stripe', now);
      return 'FAILED';
    });
  }

  /** Saves what was done, the claim resolved, its events and its follow-up: one transaction. */
  private async complete(manager: EntityManager, resolution: ClaimResolutionEntity, claim: GuaranteeClaimEntity, program: ProgramEntity, stripeRefundId: string | null, now: Date): Promise<void> {
    await manager.update(ClaimResolutionEntity, { id: resolution.id }, { status: 'COMPLETED', stripeRefundId, completedAt: now, leaseUntil: null, tries: resolution.tries, lastError: null });
    await manager.update(GuaranteeClaimEntity, { id: claim.id }, { status: 'RESOLVED', resolvedAt: now });
    if (resolution.kind === 'REPLACEMENT') {
      await this.outbox.append(manager, ReplacementRequested, {
        claimId: claim.id,
        programId: claim.programId,
        orderId: claim.orderId,
        items: claim.items.map(({ sku, quantity }) => ({ sku, quantity })),
        requestedAt: now.toISOString(),
      });
    }
    if (resolution.kind === 'STORE_CREDIT') {
      await this.outbox.append(manager, StoreCreditIssued, {
        claimId: claim.id,
        programId: claim.programId,
        orderId: claim.orderId,
        customerId: claim.customerId,
        amountMinor: resolution.amountMinor,
        currency: resolution.currency,
        issuedAt: now.toISOString(),
      });
    }
    await this.outbox.append(manager, ClaimResolved, {
      claimId: claim.id,
      resolutionId: resolution.id,
      programId: claim.programId,
      orderId: claim.orderId,
      customerId: claim.customerId,
      resolution: resolution.kind,
      reason: claim.reason,
      amountMinor: resolution.amountMinor,
      currency: resolution.currency,
      clawback: resolution.clawback,
      ...(stripeRefundId && { stripeRefundId }),
      resolvedAt: now.toISOString(),
    });
    await this.followUps.schedule(manager, claim, now, program.followUpDelayHours);
    await recordOnTimeline(manager, claim.id, SYSTEM_ACTOR, 'RESOLVED', stripeRefundId ? `refund ${stripeRefundId}` : resolution.kind, now);
  }
}
