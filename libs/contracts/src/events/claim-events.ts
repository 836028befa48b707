import { z } from 'zod';
import { defineEvent } from '../event-definition';
import { currencyCode, minorUnits, orderId, timestamp, uuid } from '../fields';
import { Topics } from '../topics';
import { orderItem } from './order-placed';

/** Why a customer claimed; the program decides per reason whether the commission is clawed back. */
export const claimReasons = ['CHANGED_MIND', 'PRODUCT_FAILED', 'NOT_AS_DESCRIBED', 'DAMAGED_IN_TRANSIT', 'WRONG_ITEM', 'OTHER'] as const;
export const claimResolutionKinds = ['REFUND', 'REPLACEMENT', 'STORE_CREDIT'] as const;
export type ClaimReason = (typeof claimReasons)[number];
export type ClaimResolutionKind = (typeof claimResolutionKinds)[number];

/** Recovery made a guarantee claim right. Campaigns reverses the order's commission when `clawback` says so. */
export const claimResolvedPayload = z.object({
  claimId: uuid,
  resolutionId: uuid,
  programId: uuid,
  orderId,
  customerId: z.string().min(1).max(200),
  resolution: z.enum(claimResolutionKinds),
  reason: z.enum(claimReasons),
  /** The value made good (refunded, replaced or credited), in minor units of `currency`. */
  amountMinor: minorUnits,
  currency: currencyCode,
  /** The program's policy for this reason: true takes the commission share back. */
  clawback: z.boolean(),
  stripeRefundId: z.string().min(1).max(255).optional(),
  resolvedAt: timestamp,
});

export type ClaimResolvedPayload = z.infer<typeof claimResolvedPayload>;

export const ClaimResolved = defineEvent<ClaimResolvedPayload>({
  type: 'ClaimResolved',
  version: 1,
  topic: Topics.recoveryClaims,
  payload: claimResolvedPayload,
  key: (payload) => payload.orderId,
});

/** The shop should ship these items again. */
export const replacementRequestedPayload = z.object({
  claimId: uuid,
  programId: uuid,
  orderId,
  items: z.array(orderItem.pick({ sku: true, quantity: true })).min(1).max(500),
  requestedAt: timestamp,
});

export type ReplacementRequestedPayload = z.infer<typeof replacementRequestedPayload>;

export const ReplacementRequested = defineEvent<ReplacementRequestedPayload>({
  type: 'ReplacementRequested',
  version: 1,
  topic: Topics.recoveryClaims,
  payload: replacementRequestedPayload,
  key: (payload) => payload.orderId,
});

/** The shop should credit the customer's account. */
export const storeCreditIssuedPayload = z.object({
  claimId: uuid,
  programId: uuid,
  orderId,
  customerId: z.string().min(1).max(200),
  amountMinor: minorUnits,
  currency: currencyCode,
  issuedAt: timestamp,
});

export type StoreCreditIssuedPayload = z.infer<typeof storeCreditIssuedPayload>;

export const StoreCreditIssued = defineEvent<StoreCreditIssuedPayload>({
  type: 'StoreCreditIssued',
  version: 1,
  topic: Topics.recoveryClaims,
  payload: storeCreditIssuedPayload,
  key: (payload) => payload.orderId,
});

/** A mailer should send the follow-up survey (carries an email: mailer only). */
export const followUpRequestedPayload = z.object({
  followUpId: uuid,
  claimId: uuid,
  programId: uuid,
  email: z.string().email().max(254),
  /** The one-time token the survey link carries; answering it needs no login. */
  surveyToken: z.string().min(20).max(200),
  sendAt: timestamp,
});

export type FollowUpRequestedPayload = z.infer<typeof followUpRequestedPayload>;

export const FollowUpRequested = defineEvent<FollowUpRequestedPayload>({
  type: 'FollowUpRequested',
  version: 1,
  topic: Topics.recoveryFollowUps,
  payload: followUpRequestedPayload,
  key: (payload) => payload.claimId,
});
