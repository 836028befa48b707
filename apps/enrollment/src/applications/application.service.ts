import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { ApplicationDecided, ApplicationSubmitted, isUuid } from '@streetteam/contracts';
import { Outbox } from '@streetteam/messaging';
import { AmbassadorService, EmailHasAmbassadorError } from '../ambassadors/ambassador.service';
import { decodeCursor, MAX_PAGE_SIZE, toPage } from '../pagination/keyset-cursor';
import { ProgramEntity } from '../programs/program.entity';
import { ApplicationInput, checkApplicationInput } from './application-input';
import { ApplicationStatus, automaticOutcome, canMove, hasRoom, OPEN_STATUSES, reapplyFrom, scoreApplication } from './application-scoring';
import { ApplicationEntity } from './application.entity';
import { ApplicationErrorCode, ApplicationException } from './application.exception';
import { checkSelectionRules, DEFAULT_SELECTION_RULES, SelectionRules } from './selection-rules';
import { SelectionRuleVersionEntity } from './selection-rule-version.entity';

/** Submissions allowed per client address per hour and per email per day: enough for typos, not for floods. */
export const APPLICATION_RATE_LIMITS = { perAddressPerHour: 10, perEmailPerDay: 3 };
export const AUTO_APPROVER = 'auto-approve';

export type Decision = 'APPROVED' | 'REJECTED' | 'WAITLISTED';

export interface DecisionInput {
  applicationId: string;
  decision: Decision;
  /** Why, for the record and other reviewers. */
  note: string;
  /** What the applicant is told; nothing when the program shares no reason. */
  reasonForApplicant?: string | null;
}

export interface CurrentRules {
  programId: string;
  version: number;
  rules: SelectionRules;
}

const hashToken = (token: string) => createHash('sha256').update(token, 'utf8').digest('hex');

