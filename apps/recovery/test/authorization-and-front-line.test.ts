import { randomUUID } from 'node:crypto';
import { Role } from '@streetteam/auth';
import { FollowUpRequestedPayload, Topics } from '@streetteam/contracts';
import { Caller } from '@streetteam/service-testing';
import { FollowUpService } from '../src/follow-ups/follow-up.service';
import { MY_CLAIM, OPEN_FOR_CUSTOMER, RecoveryTestKit } from './recovery-test-kit';

const callers: Array<Role | undefined> = [undefined, Role.AMBASSADOR, Role.MARKETING_OPS, Role.FINANCE, Role.SUPPORT_AGENT, Role.SUPPORT_SUPERVISOR, Role.ADMIN];
const SUPPORT = [Role.SUPPORT_AGENT, Role.SUPPORT_SUPERVISOR, Role.ADMIN];
const SUPERVISORS = [Role.SUPPORT_SUPERVISOR, Role.ADMIN];

const DASHBOARD = `query ($from: DateTime!, $to: DateTime!, $agent: String) { agentDashboard(from: $from, to: $to, agent: $agent) {
  agent claimsHandled medianMinutesToResolve slaTracked slaMet slaMetShare abuseReportsFiled ratingsCount averageSatisfaction ratingsExcludedAfterAbuse } }`;
const FILE_ABUSE = `mutation ($input: AbuseReportInput!) { fileAbuseReport(input: $input) { id claimId category endedInteraction filedBy } }`;
const ANSWER = `mutation ($input: FollowUpAnswerInput!) { answerFollowUp(input: $input) { satisfaction } }`;

