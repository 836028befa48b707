import { Module } from '@nestjs/common';
import { AmbassadorsModule } from '../ambassadors/ambassadors.module';
import { ApplicationResolver } from './application.resolver';
import { ApplicationService } from './application.service';
import { RecoveryEventsConsumer } from './recovery-events.consumer';
import { RecoveryInvitationService } from './recovery-invitation.service';

@Module({ imports: [AmbassadorsModule], providers: [ApplicationResolver, ApplicationService, RecoveryInvitationService, RecoveryEventsConsumer] })
export class ApplicationsModule {}
