import { randomUUID } from 'node:crypto';
import { ClaimResolvedPayload, OrderAttributed, OrderPlaced, OrderRefunded, ReplacementRequestedPayload, StoreCreditIssuedPayload, Topics } from '@streetteam/contracts';
import { envelopeFor, publishAndSettle } from '@streetteam/service-testing';
import { waitFor } from '@streetteam/testing';
import { ClaimResolutionService } from '../src/claims/claim-resolution.service';
import { ATTRIBUTION_CONSUMER_GROUP, ORDERS_CONSUMER_GROUP } from '../src/orders/order-events.consumer';
import { agent, MY_CLAIM, ops, RecoveryTestKit, supervisor } from './recovery-test-kit';

const SET_POLICY = `mutation ($programId: ID!, $policy: GuaranteePolicyInput!) {
  setGuaranteePolicy(programId: $programId, policy: $policy) { guaranteeWindowDays allowedResolutions clawbackReasons slaHours abuseReportThreshold claimCountThreshold } }`;
const FILE_ABUSE = `mutation ($input: AbuseReportInput!) { fileAbuseReport(input: $input) { id } }`;
const APPROVE = `mutation ($id: ID!) { approveGuaranteeClaim(claimId: $id, note: "looked at it") { status decidedBy } }`;
const DECLINE = `mutation ($id: ID!, $reason: String!) { declineGuaranteeClaim(claimId: $id, reasonForCustomer: $reason) { status declineReason } }`;
const ESCALATIONS = `{ escalatedGuaranteeClaims { claims { id status escalationReason } } }`;
const ADD_NOTE = `mutation ($id: ID!, $body: String!) { addGuaranteeClaimNote(claimId: $id, body: $body) { author body } }`;

