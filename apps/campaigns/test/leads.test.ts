import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { Role } from '@streetteam/auth';
import { CommissionEarnedPayload, LeadCaptured, Topics } from '@streetteam/contracts';
import { publishAndSettle, startTestService, TestService } from '@streetteam/service-testing';
import { CampaignsModule } from '../src/campaigns.module';
import { ORDERS_CONSUMER_GROUP } from '../src/attribution/order-events.consumer';
import { signShopPayload } from '../src/orders/shop-signature';
import { DEV_SHOP_SIGNING_SECRET } from '../src/tracking-settings';
import {
  CampaignSetup,
  captureLead,
  clickHappened,
  dataSourceOf,
  eventsOn,
  givenTwoAmbassadors,
  leadCommissionOf,
  leadConversionOf,
  shopLead,
  visitor,
} from './support/campaigns-fixtures';

const DAY = 86_400_000;

interface FeedEntry {
  source: string;
  leadId: string | null;
  orderId: string | null;
  method: string | null;
  attributionReason: string | null;
  saleAmountMinor: number;
  currency: string;
  commissionMinor: number;
  points: number;
  status: string;
  statusNote: string;
}

describe('leads from the shop: a sign-up or a quote request credited like an order and paid per lead', () => {
  let service: TestService;

  beforeAll(async () => {
    service = await startTestService('campaigns', (config) => CampaignsModule.forRoot(config, { writeSchema: false }));
  });

  afterAll(() => service.close());

  const gold = randomUUID();
  const world = (setup: CampaignSetup = { flatPerLeadMinor: 500, pointsPerLead: 3 }) => givenTwoAmbassadors(service, setup, { tierId: gold, multiplierBps: 15_000 });

  const post = (body: string, headers: Record<string, string>) => {
    const call = request(service.app.getHttpServer()).post('/ingest/leads').set('content-type', 'application/json');
    for (const [name, value] of Object.entries(headers)) call.set(name, value);
    return call.send(body);
  };
  const signed = (body: string, secret = DEV_SHOP_SIGNING_SECRET) => {
    const at = Math.floor(Date.now() / 1000);
    return { 'x-shop-timestamp': String(at), 'x-shop-signature': signShopPayload(secret, at, body) };
  };
  const feedOf = async (ambassadorId: string) => {
    const answer = await service.graphql<{ rewardFeed: FeedEntry[] }>(
      `{ rewardFeed(ambassadorId: "${ambassadorId}") { source leadId orderId method attributionReason saleAmountMinor currency commissionMinor points status statusNote } }`,
      {},
      { role: Role.AMBASSADOR, ambassadorId },
    );
    if (!answer.data) throw new Error(`rewardFeed failed: ${JSON.stringify(answer.errors)}`);
    return answer.data.rewardFeed;
  };

  it('pays a signed lead with a code the flat amount per lead (the tier\'s override × its multiplier) with source LEAD, held for the guarantee window', async () => {
    const w = await world({ flatPerLeadMinor: 500, pointsPerLead: 3, tierOverrides: [{ tierId: gold, flatPerLeadMinor: 800 }] });
    const lead = shopLead(w.programId, { discountCode: w.a.code.toLowerCase() });
    const body = JSON.stringify(lead);
    const answer = await post(body, signed(body));
    expect(answer.status).toBe(202);
    expect(answer.body).toEqual({ accepted: true, leadId: lead.leadId });

    const conversion = await leadConversionOf(service, lead.leadId);
    expect(conversion).toMatchObject({ outcome: 'ATTRIBUTED', method: 'CODE', ambassador_id: w.a.id, campaign_id: w.campaignId });
    expect(conversion.reason).toContain(`code ${lead.discountCode} of ambassador ${w.a.id}`);
    const commission = await leadCommissionOf(service, lead.leadId);
    expect(commission).toMatchObject({ source: 'LEAD', amount_minor: '1200', points: '3', rule_version: 1, order_id: null, sale_amount_minor: '0', currency: 'USD' });
    expect(new Date(commission!.hold_until).getTime()).toBe(new Date(lead.capturedAt).getTime() + 30 * DAY);

    const earned = await eventsOn<CommissionEarnedPayload>(service, Topics.campaignsCommissions, (es) => es.some((e) => e.payload.leadId === lead.leadId));
    expect(earned.find((e) => e.payload.leadId === lead.leadId)!.payload).toMatchObject({ source: 'LEAD', ambassadorId: w.a.id, amountMinor: 1200, saleAmountMinor: 0, points: 3, currency: 'USD' });

    expect((await feedOf(w.a.id)).find((e) => e.leadId === lead.leadId)).toMatchObject({
      source: 'LEAD',
      orderId: null,
      method: 'CODE',
      saleAmountMinor: 0,
      currency: 'USD',
      commissionMinor: 1200,
      points: 3,
      status: 'PENDING',
    });
  });

  it('attributes a lead with a click id, published straight onto shop.lead.v1, to the click\'s ambassador', async () => {
    const w = await world();
    const clickId = await clickHappened(service, w.linkB, visitor(), new Date(Date.now() - 2 * DAY));
    const lead = shopLead(w.programId, { clickId });
    await captureLead(service, lead);
    expect(await leadConversionOf(service, lead.leadId)).toMatchObject({ outcome: 'ATTRIBUTED', method: 'CLICK', ambassador_id: w.b.id, click_id: clickId });
    expect(await leadCommissionOf(service, lead.leadId)).toMatchObject({ source: 'LEAD', amount_minor: '500', ambassador_id: w.b.id });
  });

  it('attributes a redelivered lead once, whatever envelope it comes in', async () => {
    const w = await world();
    const lead = shopLead(w.programId, { discountCode: w.b.code });
    const envelope = await captureLead(service, lead);
    await leadConversionOf(service, lead.leadId);
    await publishAndSettle(service, ORDERS_CONSUMER_GROUP, LeadCaptured, envelope, 'duplicate');
    await publishAndSettle(service, ORDERS_CONSUMER_GROUP, LeadCaptured, { ...envelope, id: randomUUID() }, 'handled');
    const counts = (await dataSourceOf(service).query(
      'SELECT (SELECT count(*)::int FROM lead_conversions WHERE lead_id = $1) AS conversions, (SELECT count(*)::int FROM commissions WHERE lead_id = $1) AS commissions',
      [lead.leadId],
    )) as Array<{ conversions: number; commissions: number }>;
    expect(counts[0]).toEqual({ conversions: 1, commissions: 1 });
    const earned = await eventsOn<CommissionEarnedPayload>(service, Topics.campaignsCommissions, (es) => es.some((e) => e.payload.leadId === lead.leadId));
    expect(earned.filter((e) => e.payload.leadId === lead.leadId)).toHaveLength(1);
  });

  it('refuses a self-referred lead, flags it with the evidence, and pays nothing', async () => {
    const w = await world();
    const lead = shopLead(w.programId, { discountCode: w.b.code, customerEmailHash: w.b.emailHash });
    await captureLead(service, lead);
    const conversion = await leadConversionOf(service, lead.leadId);
    expect(conversion).toMatchObject({ outcome: 'REFUSED', ambassador_id: w.b.id });
    expect(conversion.reason).toContain("self-referral: the lead's customer");
    expect(await leadCommissionOf(service, lead.leadId)).toBeUndefined();
    const flags = await service.graphql<{ fraudFlags: Array<{ kind: string; orderId: string; status: string; evidence: string }> }>(`{ fraudFlags(status: NOTED) { kind orderId status evidence } }`, {}, { role: Role.MARKETING_OPS });
    const flag = flags.data!.fraudFlags.find((f) => f.orderId === `lead:${lead.leadId}`);
    expect(flag).toMatchObject({ kind: 'SELF_REFERRAL', status: 'NOTED' });
    expect(JSON.parse(flag!.evidence)).toMatchObject({ customerEmailHash: w.b.emailHash });
    expect((await feedOf(w.b.id)).find((e) => e.leadId === lead.leadId)).toMatchObject({ source: 'LEAD', status: 'REFUSED', statusNote: expect.stringContaining('self-referral') });
  });

  it('earns nothing for a lead of a campaign with no amount or points per lead: no commission row, and the feed says why', async () => {
    const w = await world({});
    const lead = shopLead(w.programId, { discountCode: w.b.code });
    await captureLead(service, lead);
    expect(await leadConversionOf(service, lead.leadId)).toMatchObject({ outcome: 'ATTRIBUTED', ambassador_id: w.b.id });
    expect(await leadCommissionOf(service, lead.leadId)).toBeUndefined();
    expect((await feedOf(w.b.id)).find((e) => e.leadId === lead.leadId)).toMatchObject({ source: 'LEAD', status: 'NO_COMMISSION', statusNote: 'Credited to you; this campaign pays nothing per lead.' });
  });

  it('cuts a lead\'s commission to what the budget cap leaves, and says so', async () => {
    const w = await world({ flatPerLeadMinor: 500, budgetCapMinor: 300 });
    const lead = shopLead(w.programId, { discountCode: w.b.code });
    await captureLead(service, lead);
    await leadConversionOf(service, lead.leadId);
    expect(await leadCommissionOf(service, lead.leadId)).toMatchObject({ amount_minor: '300', uncapped_minor: '500', cap_note: 'cut to what the budget cap leaves (300)' });
  });

  it('refuses a bad signature with a 401 and a bad body with a 400 naming the field', async () => {
    const w = await world();
    const body = JSON.stringify(shopLead(w.programId));
    const bad = await post(body, signed(body, 'not-the-shop-secret-at-all'));
    expect(bad.status).toBe(401);
    expect(bad.body).toMatchObject({ field: 'x-shop-signature', message: expect.stringContaining('does not match') });
    const missing = await post(body, {});
    expect(missing.status).toBe(401);
    expect(missing.body).toMatchObject({ field: 'x-shop-timestamp' });

    const { leadId: _leadId, ...withoutId } = shopLead(w.programId, { customerEmailHash: 'someone@example.com' });
    const invalid = JSON.stringify(withoutId);
    const refused = await post(invalid, signed(invalid));
    expect(refused.status).toBe(400);
    expect(refused.body.fields.map((f: { field: string }) => f.field).sort()).toEqual(['customerEmailHash', 'leadId']);
    expect(refused.body.message).toContain('customerEmailHash: must be a sha256 hex digest');
  });
});
