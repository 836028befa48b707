import { ambassadorStatuses } from '@streetteam/contracts';

export type AmbassadorStatus = (typeof ambassadorStatuses)[number];

// ONBOARDING or NEEDS_TRAINING → ACTIVE happens only by passing the required training, never by hand.
const BY_STAFF: Record<AmbassadorStatus, readonly AmbassadorStatus[]> = {
  ONBOARDING: ['OFFBOARDED'],
  ACTIVE: ['PAUSED', 'OFFBOARDED'],
  NEEDS_TRAINING: ['PAUSED', 'OFFBOARDED'],
  PAUSED: ['ACTIVE', 'OFFBOARDED'],
  OFFBOARDED: [],
};

/** Whether staff may move an ambassador from one status to another. */
export function staffMayMove(from: AmbassadorStatus, to: AmbassadorStatus): boolean {
  return BY_STAFF[from].includes(to);
}

/** Only active ambassadors act for the brand: links, codes, payouts. */
export function mayActForBrand(status: AmbassadorStatus): boolean {
  return status === 'ACTIVE';
}
