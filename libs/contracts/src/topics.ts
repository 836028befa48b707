/** Topic names follow `<service>.<aggregate>.v<N>` (CONVENTIONS.md, Names). */
export const Topics = {
  enrollmentPrograms: 'enrollment.program.v1',
  enrollmentAccounts: 'enrollment.account.v1',
  enrollmentApplications: 'enrollment.application.v1',
  enrollmentAmbassadors: 'enrollment.ambassador.v1',
  enrollmentInvitations: 'enrollment.invitation.v1',
  campaignsCommissions: 'campaigns.commission.v1',
  recoveryCustomers: 'recovery.customer.v1',
} as const;

export type TopicName = (typeof Topics)[keyof typeof Topics];

/** Each consumer group has its own dead-letter topic, so one poison message never blocks another service. */
export function deadLetterTopic(consumerGroup: string): string {
  return `${consumerGroup}.dlq`;
}
