import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { ClaimReason, ClaimResolutionKind, hashEmail, isUuid } from '@streetteam/contracts';
import { JsonLogger } from '@streetteam/platform';
import { OrderEntity } from '../orders/order.entity';
import { guaranteeEndsAt } from '../programs/guarantee-policy';
import { ProgramEntity } from '../programs/program.entity';
import { hashToken, looksLikeToken, newToken } from './access-token';
import { ClaimResolutionService } from './claim-resolution.service';
import { checkClaimItems, ClaimedItem, claimedBySku, escalationReason, refundableAmount, slaDueAt } from './claim-rules';
import { ClaimNoteEntity, ClaimResolutionEntity, ClaimStatus, ClaimTimelineEntryEntity, GuaranteeClaimEntity } from './claim.entity';
import { ClaimErrorCode, ClaimException } from './claim.exception';
import { CUSTOMER_ACTOR, recordOnTimeline } from './claim-timeline';

/** Public claim attempts allowed per client address per hour, right or wrong: enough for typos, not for guessing orders. */
export const CLAIM_ATTEMPTS_PER_ADDRESS_PER_HOUR = 10;

export interface OpenClaimInput {
  orderId: string;
  email: string;
  items: ClaimedItem[];
  reason: ClaimReason;
  resolution: ClaimResolutionKind;
  description?: string | null;
}

export type ClaimOpener = { kind: 'CUSTOMER'; address: string } | { kind: 'AGENT'; subject: string };

export interface ClaimFilter {
  status?: ClaimStatus;
  programId?: string;
}

export interface ClaimPage {
  claims: GuaranteeClaimEntity[];
  nextCursor: string | null;
}

