import { EntityManager } from 'typeorm';

/** The actor of what recovery does on its own (auto-resolution, sweepers). */
export const SYSTEM_ACTOR = 'recovery';
export const CUSTOMER_ACTOR = 'customer';

export type TimelineAction =
  | 'OPENED'
  | 'ESCALATED'
  | 'APPROVED'
  | 'DECLINED'
  | 'RESOLUTION_STARTED'
  | 'REFUND_FAILED'
  | 'RESOLVED'
  | 'NOTE_ADDED'
  | 'ABUSE_REPORTED'
  | 'FOLLOW_UP_SENT'
  | 'FOLLOW_UP_ANSWERED'
  | 'CUSTOMER_RECOVERED';

/** Adds a line to a claim's timeline in the caller's transaction. */
export async function recordOnTimeline(manager: EntityManager, claimId: string, actor: string, action: TimelineAction, detail: string | null, at: Date): Promise<void> {
  await manager.query(`INSERT INTO claim_timeline_entries (claim_id, at, actor, action, detail) VALUES ($1, $2, $3, $4, $5)`, [claimId, at, actor, action, detail]);
}
