import { BeforeApplicationShutdown, Logger, UseFilters } from '@nestjs/common';
import { Args, ID, Int, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { CurrentIdentity, Identity, Role, Roles } from '@streetteam/auth';
import { toPayout, toPayoutRun } from '../graphql-mapping';
import { PayoutRunExceptionFilter } from './payout-run-exception.filter';
import { CreatePayoutRunInput, Payout, PayoutPreviewLine, PayoutRun, PayoutRunProgress, PayoutSkip, payoutStatuses } from './payout-run.model';
import { PayoutRunErrorCode, PayoutRunException } from './payout-run.exception';
import { PayoutRunService, RunProgress } from './payout-run.service';
import { isUuid } from '@streetteam/contracts';

const progressOf = (p: RunProgress): PayoutRunProgress => ({ ...p, paidMinor: Number(p.paidMinor) });

/** Only finance (and admins) see, create, approve and execute payout runs. */
@Resolver(() => PayoutRun)
@UseFilters(PayoutRunExceptionFilter)
export class PayoutRunResolver implements BeforeApplicationShutdown {
  private readonly logger = new Logger(PayoutRunResolver.name);
  private readonly executing = new Set<Promise<unknown>>();

  constructor(private readonly runs: PayoutRunService) {}

  @Mutation(() => PayoutRun, { description: 'Finance creates a run; another finance user approves it.' })
  @Roles(Role.FINANCE, Role.ADMIN)
  async createPayoutRun(@Args('input') input: CreatePayoutRunInput, @CurrentIdentity() identity: Identity): Promise<PayoutRun> {
    return toPayoutRun(await this.runs.create(input, identity.subject));
  }

  @Mutation(() => PayoutRun, { description: 'A second finance user (not the creator) approves a run.' })
  @Roles(Role.FINANCE, Role.ADMIN)
  async approvePayoutRun(@Args('payoutRunId', { type: () => ID }) payoutRunId: string, @CurrentIdentity() identity: Identity): Promise<PayoutRun> {
    return toPayoutRun(await this.runs.approve(uuidArg(payoutRunId), identity.subject));
  }

  @Mutation(() => PayoutRun, { description: 'Starts (or resumes) an approved run in the background; follow it with payoutRun { progress }.' })
  @Roles(Role.FINANCE, Role.ADMIN)
  async executePayoutRun(@Args('payoutRunId', { type: () => ID }) payoutRunId: string): Promise<PayoutRun> {
    const run = await this.runs.get(uuidArg(payoutRunId));
    if (run.status === 'CREATED') throw new PayoutRunException(PayoutRunErrorCode.NOT_APPROVED, `payoutRunId: run ${run.id} must be approved by a second finance user first`);
    if (run.status === 'COMPLETED') throw new PayoutRunException(PayoutRunErrorCode.ALREADY_EXECUTED, `payoutRunId: run ${run.id} is already completed`);
    this.inBackground(this.runs.execute(run.id), run.id);
    return toPayoutRun(await this.runs.get(run.id));
  }

  @Mutation(() => PayoutRun, { description: 'Sends the failed payouts of a run again (in the background).' })
  @Roles(Role.FINANCE, Role.ADMIN)
  async retryFailedPayouts(@Args('payoutRunId', { type: () => ID }) payoutRunId: string): Promise<PayoutRun> {
    const run = await this.runs.get(uuidArg(payoutRunId));
    if (run.status !== 'COMPLETED_WITH_FAILURES') {
      throw new PayoutRunException(PayoutRunErrorCode.NOT_RETRYABLE, `payoutRunId: run ${run.id} is ${run.status}; only a run with failed payouts can be retried`);
    }
    await this.runs.prepareRetry(run.id);
    this.inBackground(this.runs.execute(run.id), run.id);
    return toPayoutRun(await this.runs.get(run.id));
  }

  @Query(() => PayoutRun)
  @Roles(Role.FINANCE, Role.ADMIN)
  async payoutRun(@Args('id', { type: () => ID }) id: string): Promise<PayoutRun> {
    return toPayoutRun(await this.runs.get(uuidArg(id)));
  }

  @Query(() => [PayoutRun], { description: 'Newest first.' })
  @Roles(Role.FINANCE, Role.ADMIN)
  async payoutRuns(@Args('first', { type: () => Int, defaultValue: 50 }) first: number): Promise<PayoutRun[]> {
    return (await this.runs.list(Math.min(Math.max(first, 1), 200))).map(toPayoutRun);
  }

  @ResolveField(() => [PayoutPreviewLine], { description: 'Who would be paid what now, and who is skipped and why.' })
  @Roles(Role.FINANCE, Role.ADMIN)
  async preview(@Parent() run: PayoutRun): Promise<PayoutPreviewLine[]> {
    return (await this.runs.preview(run.id)).map((l) => ({ ...l, amountMinor: Number(l.amountMinor), nettedMinor: Number(l.nettedMinor) }));
  }

  @ResolveField(() => PayoutRunProgress)
  @Roles(Role.FINANCE, Role.ADMIN)
  async progress(@Parent() run: PayoutRun): Promise<PayoutRunProgress> {
    return progressOf(await this.runs.progress(run.id));
  }

  @ResolveField(() => [Payout], { description: 'The payouts of the run; `status: FAILED` lists the failures with Stripe\'s reason.' })
  @Roles(Role.FINANCE, Role.ADMIN)
  async payouts(
    @Parent() run: PayoutRun,
    @Args('status', { nullable: true, description: 'PENDING, SENDING, PAID or FAILED.' }) status?: string,
    @Args('first', { type: () => Int, defaultValue: 500 }) first = 500,
  ): Promise<Payout[]> {
    if (status !== undefined && !(payoutStatuses as readonly string[]).includes(status)) {
      throw new PayoutRunException(PayoutRunErrorCode.INVALID_INPUT, `status: must be one of ${payoutStatuses.join(', ')}`);
    }
    return (await this.runs.payouts(run.id, status, Math.min(Math.max(first, 1), 10_000))).map(toPayout);
  }

  @ResolveField(() => [PayoutSkip], { description: 'Recorded when the run executed.' })
  @Roles(Role.FINANCE, Role.ADMIN)
  async skipped(@Parent() run: PayoutRun): Promise<PayoutSkip[]> {
    return (await this.runs.skips(run.id)).map((s) => ({ ambassadorId: s.ambassador_id, reason: s.reason, detail: s.detail, amountMinor: Number(s.amount_minor) }));
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.runs.stopping = true;
    await Promise.allSettled([...this.executing]);
  }

  private inBackground(work: Promise<unknown>, runId: string): void {
    const tracked = work
      .catch((error: unknown) => {
        if (!(error instanceof PayoutRunException && error.code === PayoutRunErrorCode.EXECUTING_ELSEWHERE)) this.logger.error(`payout run ${runId}: ${String(error)}`);
      })
      .finally(() => this.executing.delete(tracked));
    this.executing.add(tracked);
  }
}

function uuidArg(id: string): string {
  if (!isUuid(id)) throw new PayoutRunException(PayoutRunErrorCode.INVALID_INPUT, `payoutRunId: ${JSON.stringify(id.slice(0, 60))} is not a payout run id`);
  return id;
}
