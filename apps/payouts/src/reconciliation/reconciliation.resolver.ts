import { UseFilters } from '@nestjs/common';
import { Args, ID, Int, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { CurrentIdentity, Identity, Role, Roles } from '@streetteam/auth';
import { toReconciliationItem, toReconciliationReport } from '../graphql-mapping';
import { ReconciliationExceptionFilter } from './reconciliation-exception.filter';
import { ReconciliationErrorCode, ReconciliationException } from './reconciliation.exception';
import { ReconciliationCounts, ReconciliationItem, ReconciliationReport } from './reconciliation.model';
import { ReconciliationItemKind, reconciliationItemKinds, ReconciliationService } from './reconciliation.service';
import { isUuid } from '@streetteam/contracts';

function reportId(id: string): string {
  if (!isUuid(id)) throw new ReconciliationException(ReconciliationErrorCode.INVALID_INPUT, 'reportId: not a reconciliation report id');
  return id;
}

function kindsArg(kinds?: string[]): ReconciliationItemKind[] | undefined {
  const bad = kinds?.find((k) => !(reconciliationItemKinds as readonly string[]).includes(k));
  if (bad) throw new ReconciliationException(ReconciliationErrorCode.INVALID_INPUT, `kinds: ${bad} is not one of ${reconciliationItemKinds.join(', ')}`);
  return kinds as ReconciliationItemKind[] | undefined;
}

@Resolver(() => ReconciliationReport)
@UseFilters(ReconciliationExceptionFilter)
export class ReconciliationResolver {
  constructor(private readonly reconciliation: ReconciliationService) {}

  @Mutation(() => ReconciliationReport, { description: "Matches the ledger's payouts paid in [from, to) to Stripe's balance transactions." })
  @Roles(Role.FINANCE, Role.ADMIN)
  async runReconciliation(@Args('from') from: Date, @Args('to') to: Date, @CurrentIdentity() identity: Identity): Promise<ReconciliationReport> {
    return toReconciliationReport(await this.reconciliation.run(from, to, identity.subject));
  }

  @Query(() => ReconciliationReport)
  @Roles(Role.FINANCE, Role.ADMIN)
  async reconciliationReport(@Args('id', { type: () => ID }) id: string): Promise<ReconciliationReport> {
    return toReconciliationReport(await this.reconciliation.report(reportId(id)));
  }

  @ResolveField(() => ReconciliationCounts)
  @Roles(Role.FINANCE, Role.ADMIN)
  async counts(@Parent() report: ReconciliationReport): Promise<ReconciliationCounts> {
    const c = await this.reconciliation.counts(report.id);
    return {
      matched: c.MATCHED,
      missingInStripe: c.MISSING_IN_STRIPE,
      missingInLedger: c.MISSING_IN_LEDGER,
      amountMismatch: c.AMOUNT_MISMATCH,
      currencyMismatch: c.CURRENCY_MISMATCH,
    };
  }

  @ResolveField(() => [ReconciliationItem], { description: 'In order; `after` pages on by item id.' })
  @Roles(Role.FINANCE, Role.ADMIN)
  async items(
    @Parent() report: ReconciliationReport,
    @Args('kinds', { type: () => [String], nullable: true }) kinds?: string[],
    @Args('first', { type: () => Int, defaultValue: 100 }) first = 100,
    @Args('after', { type: () => ID, nullable: true }) after?: string,
  ): Promise<ReconciliationItem[]> {
    if (after !== undefined && !/^\d{1,18}$/.test(after)) throw new ReconciliationException(ReconciliationErrorCode.INVALID_INPUT, 'after: must be an item id');
    return (await this.reconciliation.items(report.id, kindsArg(kinds), Math.min(Math.max(first, 1), 1000), after)).map(toReconciliationItem);
  }

  @ResolveField(() => String, { description: 'The items as CSV.' })
  @Roles(Role.FINANCE, Role.ADMIN)
  csv(@Parent() report: ReconciliationReport, @Args('kinds', { type: () => [String], nullable: true }) kinds?: string[]): Promise<string> {
    return this.reconciliation.csv(report.id, kindsArg(kinds));
  }

  @Mutation(() => ReconciliationItem, { description: 'Finance records how a difference was resolved.' })
  @Roles(Role.FINANCE, Role.ADMIN)
  async annotateReconciliationItem(
    @Args('itemId', { type: () => ID }) itemId: string,
    @Args('resolution') resolution: string,
    @CurrentIdentity() identity: Identity,
  ): Promise<ReconciliationItem> {
    return toReconciliationItem(await this.reconciliation.annotate(itemId, resolution, identity.subject));
  }
}
