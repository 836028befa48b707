import { UseFilters } from '@nestjs/common';
import { Args, Context, ID, Int, Mutation, Query, Resolver } from '@nestjs/graphql';
import type { Request } from 'express';
import { assertSelfOrRole, CurrentIdentity, Identity, Public, Role, Roles } from '@streetteam/auth';
import { IdeaStatus } from './idea-rules';
import { IdeaExceptionFilter } from './idea-exception.filter';
import { IdeaErrorCode, IdeaException } from './idea.exception';
import {
  Idea,
  IdeaConnection,
  IdeaProgramSettings,
  IdeaStatusEnum,
  MoveIdeaInput,
  PublicIdea,
  SubmitIdeaInput,
  SubmitPublicIdeaInput,
  SubmittedPublicIdea,
} from './idea.model';
import { IdeaPage, IdeaService, IdeaView } from './idea.service';

const toAnswers = (view: IdeaView) => view.answers.map((a) => ({ fromStatus: a.fromStatus, status: a.toStatus, answer: a.answer, answeredAt: a.answeredAt }));

const toIdea = (view: IdeaView): Idea => ({
  id: view.idea.id,
  programId: view.idea.programId,
  submitterKind: view.idea.submitterKind,
  ambassadorId: view.idea.ambassadorId,
  contactable: view.idea.submitterEmail !== null,
  title: view.idea.title,
  body: view.idea.body,
  status: view.idea.status,
  createdAt: view.idea.createdAt,
  updatedAt: view.idea.updatedAt,
  firstAnsweredAt: view.idea.firstAnsweredAt,
  answerDueAt: view.answerDueAt,
  answers: toAnswers(view),
});

const toPublicIdea = (view: IdeaView): PublicIdea => ({
  id: view.idea.id,
  programId: view.idea.programId,
  title: view.idea.title,
  body: view.idea.body,
  email: view.idea.submitterEmail,
  status: view.idea.status,
  createdAt: view.idea.createdAt,
  answerDueAt: view.answerDueAt,
  answers: toAnswers(view),
});

const toConnection = (page: IdeaPage): IdeaConnection => ({ edges: page.edges.map((e) => ({ cursor: e.cursor, node: toIdea(e.node) })), pageInfo: page.pageInfo });

function ambassadorOf(identity: Identity): string {
  if (!identity.ambassadorId) throw new IdeaException(IdeaErrorCode.NOT_AN_AMBASSADOR, 'this sign-in is not an ambassador\'s: ideas by customers go through submitPublicIdea');
  return identity.ambassadorId;
}

@Resolver(() => Idea)
@UseFilters(IdeaExceptionFilter)
export class IdeaResolver {
  constructor(private readonly service: IdeaService) {}

  @Mutation(() => Idea, { description: 'An ambassador submits an idea to their program.' })
  @Roles(Role.AMBASSADOR)
  async submitIdea(@Args('input') input: SubmitIdeaInput, @CurrentIdentity() identity: Identity): Promise<Idea> {
    return toIdea(await this.service.submitAsAmbassador(input, ambassadorOf(identity)));
  }

  @Mutation(() => SubmittedPublicIdea, { description: 'Anyone may submit an idea; limited per client address. The token it returns follows the idea.' })
  @Public()
  async submitPublicIdea(@Args('input') input: SubmitPublicIdeaInput, @Context('req') req: Request): Promise<SubmittedPublicIdea> {
    // req.ip honours X-Forwarded-For only from the proxy TRUST_PROXY names (the gateway).
    const { view, submitterToken } = await this.service.submitPublic(input, req.ip ?? req.socket.remoteAddress ?? 'unknown');
    return { submitterToken, idea: toPublicIdea(view) };
  }

  @Query(() => PublicIdea, { description: 'A public submitter reads their idea, its status and every answer, with their token.' })
  @Public()
  async publicIdea(@Args('submitterToken') submitterToken: string): Promise<PublicIdea> {
    return toPublicIdea(await this.service.byToken(submitterToken));
  }

  @Query(() => IdeaConnection, { description: "The signed-in ambassador's own ideas with their answers, oldest first." })
  @Roles(Role.AMBASSADOR)
  async myIdeas(
    @CurrentIdentity() identity: Identity,
    @Args('first', { type: () => Int, defaultValue: 20 }) first: number,
    @Args('after', { type: () => String, nullable: true }) after?: string,
  ): Promise<IdeaConnection> {
    return toConnection(await this.service.list({ ambassadorId: ambassadorOf(identity) }, first, after ?? undefined));
  }

  @Query(() => Idea, { description: 'One idea: marketing ops and admins see any; an ambassador only their own.' })
  @Roles(Role.AMBASSADOR, Role.MARKETING_OPS, Role.ADMIN)
  async idea(@Args('id', { type: () => ID }) id: string, @CurrentIdentity() identity: Identity): Promise<Idea> {
    const view = await this.service.get(id);
    assertSelfOrRole(identity, view.idea.ambassadorId ?? '', Role.MARKETING_OPS, Role.ADMIN);
    return toIdea(view);
  }

  @Query(() => IdeaConnection, { description: "A program's ideas, oldest first." })
  @Roles(Role.MARKETING_OPS, Role.ADMIN)
  async ideas(
    @Args('programId', { type: () => ID }) programId: string,
    @Args('status', { type: () => IdeaStatusEnum, nullable: true }) status: IdeaStatus | null,
    @Args('first', { type: () => Int, defaultValue: 20 }) first: number,
    @Args('after', { type: () => String, nullable: true }) after?: string,
  ): Promise<IdeaConnection> {
    return toConnection(await this.service.list({ programId, status: status ?? undefined }, first, after ?? undefined));
  }

  @Query(() => IdeaConnection, { description: "Ideas still without a first answer after the program's promise ran out, oldest first." })
  @Roles(Role.MARKETING_OPS, Role.ADMIN)
  async unansweredIdeas(
    @Args('programId', { type: () => ID }) programId: string,
    @Args('first', { type: () => Int, defaultValue: 20 }) first: number,
    @Args('after', { type: () => String, nullable: true }) after?: string,
  ): Promise<IdeaConnection> {
    return toConnection(await this.service.overdue(programId, first, after ?? undefined));
  }

  @Mutation(() => Idea, { description: 'Ops move an idea one step, with the answer its submitter sees.' })
  @Roles(Role.MARKETING_OPS, Role.ADMIN)
  async moveIdea(@Args('input') input: MoveIdeaInput, @CurrentIdentity() identity: Identity): Promise<Idea> {
    return toIdea(await this.service.move(input, identity.subject));
  }

  @Query(() => IdeaProgramSettings, { description: "The program's answer promise; public, so the idea form can say it." })
  @Public()
  ideaProgramSettings(@Args('programId', { type: () => ID }) programId: string): Promise<IdeaProgramSettings> {
    return this.service.settings(programId);
  }

  @Mutation(() => IdeaProgramSettings, { description: 'Sets within how many days every idea of the program gets its first answer.' })
  @Roles(Role.MARKETING_OPS, Role.ADMIN)
  setIdeaAnswerPromise(
    @Args('programId', { type: () => ID }) programId: string,
    @Args('answerPromiseDays', { type: () => Int }) answerPromiseDays: number,
  ): Promise<IdeaProgramSettings> {
    return this.service.setAnswerPromise(programId, answerPromiseDays);
  }
}
