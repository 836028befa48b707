import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { CustomerRecoveredPayload, InvitationSent } from '@streetteam/contracts';
import { Outbox } from '@streetteam/messaging';
import { ProgramEntity } from '../programs/program.entity';
import { OPEN_STATUSES } from './application-scoring';
import { ApplicationService } from './application.service';

export type InvitationOutcome = 'INVITED' | 'NOT_ALLOWED' | 'UNKNOWN_PROGRAM' | 'ALREADY_APPLIED' | 'ALREADY_AMBASSADOR' | 'ALREADY_INVITED';

/**
 * Invites a customer recovery won back to apply, when their program says so. An
 * application from that email later counts as coming from recovery.
 */
@Injectable()
export class RecoveryInvitationService {
  constructor(
    private readonly applications: ApplicationService,
    private readonly outbox: Outbox,
  ) {}

  async customerRecovered(manager: EntityManager, recovered: CustomerRecoveredPayload, now = new Date()): Promise<InvitationOutcome> {
    const email = recovered.email.trim().toLowerCase();
    if (!(await manager.existsBy(ProgramEntity, { id: recovered.programId }))) return 'UNKNOWN_PROGRAM';
    const { rules } = await this.applications.rulesInForce(manager, recovered.programId);
    if (rules.inviteRecoveredCustomers !== true) return 'NOT_ALLOWED';
    const member = await manager.query(`SELECT 1 FROM ambassadors WHERE email = $1 AND program_id = $2`, [email, recovered.programId]);
    if (member.length > 0) return 'ALREADY_AMBASSADOR';
    const open = await manager.query(`SELECT 1 FROM applications WHERE email = $1 AND status = ANY($2)`, [email, OPEN_STATUSES]);
    if (open.length > 0) return 'ALREADY_APPLIED';
    const invitationId = randomUUID();
    const inserted: Array<{ id: string }> = await manager.query(
      `INSERT INTO invitations (id, program_id, email, source, claim_id, customer_id, sent_at)
       VALUES ($1, $2, $3, 'RECOVERY', $4, $5, $6)
       ON CONFLICT (program_id, email) DO NOTHING
       RETURNING id`,
      [invitationId, recovered.programId, email, recovered.claimId, recovered.customerId, now],
    );
    if (inserted.length === 0) return 'ALREADY_INVITED';
    await this.outbox.append(manager, InvitationSent, { invitationId, programId: recovered.programId, email, source: 'RECOVERY', sentAt: now.toISOString() });
    return 'INVITED';
  }
}
