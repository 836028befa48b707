import { UseFilters } from '@nestjs/common';
import { Args, Field, ID, InputType, Int, Mutation, Query, Resolver } from '@nestjs/graphql';
import { IsDate, IsIn, IsOptional, IsString, IsUUID, Length } from 'class-validator';
import { Role, Roles } from '@streetteam/auth';
import { CommissionService } from '../commissions/commission.service';
import { postingKinds } from '../ledger/ledger';
import { LedgerService } from '../ledger/ledger.service';
import { FinalPayoutService } from '../payout-runs/final-payout.service';
import { ReconciliationExceptionFilter } from '../reconciliation/reconciliation-exception.filter';
import { LedgerIntegrity, LedgerTransaction } from './balance.model';
import { BalanceService, LedgerFilter } from './balance.service';
import { uuidArgument } from '../graphql-args';

@InputType()
export class LedgerFilterInput {
  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID()
  ambassadorId?: string;

  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @Length(3, 3)
  currency?: string;

  @Field({ nullable: true, description: postingKinds.join(', ') })
  @IsOptional()
  @IsIn([...postingKinds])
  kind?: string;

  @Field({ nullable: true })
  @IsOptional()
  @IsDate()
  from?: Date;

  @Field({ nullable: true })
  @IsOptional()
  @IsDate()
  to?: Date;
}

/** Finance's view of the whole ledger. */
@Resolver()
@UseFilters(ReconciliationExceptionFilter)
export class LedgerResolver {
  constructor(
    private readonly ledger: LedgerService,
    private readonly journal: BalanceService,
    private readonly commissions: CommissionService,
    private readonly finalPayouts: FinalPayoutService,
  ) {}

  @Query(() => [LedgerTransaction], { description: 'Newest first, filterable; `before` pages back by transactionId.' })
  @Roles(Role.FINANCE, Role.ADMIN)
  async ledgerTransactions(
    @Args('filter', { nullable: true }) filter?: LedgerFilterInput,
    @Args('first', { type: () => Int, defaultValue: 100 }) first = 100,
    @Args('before', { type: () => ID, nullable: true }) before?: string,
  ): Promise<LedgerTransaction[]> {
    if (before !== undefined && before !== null) uuidArgument('before', before);
    const lines = await this.journal.journal(filter ?? {}, Math.min(Math.max(first, 1), 1000), before);
    return lines.map((l) => ({ ...l, entries: l.entries.map((e) => ({ account: e.account, amountMinor: Number(e.amountMinor) })) }));
  }

  @Query(() => String, { description: 'The filtered ledger as CSV, one row per entry (up to 100,000 transactions).' })
  @Roles(Role.FINANCE, Role.ADMIN)
  ledgerTransactionsCsv(@Args('filter', { nullable: true }) filter?: LedgerFilterInput): Promise<string> {
    return this.journal.journalCsv((filter ?? {}) as LedgerFilter);
  }

  @Query(() => LedgerIntegrity, { description: 'Kept balances against the entries, and every transaction and currency summing to zero.' })
  @Roles(Role.FINANCE, Role.ADMIN)
  ledgerIntegrity(): Promise<LedgerIntegrity> {
    return this.ledger.integrity();
  }

  @Mutation(() => Int, { description: 'Runs the hold-release job now (it also runs on its own); returns how many commissions became available.' })
  @Roles(Role.FINANCE, Role.ADMIN)
  releaseDueCommissions(): Promise<number> {
    return this.commissions.releaseDue();
  }

  @Mutation(() => Int, { description: 'Runs the final-payout job for offboarded ambassadors now; returns how many were paid.' })
  @Roles(Role.FINANCE, Role.ADMIN)
  payFinalPayouts(): Promise<number> {
    return this.finalPayouts.payDue();
  }
}
