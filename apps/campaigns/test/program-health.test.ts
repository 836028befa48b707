import { randomUUID } from 'node:crypto';
import { Role } from '@streetteam/auth';
import { AmbassadorActivated, AmbassadorStatusChanged, CustomerRecovered, hashEmail } from '@streetteam/contracts';
import { envelopeFor, GraphQLAnswer, publishAndSettle, startTestService, TestService } from '@streetteam/service-testing';
import { waitFor } from '@streetteam/testing';
import { CampaignsModule } from '../src/campaigns.module';
import { IdeaService } from '../src/ideas/idea.service';
import { dataSourceOf, givenActiveCampaign, givenAmbassador, givenProgram } from './support/campaigns-fixtures';

const HEALTH = `query ($programId: ID!, $from: DateTime!, $to: DateTime!) { programHealth(programId: $programId, from: $from, to: $to) {
  programId currency customers owners ownershipQuotientBps activeAmbassadors attributedSalesMinor commissionCostMinor commissionCostShareBps
  ideasSubmitted ideasAnswered ideaAnswerRateBps medianFirstAnswerSeconds recoveredCustomers recoveredWhoBought recoveredWhoJoined } }`;
const DAY = 86_400_000;
const daysAgo = (n: number) => new Date(Date.now() - n * DAY);
const ops = { role: Role.MARKETING_OPS };

