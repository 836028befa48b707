// A process that executes one payout run and exits: the kill test SIGKILLs it at random
// moments and starts it again. It builds the run's services by hand (no HTTP, no Kafka
// consumers), on the same database schema and Stripe emulator as the test's app.
import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { Outbox } from '@streetteam/messaging';
import { serviceDataSourceOptions } from '@streetteam/persistence';
import { createStripeClient } from '@streetteam/stripe';
import { LedgerService } from '../../src/ledger/ledger.service';
import { payoutsConfigFromEnv } from '../../src/payouts-config';
import { PayoutRunService } from '../../src/payout-runs/payout-run.service';
import { PayoutSender } from '../../src/payout-runs/payout-sender';

async function main(): Promise<void> {
  const runId = process.argv[2];
  const config = payoutsConfigFromEnv();
  const dataSource = await new DataSource(
    serviceDataSourceOptions({ url: process.env.DATABASE_URL as string, schema: process.env.DATABASE_SCHEMA as string, entities: [], migrations: [], applicationName: 'payout-run-child' }),
  ).initialize();
  const ledger = new LedgerService(dataSource);
  const sender = new PayoutSender(dataSource, createStripeClient(config.stripe), ledger, new Outbox('payouts'), config);
  const runs = new PayoutRunService(dataSource, ledger, sender, config);
  const progress = await runs.execute(runId);
  process.stdout.write(`${JSON.stringify(progress, (_k, v) => (typeof v === 'bigint' ? v.toString() : v))}\n`);
  await dataSource.destroy();
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`${String(error)}\n`);
    process.exit(1);
  },
);
