import { randomUUID } from 'node:crypto';
import { Role } from '@streetteam/auth';
import {
  ClaimResolved,
  hashEmail,
  OrderPlaced,
  CommissionEarnedPayload,
  CommissionHoldChangedPayload,
  CommissionReleased,
  CommissionReversedPayload,
  OrderAttributedPayload,
  OrderRefunded,
  PayoutPaid,
  Topics,
} from '@streetteam/contracts';
import { envelopeFor, publishAndSettle, startTestService, TestService } from '@streetteam/service-testing';
import { waitFor } from '@streetteam/testing';
import { CampaignsModule } from '../src/campaigns.module';
import { AttributionService } from '../src/attribution/attribution.service';
import { ORDERS_CONSUMER_GROUP } from '../src/attribution/order-events.consumer';
import { ClaimService } from '../src/commissions/claim.service';
import { CommissionService } from '../src/commissions/commission.service';
import { RefundService } from '../src/orders/refund.service';
import { CLAIMS_CONSUMER_GROUP } from '../src/commissions/claim-events.consumer';
import { PAYOUTS_CONSUMER_GROUP } from '../src/commissions/payout-events.consumer';
import {
  CampaignSetup,
  clickHappened,
  commissionOf,
  conversionOf,
  dataSourceOf,
  eventsOn,
  givenActiveCampaign,
  givenAmbassador,
  givenProgram,
  givenTwoAmbassadors,
  placeOrder,
  shopOrder,
  visitor,
} from './support/campaigns-fixtures';

const DAY = 86_400_000;

