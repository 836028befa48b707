import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { Role } from '@streetteam/auth';
import { ClaimResolved, CommissionEarnedPayload, CommissionReversedPayload, linkClicksPayload, OrderAttributedPayload, OrderPlaced, OrderRefunded, ReferralLinkClicks, Topics } from '@streetteam/contracts';
import { envelopeFor, publishAndSettle, startTestService, TestService } from '@streetteam/service-testing';
import { waitFor } from '@streetteam/testing';
import { CampaignsModule } from '../src/campaigns.module';
import { AttributionService } from '../src/attribution/attribution.service';
import { ORDERS_CONSUMER_GROUP } from '../src/attribution/order-events.consumer';
import { CLAIMS_CONSUMER_GROUP } from '../src/commissions/claim-events.consumer';
import { RefundService } from '../src/orders/refund.service';
import { CLICKS_CONSUMER_GROUP } from '../src/clicks/clicks.consumer';
import {
  CampaignSetup,
  captureLead,
  commissionOf,
  conversionOf,
  dataSourceOf,
  eventsOn,
  givenTwoAmbassadors,
  leadCommissionOf,
  leadConversionOf,
  placeOrder,
  shopLead,
  shopOrder,
  visitor,
} from './support/campaigns-fixtures';

const DAY = 86_400_000;

/**
 * An order (or a lead) that reaches attribution before its click is stored, as after a
 * Postgres outage when both backlogs drain at once: it waits for the click, and is decided
 * by it once the click consumer stores it, or without it once the grace period is over.
 */
