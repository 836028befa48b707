import { DynamicModule, Global, Module } from '@nestjs/common';
import { AmbassadorEventsConsumer } from './ambassadors/ambassador-events.consumer';
import { AmbassadorResolver } from './balances/ambassador.resolver';
import { BalanceService } from './balances/balance.service';
import { LedgerResolver } from './balances/ledger.resolver';
import { CommissionEventsConsumer } from './commissions/commission-events.consumer';
import { CommissionService } from './commissions/commission.service';
import { holdReleaseJob } from './commissions/hold-release.job';
import { LedgerService } from './ledger/ledger.service';
import { PayoutAccountResolver } from './payout-accounts/payout-account.resolver';
import { PayoutAccountService } from './payout-accounts/payout-account.service';
import { finalPayoutJob } from './payout-runs/final-payout.job';
import { FinalPayoutService } from './payout-runs/final-payout.service';
import { PayoutRunResolver } from './payout-runs/payout-run.resolver';
import { PayoutRunService } from './payout-runs/payout-run.service';
import { PayoutSender } from './payout-runs/payout-sender';
import { PAYOUTS_CONFIG, PayoutsConfig } from './payouts-config';
import { ReconciliationResolver } from './reconciliation/reconciliation.resolver';
import { ReconciliationService } from './reconciliation/reconciliation.service';
import { stripeProvider, STRIPE } from './stripe.provider';
import { TaxFormResolver } from './tax-forms/tax-form.resolver';
import { TaxFormService } from './tax-forms/tax-form.service';
import { StripeWebhookController } from './webhooks/stripe-webhook.controller';
import { StripeWebhookService } from './webhooks/stripe-webhook.service';

/** Payouts' settings and its Stripe client, for every feature. */
@Global()
@Module({})
export class PayoutsConfigModule {
  static forRoot(config: PayoutsConfig): DynamicModule {
    return { module: PayoutsConfigModule, providers: [{ provide: PAYOUTS_CONFIG, useValue: config }, stripeProvider], exports: [PAYOUTS_CONFIG, STRIPE] };
  }
}

@Module({ providers: [LedgerService, BalanceService], exports: [LedgerService, BalanceService] })
export class LedgerModule {}

@Module({ imports: [LedgerModule], providers: [CommissionService, CommissionEventsConsumer, holdReleaseJob], exports: [CommissionService] })
export class CommissionsModule {}

@Module({ providers: [AmbassadorEventsConsumer] })
export class AmbassadorsModule {}

@Module({ providers: [PayoutAccountService, PayoutAccountResolver], exports: [PayoutAccountService] })
export class PayoutAccountsModule {}

@Module({ providers: [TaxFormService, TaxFormResolver], exports: [TaxFormService] })
export class TaxFormsModule {}

@Module({
  imports: [LedgerModule],
  providers: [PayoutSender, PayoutRunService, FinalPayoutService, finalPayoutJob, PayoutRunResolver],
  exports: [PayoutSender, PayoutRunService, FinalPayoutService],
})
export class PayoutRunsModule {}

@Module({ imports: [LedgerModule, PayoutAccountsModule, PayoutRunsModule], controllers: [StripeWebhookController], providers: [StripeWebhookService] })
export class WebhooksModule {}

@Module({ providers: [ReconciliationService, ReconciliationResolver], exports: [ReconciliationService] })
export class ReconciliationModule {}

@Module({ imports: [LedgerModule, CommissionsModule, PayoutAccountsModule, TaxFormsModule, PayoutRunsModule], providers: [AmbassadorResolver, LedgerResolver] })
export class BalancesModule {}

export const payoutsFeatures = [
  LedgerModule,
  CommissionsModule,
  AmbassadorsModule,
  PayoutAccountsModule,
  TaxFormsModule,
  PayoutRunsModule,
  WebhooksModule,
  ReconciliationModule,
  BalancesModule,
];
