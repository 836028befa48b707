/** Topic names follow `<service>.<aggregate>.v<N>` (CONVENTIONS.md, Names). */
export const Topics = {
  enrollmentPrograms: 'enrollment.program.v1',
  enrollmentAccounts: 'enrollment.account.v1',
  enrollmentApplications: 'enrollment.application.v1',
  enrollmentAmbassadors: 'enrollment.ambassador.v1',
  enrollmentInvitations: 'enrollment.invitation.v1',
  campaignsCommissions: 'campaigns.commission.v1',
  campaignsClicks: 'campaigns.click.v1',
  campaignsConversions: 'campaigns.conversion.v1',
  payoutsCommissions: 'payouts.commission.v1',
  payoutsPayouts: 'payouts.payout.v1',
  recoveryCustomers: 'recovery.customer.v1',
  recoveryClaims: 'recovery.claim.v1',
  recoveryFollowUps: 'recovery.followup.v1',
  /** The brand's shop publishes here (or POSTs to campaigns' /ingest/orders, which does). */
  shopOrders: 'shop.order.v1',
  /** Leads (sign-ups, quote requests) from the shop; their own topic, so order consumers never see them. */
  shopLeads: 'shop.lead.v1',
} as const;

export type TopicName = (typeof Topics)[keyof typeof Topics];

/** Each consumer group has its own dead-letter topic, so one poison message never blocks another service. */
export function deadLetterTopic(consumerGroup: string): string {
  return `${consumerGroup}.dlq`;
}
