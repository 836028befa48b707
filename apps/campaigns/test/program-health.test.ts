import { randomUUID } from 'node:crypto';
import { Role } from '@streetteam/auth';
import { AmbassadorActivated, AmbassadorStatusChanged, CustomerRecovered, hashEmail, OrderRefunded } from '@streetteam/contracts';
import { envelopeFor, GraphQLAnswer, publishAndSettle, publishEnvelope, startTestService, TestService } from '@streetteam/service-testing';
import { waitFor } from '@streetteam/testing';
import { CampaignsModule } from '../src/campaigns.module';
import { IdeaService } from '../src/ideas/idea.service';
import { dataSourceOf, givenActiveCampaign, givenAmbassador, givenProgram, placeOrder, shopOrder } from './support/campaigns-fixtures';

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

  /** The shop's order on shop.order.v1, as campaigns' ingestion and attribution take it. */
  const order = async (email: string, placedAt: Date, over: { amountMinor?: number; discountCode?: string } = {}) => {
    const amountMinor = over.amountMinor ?? 5_000;
    const placed = shopOrder(programId, {
      customerId: `customer-${email.split('@')[0]}`,
      customerEmailHash: hashEmail(email),
      amountMinor,
      items: [{ sku: 'TEE-1', quantity: 1, unitAmountMinor: amountMinor }],
      placedAt: placedAt.toISOString(),
      ...(over.discountCode && { discountCode: over.discountCode }),
    });
    await placeOrder(service, placed);
    return placed.orderId;
  };

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

    // Everything goes through campaigns' own pipeline: shop orders, attribution, commissions (10% in the fixture).
    // Amira (as a customer) bought before and again, and referred two customers with her code: an owner.
    await order(amira.email, daysAgo(40));
    await order(amira.email, daysAgo(3));
    await order('xavi@example.com', daysAgo(4), { amountMinor: 10_000, discountCode: amira.code });
    const refunded = await order('yara@example.com', daysAgo(3), { amountMinor: 20_000, discountCode: amira.code });
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
    const review = await service.graphql<{ createMission: { id: string } }>(
      `mutation ($input: CreateMissionInput!) { createMission(input: $input) { id } }`,
      { input: { campaignId, kind: 'PRODUCT_REVIEW', title: 'Review it', points: 10, bountyMinor: 300 } },
      ops,
    );
    const submitted = await service.graphql<{ submitMission: { id: string } }>(`mutation ($id: ID!) { submitMission(input: { missionId: $id }) { id } }`, { id: review.data!.createMission.id }, { role: Role.AMBASSADOR, ambassadorId: bruno.id });
    expect((await service.graphql(`mutation ($id: ID!) { approveMissionSubmission(submissionId: $id) { status } }`, { id: submitted.data!.submitMission.id }, ops)).errors).toBeUndefined();
    // Amira's own idea, answered after 2 hours; Cleo's after 10; Eve's never. An idea before the period doesn't count.
    const amiraIdea = await ideas.submitAsAmbassador({ programId, title: 'Pop-up', body: 'In Leeds' }, amira.id, daysAgo(7));
    await ideas.move({ ideaId: amiraIdea.idea.id, to: 'UNDER_REVIEW', answer: 'Looking into it' }, 'ops', new Date(amiraIdea.idea.createdAt.getTime() + 2 * 3_600_000));
    await ideas.move({ ideaId: cleoIdea.view.idea.id, to: 'UNDER_REVIEW', answer: 'Good one' }, 'ops', new Date(cleoIdea.view.idea.createdAt.getTime() + 10 * 3_600_000));
    await ideas.submitAsAmbassador({ programId, title: 'Old idea', body: 'x' }, amira.id, daysAgo(20));
    expect(eveIdea.view.idea.firstAnsweredAt).toBeNull();

    // A quarter of Yara's order comes back: its commission is reversed in proportion.
    await waitFor(async () => ((await dataSourceOf(service).query(`SELECT 1 FROM commissions WHERE order_id = $1`, [refunded])) as unknown[]).length > 0 || undefined, {
      description: "the commission of Yara's order",
      timeoutMs: 30_000,
    });
    await publishEnvelope(
      service,
      OrderRefunded,
      envelopeFor(OrderRefunded, { refundId: `refund-${randomUUID()}`, orderId: refunded, amountMinor: 5_000, currency: 'USD', refundedAt: daysAgo(1).toISOString() }, 'shop'),
    );

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
        const seen = answer.data!.programHealth;
        return seen.recoveredWhoJoined === 1 && seen.customers === 8 && seen.commissionCostMinor === 2800 ? seen : undefined;
      },
      { description: 'program health to see every order, the refund and Gus join', timeoutMs: 30_000 },
    );
    expect(health).toEqual({
      programId,
      currency: 'USD',
      // Amira, Xavi, Yara, Cleo, Dan, Eve, Bruno and Fay ordered; Amira, Cleo and Bruno are owners.
      customers: 8,
      owners: 3,
      ownershipQuotientBps: 3750,
      // Amira earned and Bruno took up a mission; the idle ambassador and Gus did nothing yet.
      activeAmbassadors: 2,
      // 10,000 + (20,000 − 5,000) sold; 1,000 + (2,000 − 500) + the 300 bounty paid.
      attributedSalesMinor: 25000,
      commissionCostMinor: 2800,
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