describe('recovery guarantee claims', () => {
  const kit = new RecoveryTestKit();
  let programId: string;

  beforeAll(async () => {
    await kit.start();
    programId = await kit.program(30);
  });

  afterAll(() => kit.stop());

  const resolvedEvents = (claimId: string, count = 1) => kit.events<ClaimResolvedPayload>(Topics.recoveryClaims, (e) => e.type === 'ClaimResolved' && e.payload.claimId === claimId, count);

  it('refunds the claimed items to the original payment at once, with an idempotency key from the claim id', async () => {
    const order = await kit.order(programId);
    const answer = await kit.openClaim({ orderId: order.orderId, email: order.email.toUpperCase(), items: [{ sku: 'HOODIE', quantity: 1 }], reason: 'CHANGED_MIND', resolution: 'REFUND' });
    expect(answer.errors).toBeUndefined();
    const opened = answer.data!.openGuaranteeClaim;
    expect(opened.claim).toMatchObject({ status: 'RESOLVED', amountMinor: 4500, currency: 'EUR', wantedResolution: 'REFUND' });
    expect(opened.accessToken.length).toBeGreaterThanOrEqual(20);

    const refunds = kit.refundsOf(order.stripePaymentIntentId!);
    expect(refunds.map((r) => [r.amount, r.metadata?.claimId])).toEqual([[4500, opened.claim.id]]);
    expect(kit.refundIdempotencyKeys(order.stripePaymentIntentId!)).toEqual([`guarantee-claim-${opened.claim.id}`]);

    const [event] = await resolvedEvents(opened.claim.id);
    expect(event.payload).toMatchObject({
      claimId: opened.claim.id,
      programId,
      orderId: order.orderId,
      customerId: order.customerId,
      resolution: 'REFUND',
      reason: 'CHANGED_MIND',
      amountMinor: 4500,
      currency: 'EUR',
      clawback: true,
      stripeRefundId: refunds[0].id,
    });

    const seen = await kit.claim(opened.claim.id);
    expect(seen.resolution).toEqual({ kind: 'REFUND', amountMinor: 4500, clawback: true, status: 'COMPLETED', stripeRefundId: refunds[0].id });
    expect(seen.timeline.map((t) => t.action)).toEqual(['OPENED', 'RESOLUTION_STARTED', 'RESOLVED']);
    expect(seen.sla).toBeNull();
    // The customer follows their own claim with the token, nothing more.
    const mine = await kit.graphql<{ myGuaranteeClaim: { id: string; status: string } }>(MY_CLAIM, { token: opened.accessToken });
    expect(mine.data!.myGuaranteeClaim).toMatchObject({ id: opened.claim.id, status: 'RESOLVED' });
  });

  it('asks the shop for a replacement, without clawing back for a failed product', async () => {
    const order = await kit.order(programId);
    const answer = await kit.openClaim({ orderId: order.orderId, email: order.email, items: [{ sku: 'HOODIE', quantity: 2 }], reason: 'PRODUCT_FAILED', resolution: 'REPLACEMENT' });
    const claim = answer.data!.openGuaranteeClaim.claim;
    expect(claim.status).toBe('RESOLVED');
    const [replacement] = await kit.events<ReplacementRequestedPayload>(Topics.recoveryClaims, (e) => e.type === 'ReplacementRequested' && e.payload.claimId === claim.id);
    expect(replacement.payload).toMatchObject({ orderId: order.orderId, programId, items: [{ sku: 'HOODIE', quantity: 2 }] });
    const [resolved] = await resolvedEvents(claim.id);
    expect(resolved.payload).toMatchObject({ resolution: 'REPLACEMENT', amountMinor: 9000, clawback: false, reason: 'PRODUCT_FAILED' });
    expect(resolved.payload.stripeRefundId).toBeUndefined();
    expect(kit.refundsOf(order.stripePaymentIntentId!)).toEqual([]);
  });

  it('issues store credit, even for an order without a card payment', async () => {
    const order = await kit.order(programId, { stripePaymentIntentId: undefined });
    const refund = await kit.openClaim({ orderId: order.orderId, email: order.email, items: [{ sku: 'CAP', quantity: 1 }], reason: 'OTHER', resolution: 'REFUND' });
    expect(refund.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'NO_PAYMENT_TO_REFUND' });
    const answer = await kit.openClaim({ orderId: order.orderId, email: order.email, items: [{ sku: 'CAP', quantity: 1 }], reason: 'OTHER', resolution: 'STORE_CREDIT' });
    const claim = answer.data!.openGuaranteeClaim.claim;
    const [credit] = await kit.events<StoreCreditIssuedPayload>(Topics.recoveryClaims, (e) => e.type === 'StoreCreditIssued' && e.payload.claimId === claim.id);
    expect(credit.payload).toMatchObject({ orderId: order.orderId, customerId: order.customerId, amountMinor: 1500, currency: 'EUR' });
    expect((await resolvedEvents(claim.id))[0].payload).toMatchObject({ resolution: 'STORE_CREDIT', amountMinor: 1500 });
  });

  it('refuses a duplicate claim for the same items clearly, and leaves the rest claimable', async () => {
    const order = await kit.order(programId);
    const first = await kit.openClaim({ orderId: order.orderId, email: order.email, items: [{ sku: 'CAP', quantity: 1 }], reason: 'CHANGED_MIND', resolution: 'REFUND' });
    expect(first.errors).toBeUndefined();
    const again = await kit.openClaim({ orderId: order.orderId, email: order.email, items: [{ sku: 'CAP', quantity: 1 }], reason: 'CHANGED_MIND', resolution: 'REFUND' });
    expect(again.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', reason: 'ALREADY_CLAIMED', field: 'items.0' });
    expect(again.errors?.[0].message).toMatch(/already claimed/);
    const rest = await kit.openClaim({ orderId: order.orderId, email: order.email, items: [{ sku: 'HOODIE', quantity: 2 }], reason: 'CHANGED_MIND', resolution: 'REFUND' });
    expect(rest.data!.openGuaranteeClaim.claim).toMatchObject({ status: 'RESOLVED', amountMinor: 9000 });
    expect(kit.refundsOf(order.stripePaymentIntentId!).map((r) => r.amount).sort()).toEqual([1500, 9000]);
  });

  it('lets only one of two simultaneous claims for the same items through, and refunds once', async () => {
    const order = await kit.order(programId);
    const input = { orderId: order.orderId, email: order.email, items: [{ sku: 'HOODIE', quantity: 2 }], reason: 'CHANGED_MIND', resolution: 'REFUND' };
    const answers = await Promise.all([kit.openClaim(input), kit.openClaim(input)]);
    expect(answers.map((a) => a.data?.openGuaranteeClaim.claim.status ?? a.errors?.[0].extensions.reason).sort()).toEqual(['ALREADY_CLAIMED', 'RESOLVED']);
    expect(kit.refundsOf(order.stripePaymentIntentId!).map((r) => r.amount)).toEqual([9000]);
  });

  it('asks to try again when the order belongs to a program recovery has not recorded yet', async () => {
    const order = await kit.order(randomUUID());
    const answer = await kit.openClaim({ orderId: order.orderId, email: order.email, items: [{ sku: 'CAP', quantity: 1 }], reason: 'OTHER', resolution: 'REFUND' });
    expect(answer.errors?.[0].extensions).toMatchObject({ code: 'NOT_FOUND', reason: 'PROGRAM_NOT_RECORDED' });
  });

  it('answers an unknown order and a wrong email the same NOT_FOUND, telling nobody which', async () => {
    const order = await kit.order(programId);
    const unknown = await kit.openClaim({ orderId: 'ord-nope', email: order.email, items: [{ sku: 'CAP', quantity: 1 }], reason: 'OTHER', resolution: 'REFUND' });
    const wrongEmail = await kit.openClaim({ orderId: order.orderId, email: 'someone.else@example.com', items: [{ sku: 'CAP', quantity: 1 }], reason: 'OTHER', resolution: 'REFUND' });
    expect(unknown.errors?.[0].extensions).toMatchObject({ code: 'NOT_FOUND', reason: 'ORDER_NOT_FOUND' });
    expect(wrongEmail.errors?.[0]).toEqual(unknown.errors?.[0]);
  });

  it('refuses a claim outside the guarantee window with a clear code, writing nothing', async () => {
    const order = await kit.order(programId, { placedAt: new Date(Date.now() - 31 * 86_400_000).toISOString() });
    const answer = await kit.openClaim({ orderId: order.orderId, email: order.email, items: [{ sku: 'CAP', quantity: 1 }], reason: 'CHANGED_MIND', resolution: 'REFUND' });
    expect(answer.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'OUTSIDE_GUARANTEE_WINDOW', guaranteeEndedAt: expect.any(String) });
    expect((await kit.db.query('SELECT count(*)::int AS n FROM guarantee_claims WHERE order_id = $1', [order.orderId])).rows[0].n).toBe(0);
    expect(kit.refundsOf(order.stripePaymentIntentId!)).toEqual([]);
  });

  it('names the field of bad input', async () => {
    const order = await kit.order(programId);
    const notInOrder = await kit.openClaim({ orderId: order.orderId, email: order.email, items: [{ sku: 'SOCKS', quantity: 1 }], reason: 'OTHER', resolution: 'REFUND' });
    expect(notInOrder.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'INVALID_ITEMS', field: 'items.0.sku' });
    const tooMany = await kit.openClaim({ orderId: order.orderId, email: order.email, items: [{ sku: 'CAP', quantity: 2 }], reason: 'OTHER', resolution: 'REFUND' });
    expect(tooMany.errors?.[0].message).toMatch(/^items\.0\.quantity: the order has 1/);
    const badEmail = await kit.openClaim({ orderId: order.orderId, email: 'not-an-email', items: [{ sku: 'CAP', quantity: 1 }], reason: 'OTHER', resolution: 'REFUND' });
    expect(badEmail.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(badEmail.errors?.[0].message).toMatch(/^email:/);
    const zero = await kit.openClaim({ orderId: order.orderId, email: order.email, items: [{ sku: 'CAP', quantity: 0 }], reason: 'OTHER', resolution: 'REFUND' });
    expect(zero.errors?.[0].message).toMatch(/^items\.0\.quantity:/);
    const noPolicy = await kit.graphql(SET_POLICY, { programId, policy: { slaHours: 0 } }, ops);
    expect(noPolicy.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(noPolicy.errors?.[0].message).toMatch(/slaHours/);
    expect((await kit.db.query('SELECT count(*)::int AS n FROM guarantee_claims WHERE order_id = $1', [order.orderId])).rows[0].n).toBe(0);
  });

  it('keeps one order when OrderPlaced is redelivered, even in a new envelope', async () => {
    const order = await kit.order(programId);
    const { email, ...payload } = order;
    const envelope = envelopeFor(OrderPlaced, { ...payload, amountMinor: 1 }, 'shop');
    await publishAndSettle(kit.service, ORDERS_CONSUMER_GROUP, OrderPlaced, envelope, 'handled');
    await publishAndSettle(kit.service, ORDERS_CONSUMER_GROUP, OrderPlaced, envelope, 'duplicate');
    const rows = (await kit.db.query('SELECT amount_minor FROM orders WHERE order_id = $1', [order.orderId])).rows;
    expect(rows).toEqual([{ amount_minor: String(order.amountMinor) }]);
    expect(email).toContain('@');
  });

  it('refunds no more than the shop left on the order, counting a redelivered OrderRefunded once and our own refund never twice', async () => {
    const order = await kit.order(programId);
    const shopRefund = envelopeFor(OrderRefunded, { refundId: `shop-${order.orderId}`, orderId: order.orderId, amountMinor: 6000, currency: 'EUR', refundedAt: new Date().toISOString() }, 'shop');
    await publishAndSettle(kit.service, ORDERS_CONSUMER_GROUP, OrderRefunded, shopRefund, 'handled');
    await publishAndSettle(kit.service, ORDERS_CONSUMER_GROUP, OrderRefunded, { ...shopRefund, id: randomUUID() }, 'handled');
    await kit.stripe.refunds.create({ payment_intent: order.stripePaymentIntentId!, amount: 6000 });
    const first = (await kit.openClaim({ orderId: order.orderId, email: order.email, items: [{ sku: 'HOODIE', quantity: 1 }], reason: 'CHANGED_MIND', resolution: 'REFUND' })).data!.openGuaranteeClaim;
    expect(first.claim).toMatchObject({ status: 'RESOLVED', amountMinor: 4500 });
    // The shop reports our refund back with its Stripe id: it is the same money, not more.
    const ours = (await kit.claim(first.claim.id)).resolution!.stripeRefundId!;
    const echoed = envelopeFor(OrderRefunded, { refundId: `shop-echo-${ours}`, orderId: order.orderId, amountMinor: 4500, currency: 'EUR', stripeRefundId: ours, refundedAt: new Date().toISOString() }, 'shop');
    await publishAndSettle(kit.service, ORDERS_CONSUMER_GROUP, OrderRefunded, echoed, 'handled');
    const rest = await kit.openClaim({ orderId: order.orderId, email: order.email, items: [{ sku: 'CAP', quantity: 1 }], reason: 'CHANGED_MIND', resolution: 'REFUND' });
    expect(rest.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', reason: 'NOTHING_LEFT_TO_REFUND' });
    expect(kit.refundsOf(order.stripePaymentIntentId!).map((r) => r.amount).sort()).toEqual([4500, 6000]);
  });

  it('shows the ambassador campaigns credited the order to', async () => {
    const order = await kit.order(programId);
    const ambassadorId = randomUUID();
    const attributed = envelopeFor(OrderAttributed, {
      conversionId: randomUUID(),
      orderId: order.orderId,
      programId,
      campaignId: randomUUID(),
      ambassadorId,
      customerId: order.customerId,
      method: 'CODE',
      amountMinor: order.amountMinor,
      currency: 'EUR',
      attributedAt: new Date().toISOString(),
    }, 'campaigns');
    await publishAndSettle(kit.service, ATTRIBUTION_CONSUMER_GROUP, OrderAttributed, attributed, 'handled');
    const answer = await kit.openClaim({ orderId: order.orderId, email: order.email, items: [{ sku: 'CAP', quantity: 1 }], reason: 'WRONG_ITEM', resolution: 'REPLACEMENT' });
    expect((await kit.claim(answer.data!.openGuaranteeClaim.claim.id)).ambassadorId).toBe(ambassadorId);
  });

  it('sends a customer with repeated abuse reports to a supervisor, who approves or declines', async () => {
    const order = await kit.order(programId);
    for (const category of ['VERBAL_ABUSE', 'THREATS']) {
      const filed = await kit.graphql(FILE_ABUSE, { input: { customerEmail: order.email, category, notes: 'shouted at the agent', endedInteraction: true } }, agent);
      expect(filed.errors).toBeUndefined();
    }
    const first = (await kit.openClaim({ orderId: order.orderId, email: order.email, items: [{ sku: 'HOODIE', quantity: 1 }], reason: 'CHANGED_MIND', resolution: 'REFUND' })).data!.openGuaranteeClaim;
    expect(first.claim.status).toBe('ESCALATED');
    expect(kit.refundsOf(order.stripePaymentIntentId!)).toEqual([]);
    const waiting = await kit.claim(first.claim.id);
    expect(waiting.escalationReason).toMatch(/2 abuse report/);
    expect(waiting.sla).toEqual({ dueAt: expect.any(String), breached: false });
    expect(waiting.customerAbuseReports).toBe(2);

    const queue = await kit.graphql<{ escalatedGuaranteeClaims: { claims: Array<{ id: string }> } }>(ESCALATIONS, {}, supervisor);
    expect(queue.data!.escalatedGuaranteeClaims.claims.map((c) => c.id)).toContain(first.claim.id);
    expect((await kit.graphql(APPROVE, { id: first.claim.id }, agent)).errors?.[0].extensions.code).toBe('FORBIDDEN');

    const approved = await kit.graphql<{ approveGuaranteeClaim: { status: string; decidedBy: string } }>(APPROVE, { id: first.claim.id }, supervisor);
    expect(approved.data!.approveGuaranteeClaim).toEqual({ status: 'RESOLVED', decidedBy: 'support_supervisor-staff' });
    expect(kit.refundsOf(order.stripePaymentIntentId!).map((r) => r.amount)).toEqual([4500]);
    expect((await resolvedEvents(first.claim.id))[0].payload).toMatchObject({ resolution: 'REFUND', amountMinor: 4500, clawback: true });
    expect((await kit.graphql(APPROVE, { id: first.claim.id }, supervisor)).errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', reason: 'NOT_ESCALATED' });

    const second = (await kit.openClaim({ orderId: order.orderId, email: order.email, items: [{ sku: 'CAP', quantity: 1 }], reason: 'CHANGED_MIND', resolution: 'REFUND' })).data!.openGuaranteeClaim;
    expect(second.claim.status).toBe('ESCALATED');
    const note = await kit.graphql<{ addGuaranteeClaimNote: { body: string } }>(ADD_NOTE, { id: second.claim.id, body: 'third call today' }, agent);
    expect(note.data!.addGuaranteeClaimNote.body).toBe('third call today');
    const declined = await kit.graphql<{ declineGuaranteeClaim: { status: string } }>(DECLINE, { id: second.claim.id, reason: 'This cap was already replaced once.' }, supervisor);
    expect(declined.data!.declineGuaranteeClaim.status).toBe('DECLINED');
    const mine = await kit.graphql<{ myGuaranteeClaim: Record<string, unknown> }>(MY_CLAIM, { token: second.accessToken });
    expect(mine.data!.myGuaranteeClaim).toMatchObject({ status: 'DECLINED', declineReason: 'This cap was already replaced once.' });
    // The customer never sees internal notes or the escalation reason.
    const leaked = await kit.graphql(`query ($token: String!) { myGuaranteeClaim(accessToken: $token) { notes { body } } }`, { token: second.accessToken });
    expect(leaked.errors?.[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
    const timeline = (await kit.claim(second.claim.id)).timeline.map((t) => [t.actor, t.action]);
    expect(timeline).toEqual([
      ['customer', 'OPENED'],
      ['recovery', 'ESCALATED'],
      ['support_agent-staff', 'NOTE_ADDED'],
      ['support_supervisor-staff', 'DECLINED'],
    ]);
    expect(kit.refundsOf(order.stripePaymentIntentId!)).toHaveLength(1);
  });

  it('sends an unusual number of claims to a supervisor, by the program policy', async () => {
    const policy = await kit.graphql<{ setGuaranteePolicy: { claimCountThreshold: number } }>(SET_POLICY, { programId, policy: { claimCountThreshold: 2 } }, ops);
    expect(policy.data!.setGuaranteePolicy.claimCountThreshold).toBe(2);
    const email = `${randomUUID().slice(0, 8)}@example.com`;
    const a = await kit.order(programId, { email });
    const b = await kit.order(programId, { email });
    const first = await kit.openClaim({ orderId: a.orderId, email, items: [{ sku: 'CAP', quantity: 1 }], reason: 'PRODUCT_FAILED', resolution: 'STORE_CREDIT' });
    expect(first.data!.openGuaranteeClaim.claim.status).toBe('RESOLVED');
    const second = await kit.openClaim({ orderId: b.orderId, email, items: [{ sku: 'CAP', quantity: 1 }], reason: 'PRODUCT_FAILED', resolution: 'STORE_CREDIT' });
    expect(second.data!.openGuaranteeClaim.claim.status).toBe('ESCALATED');
    expect((await kit.claim(second.data!.openGuaranteeClaim.claim.id)).escalationReason).toMatch(/2 claims by this customer/);
    await kit.graphql(SET_POLICY, { programId, policy: { claimCountThreshold: 3 } }, ops);
  });

  it('follows the policy: a resolution it does not allow is refused, a reason it claws back for is clawed back', async () => {
    const other = await kit.program(30);
    const set = await kit.graphql<{ setGuaranteePolicy: Record<string, unknown> }>(SET_POLICY, { programId: other, policy: { allowedResolutions: ['REFUND'], clawbackReasons: ['PRODUCT_FAILED'] } }, ops);
    expect(set.data!.setGuaranteePolicy).toMatchObject({ allowedResolutions: ['REFUND'], clawbackReasons: ['PRODUCT_FAILED'] });
    const order = await kit.order(other);
    const credit = await kit.openClaim({ orderId: order.orderId, email: order.email, items: [{ sku: 'CAP', quantity: 1 }], reason: 'PRODUCT_FAILED', resolution: 'STORE_CREDIT' });
    expect(credit.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'RESOLUTION_NOT_ALLOWED' });
    const refund = (await kit.openClaim({ orderId: order.orderId, email: order.email, items: [{ sku: 'CAP', quantity: 1 }], reason: 'PRODUCT_FAILED', resolution: 'REFUND' })).data!.openGuaranteeClaim;
    expect((await resolvedEvents(refund.claim.id))[0].payload.clawback).toBe(true);
  });

  it('refunds once when the process dies between the Stripe call and the save: the sweeper finishes with the same key', async () => {
    const order = await kit.order(programId);
    kit.faults.afterStripeRefund = () => {
      throw new Error('simulated crash after Stripe answered');
    };
    const opened = (await kit.openClaim({ orderId: order.orderId, email: order.email, items: [{ sku: 'HOODIE', quantity: 1 }], reason: 'CHANGED_MIND', resolution: 'REFUND' })).data!.openGuaranteeClaim;
    delete kit.faults.afterStripeRefund;
    expect(opened.claim.status).toBe('RESOLVING');
    expect(kit.refundsOf(order.stripePaymentIntentId!)).toHaveLength(1);
    expect((await kit.claim(opened.claim.id)).resolution).toMatchObject({ status: 'PENDING', stripeRefundId: null });

    // Another replica's sweeper, once the lease of the dead process ran out.
    await kit.service.app.get(ClaimResolutionService).sweep(new Date(Date.now() + 3 * 60_000));
    const done = await kit.claim(opened.claim.id);
    expect(done.status).toBe('RESOLVED');
    const refunds = kit.refundsOf(order.stripePaymentIntentId!);
    expect(refunds).toHaveLength(1);
    expect(done.resolution).toMatchObject({ status: 'COMPLETED', stripeRefundId: refunds[0].id });
    await resolvedEvents(opened.claim.id);
    expect(await kit.allEvents<ClaimResolvedPayload>(Topics.recoveryClaims, (e) => e.type === 'ClaimResolved' && e.payload.claimId === opened.claim.id)).toHaveLength(1);
  });

  it('finds the refund at Stripe by its metadata when the crash is older than Stripe remembers keys', async () => {
    const order = await kit.order(programId);
    kit.faults.afterStripeRefund = () => {
      throw new Error('simulated crash after Stripe answered');
    };
    const opened = (await kit.openClaim({ orderId: order.orderId, email: order.email, items: [{ sku: 'CAP', quantity: 1 }], reason: 'CHANGED_MIND', resolution: 'REFUND' })).data!.openGuaranteeClaim;
    delete kit.faults.afterStripeRefund;
    kit.emulator.forgetIdempotencyKeys();
    await kit.service.app.get(ClaimResolutionService).sweep(new Date(Date.now() + 25 * 3_600_000));
    const refunds = kit.refundsOf(order.stripePaymentIntentId!);
    expect(refunds).toHaveLength(1);
    expect((await kit.claim(opened.claim.id)).resolution).toMatchObject({ status: 'COMPLETED', stripeRefundId: refunds[0].id });
  });

  it('waits out Stripe being away and refunds once when it is back', async () => {
    const order = await kit.order(programId);
    kit.emulator.faults.failNext(503, 5);
    const opened = (await kit.openClaim({ orderId: order.orderId, email: order.email, items: [{ sku: 'CAP', quantity: 1 }], reason: 'CHANGED_MIND', resolution: 'REFUND' })).data!.openGuaranteeClaim;
    expect(opened.claim.status).toBe('RESOLVING');
    expect(kit.refundsOf(order.stripePaymentIntentId!)).toHaveLength(0);
    await waitFor(
      async () => {
        await kit.service.app.get(ClaimResolutionService).sweep(new Date(Date.now() + 60 * 60_000));
        return (await kit.claim(opened.claim.id)).status === 'RESOLVED';
      },
      { description: 'the sweeper to refund once Stripe is back', timeoutMs: 20_000 },
    );
    expect(kit.refundsOf(order.stripePaymentIntentId!).map((r) => r.amount)).toEqual([1500]);
  });

  it('puts a refund Stripe refuses before a supervisor instead of dropping it', async () => {
    const order = await kit.order(programId, { amountMinor: 10500 });
    // The shop refunded most of the charge outside recovery; Stripe has less left than the claim.
    await kit.stripe.refunds.create({ payment_intent: order.stripePaymentIntentId!, amount: 10000 });
    const opened = (await kit.openClaim({ orderId: order.orderId, email: order.email, items: [{ sku: 'CAP', quantity: 1 }], reason: 'CHANGED_MIND', resolution: 'REFUND' })).data!.openGuaranteeClaim;
    expect(opened.claim.status).toBe('ESCALATED');
    const seen = await kit.claim(opened.claim.id);
    expect(seen.escalationReason).toMatch(/the refund failed at Stripe/);
    expect(seen.resolution).toMatchObject({ status: 'FAILED' });
    expect(seen.sla?.breached).toBe(false);
  });
});

describe('recovery claim rate limit', () => {
  const kit = new RecoveryTestKit();

  beforeAll(() => kit.start());
  afterAll(() => kit.stop());

  it('limits public claim attempts per client address, right or wrong', async () => {
    const programId = await kit.program(30);
    const order = await kit.order(programId, { stripePaymentIntentId: undefined });
    for (let i = 0; i < 10; i++) {
      const guess = await kit.openClaim({ orderId: `ord-guess-${i}`, email: order.email, items: [{ sku: 'CAP', quantity: 1 }], reason: 'OTHER', resolution: 'STORE_CREDIT' }, '203.0.113.7');
      expect(guess.errors?.[0].extensions.code).toBe('NOT_FOUND');
    }
    const limited = await kit.openClaim({ orderId: order.orderId, email: order.email, items: [{ sku: 'CAP', quantity: 1 }], reason: 'OTHER', resolution: 'STORE_CREDIT' }, '203.0.113.7');
    expect(limited.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'RATE_LIMITED', retryAfterSeconds: 3600 });
    const elsewhere = await kit.openClaim({ orderId: order.orderId, email: order.email, items: [{ sku: 'CAP', quantity: 1 }], reason: 'OTHER', resolution: 'STORE_CREDIT' }, '203.0.113.8');
    expect(elsewhere.data!.openGuaranteeClaim.claim.status).toBe('RESOLVED');
  });
});
