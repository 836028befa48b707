import { randomUUID } from 'node:crypto';
import { CustomerRecoveredPayload, FollowUpRequestedPayload, OrderPlaced, Topics } from '@streetteam/contracts';
import { envelopeFor, publishAndSettle } from '@streetteam/service-testing';
import { FollowUpService } from '../src/follow-ups/follow-up.service';
import { ORDERS_CONSUMER_GROUP } from '../src/orders/order-events.consumer';
import { ops, RecoveryTestKit, supervisor } from './recovery-test-kit';

const ANSWER = `mutation ($input: FollowUpAnswerInput!) { answerFollowUp(input: $input) { satisfaction answeredAt } }`;
const RATE = `query ($programId: ID!, $from: DateTime!, $to: DateTime!) { recoveryRate(programId: $programId, from: $from, to: $to) { resolvedClaims recoveredCustomers rate } }`;
const HOURS = 3_600_000;

describe('recovery follow-ups and recovered customers', () => {
  const kit = new RecoveryTestKit();
  let programId: string;

  beforeAll(async () => {
    await kit.start();
    programId = await kit.program(30);
  });

  afterAll(() => kit.stop());

  const sweep = (hoursAhead: number) => kit.service.app.get(FollowUpService).requestDue(new Date(Date.now() + hoursAhead * HOURS));
  const resolvedClaim = async (overrides: { email?: string } = {}) => {
    const order = await kit.order(programId, overrides);
    const answer = await kit.openClaim({ orderId: order.orderId, email: order.email, items: [{ sku: 'CAP', quantity: 1 }], reason: 'PRODUCT_FAILED', resolution: 'REFUND' });
    expect(answer.data!.openGuaranteeClaim.claim.status).toBe('RESOLVED');
    return { order, claimId: answer.data!.openGuaranteeClaim.claim.id };
  };
  const surveyFor = async (claimId: string) =>
    (await kit.events<FollowUpRequestedPayload>(Topics.recoveryFollowUps, (e) => e.type === 'FollowUpRequested' && e.payload.claimId === claimId))[0].payload;
  const recoveredEvents = (claimId: string) => kit.allEvents<CustomerRecoveredPayload>(Topics.recoveryCustomers, (e) => e.type === 'CustomerRecovered' && e.payload.claimId === claimId);

  it('sends the survey once after the policy delay, and a positive answer recovers the customer once', async () => {
    const { order, claimId } = await resolvedClaim();
    expect(await sweep(1)).toBe(0);
    expect(await sweep(73)).toBeGreaterThanOrEqual(1);
    expect(await sweep(74)).toBe(0);
    const survey = await surveyFor(claimId);
    expect(survey).toMatchObject({ claimId, programId, email: order.email });
    expect((await kit.allEvents<FollowUpRequestedPayload>(Topics.recoveryFollowUps, (e) => e.payload.claimId === claimId)).length).toBe(1);

    const answered = await kit.graphql<{ answerFollowUp: { satisfaction: number } }>(ANSWER, { input: { surveyToken: survey.surveyToken, satisfaction: 5, comment: 'Quick and kind.' } });
    expect(answered.data!.answerFollowUp.satisfaction).toBe(5);
    const again = await kit.graphql(ANSWER, { input: { surveyToken: survey.surveyToken, satisfaction: 1 } });
    expect(again.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', reason: 'ALREADY_ANSWERED' });

    // A re-order afterwards does not recover the same claim twice.
    const { email, ...placed } = order;
    await publishAndSettle(kit.service, ORDERS_CONSUMER_GROUP, OrderPlaced, envelopeFor(OrderPlaced, { ...placed, orderId: `${order.orderId}-again`, placedAt: new Date().toISOString() }, 'shop'), 'handled');
    const [recovered] = await kit.events<CustomerRecoveredPayload>(Topics.recoveryCustomers, (e) => e.payload.claimId === claimId);
    expect(recovered.payload).toMatchObject({ claimId, programId, customerId: order.customerId, email });
    expect(await recoveredEvents(claimId)).toHaveLength(1);
    expect((await kit.claim(claimId)).followUp).toEqual({ satisfaction: 5, recoveredBy: 'SURVEY' });
  });

  it('does not count a lukewarm answer as recovered', async () => {
    const { claimId } = await resolvedClaim();
    await sweep(73);
    const survey = await surveyFor(claimId);
    await kit.graphql(ANSWER, { input: { surveyToken: survey.surveyToken, satisfaction: 3 } });
    expect(await recoveredEvents(claimId)).toHaveLength(0);
  });

  it('counts a new order by the same customer within the re-order window as recovered, once, whatever is redelivered', async () => {
    const { order, claimId } = await resolvedClaim();
    const { email, ...placed } = order;
    const reorder = envelopeFor(OrderPlaced, { ...placed, orderId: `${order.orderId}-next`, placedAt: new Date().toISOString() }, 'shop');
    await publishAndSettle(kit.service, ORDERS_CONSUMER_GROUP, OrderPlaced, reorder, 'handled');
    await publishAndSettle(kit.service, ORDERS_CONSUMER_GROUP, OrderPlaced, reorder, 'duplicate');
    await publishAndSettle(kit.service, ORDERS_CONSUMER_GROUP, OrderPlaced, { ...reorder, id: randomUUID() }, 'handled');
    await publishAndSettle(kit.service, ORDERS_CONSUMER_GROUP, OrderPlaced, envelopeFor(OrderPlaced, { ...placed, orderId: `${order.orderId}-third`, placedAt: new Date().toISOString() }, 'shop'), 'handled');
    const [recovered] = await kit.events<CustomerRecoveredPayload>(Topics.recoveryCustomers, (e) => e.payload.claimId === claimId);
    expect(recovered.payload).toMatchObject({ customerId: order.customerId, email });
    expect(await recoveredEvents(claimId)).toHaveLength(1);
    expect((await kit.claim(claimId)).followUp).toMatchObject({ recoveredBy: 'REORDER' });
    expect((await kit.claim(claimId)).timeline.map((t) => t.action)).toContain('CUSTOMER_RECOVERED');
  });

  it('does not count an order placed outside the re-order window', async () => {
    const { order, claimId } = await resolvedClaim();
    const { email, ...placed } = order;
    const late = new Date(Date.now() + 91 * 24 * HOURS).toISOString();
    await publishAndSettle(kit.service, ORDERS_CONSUMER_GROUP, OrderPlaced, envelopeFor(OrderPlaced, { ...placed, orderId: `${order.orderId}-late`, placedAt: late }, 'shop'), 'handled');
    expect(await recoveredEvents(claimId)).toHaveLength(0);
    expect(email).toContain('@');
  });

  it('reports the recovery rate of a program for a period, to ops and supervisors', async () => {
    const from = new Date(Date.now() - HOURS).toISOString();
    const to = new Date(Date.now() + HOURS).toISOString();
    const rate = await kit.graphql<{ recoveryRate: { resolvedClaims: number; recoveredCustomers: number; rate: number } }>(RATE, { programId, from, to }, ops);
    expect(rate.data!.recoveryRate).toEqual({ resolvedClaims: 4, recoveredCustomers: 2, rate: 0.5 });
    expect((await kit.graphql(RATE, { programId, from, to }, supervisor)).errors).toBeUndefined();
    const empty = await kit.graphql<{ recoveryRate: { resolvedClaims: number; rate: number } }>(RATE, { programId, from: to, to: new Date(Date.now() + 2 * HOURS).toISOString() }, ops);
    expect(empty.data!.recoveryRate).toMatchObject({ resolvedClaims: 0, rate: 0 });
    const backwards = await kit.graphql(RATE, { programId, from: to, to: from }, ops);
    expect(backwards.errors?.[0]).toMatchObject({ message: 'to: must be after from', extensions: { code: 'BAD_USER_INPUT' } });
  });

  it('answers an unknown survey token NOT_FOUND and a bad satisfaction by its field', async () => {
    const unknown = await kit.graphql(ANSWER, { input: { surveyToken: 'x'.repeat(32), satisfaction: 4 } });
    expect(unknown.errors?.[0].extensions.code).toBe('NOT_FOUND');
    const bad = await kit.graphql(ANSWER, { input: { surveyToken: 'x'.repeat(32), satisfaction: 6 } });
    expect(bad.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(bad.errors?.[0].message).toMatch(/^satisfaction:/);
  });
});
