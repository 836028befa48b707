import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, SelectQueryBuilder } from 'typeorm';
import { hashEmail, isUuid } from '@streetteam/contracts';
import {
  answerDueAt,
  canMoveIdea,
  checkIdeaText,
  IdeaStatus,
  MAX_ANSWER_PROMISE_DAYS,
  nextIdeaSteps,
  PUBLIC_IDEAS_PER_ADDRESS_PER_HOUR,
} from './idea-rules';
import { IdeaAnswerEntity, IdeaEntity } from './idea.entity';
import { IdeaErrorCode, IdeaException } from './idea.exception';

const hashToken = (token: string) => createHash('sha256').update(token, 'utf8').digest('hex');
export const MAX_IDEA_PAGE = 100;

export interface IdeaView {
  idea: IdeaEntity;
  answers: IdeaAnswerEntity[];
  answerDueAt: Date;
}

export interface IdeaPage {
  edges: Array<{ cursor: string; node: IdeaView }>;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

export interface IdeaText {
  programId: string;
  title: string;
  body: string;
}

// Keyset cursors over (created_at, id): stable while ideas keep arriving.
const encodeCursor = (idea: IdeaEntity) => Buffer.from(`${idea.createdAt.toISOString()}|${idea.id}`).toString('base64url');
function decodeCursor(cursor: string): { createdAt: Date; id: string } {
  const [at, id, ...rest] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  const createdAt = new Date(at);
  if (rest.length > 0 || !id || !isUuid(id) || Number.isNaN(createdAt.getTime())) {
    throw new IdeaException(IdeaErrorCode.INVALID_CURSOR, 'after: not a cursor this list gave out');
  }
  return { createdAt, id };
}

@Injectable()
export class IdeaService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** An ambassador's idea (identity from their token). */
  async submitAsAmbassador(input: IdeaText, ambassadorId: string, now = new Date()): Promise<IdeaView> {
    const text = this.checkText(input);
    return this.dataSource.transaction(async (manager) => {
      const promise = await this.promiseDays(manager, input.programId);
      const [ambassador]: Array<{ program_id: string; status: string }> = await manager.query(`SELECT program_id, status FROM ambassadors WHERE id = $1`, [ambassadorId]);
      if (!ambassador || ambassador.program_id !== input.programId || ambassador.status === 'OFFBOARDED') {
        throw new IdeaException(IdeaErrorCode.NOT_AN_AMBASSADOR, `programId: only the program's own ambassadors submit ideas here; customers use submitPublicIdea`, { field: 'programId' });
      }
      const idea = this.newIdea({ ...input, ...text }, now, { submitterKind: 'AMBASSADOR', ambassadorId });
      await manager.insert(IdeaEntity, idea);
      return { idea, answers: [], answerDueAt: answerDueAt(now, promise) };
    });
  }

  /**
   * A customer's idea through the public form, limited per client address. Returns the
   * secret token (shown once) that lets them read its status and answers.
   */
  async submitPublic(input: IdeaText & { email?: string | null }, submittedFrom: string, now = new Date()): Promise<{ view: IdeaView; submitterToken: string }> {
    const text = this.checkText(input);
    const email = input.email?.trim().toLowerCase() || null;
    return this.dataSource.transaction(async (manager) => {
      // Submissions from one address take turns, so the count below can't be raced past.
      await manager.query(`SELECT pg_advisory_xact_lock(hashtext('ideas:' || $1))`, [submittedFrom]);
      const [{ n }]: Array<{ n: string }> = await manager.query(
        `SELECT count(*) AS n FROM ideas WHERE submitted_from = $1 AND created_at > $2::timestamptz - interval '1 hour'`,
        [submittedFrom, now],
      );
      if (Number(n) >= PUBLIC_IDEAS_PER_ADDRESS_PER_HOUR) {
        throw new IdeaException(IdeaErrorCode.RATE_LIMITED, `too many ideas from this address: at most ${PUBLIC_IDEAS_PER_ADDRESS_PER_HOUR} an hour; try again later`, {
          retryAfterSeconds: 3600,
        });
      }
      const promise = await this.promiseDays(manager, input.programId);
      const submitterToken = randomBytes(24).toString('base64url');
      const idea = this.newIdea({ ...input, ...text }, now, {
        submitterKind: 'CUSTOMER',
        submitterEmail: email,
        submitterEmailHash: email && hashEmail(email),
        submitterTokenHash: hashToken(submitterToken),
        submittedFrom,
      });
      await manager.insert(IdeaEntity, idea);
      return { view: { idea, answers: [], answerDueAt: answerDueAt(now, promise) }, submitterToken };
    });
  }

