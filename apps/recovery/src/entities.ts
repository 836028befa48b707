import { ClaimNoteEntity, ClaimResolutionEntity, ClaimTimelineEntryEntity, GuaranteeClaimEntity } from './claims/claim.entity';
import { FollowUpEntity } from './follow-ups/follow-up.entity';
import { AbuseReportEntity } from './front-line/abuse-report.entity';
import { OrderAttributionEntity, OrderEntity, OrderRefundEntity } from './orders/order.entity';
import { ProgramEntity } from './programs/program.entity';

/** Every TypeORM entity of the service: the app and the migration CLI share this list. */
export const recoveryEntities = [
  ProgramEntity,
  OrderEntity,
  OrderRefundEntity,
  OrderAttributionEntity,
  GuaranteeClaimEntity,
  ClaimResolutionEntity,
  ClaimTimelineEntryEntity,
  ClaimNoteEntity,
  FollowUpEntity,
  AbuseReportEntity,
];