@Injectable()
export class ClaimService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly resolutions: ClaimResolutionService,
    private readonly logger: JsonLogger,
  ) {}

  /**
   * Opens a claim proven by the order number and the email it was placed with. Inside the
   * policy it is resolved at once, no questions; a customer with repeated abuse reports or
   * an unusual number of claims waits for a supervisor instead. Returns the customer's
   * access token (shown once).
   */
  async open(input: OpenClaimInput, opener: ClaimOpener, now = new Date()): Promise<{ claim: GuaranteeClaimEntity; accessToken: string }> {
    if (opener.kind === 'CUSTOMER') await this.countAttempt(opener.address, now);
    const accessToken = newToken();
    const { claim, pendingRefund } = await this.dataSource.transaction(async (manager) => {
      // Claims on one order take turns, so two at once can't claim the same items twice.
      const order = await manager.findOne(OrderEntity, { where: { orderId: input.orderId }, lock: { mode: 'pessimistic_write' } });
      if (!order || order.customerEmailHash !== hashEmail(input.email)) {
        throw new ClaimException(ClaimErrorCode.ORDER_NOT_FOUND, 'orderId: no order has this number and email');
      }
      const program = await manager.findOneBy(ProgramEntity, { id: order.programId });
      if (!program) throw new ClaimException(ClaimErrorCode.PROGRAM_NOT_RECORDED, "orderId: the order's program is not known to recovery yet; try again in a minute");
      const endsAt = guaranteeEndsAt(program, order.placedAt);
      if (now > endsAt) {
        throw new ClaimException(
          ClaimErrorCode.OUTSIDE_GUARANTEE_WINDOW,
          `orderId: the guarantee of this order ended on ${endsAt.toISOString()} (${program.guaranteeWindowDays} days after the sale)`,
          { guaranteeEndedAt: endsAt.toISOString() },
        );
      }
      if (!program.allowedResolutions.includes(input.resolution)) {
        throw new ClaimException(ClaimErrorCode.RESOLUTION_NOT_ALLOWED, `resolution: the program offers ${program.allowedResolutions.join(', ')}, not ${input.resolution}`);
      }
      if (input.resolution === 'REFUND' && !order.stripePaymentIntentId) {
        throw new ClaimException(ClaimErrorCode.NO_PAYMENT_TO_REFUND, 'resolution: this order has no card payment to refund; ask for a replacement or store credit');
      }
      const earlier: Array<{ items: ClaimedItem[] }> = await manager.query(`SELECT items FROM guarantee_claims WHERE order_id = $1 AND status <> 'DECLINED'`, [order.orderId]);
      const check = checkClaimItems(order.items, claimedBySku(earlier), input.items);
      if (!check.ok) {
        throw new ClaimException(check.problem === 'ALREADY_CLAIMED' ? ClaimErrorCode.ALREADY_CLAIMED : ClaimErrorCode.INVALID_ITEMS, check.message, { field: check.field });
      }
      let amountMinor = check.amountMinor;
      if (input.resolution === 'REFUND') {
        amountMinor = refundableAmount(check.amountMinor, order.amountMinor, await this.refundedSoFar(manager, order.orderId));
        if (amountMinor === 0) throw new ClaimException(ClaimErrorCode.NOTHING_LEFT_TO_REFUND, 'resolution: this order was already refunded in full');
      }
      const escalation = escalationReason(program, await this.history(manager, program, order.customerEmailHash, now));
      const actor = opener.kind === 'AGENT' ? opener.subject : CUSTOMER_ACTOR;
      const claim: GuaranteeClaimEntity = {
        id: randomUUID(),
        programId: order.programId,
        orderId: order.orderId,
        customerId: order.customerId,
        customerEmailHash: order.customerEmailHash,
        customerEmail: input.email.trim().toLowerCase(),
        items: check.items,
        reason: input.reason,
        wantedResolution: input.resolution,
        description: input.description ?? null,
        amountMinor,
        currency: order.currency,
        status: escalation ? 'ESCALATED' : 'RESOLVING',
        openedBy: actor,
        openedByAgent: opener.kind === 'AGENT',
        openedFrom: opener.kind === 'CUSTOMER' ? opener.address : null,
        accessTokenHash: hashToken(accessToken),
        escalationReason: escalation,
        decidedBy: null,
        decidedAt: null,
        declineReason: null,
        handledBy: opener.kind === 'AGENT' ? opener.subject : null,
        slaDueAt: escalation ? slaDueAt(program, now) : null,
        createdAt: now,
        resolvedAt: null,
      };
      await manager.insert(GuaranteeClaimEntity, claim);
      await recordOnTimeline(manager, claim.id, actor, 'OPENED', `${claim.reason}: ${claim.wantedResolution} of ${claim.items.map((i) => `${i.quantity} × ${i.sku}`).join(', ')}`, now);
      if (escalation) {
        await recordOnTimeline(manager, claim.id, 'recovery', 'ESCALATED', escalation, now);
        return { claim, pendingRefund: null };
      }
      return { claim, pendingRefund: await this.resolutions.start(manager, claim, program, order.stripePaymentIntentId, 'recovery', now) };
    });
    await this.finishRefund(pendingRefund);
    return { claim: await this.get(claim.id), accessToken };
  }

  /** A supervisor lets an escalated claim through: it resolves as any claim inside the policy. */
  async approve(claimId: string, supervisor: string, note: string | null, now = new Date()): Promise<GuaranteeClaimEntity> {
    const pendingRefund = await this.dataSource.transaction(async (manager) => {
      const claim = await this.lockEscalated(manager, claimId);
      const order = await manager.findOneByOrFail(OrderEntity, { orderId: claim.orderId });
      const program = await manager.findOneByOrFail(ProgramEntity, { id: claim.programId });
      await manager.update(GuaranteeClaimEntity, { id: claim.id }, { status: 'RESOLVING', decidedBy: supervisor, decidedAt: now, handledBy: supervisor });
      await recordOnTimeline(manager, claim.id, supervisor, 'APPROVED', note, now);
      return this.resolutions.start(manager, { ...claim, status: 'RESOLVING' }, program, order.stripePaymentIntentId, supervisor, now);
    });
    await this.finishRefund(pendingRefund);
    return this.get(claimId);
  }

  /** A supervisor declines an escalated claim, with the reason the customer sees. */
  async decline(claimId: string, supervisor: string, reasonForCustomer: string, now = new Date()): Promise<GuaranteeClaimEntity> {
    await this.dataSource.transaction(async (manager) => {
      const claim = await this.lockEscalated(manager, claimId);
      await manager.update(GuaranteeClaimEntity, { id: claim.id }, { status: 'DECLINED', decidedBy: supervisor, decidedAt: now, handledBy: supervisor, declineReason: reasonForCustomer });
      await recordOnTimeline(manager, claim.id, supervisor, 'DECLINED', reasonForCustomer, now);
    });
    return this.get(claimId);
  }

  async addNote(claimId: string, author: string, body: string, now = new Date()): Promise<ClaimNoteEntity> {
    return this.dataSource.transaction(async (manager) => {
      await this.find(manager, claimId);
      const note: ClaimNoteEntity = { id: randomUUID(), claimId, author, body, createdAt: now };
      await manager.insert(ClaimNoteEntity, note);
      await recordOnTimeline(manager, claimId, author, 'NOTE_ADDED', null, now);
      return note;
    });
  }

  get(claimId: string): Promise<GuaranteeClaimEntity> {
    return this.find(this.dataSource.manager, claimId);
  }

  async findByAccessToken(accessToken: string): Promise<GuaranteeClaimEntity> {
    const claim = looksLikeToken(accessToken) ? await this.dataSource.getRepository(GuaranteeClaimEntity).findOneBy({ accessTokenHash: hashToken(accessToken) }) : null;
    if (!claim) throw new ClaimException(ClaimErrorCode.CLAIM_NOT_FOUND, 'accessToken: no claim has this access token');
    return claim;
  }

  /** Claims oldest first (the queue order), keyset-paged by (created_at, id). */
  async list(filter: ClaimFilter, first: number, after?: string): Promise<ClaimPage> {
    const size = Math.min(Math.max(first, 1), 100);
    const query = this.dataSource.getRepository(GuaranteeClaimEntity).createQueryBuilder('c').orderBy('c.created_at', 'ASC').addOrderBy('c.id', 'ASC').limit(size + 1);
    if (filter.status) query.andWhere('c.status = :status', { status: filter.status });
    if (filter.programId) {
      if (!isUuid(filter.programId)) throw new ClaimException(ClaimErrorCode.INVALID_INPUT, 'programId: must be a UUID');
      query.andWhere('c.program_id = :programId', { programId: filter.programId });
    }
    if (after !== undefined) {
      const [at, id, ...rest] = Buffer.from(after, 'base64url').toString('utf8').split('|');
      const createdAt = new Date(at);
      if (rest.length > 0 || !id || !isUuid(id) || Number.isNaN(createdAt.getTime())) throw new ClaimException(ClaimErrorCode.INVALID_CURSOR, 'after: is not a cursor this list gave out');
      query.andWhere('(c.created_at, c.id) > (:createdAt, :id)', { createdAt, id });
    }
    const rows = await query.getMany();
    const claims = rows.slice(0, size);
    const last = claims.at(-1);
    return { claims, nextCursor: rows.length > size && last ? Buffer.from(`${last.createdAt.toISOString()}|${last.id}`).toString('base64url') : null };
  }

  resolutionOf(claimId: string): Promise<ClaimResolutionEntity | null> {
    return this.dataSource.getRepository(ClaimResolutionEntity).findOne({ where: { claimId }, order: { attempt: 'DESC' } });
  }

  timelineOf(claimId: string): Promise<ClaimTimelineEntryEntity[]> {
    return this.dataSource.getRepository(ClaimTimelineEntryEntity).find({ where: { claimId }, order: { id: 'ASC' } });
  }

  notesOf(claimId: string): Promise<ClaimNoteEntity[]> {
    return this.dataSource.getRepository(ClaimNoteEntity).find({ where: { claimId }, order: { createdAt: 'ASC' } });
  }

  async ambassadorOf(orderId: string): Promise<string | null> {
    const rows: Array<{ ambassador_id: string }> = await this.dataSource.query(`SELECT ambassador_id FROM order_attributions WHERE order_id = $1`, [orderId]);
    return rows[0]?.ambassador_id ?? null;
  }

  async abuseReportsAgainst(customerEmailHash: string): Promise<number> {
    const [row]: Array<{ n: number }> = await this.dataSource.query(`SELECT count(*)::int AS n FROM abuse_reports WHERE customer_email_hash = $1`, [customerEmailHash]);
    return row.n;
  }

  // The refund is made after the claim is committed; if this process dies here, the sweeper makes it.
  private async finishRefund(resolutionId: string | null): Promise<void> {
    if (!resolutionId) return;
    try {
      await this.resolutions.completeRefund(resolutionId);
    } catch (error) {
      this.logger.warn({ msg: 'refund left to the sweeper', resolutionId, err: error instanceof Error ? error.message : String(error) }, 'ClaimService');
    }
  }

  private async countAttempt(address: string, now: Date): Promise<void> {
    const attempts = await this.dataSource.transaction(async (manager) => {
      await manager.query(`DELETE FROM claim_attempts WHERE address = $1 AND at < $2::timestamptz - interval '1 hour'`, [address, now]);
      await manager.query(`INSERT INTO claim_attempts (address, at) VALUES ($1, $2)`, [address, now]);
      const [row]: Array<{ n: number }> = await manager.query(`SELECT count(*)::int AS n FROM claim_attempts WHERE address = $1`, [address]);
      return row.n;
    });
    if (attempts > CLAIM_ATTEMPTS_PER_ADDRESS_PER_HOUR) {
      throw new ClaimException(ClaimErrorCode.RATE_LIMITED, `too many claims from this address: at most ${CLAIM_ATTEMPTS_PER_ADDRESS_PER_HOUR} an hour; try again later`, { retryAfterSeconds: 3600 });
    }
  }

  private async refundedSoFar(manager: EntityManager, orderId: string): Promise<number> {
    // Our own refunds come back from the shop as OrderRefunded with their stripeRefundId: counted once.
    const [row]: Array<{ refunded: string }> = await manager.query(
      `SELECT (SELECT coalesce(sum(r.amount_minor), 0) FROM claim_resolutions r JOIN guarantee_claims c ON c.id = r.claim_id
                WHERE c.order_id = $1 AND r.kind = 'REFUND' AND r.status IN ('PENDING', 'COMPLETED'))
            + (SELECT coalesce(sum(o.amount_minor), 0) FROM order_refunds o
                WHERE o.order_id = $1 AND (o.stripe_refund_id IS NULL OR o.stripe_refund_id NOT IN (
                  SELECT r.stripe_refund_id FROM claim_resolutions r WHERE r.stripe_refund_id IS NOT NULL))) AS refunded`,
      [orderId],
    );
    return Number(row.refunded);
  }

  private async history(manager: EntityManager, program: ProgramEntity, customerEmailHash: string, now: Date) {
    const [row]: Array<{ reports: number; claims: number }> = await manager.query(
      `SELECT (SELECT count(*)::int FROM abuse_reports WHERE customer_email_hash = $1) AS reports,
              (SELECT count(*)::int FROM guarantee_claims WHERE program_id = $2 AND customer_email_hash = $1
                  AND created_at > $3::timestamptz - $4 * interval '1 day') AS claims`,
      [customerEmailHash, program.id, now, program.claimCountPeriodDays],
    );
    return { abuseReports: row.reports, recentClaims: row.claims };
  }

  private async lockEscalated(manager: EntityManager, claimId: string): Promise<GuaranteeClaimEntity> {
    await this.find(manager, claimId);
    const claim = await manager.findOneOrFail(GuaranteeClaimEntity, { where: { id: claimId }, lock: { mode: 'pessimistic_write' } });
    if (claim.status !== 'ESCALATED') throw new ClaimException(ClaimErrorCode.NOT_ESCALATED, `claimId: the claim is ${claim.status}, not waiting for a supervisor`);
    return claim;
  }

  private async find(manager: EntityManager, claimId: string): Promise<GuaranteeClaimEntity> {
    const claim = isUuid(claimId) ? await manager.findOneBy(GuaranteeClaimEntity, { id: claimId }) : null;
    if (!claim) throw new ClaimException(ClaimErrorCode.CLAIM_NOT_FOUND, `claimId: no claim ${claimId}`);
    return claim;
  }
}
