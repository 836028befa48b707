/** Who someone is to the platform; a token carries one or more. */
export enum Role {
  AMBASSADOR = 'AMBASSADOR',
  MARKETING_OPS = 'MARKETING_OPS',
  FINANCE = 'FINANCE',
  SUPPORT_AGENT = 'SUPPORT_AGENT',
  /** Front-line lead: takes the guarantee claims escalated for possible abuse (a human brake, never a score). */
  SUPPORT_SUPERVISOR = 'SUPPORT_SUPERVISOR',
  ADMIN = 'ADMIN',
}

export const ALL_ROLES: readonly Role[] = Object.freeze(Object.values(Role));

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ALL_ROLES as readonly string[]).includes(value);
}