describe('an order that arrives before its click waits for it', () => {
  let service: TestService;

  beforeAll(async () => {
    service = await startTestService('campaigns', (config) => CampaignsModule.forRoot(config, { writeSchema: false }));
  });

  afterAll(() => service.close());

  const world = (setup: CampaignSetup = {}) => givenTwoAmbassadors(service, setup);

  const db = () => dataSourceOf(service);
  const waiting = async (referralId: string) => ((await db().query('SELECT 1 FROM click_waits WHERE referral_id = $1', [referralId])) as unknown[]).length > 0;
  const untilParked = (referralId: string) => waitFor(() => waiting(referralId), { description: `${referralId} parked for its click`, timeoutMs: 30_000 });
  const conversionsOf = async (orderId: string) => ((await db().query('SELECT id FROM conversions WHERE order_id = $1', [orderId])) as unknown[]).length;

  /** The click the redirect made two days ago, reaching the click consumer only now. */
  async function clickArrives(link: { id: string; campaignId: string; ambassadorId: string }, clickId: string, clickedAt = new Date(Date.now() - 2 * DAY)): Promise<void> {
    const click = { clickId, linkId: link.id, campaignId: link.campaignId, ambassadorId: link.ambassadorId, ...visitor(), clickedAt: clickedAt.toISOString() };
    await publishAndSettle(service, CLICKS_CONSUMER_GROUP, ReferralLinkClicks, envelopeFor(ReferralLinkClicks, linkClicksPayload([click]), 'campaigns'), 'handled');
  }

  /** What the sweeper does on its next round, run now. */
  const sweep = (now = new Date()) => db().transaction((manager) => service.app.get(AttributionService).decideOverdue(manager, now));

  /**
   * As if the order had been parked that many minutes ago, by this process's clock, as the
   * sweep's `now` is. Postgres's now() rounded to the column's milliseconds could land up to
   * half a millisecond later, and a sweep within that of it saw 60 minutes, not 61.
   */
  const parkedMinutesAgo = (referralId: string, minutes: number) => db().query('UPDATE click_waits SET parked_at = $2 WHERE referral_id = $1', [referralId, new Date(Date.now() - minutes * 60_000)]);

  it('credits the ambassador whose click the order carries once the click is stored, in the click\'s transaction, with every effect of an attributed order', async () => {
    const w = await world();
    const clickId = randomUUID();
    const order = shopOrder(w.programId, { clickId });
    await placeOrder(service, order);
    await untilParked(order.orderId);
    expect(await conversionsOf(order.orderId)).toBe(0);

    await clickArrives(w.linkB, clickId);
    expect(await waiting(order.orderId)).toBe(false);
    const conversion = await conversionOf(service, order.orderId);
    expect(conversion).toMatchObject({ outcome: 'ATTRIBUTED', method: 'CLICK', ambassador_id: w.b.id, click_id: clickId });
    expect(await commissionOf(service, order.orderId)).toMatchObject({ amount_minor: '1000', source: 'ORDER', rule_version: 1 });

    const attributed = await eventsOn<OrderAttributedPayload>(service, Topics.campaignsConversions, (es) => es.some((e) => e.payload.orderId === order.orderId));
    expect(attributed.filter((e) => e.payload.orderId === order.orderId).map((e) => e.payload)).toEqual([expect.objectContaining({ method: 'CLICK', ambassadorId: w.b.id, amountMinor: 10_000 })]);
    const earned = await eventsOn<CommissionEarnedPayload>(service, Topics.campaignsCommissions, (es) => es.some((e) => e.payload.orderId === order.orderId));
    expect(earned.filter((e) => e.payload.orderId === order.orderId).map((e) => e.payload)).toEqual([expect.objectContaining({ ambassadorId: w.b.id, amountMinor: 1000, earnedAt: order.placedAt })]);

    const feed = await service.graphql<{ rewardFeed: Array<{ orderId: string; status: string; click: { clickId: string } | null }> }>(`{ rewardFeed(ambassadorId: "${w.b.id}") { orderId status click { clickId } } }`, {}, { role: Role.AMBASSADOR, ambassadorId: w.b.id });
    expect(feed.data!.rewardFeed.find((e) => e.orderId === order.orderId)).toMatchObject({ status: 'PENDING', click: { clickId } });
  });

  it('credits a lead that arrived before its click the same way', async () => {
    const w = await world({ flatPerLeadMinor: 500, pointsPerLead: 3 });
    const clickId = randomUUID();
    const lead = shopLead(w.programId, { clickId });
    await captureLead(service, lead);
    await untilParked(lead.leadId);
    await clickArrives(w.linkB, clickId);
    expect(await leadConversionOf(service, lead.leadId)).toMatchObject({ outcome: 'ATTRIBUTED', method: 'CLICK', ambassador_id: w.b.id, click_id: clickId });
    expect(await leadCommissionOf(service, lead.leadId)).toMatchObject({ amount_minor: '500', source: 'LEAD' });
  });

  it('decides without the click once the grace period is over, by the order\'s own time and rules: its code still counts, the reason says the click never arrived', async () => {
    const w = await world();
    const lost = shopOrder(w.programId, { clickId: randomUUID() });
    const coded = shopOrder(w.programId, { clickId: randomUUID(), discountCode: w.a.code, placedAt: new Date(Date.now() - 2 * DAY).toISOString() });
    await placeOrder(service, lost);
    await placeOrder(service, coded);
    await untilParked(lost.orderId);
    await untilParked(coded.orderId);
    // Rules published while the orders wait are not theirs: each is paid by the version in force when it was placed.
    const published = await service.graphql(`mutation { publishCommissionRules(campaignId: "${w.campaignId}", rules: { percentBps: 2000 }) { version } }`, {}, { role: Role.MARKETING_OPS });
    expect(published.errors).toBeUndefined();

    await parkedMinutesAgo(lost.orderId, 59);
    await parkedMinutesAgo(coded.orderId, 59);
    await sweep();
    expect(await waiting(lost.orderId)).toBe(true);

    await parkedMinutesAgo(lost.orderId, 61);
    await parkedMinutesAgo(coded.orderId, 61);
    await sweep();
    expect(await waiting(lost.orderId)).toBe(false);
    expect(await conversionOf(service, lost.orderId)).toMatchObject({ outcome: 'UNATTRIBUTED', reason: `click ${lost.clickId} never arrived (waited 61 minutes for it)` });
    expect(await conversionOf(service, coded.orderId)).toMatchObject({ outcome: 'ATTRIBUTED', method: 'CODE', ambassador_id: w.a.id });
    const commission = await commissionOf(service, coded.orderId);
    expect(commission).toMatchObject({ rule_version: 1, amount_minor: '1000' });
    expect(new Date(commission!.hold_until).getTime()).toBe(new Date(coded.placedAt).getTime() + 30 * DAY);

    // The click turning up after all changes nothing: the order was decided once.
    await clickArrives(w.linkB, lost.clickId!);
    expect(await conversionsOf(lost.orderId)).toBe(1);
    expect(await conversionOf(service, lost.orderId)).toMatchObject({ outcome: 'UNATTRIBUTED' });
  });

  it('decides the other waiting orders when one can\'t be decided, and tries that one again later with its error kept', async () => {
    const w = await world();
    const [good, poisoned, alsoGood] = [0, 1, 2].map(() => shopOrder(w.programId, { clickId: randomUUID(), discountCode: w.a.code }));
    for (const order of [good, poisoned, alsoGood]) {
      await placeOrder(service, order);
      await untilParked(order.orderId);
      await parkedMinutesAgo(order.orderId, 61);
    }
    // A real failure inside the decision, in Postgres: the conversion of one order can't be written.
    const trigger = `refuse_${randomUUID().replace(/-/g, '')}`;
    await db().query(`CREATE FUNCTION ${trigger}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
        IF NEW.order_id = '${poisoned.orderId}' THEN RAISE EXCEPTION 'conversion of % refused', NEW.order_id; END IF; RETURN NEW; END $$`);
    await db().query(`CREATE TRIGGER ${trigger} BEFORE INSERT ON conversions FOR EACH ROW EXECUTE FUNCTION ${trigger}()`);
    const failedWait = async () =>
      ((await db().query('SELECT attempts, last_error, retry_at FROM click_waits WHERE referral_id = $1', [poisoned.orderId])) as Array<{ attempts: number; last_error: string; retry_at: Date }>)[0];
    const now = new Date();
    try {
      expect(await sweep(now)).toEqual({ decided: 2, failed: 1 });
      expect(await conversionOf(service, good.orderId)).toMatchObject({ outcome: 'ATTRIBUTED', method: 'CODE' });
      expect(await conversionOf(service, alsoGood.orderId)).toMatchObject({ outcome: 'ATTRIBUTED', method: 'CODE' });
      expect(await conversionsOf(poisoned.orderId)).toBe(0);
      const failed = await failedWait();
      expect(failed).toMatchObject({ attempts: 1, last_error: `conversion of ${poisoned.orderId} refused` });
      // Half a minute to a minute for a first failure (CLICK_WAIT_RETRY, with jitter); not tried before then.
      expect(new Date(failed.retry_at).getTime() - now.getTime()).toBeGreaterThanOrEqual(30_000);
      expect(new Date(failed.retry_at).getTime() - now.getTime()).toBeLessThanOrEqual(60_000);
      expect(await sweep(new Date(now.getTime() + 29_000))).toEqual({ decided: 0, failed: 0 });
      const metrics = await request(service.app.getHttpServer()).get('/metrics');
      expect(metrics.text).toContain('streetteam_click_waits{state="failing"} 1');

      expect(await sweep(new Date(now.getTime() + 61_000))).toEqual({ decided: 0, failed: 1 });
      expect((await failedWait()).attempts).toBe(2);
    } finally {
      await db().query(`DROP TRIGGER ${trigger} ON conversions`);
      await db().query(`DROP FUNCTION ${trigger}()`);
    }
    // Once the cause is gone, its next try decides it: a second failure waits one to two
    // minutes from its sweep's time, so this sweep comes after the longest of them.
    expect(await sweep(new Date(now.getTime() + 61_000 + 120_000))).toEqual({ decided: 1, failed: 0 });
    expect(await waiting(poisoned.orderId)).toBe(false);
    expect(await conversionOf(service, poisoned.orderId)).toMatchObject({ outcome: 'ATTRIBUTED', method: 'CODE', ambassador_id: w.a.id });
  });

  it('holds a customer\'s order without code or click behind their first order that waits for its click, and pays it as recurring once the click is stored', async () => {
    const w = await world({ recurringMonths: 6 });
    const customerId = `customer-${randomUUID()}`;
    const clickId = randomUUID();
    const first = shopOrder(w.programId, { customerId, clickId, placedAt: new Date(Date.now() - 2 * 3_600_000).toISOString() });
    const again = shopOrder(w.programId, { customerId });
    const stranger = shopOrder(w.programId);
    await placeOrder(service, first);
    await untilParked(first.orderId);
    await placeOrder(service, again);
    await placeOrder(service, stranger);
    await untilParked(again.orderId);
    expect(await conversionsOf(again.orderId)).toBe(0);
    // Another customer's plain order is decided at once, as ever.
    await waitFor(async () => (await conversionsOf(stranger.orderId)) === 1, { description: 'the stranger\'s order decided', timeoutMs: 30_000 });

    await clickArrives(w.linkB, clickId);
    expect(await waiting(again.orderId)).toBe(false);
    expect(await conversionOf(service, first.orderId)).toMatchObject({ outcome: 'ATTRIBUTED', method: 'CLICK', ambassador_id: w.b.id });
    expect(await conversionOf(service, again.orderId)).toMatchObject({ outcome: 'ATTRIBUTED', method: 'RECURRING', ambassador_id: w.b.id });
    expect(await commissionOf(service, again.orderId)).toMatchObject({ source: 'RECURRING_ORDER', amount_minor: '1000' });
  });

  it('decides the orders held behind a first order with it when its grace period ends without the click', async () => {
    const w = await world({ recurringMonths: 6 });
    const customerId = `customer-${randomUUID()}`;
    const first = shopOrder(w.programId, { customerId, clickId: randomUUID(), discountCode: w.a.code, placedAt: new Date(Date.now() - 2 * 3_600_000).toISOString() });
    const again = shopOrder(w.programId, { customerId });
    await placeOrder(service, first);
    await untilParked(first.orderId);
    await placeOrder(service, again);
    await untilParked(again.orderId);
    await parkedMinutesAgo(first.orderId, 61);

    expect(await sweep()).toEqual({ decided: 2, failed: 0 });
    expect(await waiting(again.orderId)).toBe(false);
    expect(await conversionOf(service, first.orderId)).toMatchObject({ outcome: 'ATTRIBUTED', method: 'CODE', ambassador_id: w.a.id });
    expect(await conversionOf(service, again.orderId)).toMatchObject({ outcome: 'ATTRIBUTED', method: 'RECURRING', ambassador_id: w.a.id });
  });

  it('decides on the sweeper\'s round an order whose click was stored while it was being parked', async () => {
    const w = await world();
    const clickId = randomUUID();
    await clickArrives(w.linkB, clickId);
    const order = shopOrder(w.programId, { clickId });
    // The two transactions crossing: the click consumer looked for waiting orders before this one's parking committed.
    await db().query('INSERT INTO orders (order_id, program_id, customer_id, customer_email_hash, amount_minor, currency, items, click_id, placed_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)', [
      order.orderId, order.programId, order.customerId, order.customerEmailHash, order.amountMinor, order.currency, JSON.stringify(order.items), clickId, order.placedAt,
    ]);
    await db().query(`INSERT INTO click_waits (kind, referral_id, click_id, parked_at) VALUES ('ORDER', $1, $2, now())`, [order.orderId, clickId]);
    await sweep();
    expect(await conversionOf(service, order.orderId)).toMatchObject({ outcome: 'ATTRIBUTED', method: 'CLICK', ambassador_id: w.b.id, click_id: clickId });
  });

  it('changes nothing when the order is redelivered while it waits or after it was decided', async () => {
    const w = await world();
    const clickId = randomUUID();
    const order = shopOrder(w.programId, { clickId });
    const envelope = await placeOrder(service, order);
    await untilParked(order.orderId);
    await publishAndSettle(service, ORDERS_CONSUMER_GROUP, OrderPlaced, envelope, 'duplicate');
    await publishAndSettle(service, ORDERS_CONSUMER_GROUP, OrderPlaced, { ...envelope, id: randomUUID() }, 'handled');
    const parked = (await db().query('SELECT parked_at FROM click_waits WHERE referral_id = $1', [order.orderId])) as unknown[];
    expect(parked).toHaveLength(1);
    expect(await conversionsOf(order.orderId)).toBe(0);

    await clickArrives(w.linkB, clickId);
    await conversionOf(service, order.orderId);
    await publishAndSettle(service, ORDERS_CONSUMER_GROUP, OrderPlaced, { ...envelope, id: randomUUID() }, 'handled');
    const counts = (await db().query(
      'SELECT (SELECT count(*)::int FROM conversions WHERE order_id = $1) AS conversions, (SELECT count(*)::int FROM commissions WHERE order_id = $1) AS commissions, (SELECT count(*)::int FROM click_waits WHERE referral_id = $1) AS waiting',
      [order.orderId],
    )) as Array<{ conversions: number; commissions: number; waiting: number }>;
    expect(counts[0]).toEqual({ conversions: 1, commissions: 1, waiting: 0 });
    const earned = await eventsOn<CommissionEarnedPayload>(service, Topics.campaignsCommissions, (es) => es.some((e) => e.payload.orderId === order.orderId));
    expect(earned.filter((e) => e.payload.orderId === order.orderId)).toHaveLength(1);
  });

  it('decides an order once when its click and the end of its grace period come at the same moment', async () => {
    const w = await world();
    const orders = [0, 1, 2, 3, 4].map(() => shopOrder(w.programId, { clickId: randomUUID() }));
    for (const order of orders) await placeOrder(service, order);
    for (const order of orders) await untilParked(order.orderId);
    for (const order of orders) await parkedMinutesAgo(order.orderId, 90);
    const attribution = service.app.get(AttributionService);
    await Promise.all([
      ...orders.map((o) => db().transaction((manager) => attribution.clicksStored(manager, [o.clickId!]))),
      sweep(),
      sweep(),
    ]);
    const counts = (await db().query('SELECT order_id, count(*)::int AS n FROM conversions WHERE order_id = ANY($1::text[]) GROUP BY order_id', [orders.map((o) => o.orderId)])) as Array<{ n: number }>;
    expect(counts.map((c) => c.n)).toEqual([1, 1, 1, 1, 1]);
  });

  it('takes back, in proportion and never more than earned, the refunds the shop sent while the order waited', async () => {
    const w = await world();
    const clickId = randomUUID();
    const order = shopOrder(w.programId, { clickId, amountMinor: 10_000 });
    await placeOrder(service, order);
    await untilParked(order.orderId);
    const refund = (amountMinor: number) => envelopeFor(OrderRefunded, { refundId: `r-${randomUUID()}`, orderId: order.orderId, amountMinor, currency: 'USD', refundedAt: new Date().toISOString() }, 'shop');
    await publishAndSettle(service, ORDERS_CONSUMER_GROUP, OrderRefunded, refund(3_000), 'handled');
    expect(await conversionsOf(order.orderId)).toBe(0);

    await clickArrives(w.linkB, clickId);
    const commission = (await commissionOf(service, order.orderId))!;
    expect(commission).toMatchObject({ amount_minor: '1000', reversed_minor: '300' });
    // Later refunds go on from there; more than the order was refunds no more than was earned.
    await publishAndSettle(service, ORDERS_CONSUMER_GROUP, OrderRefunded, refund(9_000), 'handled');
    expect((await commissionOf(service, order.orderId))!.reversed_minor).toBe('1000');

    const events = await eventsOn<CommissionReversedPayload & CommissionEarnedPayload>(service, Topics.campaignsCommissions, (es) => es.filter((e) => e.type === 'CommissionReversed' && e.payload.commissionId === commission.id).length >= 2);
    const mine = events.filter((e) => e.payload.commissionId === commission.id);
    expect(mine.map((e) => [e.type, e.payload.amountMinor])).toEqual([
      ['CommissionEarned', 1000],
      ['CommissionReversed', 300],
      ['CommissionReversed', 700],
    ]);
  });

  it('takes back a refund handled at the very moment the waiting order is decided', async () => {
    const w = await world();
    const order = shopOrder(w.programId, { clickId: randomUUID(), discountCode: w.a.code });
    await placeOrder(service, order);
    await untilParked(order.orderId);
    await parkedMinutesAgo(order.orderId, 90);
    let decidedUncommitted!: () => void;
    const decided = new Promise<void>((resolve) => (decidedUncommitted = resolve));
    // The sweeper's transaction stays open after deciding while the refund's starts: neither sees the other's rows.
    const sweeping = db().transaction(async (manager) => {
      await service.app.get(AttributionService).decideOverdue(manager);
      decidedUncommitted();
      await new Promise((resolve) => setTimeout(resolve, 300));
    });
    await decided;
    const refunding = db().transaction((manager) =>
      service.app.get(RefundService).handle(manager, [{ refundId: `r-${randomUUID()}`, orderId: order.orderId, amountMinor: 5_000, currency: 'USD', refundedAt: new Date().toISOString() }]),
    );
    await Promise.all([sweeping, refunding]);
    expect(await commissionOf(service, order.orderId)).toMatchObject({ amount_minor: '1000', reversed_minor: '500' });
  });

  it('claws back a guarantee claim resolved while the order waited, and records one the brand absorbed against the commission', async () => {
    const w = await world();
    const clickId = randomUUID();
    const order = shopOrder(w.programId, { clickId });
    await placeOrder(service, order);
    await untilParked(order.orderId);
    const claim = (clawback: boolean) =>
      envelopeFor(
        ClaimResolved,
        { claimId: randomUUID(), resolutionId: randomUUID(), programId: w.programId, orderId: order.orderId, customerId: order.customerId, resolution: 'REFUND', reason: 'PRODUCT_FAILED', amountMinor: 4_000, currency: 'USD', clawback, resolvedAt: new Date().toISOString() },
        'recovery',
      );
    await publishAndSettle(service, CLAIMS_CONSUMER_GROUP, ClaimResolved, claim(true), 'handled');
    await publishAndSettle(service, CLAIMS_CONSUMER_GROUP, ClaimResolved, claim(false), 'handled');

    await clickArrives(w.linkB, clickId);
    const commission = (await commissionOf(service, order.orderId))!;
    expect(commission).toMatchObject({ amount_minor: '1000', reversed_minor: '400' });
    const claims = (await db().query('SELECT clawback, commission_id, reversal_id IS NOT NULL AS reversed FROM guarantee_claims WHERE order_id = $1 ORDER BY clawback', [order.orderId])) as unknown[];
    expect(claims).toEqual([
      { clawback: false, commission_id: commission.id, reversed: false },
      { clawback: true, commission_id: commission.id, reversed: true },
    ]);
  });
});
