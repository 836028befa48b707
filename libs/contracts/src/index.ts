export { eventEnvelopeSchema, EventHeaders } from './envelope';
export type { EventEnvelope } from './envelope';
export { defineEvent } from './event-definition';
export type { EventDefinition, PayloadOf } from './event-definition';
export { Topics, deadLetterTopic } from './topics';
export type { TopicName } from './topics';
export { catalogTopics, ContractViolation, findEventDefinition, parseEnvelope, validatePayload } from './catalog';
export { ProgramCreated, programCreatedPayload } from './events/program-created';
export type { ProgramCreatedPayload } from './events/program-created';
export { PasswordResetRequested, passwordResetRequestedPayload } from './events/password-reset-requested';
export type { PasswordResetRequestedPayload } from './events/password-reset-requested';
export { AmbassadorStatusChanged, ambassadorStatusChangedPayload, ambassadorStatuses } from './events/ambassador-status-changed';
export type { AmbassadorStatusChangedPayload } from './events/ambassador-status-changed';
export { ApplicationDecided, applicationDecidedPayload } from './events/application-decided';
export type { ApplicationDecidedPayload } from './events/application-decided';
export { ApplicationSubmitted, applicationSubmittedPayload } from './events/application-submitted';
export type { ApplicationSubmittedPayload } from './events/application-submitted';
export { ReferralCodeChanged, referralCodeChangedPayload } from './events/referral-code-changed';
export type { ReferralCodeChangedPayload } from './events/referral-code-changed';
export { AmbassadorActivated, ambassadorActivatedPayload } from './events/ambassador-activated';
export type { AmbassadorActivatedPayload } from './events/ambassador-activated';
export { AmbassadorTierChanged, ambassadorTierChangedPayload } from './events/ambassador-tier-changed';
export type { AmbassadorTierChangedPayload } from './events/ambassador-tier-changed';
export { CommissionEarned, commissionEarnedPayload, commissionSources } from './events/commission-earned';
export type { CommissionEarnedPayload, CommissionSource } from './events/commission-earned';
export { CommissionReversed, commissionReversedPayload, commissionReversalCauses } from './events/commission-reversed';
export type { CommissionReversedPayload, CommissionReversalCause } from './events/commission-reversed';
export { CustomerRecovered, customerRecoveredPayload } from './events/customer-recovered';
export type { CustomerRecoveredPayload } from './events/customer-recovered';
export { InvitationSent, invitationSentPayload } from './events/invitation-sent';
export type { InvitationSentPayload } from './events/invitation-sent';
export { currencyCode, emailHash, hashEmail, isUuid, minorUnits, timestamp } from './fields';
export { OrderPlaced, orderPlacedPayload, orderItem } from './events/order-placed';
export type { OrderItem, OrderPlacedPayload } from './events/order-placed';
export { OrderRefunded, orderRefundedPayload } from './events/order-refunded';
export type { OrderRefundedPayload } from './events/order-refunded';
export { LeadCaptured, leadCapturedPayload } from './events/lead-captured';
export type { LeadCapturedPayload } from './events/lead-captured';
export {
  clickShardKey,
  clicksIn,
  linkClicksPayload,
  MAX_CLICKS_PER_EVENT,
  ReferralLinkClicks,
  ReferralLinkClicksV1,
  referralLinkClick,
  referralLinkClicksPayload,
  referralLinkClicksV1Payload,
} from './events/referral-link-clicks';
export type { LinkClicks, ReferralLinkClick, ReferralLinkClicksPayload, ReferralLinkClicksV1Payload } from './events/referral-link-clicks';
export { OrderAttributed, orderAttributedPayload } from './events/order-attributed';
export type { OrderAttributedPayload } from './events/order-attributed';
export { CommissionHoldChanged, commissionHoldChangedPayload } from './events/commission-hold-changed';
export type { CommissionHoldChangedPayload } from './events/commission-hold-changed';
export { CommissionReleased, commissionReleasedPayload } from './events/commission-released';
export type { CommissionReleasedPayload } from './events/commission-released';
export { PayoutPaid, payoutPaidPayload } from './events/payout-paid';
export type { PayoutPaidPayload } from './events/payout-paid';
export {
  ClaimResolved,
  claimReasons,
  claimResolutionKinds,
  claimResolvedPayload,
  FollowUpRequested,
  followUpRequestedPayload,
  ReplacementRequested,
  replacementRequestedPayload,
  StoreCreditIssued,
  storeCreditIssuedPayload,
} from './events/claim-events';
export type {
  ClaimReason,
  ClaimResolutionKind,
  ClaimResolvedPayload,
  FollowUpRequestedPayload,
  ReplacementRequestedPayload,
  StoreCreditIssuedPayload,
} from './events/claim-events';
