import { Directive, Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { MinorUnits } from '@streetteam/platform';

// Enrollment owns Ambassador; payouts adds the ambassador's money by id.
@ObjectType()
@Directive('@key(fields: "id")')
export class Ambassador {
  @Field(() => ID)
  id!: string;
}

@ObjectType({ description: "An ambassador's money in one currency, in integer minor units, derived from the ledger." })
export class AmbassadorBalance {
  @Field()
  currency!: string;

  @Field(() => MinorUnits, { description: 'Earned, still in its hold.' })
  pendingMinor!: number;

  @Field(() => MinorUnits, { description: 'Released, payable (includes commissions on fraud hold, which are not paid while held).' })
  availableMinor!: number;

  @Field(() => MinorUnits, { description: 'Paid out to the Stripe account, net of transfer reversals.' })
  paidOutMinor!: number;

  @Field(() => MinorUnits, { description: 'Reversed after it was paid: owed back, netted off by the next payout.' })
  clawbackReceivableMinor!: number;

  @Field(() => MinorUnits, { description: 'Available minus the clawback owed; negative when more is owed than is available.' })
  netAvailableMinor!: number;
}

@ObjectType({ description: "One ledger transaction as the ambassador sees it, with the running balance after it." })
export class LedgerHistoryLine {
  @Field(() => ID)
  transactionId!: string;

  @Field()
  postedAt!: Date;

  @Field({ description: 'COMMISSION_EARNED, COMMISSION_RELEASED, COMMISSION_REVERSED, PAYOUT_RESERVED, PAYOUT_SETTLED, PAYOUT_CANCELLED, TRANSFER_REVERSED.' })
  kind!: string;

  @Field()
  currency!: string;

  @Field()
  description!: string;

  @Field(() => ID, { nullable: true })
  commissionId!: string | null;

  @Field(() => ID, { nullable: true })
  payoutId!: string | null;

  @Field(() => MinorUnits, { description: 'How pending + available - clawback owed moved.' })
  changeMinor!: number;

  @Field(() => MinorUnits, { description: 'Pending + available - clawback owed after this transaction, in this currency.' })
  balanceAfterMinor!: number;
}

@ObjectType('PayoutLedgerEntry')
export class LedgerEntryLine {
  @Field({ description: 'The account kind; ambassador accounts belong to the transaction\'s ambassador.' })
  account!: string;

  @Field(() => MinorUnits, { description: 'Debit positive, credit negative.' })
  amountMinor!: number;
}

@ObjectType({ description: 'A double-entry transaction: its entries sum to zero.' })
export class LedgerTransaction {
  @Field(() => ID)
  transactionId!: string;

  @Field({ description: 'The business key it was posted under (earn:<commission>, payout-settle:<payout>, …).' })
  reference!: string;

  @Field()
  postedAt!: Date;

  @Field()
  kind!: string;

  @Field(() => ID)
  ambassadorId!: string;

  @Field()
  currency!: string;

  @Field()
  description!: string;

  @Field(() => [LedgerEntryLine])
  entries!: LedgerEntryLine[];
}

@ObjectType({ description: 'The ledger checked against itself.' })
export class LedgerIntegrity {
  @Field(() => Int, { description: 'Accounts whose kept balance differs from the sum of their entries (0 when sound).' })
  balanceMismatches!: number;

  @Field(() => Int, { description: 'Transactions whose entries do not sum to zero (0 when sound).' })
  unbalancedTransactions!: number;

  @Field(() => [String], { description: 'Currencies whose entries do not sum to zero (empty when sound).' })
  unbalancedCurrencies!: string[];

  @Field(() => Int)
  transactions!: number;

  @Field(() => Int)
  entries!: number;
}