describe('campaigns program health', () => {
  let service: TestService;
  let programId: string;
  let campaignId: string;
  const from = daysAgo(10);
  const to = new Date(Date.now() + DAY);

  const order = (email: string, placedAt: Date, amountMinor = 5_000) =>
    dataSourceOf(service).query(
      `INSERT INTO orders (order_id, program_id, customer_id, customer_email_hash, amount_minor, currency, items, placed_at) VALUES ($1, $2, $3, $4, $5, 'USD', '[]', $6)`,
      [`order-${randomUUID()}`, programId, `customer-${email.split('@')[0]}`, hashEmail(email), amountMinor, placedAt],
    );
  const commission = (ambassadorId: string, source: string, amountMinor: number, saleAmountMinor: number, earnedAt: Date, reversed = { amount: 0, sale: 0 }) =>
    dataSourceOf(service).query(
      `INSERT INTO commissions (id, ambassador_id, program_id, campaign_id, source, amount_minor, uncapped_minor, sale_amount_minor, points, currency, earned_at, hold_until, reversed_minor, reversed_sale_minor)
       VALUES ($1, $2, $3, $4, $5, $6, $6, $7, 0, 'USD', $8, $8::timestamptz + interval '30 days', $9, $10)`,
      [randomUUID(), ambassadorId, programId, campaignId, source, amountMinor, saleAmountMinor, earnedAt, reversed.amount, reversed.sale],
    );

  beforeAll(async () => {
    service = await startTestService('campaigns', (config) => CampaignsModule.forRoot(config, { writeSchema: false }));
    programId = await givenProgram(service);
    campaignId = await givenActiveCampaign(service, programId);
  });

  afterAll(() => service?.close());

  it("measures a program's period: ownership quotient, active ambassadors, sales and their cost, ideas answered, recovered customers", async () => {
    const ideas = service.app.get(IdeaService);
    // The third ambassador stays idle.
    const [amira, bruno] = await Promise.all([givenAmbassador(service, programId), givenAmbassador(service, programId), givenAmbassador(service, programId)]);

    // Orders, attribution and commissions are seeded as campaigns' own ingestion leaves them.
    // Amira (as a customer) bought before and again, and referred a customer: an owner.
    await order(amira.email, daysAgo(40));
    await order(amira.email, daysAgo(3));
    await dataSourceOf(service).query(
      `INSERT INTO conversions (id, order_id, program_id, outcome, method, reason, campaign_id, ambassador_id, customer_id, customer_email_hash, amount_minor, currency, placed_at)
       VALUES ($1, $2, $3, 'ATTRIBUTED', 'CODE', 'code used', $4, $5, 'customer-x', $6, 10000, 'USD', $7)`,
      [randomUUID(), `order-${randomUUID()}`, programId, campaignId, amira.id, hashEmail('referred@example.com'), daysAgo(4)],
    );
    // Cleo bought twice in the period and gave an idea through the public form: an owner.
    await order('cleo@example.com', daysAgo(8));
    await order('cleo@example.com', daysAgo(2));
    const cleoIdea = await ideas.submitPublic({ programId, title: 'Refills', body: 'Less plastic', email: 'cleo@example.com' }, '192.0.2.10', daysAgo(6));
    // Dan bought twice, nothing else; Eve gave an idea but bought once: neither is an owner.
    await order('dan@example.com', daysAgo(9));
    await order('dan@example.com', daysAgo(1));
    await order('eve@example.com', daysAgo(5));
    const eveIdea = await ideas.submitPublic({ programId, title: 'Night market', body: 'Friday nights', email: 'eve@example.com' }, '192.0.2.11', daysAgo(5));
    // Bruno bought before and again, and had a product review approved: an owner.
    await order(bruno.email, daysAgo(30));
    await order(bruno.email, daysAgo(2));
    const review = await service.graphql<{ createMission: { id: string } }>(`mutation ($input: CreateMissionInput!) { createMission(input: $input) { id } }`, { input: { campaignId, kind: 'PRODUCT_REVIEW', title: 'Review it', points: 10 } }, ops);
    const submitted = await service.graphql<{ submitMission: { id: string } }>(`mutation ($id: ID!) { submitMission(input: { missionId: $id }) { id } }`, { id: review.data!.createMission.id }, { role: Role.AMBASSADOR, ambassadorId: bruno.id });
    expect((await service.graphql(`mutation ($id: ID!) { approveMissionSubmission(submissionId: $id) { status } }`, { id: submitted.data!.submitMission.id }, ops)).errors).toBeUndefined();
    // Amira's own idea, answered after 2 hours; Cleo's after 10; Eve's never. An idea before the period doesn't count.
    const amiraIdea = await ideas.submitAsAmbassador({ programId, title: 'Pop-up', body: 'In Leeds' }, amira.id, daysAgo(7));
    await ideas.move({ ideaId: amiraIdea.idea.id, to: 'UNDER_REVIEW', answer: 'Looking into it' }, 'ops', new Date(amiraIdea.idea.createdAt.getTime() + 2 * 3_600_000));
    await ideas.move({ ideaId: cleoIdea.view.idea.id, to: 'UNDER_REVIEW', answer: 'Good one' }, 'ops', new Date(cleoIdea.view.idea.createdAt.getTime() + 10 * 3_600_000));
    await ideas.submitAsAmbassador({ programId, title: 'Old idea', body: 'x' }, amira.id, daysAgo(20));
    expect(eveIdea.view.idea.firstAnsweredAt).toBeNull();

    // Commissions: two sales (one partly refunded) and a bounty; one from before the period.
    await commission(amira.id, 'ORDER', 1_000, 10_000, daysAgo(4));
    await commission(amira.id, 'ORDER', 2_000, 20_000, daysAgo(3), { amount: 500, sale: 5_000 });
    await commission(bruno.id, 'MISSION_BOUNTY', 300, 0, daysAgo(2));
    await commission(amira.id, 'ORDER', 9_999, 99_999, daysAgo(60));

    // Recovery won back Fay (who ordered again) and Gus (who became an ambassador).
    const recovered = (email: string, at: Date) =>
      envelopeFor(CustomerRecovered, { claimId: randomUUID(), programId, customerId: `customer-${email.split('@')[0]}`, email, recoveredAt: at.toISOString() }, 'recovery');
    const fay = recovered('fay@example.com', daysAgo(5));
    await publishAndSettle(service, 'campaigns.recovery', CustomerRecovered, fay, 'handled');
    await publishAndSettle(service, 'campaigns.recovery', CustomerRecovered, fay, 'duplicate');
    await publishAndSettle(service, 'campaigns.recovery', CustomerRecovered, recovered('gus@example.com', daysAgo(4)), 'handled');
    await order('fay@example.com', daysAgo(1));
    const gus = randomUUID();
    const activatedAt = daysAgo(1).toISOString();
    await publishAndSettle(service, 'campaigns.ambassadors', AmbassadorStatusChanged, envelopeFor(AmbassadorStatusChanged, { ambassadorId: gus, programId, from: 'ONBOARDING', to: 'ACTIVE', changedAt: activatedAt }, 'enrollment'), 'handled');
    await publishAndSettle(
      service,
      'campaigns.ambassadors',
      AmbassadorActivated,
      envelopeFor(AmbassadorActivated, { ambassadorId: gus, programId, referralCode: `GUS${gus.slice(0, 6)}`.toUpperCase(), displayName: 'Gus', customerEmailHash: hashEmail('gus@example.com'), country: 'US', activatedAt }, 'enrollment'),
      'handled',
    );
    const rows: unknown[] = await dataSourceOf(service).query(`SELECT * FROM recovered_customers WHERE program_id = $1`, [programId]);
    expect(rows).toHaveLength(2);
    // The clear address is not kept: only its hash.
    expect(JSON.stringify(rows)).not.toMatch(/@example\.com/);

    const health = await waitFor(
      async () => {
        const answer = await service.graphql<{ programHealth: Record<string, unknown> }>(HEALTH, { programId, from: from.toISOString(), to: to.toISOString() }, ops);
        expect(answer.errors).toBeUndefined();
        return answer.data!.programHealth.recoveredWhoJoined === 1 ? answer.data!.programHealth : undefined;
      },
      { description: 'program health to see Gus join', timeoutMs: 30_000 },
    );
    expect(health).toEqual({
      programId,
      currency: 'USD',
      // Amira, Cleo, Dan, Eve, Bruno and Fay ordered; Amira, Cleo and Bruno are owners.
      customers: 6,
      owners: 3,
      ownershipQuotientBps: 5000,
      // Amira earned and Bruno took up a mission; the idle ambassador and Gus did nothing yet.
      activeAmbassadors: 2,
      attributedSalesMinor: '25000',
      commissionCostMinor: '2800',
      commissionCostShareBps: 1120,
      ideasSubmitted: 3,
      ideasAnswered: 2,
      ideaAnswerRateBps: 6667,
      medianFirstAnswerSeconds: 6 * 3600,
      recoveredCustomers: 2,
      recoveredWhoBought: 1,
      recoveredWhoJoined: 1,
    });
  });

  it('shows no made-up ratios for a quiet program', async () => {
    const quiet = await givenProgram(service);
    const answer = await service.graphql<{ programHealth: Record<string, unknown> }>(HEALTH, { programId: quiet, from: from.toISOString(), to: to.toISOString() }, ops);
    expect(answer.data!.programHealth).toMatchObject({ customers: 0, ownershipQuotientBps: null, commissionCostShareBps: null, ideaAnswerRateBps: null, medianFirstAnswerSeconds: null });
  });

  describe('bad input gets a coded error naming the field', () => {
    const ask = (vars: Record<string, unknown>) => service.graphql(HEALTH, { programId, from: from.toISOString(), to: to.toISOString(), ...vars }, ops);
    it('refuses a period that ends before it starts', async () => {
      const answer = await ask({ from: to.toISOString(), to: from.toISOString() });
      expect(answer.errors?.[0]).toMatchObject({ message: 'to: must be after from', extensions: { code: 'BAD_USER_INPUT', field: 'to' } });
    });
    it('refuses a period longer than 366 days', async () => {
      const answer = await ask({ from: daysAgo(400).toISOString() });
      expect(answer.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'to' });
    });
    it('refuses an unknown program', async () => {
      const answer = await ask({ programId: randomUUID() });
      expect(answer.errors?.[0].extensions).toMatchObject({ code: 'NOT_FOUND', field: 'programId' });
    });
    it('refuses a date that is not one', async () => {
      const answer = await ask({ from: 'yesterday' });
      expect(answer.errors?.[0].extensions.code).toMatch(/BAD_USER_INPUT|GRAPHQL_VALIDATION_FAILED/);
    });
  });

  describe('who may do what', () => {
    const self = { role: Role.AMBASSADOR, ambassadorId: randomUUID() };
    const callers: Array<[string, { role?: Role; ambassadorId?: string }, boolean]> = [
      ['anonymous', {}, false],
      ['AMBASSADOR self', self, false],
      ['AMBASSADOR other', { role: Role.AMBASSADOR, ambassadorId: randomUUID() }, false],
      ['MARKETING_OPS', ops, true],
      ['FINANCE', { role: Role.FINANCE }, false],
      ['SUPPORT_AGENT', { role: Role.SUPPORT_AGENT }, false],
      ['ADMIN', { role: Role.ADMIN }, true],
    ];
    it.each(callers)('programHealth as %s', async (_label, caller, allowed) => {
      const answer: GraphQLAnswer<unknown> = await service.graphql(HEALTH, { programId, from: from.toISOString(), to: to.toISOString() }, caller);
      if (allowed) expect(answer.errors).toBeUndefined();
      else expect(answer.errors?.[0].extensions.code).toBe(caller.role ? 'FORBIDDEN' : 'UNAUTHENTICATED');
    });
  });
});