  /** Ops move an idea one step, with the answer its submitter sees. */
  async move(input: { ideaId: string; to: IdeaStatus; answer: string }, answeredBy: string, now = new Date()): Promise<IdeaView> {
    const answer = input.answer.trim();
    if (answer.length === 0) throw new IdeaException(IdeaErrorCode.INVALID_INPUT, 'answer: must not be blank: the submitter is owed a word on every step', { field: 'answer' });
    return this.dataSource.transaction(async (manager) => {
      const idea = isUuid(input.ideaId) ? await manager.findOne(IdeaEntity, { where: { id: input.ideaId }, lock: { mode: 'pessimistic_write' } }) : null;
      if (!idea) throw new IdeaException(IdeaErrorCode.NOT_FOUND, `ideaId: idea ${input.ideaId} does not exist`, { field: 'ideaId' });
      if (!canMoveIdea(idea.status, input.to)) {
        const next = nextIdeaSteps(idea.status);
        throw new IdeaException(
          IdeaErrorCode.INVALID_TRANSITION,
          `to: an idea that is ${idea.status} can't become ${input.to} (${next.length > 0 ? `next: ${next.join(' or ')}` : 'it is closed'})`,
          { field: 'to' },
        );
      }
      await manager.insert(IdeaAnswerEntity, { id: randomUUID(), ideaId: idea.id, fromStatus: idea.status, toStatus: input.to, answer, answeredBy, answeredAt: now });
      const changes = { status: input.to, updatedAt: now, firstAnsweredAt: idea.firstAnsweredAt ?? now };
      await manager.update(IdeaEntity, { id: idea.id }, changes);
      return this.view(manager, Object.assign(idea, changes));
    });
  }

  async byToken(submitterToken: string): Promise<IdeaView> {
    const idea = submitterToken.length <= 100 ? await this.dataSource.manager.findOneBy(IdeaEntity, { submitterTokenHash: hashToken(submitterToken) }) : null;
    if (!idea) throw new IdeaException(IdeaErrorCode.NOT_FOUND, 'submitterToken: no idea has this token', { field: 'submitterToken' });
    return this.view(this.dataSource.manager, idea);
  }

  async get(id: string): Promise<IdeaView> {
    const idea = isUuid(id) ? await this.dataSource.manager.findOneBy(IdeaEntity, { id }) : null;
    if (!idea) throw new IdeaException(IdeaErrorCode.NOT_FOUND, `id: idea ${id} does not exist`, { field: 'id' });
    return this.view(this.dataSource.manager, idea);
  }

  /** Ideas oldest first; filtered by program, status or ambassador. */
  async list(filter: { programId?: string; status?: IdeaStatus; ambassadorId?: string }, first: number, after?: string): Promise<IdeaPage> {
    const query = this.dataSource.getRepository(IdeaEntity).createQueryBuilder('i');
    if (filter.programId !== undefined) query.andWhere('i.program_id = :programId', { programId: this.programIdArg(filter.programId) });
    if (filter.status) query.andWhere('i.status = :status', { status: filter.status });
    if (filter.ambassadorId) query.andWhere('i.ambassador_id = :ambassadorId', { ambassadorId: filter.ambassadorId });
    return this.page(query, first, after);
  }

  /** Ideas still waiting for their first answer after the program's promise ran out, oldest first. */
  async overdue(programId: string, first: number, after?: string, now = new Date()): Promise<IdeaPage> {
    const promise = await this.promiseDays(this.dataSource.manager, programId);
    const query = this.dataSource
      .getRepository(IdeaEntity)
      .createQueryBuilder('i')
      .where('i.program_id = :programId AND i.first_answered_at IS NULL', { programId })
      .andWhere(`i.created_at < :now::timestamptz - make_interval(days => :promise)`, { now, promise });
    return this.page(query, first, after);
  }

  async settings(programId: string): Promise<{ programId: string; answerPromiseDays: number }> {
    return { programId, answerPromiseDays: await this.promiseDays(this.dataSource.manager, programId) };
  }

