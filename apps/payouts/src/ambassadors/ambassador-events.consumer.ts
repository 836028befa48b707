import { Injectable, OnModuleInit } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AmbassadorActivated, AmbassadorActivatedPayload, AmbassadorStatusChanged, AmbassadorStatusChangedPayload } from '@streetteam/contracts';
import { EventConsumers } from '@streetteam/messaging';

export const AMBASSADORS_CONSUMER_GROUP = 'payouts.ambassadors';

/**
 * Payouts' record of each ambassador: the program, the country (tax forms) and the
 * status (only active ones are paid; offboarding makes a final payout due). The latest
 * status by changedAt wins, whatever order the events arrive in.
 */
@Injectable()
export class AmbassadorEventsConsumer implements OnModuleInit {
  constructor(private readonly consumers: EventConsumers) {}

  onModuleInit(): void {
    this.consumers
      .create(AMBASSADORS_CONSUMER_GROUP)
      .on(AmbassadorActivated, (event, manager) => activated(manager, event.payload))
      .on(AmbassadorStatusChanged, (event, manager) => statusChanged(manager, event.payload));
  }
}

export async function activated(manager: EntityManager, a: AmbassadorActivatedPayload): Promise<void> {
  await manager.query(
    `INSERT INTO ambassadors (id, program_id, country, status, status_changed_at, activated_at) VALUES ($1, $2, $3, 'ACTIVE', $4, $4)
     ON CONFLICT (id) DO UPDATE SET country = EXCLUDED.country, activated_at = EXCLUDED.activated_at,
       status = CASE WHEN ambassadors.status_changed_at <= EXCLUDED.status_changed_at THEN 'ACTIVE' ELSE ambassadors.status END,
       status_changed_at = greatest(ambassadors.status_changed_at, EXCLUDED.status_changed_at)`,
    [a.ambassadorId, a.programId, a.country, a.activatedAt],
  );
}

export async function statusChanged(manager: EntityManager, s: AmbassadorStatusChangedPayload): Promise<void> {
  const [row] = await manager.query(
    `INSERT INTO ambassadors (id, program_id, status, status_changed_at, final_payout_due_at) VALUES ($1, $2, $3, $4, CASE WHEN $3 = 'OFFBOARDED' THEN now() END)
     ON CONFLICT (id) DO UPDATE SET status = EXCLUDED.status, status_changed_at = EXCLUDED.status_changed_at,
       final_payout_due_at = CASE WHEN EXCLUDED.status = 'OFFBOARDED' AND ambassadors.status <> 'OFFBOARDED' THEN now() ELSE ambassadors.final_payout_due_at END
     WHERE ambassadors.status_changed_at <= EXCLUDED.status_changed_at
     RETURNING id`,
    [s.ambassadorId, s.programId, s.to, s.changedAt],
  );
  return row;
}