@Injectable()
export class ApplicationService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly outbox: Outbox,
    private readonly ambassadors: AmbassadorService,
  ) {}

  /** Adds a version of a program's selection rules; later applications are judged by it. */
  async setRules(programId: string, input: SelectionRules, createdBy: string): Promise<CurrentRules> {
    const rules = checkSelectionRules(input);
    return this.dataSource.transaction(async (manager) => {
      await this.lockProgram(manager, programId);
      const current = await this.rulesInForce(manager, programId);
      const saved = manager.create(SelectionRuleVersionEntity, { programId, version: current.version + 1, rules, createdBy, createdAt: new Date() });
      await manager.insert(SelectionRuleVersionEntity, saved);
      return { programId, version: saved.version, rules };
    });
  }

  async currentRules(programId: string): Promise<CurrentRules> {
    return this.dataSource.transaction(async (manager) => {
      await this.lockProgram(manager, programId, false);
      return this.rulesInForce(manager, programId);
    });
  }

  /**
   * Judges a new application by the rules in force now, stores each rule's verdict, and
   * decides it at once when the program auto-approves that score. Returns the applicant's
   * secret token (shown once) for following and withdrawing it.
   */
  async submit(raw: ApplicationInput, submittedFrom: string, now = new Date()): Promise<{ application: ApplicationEntity; applicantToken: string }> {
    const input = checkApplicationInput(raw, now);
    try {
      return await this.dataSource.transaction(async (manager) => {
        // Submissions to one program take turns: capacity is counted and filled in one go.
        await this.lockProgram(manager, input.programId);
        await this.checkRateLimits(manager, input.email, submittedFrom, now);
        await this.checkMayApply(manager, input.programId, input.email, now);
        const { version, rules } = await this.rulesInForce(manager, input.programId);
        const known = new Set(rules.requiredQuestions.map((q) => q.key));
        const unknown = input.answers.find((a) => !known.has(a.questionKey));
        if (unknown) {
          throw new ApplicationException(
            ApplicationErrorCode.UNKNOWN_QUESTION,
            `answers: "${unknown.questionKey}" is not a question of this program (its questions: ${[...known].join(', ') || 'none'})`,
          );
        }
        const scoring = scoreApplication(input, rules, now);
        const outcome = automaticOutcome(scoring.score, rules, await this.ambassadors.countInProgram(manager, input.programId));
        const applicantToken = randomBytes(24).toString('base64url');
        const invited = await manager.query(`SELECT 1 FROM invitations WHERE program_id = $1 AND email = $2`, [input.programId, input.email]);
        const application = manager.create(ApplicationEntity, {
          id: randomUUID(),
          programId: input.programId,
          ruleVersion: version,
          email: input.email,
          name: input.name,
          country: input.country,
          socialHandles: input.socialHandles,
          answers: input.answers,
          priorOrders: input.priorOrders,
          customerSince: input.customerSince?.toISOString().slice(0, 10) ?? null,
          acceptedTermsAt: now,
          score: scoring.score,
          ruleResults: scoring.results,
          status: 'SUBMITTED',
          source: invited.length > 0 ? 'RECOVERY_INVITATION' : 'DIRECT',
          applicantTokenHash: hashToken(applicantToken),
          submittedFrom,
          decidedBy: null,
          decidedAt: null,
          decisionNote: null,
          reasonForApplicant: null,
          ambassadorId: null,
          createdAt: now,
          updatedAt: now,
        });
        await manager.insert(ApplicationEntity, application);
        await this.outbox.append(manager, ApplicationSubmitted, {
          applicationId: application.id,
          programId: application.programId,
          ruleVersion: version,
          score: scoring.score,
          status: outcome,
          submittedAt: now.toISOString(),
        });
        if (outcome !== 'SUBMITTED') {
          const note = `score ${scoring.score} reached the auto-approve threshold ${rules.autoApproveScore}${outcome === 'WAITLISTED' ? '; the program is full' : ''}`;
          await this.record(manager, application, { applicationId: application.id, decision: outcome, note, reasonForApplicant: null }, AUTO_APPROVER, now);
        }
        return { application, applicantToken };
      });
    } catch (error) {
      // The partial unique index is the last word when two submissions race.
      if ((error as { code?: string; constraint?: string }).constraint === 'applications_one_open_per_email') throw this.duplicate();
      throw error;
    }
  }

  async startReview(id: string, now = new Date()): Promise<ApplicationEntity> {
    return this.dataSource.transaction(async (manager) => {
      const application = await this.lockApplication(manager, id);
      this.assertMove(application.status, 'UNDER_REVIEW');
      application.status = 'UNDER_REVIEW';
      application.updatedAt = now;
      await manager.update(ApplicationEntity, { id }, { status: 'UNDER_REVIEW', updatedAt: now });
      return application;
    });
  }

  /** A reviewer's decision: who, when, why, and what the applicant is told. Approval needs room in the program. */
  async decide(input: DecisionInput, reviewer: string, now = new Date()): Promise<ApplicationEntity> {
    return this.dataSource.transaction(async (manager) => {
      const found = await this.find(manager, input.applicationId);
      await this.lockProgram(manager, found.programId);
      const application = await this.lockApplication(manager, input.applicationId);
      this.assertMove(application.status, input.decision);
      if (input.decision === 'APPROVED') {
        const rules = (await this.rulesInForce(manager, application.programId)).rules;
        if (!hasRoom(rules, await this.ambassadors.countInProgram(manager, application.programId))) {
          throw new ApplicationException(ApplicationErrorCode.CAPACITY_FULL, `the program is full (capacity ${rules.capacity}): waitlist the application instead`);
        }
      }
      return this.record(manager, application, input, reviewer, now);
    });
  }

  /** The applicant withdraws their own open application with the token they got when submitting. */
  async withdraw(applicantToken: string, now = new Date()): Promise<ApplicationEntity> {
    return this.dataSource.transaction(async (manager) => {
      const found = await this.findByToken(manager, applicantToken);
      const application = await this.lockApplication(manager, found.id);
      this.assertMove(application.status, 'WITHDRAWN');
      await manager.update(ApplicationEntity, { id: application.id }, { status: 'WITHDRAWN', updatedAt: now });
      return { ...application, status: 'WITHDRAWN', updatedAt: now };
    });
  }

  findByApplicantToken(applicantToken: string): Promise<ApplicationEntity> {
    return this.findByToken(this.dataSource.manager, applicantToken);
  }

  get(id: string): Promise<ApplicationEntity> {
    return this.find(this.dataSource.manager, id);
  }

  async list(filter: { status?: ApplicationStatus; programId?: string }, first: number, after?: string) {
    const size = Math.min(Math.max(first, 1), MAX_PAGE_SIZE);
    const query = this.dataSource.getRepository(ApplicationEntity).createQueryBuilder('a').orderBy('a.created_at', 'ASC').addOrderBy('a.id', 'ASC').limit(size + 1);
    if (filter.status) query.andWhere('a.status = :status', { status: filter.status });
    if (filter.programId) query.andWhere('a.program_id = :programId', { programId: filter.programId });
    if (after !== undefined) {
      const position = decodeCursor(after);
      if (!position) throw new ApplicationException(ApplicationErrorCode.INVALID_CURSOR, 'after is not a cursor this list gave out');
      query.andWhere('(a.created_at, a.id) > (:createdAt, :id)', position);
    }
    return toPage(await query.getMany(), size);
  }

  private async record(manager: EntityManager, application: ApplicationEntity, input: DecisionInput, decidedBy: string, now: Date): Promise<ApplicationEntity> {
    let ambassadorId: string | null = null;
    if (input.decision === 'APPROVED') {
      try {
        ambassadorId = (await this.ambassadors.enroll(manager, { programId: application.programId, applicationId: application.id, email: application.email, name: application.name }, now)).id;
      } catch (error) {
        if (error instanceof EmailHasAmbassadorError) throw new ApplicationException(ApplicationErrorCode.ALREADY_AMBASSADOR, error.message);
        throw error;
      }
    }
    const changes = {
      status: input.decision,
      decidedBy,
      decidedAt: now,
      decisionNote: input.note,
      reasonForApplicant: input.reasonForApplicant ?? null,
      ambassadorId,
      updatedAt: now,
    };
    await manager.update(ApplicationEntity, { id: application.id }, changes);
    await this.outbox.append(manager, ApplicationDecided, {
      applicationId: application.id,
      programId: application.programId,
      decision: input.decision,
      decidedBy,
      decidedAt: now.toISOString(),
      ...(ambassadorId && { ambassadorId }),
    });
    return Object.assign(application, changes);
  }

  private async checkRateLimits(manager: EntityManager, email: string, submittedFrom: string, now: Date): Promise<void> {
    const [row]: Array<{ by_address: string; by_email: string }> = await manager.query(
      `SELECT count(*) FILTER (WHERE submitted_from = $1 AND created_at > $3::timestamptz - interval '1 hour') AS by_address,
              count(*) FILTER (WHERE email = $2 AND created_at > $3::timestamptz - interval '1 day') AS by_email
         FROM applications WHERE (submitted_from = $1 OR email = $2) AND created_at > $3::timestamptz - interval '1 day'`,
      [submittedFrom, email, now],
    );
    if (Number(row.by_address) >= APPLICATION_RATE_LIMITS.perAddressPerHour) {
      throw new ApplicationException(
        ApplicationErrorCode.RATE_LIMITED,
        `too many applications from this address: at most ${APPLICATION_RATE_LIMITS.perAddressPerHour} an hour; try again later`,
        { retryAfterSeconds: 3600 },
      );
    }
    if (Number(row.by_email) >= APPLICATION_RATE_LIMITS.perEmailPerDay) {
      throw new ApplicationException(
        ApplicationErrorCode.RATE_LIMITED,
        `too many applications for this email: at most ${APPLICATION_RATE_LIMITS.perEmailPerDay} a day; try again tomorrow`,
        { retryAfterSeconds: 86400 },
      );
    }
  }

  private async checkMayApply(manager: EntityManager, programId: string, email: string, now: Date): Promise<void> {
    const open = await manager.query(`SELECT 1 FROM applications WHERE email = $1 AND status = ANY($2)`, [email, OPEN_STATUSES]);
    if (open.length > 0) throw this.duplicate();
    const member = await manager.query(`SELECT 1 FROM ambassadors WHERE email = $1 AND program_id = $2`, [email, programId]);
    if (member.length > 0) throw new ApplicationException(ApplicationErrorCode.ALREADY_AMBASSADOR, `${email} is already an ambassador of this program`);
    const [rejected]: Array<{ decided_at: Date }> = await manager.query(
      `SELECT decided_at FROM applications WHERE email = $1 AND program_id = $2 AND status = 'REJECTED' ORDER BY decided_at DESC LIMIT 1`,
      [email, programId],
    );
    if (rejected) {
      const from = reapplyFrom(rejected.decided_at, (await this.rulesInForce(manager, programId)).rules);
      if (from > now) {
        throw new ApplicationException(ApplicationErrorCode.COOLING_DOWN, `a rejected applicant may apply to this program again from ${from.toISOString()}`, {
          reapplyFrom: from.toISOString(),
        });
      }
    }
  }

  private duplicate(): ApplicationException {
    return new ApplicationException(ApplicationErrorCode.DUPLICATE_APPLICATION, 'this email already has an open application: wait for its decision or withdraw it');
  }

  async rulesInForce(manager: EntityManager, programId: string): Promise<CurrentRules> {
    const latest = await manager.findOne(SelectionRuleVersionEntity, { where: { programId }, order: { version: 'DESC' } });
    return latest ? { programId, version: latest.version, rules: latest.rules } : { programId, version: 0, rules: DEFAULT_SELECTION_RULES };
  }

  private async lockProgram(manager: EntityManager, programId: string, forUpdate = true): Promise<void> {
    const program = isUuid(programId)
      ? await manager.findOne(ProgramEntity, { where: { id: programId }, ...(forUpdate && { lock: { mode: 'pessimistic_write' as const } }) })
      : null;
    if (!program) throw new ApplicationException(ApplicationErrorCode.UNKNOWN_PROGRAM, `program ${programId} does not exist`);
  }

  private async find(manager: EntityManager, id: string): Promise<ApplicationEntity> {
    const application = isUuid(id) ? await manager.findOneBy(ApplicationEntity, { id }) : null;
    if (!application) throw new ApplicationException(ApplicationErrorCode.NOT_FOUND, `application ${id} does not exist`);
    return application;
  }

  private async lockApplication(manager: EntityManager, id: string): Promise<ApplicationEntity> {
    const application = isUuid(id) ? await manager.findOne(ApplicationEntity, { where: { id }, lock: { mode: 'pessimistic_write' } }) : null;
    if (!application) throw new ApplicationException(ApplicationErrorCode.NOT_FOUND, `application ${id} does not exist`);
    return application;
  }

  private async findByToken(manager: EntityManager, applicantToken: string): Promise<ApplicationEntity> {
    const application = await manager.findOneBy(ApplicationEntity, { applicantTokenHash: hashToken(applicantToken) });
    if (!application) throw new ApplicationException(ApplicationErrorCode.NOT_FOUND, 'no application has this applicant token');
    return application;
  }

  private assertMove(from: ApplicationStatus, to: ApplicationStatus): void {
    if (!canMove(from, to)) throw new ApplicationException(ApplicationErrorCode.INVALID_TRANSITION, `an application that is ${from} can't become ${to}`);
  }
}