describe('attribution and commissions: orders from the shop credited to ambassadors, paid by the rules, taken back by refunds and claims', () => {
  let service: TestService;

  beforeAll(async () => {
    service = await startTestService('campaigns', (config) => CampaignsModule.forRoot(config, { writeSchema: false }));
  });

  afterAll(() => service.close());

  const world = (setup: CampaignSetup = {}) => givenTwoAmbassadors(service, setup);

  const settled = async (orderId: string) => {
    const conversion = await conversionOf(service, orderId);
    return { conversion, commission: await commissionOf(service, orderId) };
  };

  it('credits the code over another ambassador\'s click (code beats click), 10% of the net sale, held for the guarantee window', async () => {
    const w = await world();
    const seenBy = visitor();
    const clickB = await clickHappened(service, w.linkB, seenBy, new Date(Date.now() - DAY));
    const order = shopOrder(w.programId, { discountCode: w.a.code.toLowerCase(), clickId: clickB });
    await placeOrder(service, order);

    const { conversion, commission } = await settled(order.orderId);
    expect(conversion).toMatchObject({ outcome: 'ATTRIBUTED', method: 'CODE', ambassador_id: w.a.id, campaign_id: w.campaignId });
    expect(conversion.reason).toContain('code beats click');
    expect(commission).toMatchObject({ amount_minor: '1000', source: 'ORDER', rule_version: 1 });
    expect(new Date(commission!.hold_until).getTime()).toBe(new Date(order.placedAt).getTime() + 30 * DAY);

    const attributed = await eventsOn<OrderAttributedPayload>(service, Topics.campaignsConversions, (es) => es.some((e) => e.payload.orderId === order.orderId));
    expect(attributed.find((e) => e.payload.orderId === order.orderId)!.payload).toMatchObject({ method: 'CODE', ambassadorId: w.a.id, amountMinor: 10_000 });
    const earned = await eventsOn<CommissionEarnedPayload>(service, Topics.campaignsCommissions, (es) => es.some((e) => e.payload.orderId === order.orderId));
    expect(earned.find((e) => e.payload.orderId === order.orderId)!.payload).toMatchObject({ ambassadorId: w.a.id, amountMinor: 1000, saleAmountMinor: 10_000, source: 'ORDER', points: 10 });
  });

  it('lets the click win where the campaign says click beats code', async () => {
    const w = await world({ precedence: 'CLICK_BEATS_CODE' });
    const clickB = await clickHappened(service, w.linkB, visitor(), new Date(Date.now() - DAY));
    const order = shopOrder(w.programId, { discountCode: w.a.code, clickId: clickB });
    await placeOrder(service, order);
    expect((await settled(order.orderId)).conversion).toMatchObject({ method: 'CLICK', ambassador_id: w.b.id, click_id: clickB });
  });

  it('credits the last click inside the window: the same visitor followed A\'s link, then B\'s', async () => {
    const w = await world();
    const seenBy = visitor();
    const first = await clickHappened(service, w.linkA, seenBy, new Date(Date.now() - 5 * DAY));
    const last = await clickHappened(service, w.linkB, seenBy, new Date(Date.now() - 2 * DAY));
    const order = shopOrder(w.programId, { clickId: first });
    await placeOrder(service, order);
    const { conversion } = await settled(order.orderId);
    expect(conversion).toMatchObject({ outcome: 'ATTRIBUTED', method: 'CLICK', ambassador_id: w.b.id, click_id: last });
    expect(conversion.reason).toContain('inside the 30-day window');
  });

  it('credits the click whatever case the shop writes its id in', async () => {
    const w = await world();
    const clickId = await clickHappened(service, w.linkA, visitor(), new Date(Date.now() - DAY));
    const order = shopOrder(w.programId, { clickId: clickId.toUpperCase() });
    await placeOrder(service, order);
    const { conversion } = await settled(order.orderId);
    expect(conversion).toMatchObject({ outcome: 'ATTRIBUTED', method: 'CLICK', ambassador_id: w.a.id, click_id: clickId });
    expect(conversion.reason).not.toContain('never arrived');
  });

  it('ignores a click outside the attribution window', async () => {
    const w = await world({ attributionWindowDays: 7 });
    const old = await clickHappened(service, w.linkA, visitor(), new Date(Date.now() - 8 * DAY));
    const order = shopOrder(w.programId, { clickId: old });
    await placeOrder(service, order);
    const { conversion, commission } = await settled(order.orderId);
    expect(conversion).toMatchObject({ outcome: 'UNATTRIBUTED', ambassador_id: null });
    expect(conversion.reason).toContain('outside the 7-day window');
    expect(commission).toBeUndefined();
  });

  it('attributes a redelivered order once, whatever envelope it comes in', async () => {
    const w = await world();
    const order = shopOrder(w.programId, { discountCode: w.a.code });
    const envelope = await placeOrder(service, order);
    await settled(order.orderId);
    await publishAndSettle(service, ORDERS_CONSUMER_GROUP, OrderPlaced, envelope, 'duplicate');
    await publishAndSettle(service, ORDERS_CONSUMER_GROUP, OrderPlaced, { ...envelope, id: randomUUID() }, 'handled');
    const counts = (await dataSourceOf(service).query(
      'SELECT (SELECT count(*)::int FROM conversions WHERE order_id = $1) AS conversions, (SELECT count(*)::int FROM commissions WHERE order_id = $1) AS commissions',
      [order.orderId],
    )) as Array<{ conversions: number; commissions: number }>;
    expect(counts[0]).toEqual({ conversions: 1, commissions: 1 });
    const earned = await eventsOn<CommissionEarnedPayload>(service, Topics.campaignsCommissions, (es) => es.some((e) => e.payload.orderId === order.orderId));
    expect(earned.filter((e) => e.payload.orderId === order.orderId)).toHaveLength(1);
  });

  it('refuses a self-referral, flags it with the evidence, and pays nothing', async () => {
    const w = await world();
    const order = shopOrder(w.programId, { discountCode: w.a.code, customerEmailHash: w.a.emailHash });
    await placeOrder(service, order);
    const { conversion, commission } = await settled(order.orderId);
    expect(conversion).toMatchObject({ outcome: 'REFUSED', ambassador_id: w.a.id });
    expect(conversion.reason).toContain('self-referral');
    expect(commission).toBeUndefined();
    const flags = await service.graphql<{ fraudFlags: Array<{ kind: string; orderId: string; status: string; evidence: string }> }>(`{ fraudFlags(status: NOTED) { kind orderId status evidence } }`, {}, { role: Role.MARKETING_OPS });
    const flag = flags.data!.fraudFlags.find((f) => f.orderId === order.orderId);
    expect(flag).toMatchObject({ kind: 'SELF_REFERRAL', status: 'NOTED' });
    expect(JSON.parse(flag!.evidence)).toMatchObject({ customerEmailHash: w.a.emailHash });
    const feed = await service.graphql<{ rewardFeed: Array<{ orderId: string; status: string; statusNote: string }> }>(`{ rewardFeed(ambassadorId: "${w.a.id}") { orderId status statusNote } }`, {}, { role: Role.AMBASSADOR, ambassadorId: w.a.id });
    expect(feed.data!.rewardFeed.find((e) => e.orderId === order.orderId)).toMatchObject({ status: 'REFUSED', statusNote: expect.stringContaining('self-referral') });
  });

  it('reverses partial refunds in proportion, each with its own reversal id, never more than earned', async () => {
    const w = await world();
    const order = shopOrder(w.programId, { discountCode: w.a.code, amountMinor: 10_000 });
    await placeOrder(service, order);
    const { commission } = await settled(order.orderId);
    expect(commission!.amount_minor).toBe('1000');

    const refund = (refundId: string, amountMinor: number) => envelopeFor(OrderRefunded, { refundId, orderId: order.orderId, amountMinor, currency: 'USD', refundedAt: new Date().toISOString() }, 'shop');
    const first = refund(`r-${randomUUID()}`, 3_000);
    await publishAndSettle(service, ORDERS_CONSUMER_GROUP, OrderRefunded, first, 'handled');
    expect((await commissionOf(service, order.orderId))!.reversed_minor).toBe('300');
    await publishAndSettle(service, ORDERS_CONSUMER_GROUP, OrderRefunded, { ...first, id: randomUUID() }, 'handled');
    expect((await commissionOf(service, order.orderId))!.reversed_minor).toBe('300');
    await publishAndSettle(service, ORDERS_CONSUMER_GROUP, OrderRefunded, refund(`r-${randomUUID()}`, 7_000), 'handled');
    await publishAndSettle(service, ORDERS_CONSUMER_GROUP, OrderRefunded, refund(`r-${randomUUID()}`, 5_000), 'handled');
    expect((await commissionOf(service, order.orderId))!.reversed_minor).toBe('1000');

    const reversed = await eventsOn<CommissionReversedPayload>(service, Topics.campaignsCommissions, (es) => es.filter((e) => e.type === 'CommissionReversed' && e.payload.commissionId === commission!.id).length >= 2);
    const mine = reversed.filter((e) => e.type === 'CommissionReversed' && e.payload.commissionId === commission!.id).map((e) => e.payload);
    expect(mine.map((p) => [p.cause, p.amountMinor, p.saleAmountMinor])).toEqual([
      ['REFUND', 300, 3_000],
      ['REFUND', 700, 7_000],
    ]);
    expect(new Set(mine.map((p) => p.reversalId)).size).toBe(2);
  });

  it('stops accrual at the budget cap: the commission that crosses it is cut, the next is zero', async () => {
    const w = await world({ budgetCapMinor: 1_500 });
    const orders = [shopOrder(w.programId, { discountCode: w.a.code }), shopOrder(w.programId, { discountCode: w.a.code }), shopOrder(w.programId, { discountCode: w.b.code })];
    for (const order of orders) {
      await placeOrder(service, order);
      await settled(order.orderId);
    }
    const paid = await Promise.all(orders.map(async (o) => (await commissionOf(service, o.orderId))!));
    expect(paid.map((c) => Number(c.amount_minor)).sort((x, y) => y - x)).toEqual([1000, 500, 0]);
    expect(paid.find((c) => c.amount_minor === '0')!.cap_note).toContain('budget cap reached');
    const budget = await service.graphql<{ campaign: { budget: { accruedMinor: number; remainingMinor: number; usedBps: number } } }>(`{ campaign(id: "${w.campaignId}") { budget { accruedMinor remainingMinor usedBps } } }`, {}, { role: Role.MARKETING_OPS });
    expect(budget.data!.campaign.budget).toEqual({ accruedMinor: 1_500, remainingMinor: 0, usedBps: 10_000 });
  });

  it('stops accrual at the daily spend cap', async () => {
    const w = await world({ dailyCapMinor: 1_200 });
    const placedAt = new Date().toISOString();
    const orders = [shopOrder(w.programId, { discountCode: w.a.code, placedAt }), shopOrder(w.programId, { discountCode: w.a.code, placedAt })];
    for (const order of orders) {
      await placeOrder(service, order);
      await settled(order.orderId);
    }
    const amounts = await Promise.all(orders.map(async (o) => Number((await commissionOf(service, o.orderId))!.amount_minor)));
    expect(amounts.sort((x, y) => y - x)).toEqual([1000, 200]);
  });

  it('books batches of a campaign without caps paid side by side: its accrual and day\'s spend are their sum', async () => {
    const w = await world();
    const placedAt = new Date().toISOString();
    const batch = () => [0, 1, 2].map(() => shopOrder(w.programId, { discountCode: w.a.code, placedAt }));
    const attribution = service.app.get(AttributionService);
    await Promise.all([batch(), batch()].map((orders) => dataSourceOf(service).transaction((manager) => attribution.attributeBatch(manager, orders))));
    const [campaign] = (await dataSourceOf(service).query('SELECT accrued_minor FROM campaigns WHERE id = $1', [w.campaignId])) as Array<{ accrued_minor: string }>;
    const [spend] = (await dataSourceOf(service).query('SELECT amount_minor FROM campaign_daily_spend WHERE campaign_id = $1', [w.campaignId])) as Array<{ amount_minor: string }>;
    expect([campaign.accrued_minor, spend.amount_minor]).toEqual(['6000', '6000']);
  });

  it('undoes a batch paid in full when its campaign takes a cap meanwhile; paid again, the cap cuts it', async () => {
    const w = await world();
    const orders = [0, 1, 2].map(() => shopOrder(w.programId, { discountCode: w.a.code }));
    const db = dataSourceOf(service);
    const ops = db.createQueryRunner();
    await ops.connect();
    await ops.startTransaction();
    try {
      await ops.query('UPDATE campaigns SET budget_cap_minor = 1500 WHERE id = $1', [w.campaignId]);
      const [{ pid }] = (await ops.query('SELECT pg_backend_pid() AS pid')) as Array<{ pid: number }>;
      const attribute = () => db.transaction((manager) => service.app.get(AttributionService).attributeBatch(manager, orders));
      const paying = attribute();
      paying.catch(() => undefined);
      // The batch read the campaign without a cap and now waits for the cap's transaction to book its accrual.
      await waitFor(async () => ((await db.query('SELECT 1 FROM pg_stat_activity WHERE $1 = ANY(pg_blocking_pids(pid))', [pid])) as unknown[]).length > 0, {
        description: 'the batch waiting on the campaign',
        timeoutMs: 10_000,
      });
      await ops.commitTransaction();
      await expect(paying).rejects.toThrow(`campaign ${w.campaignId} took a cap`);
      expect(await commissionOf(service, orders[0].orderId)).toBeUndefined();
      await attribute();
    } finally {
      if (ops.isTransactionActive) await ops.rollbackTransaction();
      await ops.release();
    }
    const paid = await Promise.all(orders.map(async (o) => Number((await commissionOf(service, o.orderId))!.amount_minor)));
    expect(paid.sort((x, y) => y - x)).toEqual([1000, 500, 0]);
  });

  it('pays a sale by the rule version in force when it happened, times the tier multiplier', async () => {
    const programId = await givenProgram(service);
    const campaignId = await givenActiveCampaign(service, programId, { percentBps: 1000 });
    const gold = await givenAmbassador(service, programId, { multiplierBps: 15_000 });
    const before = new Date(Date.now() - DAY).toISOString();
    const published = await service.graphql(`mutation { publishCommissionRules(campaignId: "${campaignId}", rules: { percentBps: 2000 }) { version } }`, {}, { role: Role.MARKETING_OPS });
    expect(published.errors).toBeUndefined();
    const old = shopOrder(programId, { discountCode: gold.code, placedAt: before });
    const fresh = shopOrder(programId, { discountCode: gold.code, placedAt: new Date(Date.now() + 1000).toISOString() });
    await placeOrder(service, old);
    await placeOrder(service, fresh);
    await settled(old.orderId);
    await settled(fresh.orderId);
    expect(await commissionOf(service, old.orderId)).toMatchObject({ rule_version: 1, amount_minor: '1500' });
    expect(await commissionOf(service, fresh.orderId)).toMatchObject({ rule_version: 2, amount_minor: '3000' });
  });

  it('pays a referred customer\'s recurring order within the campaign\'s months', async () => {
    const w = await world({ recurringMonths: 6 });
    const customerId = `customer-${randomUUID()}`;
    const first = shopOrder(w.programId, { customerId, discountCode: w.a.code, placedAt: new Date(Date.now() - 40 * DAY).toISOString() });
    await placeOrder(service, first);
    await settled(first.orderId);
    const again = shopOrder(w.programId, { customerId });
    await placeOrder(service, again);
    const { conversion, commission } = await settled(again.orderId);
    expect(conversion).toMatchObject({ outcome: 'ATTRIBUTED', method: 'RECURRING', ambassador_id: w.a.id });
    expect(commission).toMatchObject({ source: 'RECURRING_ORDER', amount_minor: '1000' });
  });

  it('pays as recurring a customer\'s second order that comes in the same batch as their referred first, and not one placed before it', async () => {
    const w = await world({ recurringMonths: 6 });
    const customerId = `customer-${randomUUID()}`;
    const at = (hoursAgo: number) => new Date(Date.now() - hoursAgo * 3_600_000).toISOString();
    const earlier = shopOrder(w.programId, { customerId, placedAt: at(3) });
    const first = shopOrder(w.programId, { customerId, discountCode: w.a.code, placedAt: at(2) });
    const again = shopOrder(w.programId, { customerId, placedAt: at(1) });
    // The shop's batch as it came: the plain orders ahead of the referred one.
    await dataSourceOf(service).transaction((manager) => service.app.get(AttributionService).attributeBatch(manager, [earlier, again, first]));

    expect(await conversionOf(service, first.orderId)).toMatchObject({ outcome: 'ATTRIBUTED', method: 'CODE', ambassador_id: w.a.id });
    expect(await conversionOf(service, again.orderId)).toMatchObject({ outcome: 'ATTRIBUTED', method: 'RECURRING', ambassador_id: w.a.id });
    expect(await commissionOf(service, again.orderId)).toMatchObject({ source: 'RECURRING_ORDER', amount_minor: '1000' });
    expect(await conversionOf(service, earlier.orderId)).toMatchObject({ outcome: 'UNATTRIBUTED', reason: expect.stringContaining('placed before the customer was referred') });
    expect(await commissionOf(service, earlier.orderId)).toBeUndefined();
  });

  it('takes a Stripe refund back once when its claim and the shop\'s refund are handled side by side', async () => {
    const w = await world();
    const order = shopOrder(w.programId, { discountCode: w.a.code });
    await placeOrder(service, order);
    await settled(order.orderId);
    const stripeRefundId = `re_side_${randomUUID()}`;
    const dataSource = dataSourceOf(service);
    let claimWritten!: () => void;
    const claimHeld = new Promise<void>((resolve) => (claimWritten = resolve));
    // The claim's transaction stays open while the refund's starts: the two consumers at once.
    const claimDone = dataSource.transaction(async (manager) => {
      await service.app.get(ClaimService).resolved(manager, {
        claimId: randomUUID(), resolutionId: randomUUID(), programId: w.programId, orderId: order.orderId, customerId: 'c', resolution: 'REFUND', reason: 'PRODUCT_FAILED', amountMinor: 4_000, currency: 'USD', clawback: true, stripeRefundId, resolvedAt: new Date().toISOString(),
      });
      claimWritten();
      await new Promise((resolve) => setTimeout(resolve, 300));
    });
    await claimHeld;
    const refundDone = dataSource.transaction((manager) =>
      service.app.get(RefundService).handle(manager, [{ refundId: `r-${randomUUID()}`, orderId: order.orderId, amountMinor: 4_000, currency: 'USD', stripeRefundId, refundedAt: new Date().toISOString() }]),
    );
    await Promise.all([claimDone, refundDone]);
    expect((await commissionOf(service, order.orderId))!.reversed_minor).toBe('400');
    const reversals = (await dataSource.query('SELECT count(*)::int AS n FROM commission_reversals WHERE stripe_refund_id = $1', [stripeRefundId])) as Array<{ n: number }>;
    expect(reversals[0].n).toBe(1);
  });

  it('claws back a resolved claim\'s share, does not reverse again for the same Stripe refund, and records a claim the brand absorbed', async () => {
    const w = await world();
    const clawed = shopOrder(w.programId, { discountCode: w.a.code });
    const absorbed = shopOrder(w.programId, { discountCode: w.a.code });
    await placeOrder(service, clawed);
    await placeOrder(service, absorbed);
    await settled(clawed.orderId);
    await settled(absorbed.orderId);

    const claim = (orderId: string, clawback: boolean, stripeRefundId?: string) =>
      envelopeFor(
        ClaimResolved,
        { claimId: randomUUID(), resolutionId: randomUUID(), programId: w.programId, orderId, customerId: 'c', resolution: 'REFUND', reason: 'PRODUCT_FAILED', amountMinor: 4_000, currency: 'USD', clawback, stripeRefundId, resolvedAt: new Date().toISOString() },
        'recovery',
      );
    await publishAndSettle(service, CLAIMS_CONSUMER_GROUP, ClaimResolved, claim(clawed.orderId, true, 're_123_' + clawed.orderId), 'handled');
    expect((await commissionOf(service, clawed.orderId))!.reversed_minor).toBe('400');
    // The shop reports the same Stripe refund as a refund: already reversed through the claim.
    await publishAndSettle(
      service,
      ORDERS_CONSUMER_GROUP,
      OrderRefunded,
      envelopeFor(OrderRefunded, { refundId: `r-${randomUUID()}`, orderId: clawed.orderId, amountMinor: 4_000, currency: 'USD', stripeRefundId: 're_123_' + clawed.orderId, refundedAt: new Date().toISOString() }, 'shop'),
      'handled',
    );
    expect((await commissionOf(service, clawed.orderId))!.reversed_minor).toBe('400');

    await publishAndSettle(service, CLAIMS_CONSUMER_GROUP, ClaimResolved, claim(absorbed.orderId, false), 'handled');
    expect((await commissionOf(service, absorbed.orderId))!.reversed_minor).toBe('0');
    const feed = await service.graphql<{ rewardFeed: Array<{ orderId: string; status: string; statusNote: string; reversals: Array<{ cause: string; amountMinor: number }>; claims: Array<{ absorbedByBrand: boolean }> }> }>(
      `{ rewardFeed(ambassadorId: "${w.a.id}") { orderId status statusNote reversals { cause amountMinor } claims { absorbedByBrand } } }`,
      {},
      { role: Role.AMBASSADOR, ambassadorId: w.a.id },
    );
    const entries = new Map(feed.data!.rewardFeed.map((e) => [e.orderId, e]));
    expect(entries.get(clawed.orderId)).toMatchObject({ status: 'PENDING', reversals: [{ cause: 'GUARANTEE_CLAIM', amountMinor: 400 }] });
    expect(entries.get(absorbed.orderId)).toMatchObject({ claims: [{ absorbedByBrand: true }], reversals: [], statusNote: expect.stringContaining('absorbed by the brand') });
  });

  it('answers "where is my reward?": click, order, pending with its hold date, available, paid with the payout', async () => {
    const w = await world();
    const clickId = await clickHappened(service, w.linkA, visitor(), new Date(Date.now() - 2 * DAY));
    const order = shopOrder(w.programId, { clickId });
    await placeOrder(service, order);
    const { commission } = await settled(order.orderId);
    const self = { role: Role.AMBASSADOR, ambassadorId: w.a.id };
    const entry = async () =>
      (
        await service.graphql<{ rewardFeed: Array<{ orderId: string; status: string; holdUntil: string; click: { clickId: string }; payoutId: string | null; commissionMinor: number }> }>(
          `{ rewardFeed(ambassadorId: "${w.a.id}") { orderId status holdUntil click { clickId } payoutId commissionMinor } }`,
          {},
          self,
        )
      ).data!.rewardFeed.find((e) => e.orderId === order.orderId)!;
    expect(await entry()).toMatchObject({ status: 'PENDING', click: { clickId }, commissionMinor: 1000, holdUntil: new Date(new Date(order.placedAt).getTime() + 30 * DAY).toISOString() });

    await publishAndSettle(service, PAYOUTS_CONSUMER_GROUP, CommissionReleased, envelopeFor(CommissionReleased, { commissionId: commission!.id, ambassadorId: w.a.id, programId: w.programId, amountMinor: 1000, currency: 'USD', releasedAt: new Date().toISOString() }, 'payouts'), 'handled');
    expect((await entry()).status).toBe('AVAILABLE');
    const payoutId = randomUUID();
    await publishAndSettle(service, PAYOUTS_CONSUMER_GROUP, PayoutPaid, envelopeFor(PayoutPaid, { payoutId, ambassadorId: w.a.id, amountMinor: 1000, currency: 'USD', stripeTransferId: 'tr_1', commissionIds: [commission!.id], paidAt: new Date().toISOString() }, 'payouts'), 'handled');
    expect(await entry()).toMatchObject({ status: 'PAID', payoutId });

    const other = await service.graphql(`{ rewardFeed(ambassadorId: "${w.a.id}") { orderId } }`, {}, { role: Role.AMBASSADOR, ambassadorId: w.b.id });
    expect(other.errors?.[0].extensions.code).toBe('FORBIDDEN');
  });

  it('holds the commission of a customer ordering again and again; ops clear one and void another, and the decision is recorded', async () => {
    const w = await world();
    const customerId = `customer-${randomUUID()}`;
    const orders = [0, 1, 2, 3].map((i) => shopOrder(w.programId, { customerId, discountCode: w.a.code, placedAt: new Date(Date.now() - (4 - i) * 60_000).toISOString() }));
    for (const order of orders) {
      await placeOrder(service, order);
      await settled(order.orderId);
    }
    const third = (await commissionOf(service, orders[2].orderId))!;
    const fourth = (await commissionOf(service, orders[3].orderId))!;
    expect([(await commissionOf(service, orders[1].orderId))!.fraud_held, third.fraud_held, fourth.fraud_held]).toEqual([false, true, true]);

    const ops = { role: Role.MARKETING_OPS };
    const flags = (await service.graphql<{ fraudFlags: Array<{ id: string; commissionId: string; kind: string }> }>(`{ fraudFlags(status: OPEN) { id commissionId kind } }`, {}, ops)).data!.fraudFlags;
    const flagOf = (commissionId: string) => flags.find((f) => f.commissionId === commissionId)!;
    expect(flagOf(third.id).kind).toBe('CUSTOMER_VELOCITY');

    const cleared = await service.graphql<{ clearFraudFlag: { status: string; decisionNote: string; decidedBy: string } }>(`mutation { clearFraudFlag(id: "${flagOf(third.id).id}", note: "family orders, checked") { status decisionNote decidedBy } }`, {}, ops);
    expect(cleared.data!.clearFraudFlag).toMatchObject({ status: 'CLEARED', decisionNote: 'family orders, checked', decidedBy: expect.any(String) });
    const voided = await service.graphql<{ voidFraudFlag: { status: string } }>(`mutation { voidFraudFlag(id: "${flagOf(fourth.id).id}", note: "reseller") { status } }`, {}, ops);
    expect(voided.data!.voidFraudFlag.status).toBe('VOIDED');
    const again = await service.graphql(`mutation { voidFraudFlag(id: "${flagOf(fourth.id).id}", note: "twice") { status } }`, {}, ops);
    expect(again.errors?.[0].extensions.code).toBe('CONFLICT');

    expect((await commissionOf(service, orders[2].orderId))!.fraud_held).toBe(false);
    expect((await commissionOf(service, orders[3].orderId))!.reversed_minor).toBe('1000');
    const events = await eventsOn<CommissionHoldChangedPayload & CommissionReversedPayload>(service, Topics.campaignsCommissions, (es) =>
      es.some((e) => e.type === 'CommissionReversed' && e.payload.commissionId === fourth.id && e.payload.cause === 'FRAUD_VOID'),
    );
    const holds = events.filter((e) => e.type === 'CommissionHoldChanged' && e.payload.commissionId === third.id).map((e) => e.payload.held);
    expect(holds).toEqual([true, false]);
  });

  it('flags a code that spread to coupon sites (ten customers in a week, no click on the ambassador\'s links), and not the code of an ambassador whose links are clicked', async () => {
    const w = await world();
    await clickHappened(service, w.linkB, visitor(), new Date(Date.now() - DAY));
    const ordersOn = (code: string) =>
      Array.from({ length: 10 }, (_, i) => shopOrder(w.programId, { discountCode: code, placedAt: new Date(Date.now() - (10 - i) * 60_000).toISOString() }));
    const leaked = ordersOn(w.a.code);
    const shared = ordersOn(w.b.code);
    // One at a time: orders decided side by side (other partitions) don't see each other's customers until they commit.
    for (const order of [...leaked, ...shared]) {
      await placeOrder(service, order);
      await settled(order.orderId);
    }

    const held = async (orders: typeof leaked) => Promise.all(orders.map(async (o) => (await commissionOf(service, o.orderId))!.fraud_held));
    expect(await held(leaked)).toEqual([...Array(9).fill(false), true]);
    expect(await held(shared)).toEqual(Array(10).fill(false));
    const flags = (await service.graphql<{ fraudFlags: Array<{ kind: string; orderId: string; evidence: string }> }>(`{ fraudFlags(status: OPEN) { kind orderId evidence } }`, {}, { role: Role.MARKETING_OPS })).data!.fraudFlags;
    const leak = flags.filter((f) => f.kind === 'CODE_LEAK' && [...leaked, ...shared].some((o) => o.orderId === f.orderId));
    expect(leak).toHaveLength(1);
    expect(leak[0].orderId).toBe(leaked[9].orderId);
    expect(JSON.parse(leak[0].evidence)).toMatchObject({ code: w.a.code, customersLastWeek: 10, clicksLastWeek: 0 });
  });

  it('counts a leaked code\'s customers over the whole week when its latest orders all come from one customer', async () => {
    const w = await world();
    const at = (minutesAgo: number) => new Date(Date.now() - minutesAgo * 60_000).toISOString();
    // Ten customers early in the week, then one customer's fifty orders: the latest orders alone show one customer.
    const early = Array.from({ length: 10 }, (_, i) => shopOrder(w.programId, { discountCode: w.a.code, placedAt: at(3 * DAY / 60_000 - i) }));
    const repeat = { customerId: `customer-${randomUUID()}`, customerEmailHash: hashEmail(`${randomUUID()}@customer.example`) };
    const again = Array.from({ length: 50 }, (_, i) => shopOrder(w.programId, { ...repeat, discountCode: w.a.code, placedAt: at(100 - i) }));
    await dataSourceOf(service).transaction((manager) => service.app.get(AttributionService).attributeBatch(manager, [...early, ...again]));

    const leaks = (await dataSourceOf(service).query(`SELECT order_id, evidence FROM fraud_flags WHERE kind = 'CODE_LEAK' AND order_id = ANY($1)`, [
      [...early, ...again].map((o) => o.orderId),
    ])) as Array<{ order_id: string; evidence: { customersLastWeek: number } }>;
    expect(leaks.map((l) => l.order_id).sort()).toEqual([early[9], ...again].map((o) => o.orderId).sort());
    expect(leaks.find((l) => l.order_id === again[49].orderId)!.evidence.customersLastWeek).toBe(10);
  });

  it('holds every flagged commission of one batch, each with its own hold event, and a redelivered batch holds nothing twice', async () => {
    const w = await world();
    const customerId = `customer-${randomUUID()}`;
    const orders = [0, 1, 2, 3, 4].map((i) => shopOrder(w.programId, { customerId, discountCode: w.a.code, placedAt: new Date(Date.now() - (5 - i) * 60_000).toISOString() }));
    const attribute = () => dataSourceOf(service).transaction((manager) => service.app.get(AttributionService).attributeBatch(manager, orders));
    await attribute();
    await attribute();
    const commissions = await Promise.all(orders.map(async (o) => (await commissionOf(service, o.orderId))!));
    expect(commissions.map((c) => c.fraud_held)).toEqual([false, false, true, true, true]);
    const held = commissions.filter((c) => c.fraud_held).map((c) => c.id);
    const events = await eventsOn<CommissionHoldChangedPayload>(service, Topics.campaignsCommissions, (es) => held.every((id) => es.some((e) => e.type === 'CommissionHoldChanged' && e.payload.commissionId === id)));
    const holds = events.filter((e) => e.type === 'CommissionHoldChanged' && commissions.some((c) => c.id === e.payload.commissionId)).map((e) => e.payload);
    expect(holds.map((h) => h.commissionId).sort()).toEqual([...held].sort());
    expect(holds.every((h) => h.held && h.reason.startsWith('fraud flag CUSTOMER_VELOCITY'))).toBe(true);
  });

  it('pays an approved mission\'s bounty once, in the caller\'s transaction', async () => {
    const w = await world();
    const commissions = service.app.get(CommissionService);
    const missionSubmissionId = randomUUID();
    const pay = () => dataSourceOf(service).transaction((manager) => commissions.earnBounty(manager, { ambassadorId: w.a.id, campaignId: w.campaignId, missionSubmissionId, amountMinor: 2_500, points: 50 }));
    const first = await pay();
    const second = await pay();
    expect(second.commissionId).toBe(first.commissionId);
    const earned = await eventsOn<CommissionEarnedPayload>(service, Topics.campaignsCommissions, (es) => es.some((e) => e.payload.missionSubmissionId === missionSubmissionId));
    expect(earned.filter((e) => e.payload.missionSubmissionId === missionSubmissionId).map((e) => e.payload)).toEqual([
      expect.objectContaining({ source: 'MISSION_BOUNTY', amountMinor: 2_500, points: 50, saleAmountMinor: 0, ambassadorId: w.a.id }),
    ]);
    await expect(dataSourceOf(service).transaction((manager) => commissions.earnBounty(manager, { ambassadorId: w.a.id, campaignId: w.campaignId, missionSubmissionId: randomUUID(), amountMinor: -1, points: 0 }))).rejects.toThrow('amountMinor');
  });
});

