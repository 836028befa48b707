import { Injectable, OnModuleInit } from '@nestjs/common';
import { CustomerRecovered, hashEmail } from '@streetteam/contracts';
import { EventConsumers } from '@streetteam/messaging';

export const RECOVERY_CONSUMER_GROUP = 'campaigns.recovery';

/** Keeps every recovered customer, once per claim, so program health can see who later bought or joined. */
@Injectable()
export class RecoveryEventsConsumer implements OnModuleInit {
  constructor(private readonly consumers: EventConsumers) {}

  onModuleInit(): void {
    this.consumers.create(RECOVERY_CONSUMER_GROUP).on(CustomerRecovered, async (event, manager) => {
      const e = event.payload;
      // The clear address is the mailer's business; campaigns keeps the customer identity only.
      await manager.query(
        `INSERT INTO recovered_customers (claim_id, program_id, customer_id, customer_email_hash, recovered_at) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (claim_id) DO NOTHING`,
        [e.claimId, e.programId, e.customerId, hashEmail(e.email), e.recoveredAt],
      );
    });
  }
}