describe('recovery authorization and front-line protection', () => {
  const kit = new RecoveryTestKit();
  let programId: string;
  let claimId: string;
  const period = () => ({ from: new Date(Date.now() - 3_600_000).toISOString(), to: new Date(Date.now() + 3_600_000).toISOString() });

  beforeAll(async () => {
    await kit.start();
    programId = await kit.program(30);
    const order = await kit.order(programId);
    claimId = (await kit.openClaim({ orderId: order.orderId, email: order.email, items: [{ sku: 'CAP', quantity: 1 }], reason: 'OTHER', resolution: 'STORE_CREDIT' })).data!.openGuaranteeClaim.claim.id;
  });

  afterAll(() => kit.stop());

  const operations: Array<{ name: string; allowed: Role[]; query: () => string; variables?: () => Record<string, unknown> }> = [
    { name: 'the claims queue', allowed: SUPPORT, query: () => '{ guaranteeClaims { claims { id } } }' },
    { name: 'a claim with its notes and timeline', allowed: SUPPORT, query: () => `{ guaranteeClaim(id: "${claimId}") { id notes { body } timeline { action } } }` },
    { name: 'the escalations', allowed: SUPERVISORS, query: () => '{ escalatedGuaranteeClaims { claims { id } } }' },
    { name: 'approving a claim', allowed: SUPERVISORS, query: () => `mutation { approveGuaranteeClaim(claimId: "${randomUUID()}") { id } }` },
    { name: 'declining a claim', allowed: SUPERVISORS, query: () => `mutation { declineGuaranteeClaim(claimId: "${randomUUID()}", reasonForCustomer: "no") { id } }` },
    { name: 'an internal note', allowed: SUPPORT, query: () => `mutation { addGuaranteeClaimNote(claimId: "${claimId}", body: "called back") { id } }` },
    {
      name: 'a claim on behalf of a customer',
      allowed: SUPPORT,
      query: () => OPEN_FOR_CUSTOMER,
      variables: () => ({ input: { orderId: 'ord-none', email: 'x@example.com', items: [{ sku: 'CAP', quantity: 1 }], reason: 'OTHER', resolution: 'REFUND' } }),
    },
    { name: 'an abuse report', allowed: SUPPORT, query: () => FILE_ABUSE, variables: () => ({ input: { customerEmail: 'nobody@example.com', category: 'OTHER', notes: 'matrix', endedInteraction: false } }) },
    { name: 'the abuse reports', allowed: SUPERVISORS, query: () => '{ abuseReports { id } }' },
    { name: 'an agent dashboard', allowed: SUPPORT, query: () => DASHBOARD, variables: period },
    { name: 'the recovery rate', allowed: [Role.MARKETING_OPS, Role.SUPPORT_SUPERVISOR, Role.ADMIN], query: () => `query ($from: DateTime!, $to: DateTime!) { recoveryRate(programId: "${programId}", from: $from, to: $to) { rate } }`, variables: period },
    { name: 'setting the guarantee policy', allowed: [Role.MARKETING_OPS, Role.ADMIN], query: () => `mutation { setGuaranteePolicy(programId: "${programId}", policy: { slaHours: 24 }) { slaHours } }` },
    { name: 'the guarantee policies', allowed: [Role.SUPPORT_AGENT, Role.SUPPORT_SUPERVISOR, Role.MARKETING_OPS, Role.ADMIN], query: () => '{ programGuaranteePolicies { slaHours } }' },
  ];

  describe.each(operations)('$name', ({ allowed, query, variables }) => {
    it.each(callers)('answers %s as allowed', async (role) => {
      const answer = await kit.graphql(query(), variables?.() ?? {}, { role });
      const code = answer.errors?.[0].extensions.code;
      const refusal = !role ? 'UNAUTHENTICATED' : allowed.includes(role) ? undefined : 'FORBIDDEN';
      if (refusal) expect(code).toBe(refusal);
      // Allowed: answered, or NOT_FOUND for the made-up claim and order ids some of them name.
      else expect([undefined, 'NOT_FOUND']).toContain(code);
    });
  });

  it('shows customers only their own claim, by its access token', async () => {
    const mine = await kit.order(programId);
    const theirs = await kit.order(programId);
    const a = (await kit.openClaim({ orderId: mine.orderId, email: mine.email, items: [{ sku: 'CAP', quantity: 1 }], reason: 'OTHER', resolution: 'STORE_CREDIT' })).data!.openGuaranteeClaim;
    const b = (await kit.openClaim({ orderId: theirs.orderId, email: theirs.email, items: [{ sku: 'CAP', quantity: 1 }], reason: 'OTHER', resolution: 'STORE_CREDIT' })).data!.openGuaranteeClaim;
    expect((await kit.graphql<{ myGuaranteeClaim: { id: string } }>(MY_CLAIM, { token: a.accessToken })).data!.myGuaranteeClaim.id).toBe(a.claim.id);
    expect((await kit.graphql<{ myGuaranteeClaim: { id: string } }>(MY_CLAIM, { token: b.accessToken })).data!.myGuaranteeClaim.id).toBe(b.claim.id);
    // One character off (never the same one: a token ending in x once made this "guess" the real token).
    const guessed = await kit.graphql(MY_CLAIM, { token: `${a.accessToken.slice(0, -1)}${a.accessToken.endsWith('x') ? 'y' : 'x'}` });
    expect(guessed.errors?.[0].extensions.code).toBe('NOT_FOUND');
    // A customer has no way into the queue or another claim by id.
    expect((await kit.graphql(`{ guaranteeClaim(id: "${b.claim.id}") { id } }`)).errors?.[0].extensions.code).toBe('UNAUTHENTICATED');
  });

  it("refuses an agent another agent's dashboard, and lets a supervisor see it", async () => {
    const alice: Caller = { role: Role.SUPPORT_AGENT, ambassadorId: 'alice' };
    expect((await kit.graphql(DASHBOARD, { ...period(), agent: 'support_agent-bob' }, alice)).errors?.[0].extensions.code).toBe('FORBIDDEN');
    const seen = await kit.graphql<{ agentDashboard: { agent: string } }>(DASHBOARD, { ...period(), agent: 'support_agent-bob' }, { role: Role.SUPPORT_SUPERVISOR });
    expect(seen.data!.agentDashboard.agent).toBe('support_agent-bob');
  });

  it("shows internal measures beside ratings, and an abuse report never lowers the agent's measures", async () => {
    const dana: Caller = { role: Role.SUPPORT_AGENT, ambassadorId: 'dana' };
    const dashboard = async () => (await kit.graphql<{ agentDashboard: Record<string, number | null> }>(DASHBOARD, period(), dana)).data!.agentDashboard;
    const openFor = async () => {
      const order = await kit.order(programId);
      const answer = await kit.graphql<{ openGuaranteeClaimForCustomer: { claim: { id: string; status: string; handledBy: string } } }>(
        OPEN_FOR_CUSTOMER,
        { input: { orderId: order.orderId, email: order.email, items: [{ sku: 'HOODIE', quantity: 1 }], reason: 'PRODUCT_FAILED', resolution: 'REPLACEMENT' } },
        dana,
      );
      expect(answer.data!.openGuaranteeClaimForCustomer.claim).toMatchObject({ status: 'RESOLVED', handledBy: 'support_agent-dana' });
      return answer.data!.openGuaranteeClaimForCustomer.claim.id;
    };
    const rate = async (id: string, satisfaction: number) => {
      await kit.service.app.get(FollowUpService).requestDue(new Date(Date.now() + 80 * 3_600_000));
      const [survey] = await kit.events<FollowUpRequestedPayload>(Topics.recoveryFollowUps, (e) => e.payload.claimId === id);
      expect((await kit.graphql(ANSWER, { input: { surveyToken: survey.payload.surveyToken, satisfaction } })).errors).toBeUndefined();
    };

    const kind = await openFor();
    await rate(kind, 5);
    const before = await dashboard();
    expect(before).toMatchObject({ claimsHandled: 1, ratingsCount: 1, averageSatisfaction: 5, abuseReportsFiled: 0, medianMinutesToResolve: expect.any(Number) });

    // An abusive customer: Dana ends the interaction and files a report; the customer then rates her 1.
    const abusive = await openFor();
    const filed = await kit.graphql<{ fileAbuseReport: Record<string, unknown> }>(FILE_ABUSE, { input: { claimId: abusive, category: 'VERBAL_ABUSE', notes: 'Insults, then threats.', endedInteraction: true } }, dana);
    expect(filed.data!.fileAbuseReport).toMatchObject({ claimId: abusive, category: 'VERBAL_ABUSE', endedInteraction: true, filedBy: 'support_agent-dana' });
    await rate(abusive, 1);
    const after = await dashboard();
    expect(after).toMatchObject({ claimsHandled: 2, ratingsCount: 1, averageSatisfaction: 5, abuseReportsFiled: 1, ratingsExcludedAfterAbuse: 1 });
    for (const measure of ['claimsHandled', 'abuseReportsFiled', 'ratingsCount', 'averageSatisfaction'] as const) {
      expect(after[measure] as number).toBeGreaterThanOrEqual(before[measure] as number);
    }
    expect(after.slaMetShare).toBe(before.slaMetShare);
    expect((await kit.claim(abusive)).timeline.map((t) => t.action)).toContain('ABUSE_REPORTED');
  });

  it('names the field of a bad abuse report', async () => {
    const agent: Caller = { role: Role.SUPPORT_AGENT };
    const nobody = await kit.graphql(FILE_ABUSE, { input: { category: 'OTHER', notes: 'x', endedInteraction: true } }, agent);
    expect(nobody.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' }, message: expect.stringMatching(/^claimId:/) });
    const unknown = await kit.graphql(FILE_ABUSE, { input: { claimId: randomUUID(), category: 'OTHER', notes: 'x', endedInteraction: true } }, agent);
    expect(unknown.errors?.[0].extensions.code).toBe('NOT_FOUND');
    const badCategory = await kit.graphql(FILE_ABUSE, { input: { customerEmail: 'a@example.com', category: 'RUDE', notes: 'x', endedInteraction: true } }, agent);
    expect(badCategory.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
  });
});