  async setAnswerPromise(programId: string, days: number): Promise<{ programId: string; answerPromiseDays: number }> {
    if (!Number.isInteger(days) || days < 1 || days > MAX_ANSWER_PROMISE_DAYS) {
      throw new IdeaException(IdeaErrorCode.INVALID_INPUT, `answerPromiseDays: must be a whole number of days from 1 to ${MAX_ANSWER_PROMISE_DAYS}`, { field: 'answerPromiseDays' });
    }
    const updated: [unknown[], number] = await this.dataSource.query(`UPDATE programs SET idea_answer_promise_days = $2 WHERE id = $1`, [this.programIdArg(programId), days]);
    if (updated[1] === 0) throw this.unknownProgram(programId);
    return { programId, answerPromiseDays: days };
  }

  private async page(query: SelectQueryBuilder<IdeaEntity>, first: number, after?: string): Promise<IdeaPage> {
    const size = Math.min(Math.max(first, 1), MAX_IDEA_PAGE);
    if (after !== undefined) {
      const position = decodeCursor(after);
      query.andWhere('(i.created_at, i.id) > (:afterAt, :afterId)', { afterAt: position.createdAt, afterId: position.id });
    }
    const rows = await query.orderBy('i.created_at', 'ASC').addOrderBy('i.id', 'ASC').limit(size + 1).getMany();
    const ideas = rows.slice(0, size);
    const views = await this.views(ideas);
    const edges = views.map((node) => ({ cursor: encodeCursor(node.idea), node }));
    return { edges, pageInfo: { hasNextPage: rows.length > size, endCursor: edges.at(-1)?.cursor ?? null } };
  }

  private async views(ideas: IdeaEntity[]): Promise<IdeaView[]> {
    if (ideas.length === 0) return [];
    const manager = this.dataSource.manager;
    const answers = await manager
      .getRepository(IdeaAnswerEntity)
      .createQueryBuilder('a')
      .where('a.idea_id = ANY(:ids)', { ids: ideas.map((i) => i.id) })
      .orderBy('a.answered_at', 'ASC')
      .addOrderBy('a.id', 'ASC')
      .getMany();
    const programIds = [...new Set(ideas.map((i) => i.programId))];
    const promises: Array<{ id: string; days: number }> = await manager.query(`SELECT id, idea_answer_promise_days AS days FROM programs WHERE id = ANY($1)`, [programIds]);
    const days = new Map(promises.map((p) => [p.id, p.days]));
    return ideas.map((idea) => ({
      idea,
      answers: answers.filter((a) => a.ideaId === idea.id),
      answerDueAt: answerDueAt(idea.createdAt, days.get(idea.programId) ?? 0),
    }));
  }

  private async view(manager: EntityManager, idea: IdeaEntity): Promise<IdeaView> {
    const answers = await manager.find(IdeaAnswerEntity, { where: { ideaId: idea.id }, order: { answeredAt: 'ASC', id: 'ASC' } });
    return { idea, answers, answerDueAt: answerDueAt(idea.createdAt, await this.promiseDays(manager, idea.programId)) };
  }

  private checkText(input: IdeaText): { title: string; body: string } {
    const { title, body, problems } = checkIdeaText(input);
    if (problems.length > 0) {
      throw new IdeaException(IdeaErrorCode.INVALID_INPUT, problems.map((p) => `${p.field}: ${p.problem}`).join('; '), { fields: problems });
    }
    return { title, body };
  }

  private newIdea(input: IdeaText, now: Date, submitter: Partial<IdeaEntity> & Pick<IdeaEntity, 'submitterKind'>): IdeaEntity {
    return Object.assign(new IdeaEntity(), {
      id: randomUUID(),
      programId: input.programId,
      ambassadorId: null,
      submitterEmail: null,
      submitterEmailHash: null,
      submitterTokenHash: null,
      submittedFrom: null,
      title: input.title,
      body: input.body,
      status: 'RECEIVED' as const,
      firstAnsweredAt: null,
      createdAt: now,
      updatedAt: now,
      ...submitter,
    });
  }

  private async promiseDays(manager: EntityManager, programId: string): Promise<number> {
    const [program]: Array<{ days: number }> = await manager.query(`SELECT idea_answer_promise_days AS days FROM programs WHERE id = $1`, [this.programIdArg(programId)]);
    if (!program) throw this.unknownProgram(programId);
    return program.days;
  }

  private programIdArg(programId: string): string {
    if (!isUuid(programId)) throw this.unknownProgram(programId);
    return programId;
  }

  private unknownProgram(programId: string): IdeaException {
    return new IdeaException(IdeaErrorCode.UNKNOWN_PROGRAM, `programId: program ${programId} is not known to campaigns`, { field: 'programId' });
  }
}
