import { Injectable, OnModuleInit } from '@nestjs/common';
import { CustomerRecovered } from '@streetteam/contracts';
import { EventConsumers } from '@streetteam/messaging';
import { RecoveryInvitationService } from './recovery-invitation.service';

export const RECOVERY_CONSUMER_GROUP = 'enrollment.recovery';

@Injectable()
export class RecoveryEventsConsumer implements OnModuleInit {
  constructor(
    private readonly consumers: EventConsumers,
    private readonly invitations: RecoveryInvitationService,
  ) {}

  onModuleInit(): void {
    this.consumers.create(RECOVERY_CONSUMER_GROUP).on(CustomerRecovered, async (event, manager) => {
      await this.invitations.customerRecovered(manager, event.payload);
    });
  }
}
