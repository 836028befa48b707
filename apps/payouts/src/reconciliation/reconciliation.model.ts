import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { MinorUnits } from '@streetteam/platform';

@ObjectType({ description: 'Ledger against Stripe in one currency; differenceMinor is 0 on a clean run.' })
export class ReconciliationCurrencyTotals {
  @Field()
  currency!: string;
  @Field(() => MinorUnits)
  ledgerMinor!: number;
  @Field(() => MinorUnits)
  stripeMinor!: number;
  @Field(() => MinorUnits)
  differenceMinor!: number;
  @Field(() => Int)
  matched!: number;
  @Field(() => Int)
  differences!: number;
}

@ObjectType()
export class ReconciliationCounts {
  @Field(() => Int)
  matched!: number;
  @Field(() => Int)
  missingInStripe!: number;
  @Field(() => Int)
  missingInLedger!: number;
  @Field(() => Int)
  amountMismatch!: number;
  @Field(() => Int)
  currencyMismatch!: number;
}

@ObjectType({ description: 'A payout or a transfer reversal matched (or not) to a Stripe balance transaction.' })
export class ReconciliationItem {
  @Field(() => ID)
  id!: string;
  @Field({ description: 'MATCHED, MISSING_IN_STRIPE, MISSING_IN_LEDGER, AMOUNT_MISMATCH or CURRENCY_MISMATCH.' })
  kind!: string;
  @Field(() => String, { nullable: true })
  stripeTransferId!: string | null;
  @Field(() => String, { nullable: true, description: "Set on a transfer reversal's item (Stripe's trr_ id); its amounts are negative (money back from the ambassador)." })
  stripeReversalId!: string | null;
  @Field(() => ID, { nullable: true })
  payoutId!: string | null;
  @Field(() => ID, { nullable: true })
  ambassadorId!: string | null;
  @Field(() => MinorUnits, { nullable: true })
  ledgerAmountMinor!: number | null;
  @Field(() => String, { nullable: true })
  ledgerCurrency!: string | null;
  @Field(() => MinorUnits, { nullable: true })
  stripeAmountMinor!: number | null;
  @Field(() => String, { nullable: true })
  stripeCurrency!: string | null;
  @Field(() => String, { nullable: true })
  balanceTransactionId!: string | null;
  @Field(() => String, { nullable: true, description: "Finance's note on how the difference was resolved." })
  resolution!: string | null;
  @Field(() => String, { nullable: true })
  resolvedBy!: string | null;
}

@ObjectType({ description: "The ledger's payouts of a period matched to Stripe's balance transactions." })
export class ReconciliationReport {
  @Field(() => ID)
  id!: string;
  @Field()
  periodFrom!: Date;
  @Field()
  periodTo!: Date;
  @Field({ description: 'RUNNING, COMPLETED or FAILED.' })
  status!: string;
  @Field()
  createdBy!: string;
  @Field(() => Int, { description: 'Balance transactions read from Stripe.' })
  stripeTransactions!: number;
  @Field(() => [ReconciliationCurrencyTotals])
  totals!: ReconciliationCurrencyTotals[];
}
