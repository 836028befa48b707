import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { Role } from '@streetteam/auth';
import { AmbassadorTierChangedPayload, CommissionEarned, CommissionEarnedPayload, CommissionReversed, EventEnvelope, Topics } from '@streetteam/contracts';
import { envelopeFor, publishAndSettle, startTestService, TestService } from '@streetteam/service-testing';
import { kafkaBrokers, readTopic, testDatabaseUrl } from '@streetteam/testing';
import { EnrollmentModule } from '../src/enrollment.module';
import { COMMISSIONS_CONSUMER_GROUP } from '../src/tiers/commission-events.consumer';

const ops = { role: Role.MARKETING_OPS };
const CREATE_PROGRAM = `mutation { createProgram(input: { name: "Commission crew", currency: "EUR", guaranteeWindowDays: 30 }) { id } }`;
const CREATE_TIER = `mutation ($input: CreateTierInput!) { createTier(input: $input) { id } }`;
const SUBMIT = `mutation ($input: SubmitApplicationInput!) { submitApplication(input: $input) { application { id } } }`;
const DECIDE = `mutation ($id: ID!) { decideApplication(input: { applicationId: $id, decision: APPROVED, note: "welcome" }) { ambassadorId } }`;

describe('enrollment tier progress from campaigns commissions', () => {
  let enrollment: TestService;
  let db: Client;
  let programId: string;
  let ambassadorId: string;
  const tierIds: Record<string, string> = {};

  const tierOf = async () => (await db.query('SELECT tier_id FROM ambassadors WHERE id = $1', [ambassadorId])).rows[0].tier_id as string | null;
  const tierEvents = async (count: number, timeoutMs = 30_000) => {
    const seen = await readTopic<EventEnvelope<AmbassadorTierChangedPayload>>(kafkaBrokers(), `${enrollment.topicPrefix}${Topics.enrollmentAmbassadors}`, {
      ...(count > 0 && { until: (messages) => messages.filter((m) => m.value?.type === 'AmbassadorTierChanged').length >= count }),
      timeoutMs,
    });
    return seen.filter((m) => m.value?.type === 'AmbassadorTierChanged').map((m) => [m.value!.payload.toTierName, m.value!.payload.direction]);
  };
  const earning = (saleAmountMinor: number, commissionId = randomUUID()): CommissionEarnedPayload => ({
    commissionId,
    ambassadorId,
    programId,
    campaignId: randomUUID(),
    source: 'ORDER',
    orderId: `order-${commissionId.slice(0, 8)}`,
    amountMinor: Math.round(saleAmountMinor / 10),
    currency: 'EUR',
    saleAmountMinor,
    points: 0,
    earnedAt: new Date().toISOString(),
    holdUntil: new Date(Date.now() + 30 * 86_400_000).toISOString(),
  });
  const earn = (payload: CommissionEarnedPayload, envelope = envelopeFor(CommissionEarned, payload, 'campaigns')) =>
    publishAndSettle(enrollment, COMMISSIONS_CONSUMER_GROUP, CommissionEarned, envelope, 'handled');

  beforeAll(async () => {
    enrollment = await startTestService('enrollment', (config) => EnrollmentModule.forRoot(config, { writeSchema: false }));
    db = new Client({ connectionString: testDatabaseUrl(), options: `-c search_path=${enrollment.config.databaseSchema}` });
    await db.connect();
    programId = (await enrollment.graphql<{ createProgram: { id: string } }>(CREATE_PROGRAM, {}, ops)).data!.createProgram.id;
    for (const [name, rank, minSalesMinor, minPoints, multiplierBps] of [
      ['Bronze', 1, 0, 0, 10000],
      ['Silver', 2, 50000, 500, 11000],
      ['Gold', 3, 200000, 2000, 12500],
    ] as const) {
      const created = await enrollment.graphql<{ createTier: { id: string } }>(CREATE_TIER, { input: { programId, name, rank, minSalesMinor, minPoints, multiplierBps } }, ops);
      expect(created.errors).toBeUndefined();
      tierIds[name] = created.data!.createTier.id;
    }
    const submitted = await enrollment.graphql<{ submitApplication: { application: { id: string } } }>(SUBMIT, {
      input: { programId, email: 'commission.carla@example.com', name: 'Carla Commission', country: 'DE', priorOrders: 2, acceptedTerms: true },
    });
    ambassadorId = (await enrollment.graphql<{ decideApplication: { ambassadorId: string } }>(DECIDE, { id: submitted.data!.submitApplication.application.id }, ops)).data!.decideApplication
      .ambassadorId;
  });

  afterAll(async () => {
    await db?.end();
    await enrollment?.close();
  });

  it('tiers up on earnings, ignores a redelivery, and lets a reversal bring the tier down once a month has passed', async () => {
    await earn(earning(30000));
    expect(await tierOf()).toBe(tierIds.Bronze);

    const second = earning(30000);
    const secondEnvelope = envelopeFor(CommissionEarned, second, 'campaigns');
    await earn(second, secondEnvelope);
    expect(await tierOf()).toBe(tierIds.Silver);
    expect(await tierEvents(2)).toEqual([
      ['Bronze', 'UP'],
      ['Silver', 'UP'],
    ]);

    // The same envelope again is stopped by the inbox; the same commission in a new envelope counts once.
    await publishAndSettle(enrollment, COMMISSIONS_CONSUMER_GROUP, CommissionEarned, secondEnvelope, 'duplicate');
    await earn(second);
    const progress = await db.query('SELECT count(*)::int AS n, sum(sale_minor)::int AS sales FROM commission_progress WHERE ambassador_id = $1', [ambassadorId]);
    expect(progress.rows[0]).toEqual({ n: 2, sales: 60000 });

    // Just upgraded: a reversal lowers progress but the tier holds until the month is over.
    const reversal = {
      reversalId: randomUUID(),
      cause: 'REFUND' as const,
      commissionId: second.commissionId,
      ambassadorId,
      programId,
      amountMinor: second.amountMinor,
      saleAmountMinor: 30000,
      points: 0,
      currency: 'EUR',
      reason: 'order refunded',
      reversedAt: new Date().toISOString(),
    };
    await publishAndSettle(enrollment, COMMISSIONS_CONSUMER_GROUP, CommissionReversed, envelopeFor(CommissionReversed, reversal, 'campaigns'), 'handled');
    expect(await tierOf()).toBe(tierIds.Silver);
    // The same reversal in a new envelope takes nothing more off.
    await publishAndSettle(enrollment, COMMISSIONS_CONSUMER_GROUP, CommissionReversed, envelopeFor(CommissionReversed, reversal, 'campaigns'), 'handled');
    const reversed = await db.query('SELECT reversed_sale_minor::int AS sale FROM commission_progress WHERE commission_id = $1', [second.commissionId]);
    expect(reversed.rows).toEqual([{ sale: 30000 }]);

    await db.query(`UPDATE ambassadors SET tier_changed_at = now() - interval '31 days' WHERE id = $1`, [ambassadorId]);
    // A month on, the next commission reassesses: 30000 + 1000 left in the window is Bronze.
    await earn(earning(1000));
    expect(await tierOf()).toBe(tierIds.Bronze);
    expect(await tierEvents(3)).toEqual([
      ['Bronze', 'UP'],
      ['Silver', 'UP'],
      ['Bronze', 'DOWN'],
    ]);
  });
});
