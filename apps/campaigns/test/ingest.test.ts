import request from 'supertest';
import { startTestService, TestService } from '@streetteam/service-testing';
import { waitFor } from '@streetteam/testing';
import { CampaignsModule } from '../src/campaigns.module';
import { signShopPayload } from '../src/orders/shop-signature';
import { DEV_SHOP_SIGNING_SECRET } from '../src/tracking-settings';
import { commissionOf, conversionOf, givenActiveCampaign, givenAmbassador, givenProgram, shopOrder } from './support/campaigns-fixtures';

describe('the shop\'s signed ingest: POST /ingest/orders and /ingest/refunds', () => {
  let service: TestService;
  let programId: string;

  beforeAll(async () => {
    service = await startTestService('campaigns', (config) => CampaignsModule.forRoot(config, { writeSchema: false }));
    programId = await givenProgram(service);
  });

  afterAll(() => service.close());

  const post = (path: string, body: string, headers: Record<string, string>) => {
    const call = request(service.app.getHttpServer()).post(path).set('content-type', 'application/json');
    for (const [name, value] of Object.entries(headers)) call.set(name, value);
    return call.send(body);
  };
  const signed = (body: string, at = Math.floor(Date.now() / 1000), secret = DEV_SHOP_SIGNING_SECRET) => ({ 'x-shop-timestamp': String(at), 'x-shop-signature': signShopPayload(secret, at, body) });

  it('takes a signed order onto shop.order.v1, where it is attributed; then a signed refund reverses its share', async () => {
    await givenActiveCampaign(service, programId);
    const ambassador = await givenAmbassador(service, programId);
    const order = shopOrder(programId, { discountCode: ambassador.code });
    const body = JSON.stringify(order);
    const answer = await post('/ingest/orders', body, signed(body));
    expect(answer.status).toBe(202);
    expect(answer.body).toEqual({ accepted: true, orderId: order.orderId });
    expect(await conversionOf(service, order.orderId)).toMatchObject({ outcome: 'ATTRIBUTED', ambassador_id: ambassador.id });

    const refund = JSON.stringify({ refundId: `r-${order.orderId}`, orderId: order.orderId, amountMinor: 5_000, currency: 'USD', refundedAt: new Date().toISOString() });
    expect((await post('/ingest/refunds', refund, signed(refund))).status).toBe(202);
    await waitFor(async () => (await commissionOf(service, order.orderId))?.reversed_minor === '500', { description: 'half the commission reversed', timeoutMs: 30_000 });
  });

  it('refuses a missing, bad or stale signature and a replay with a clear 401', async () => {
    const body = JSON.stringify(shopOrder(programId));
    const missing = await post('/ingest/orders', body, {});
    expect(missing.status).toBe(401);
    expect(missing.body).toMatchObject({ field: 'x-shop-timestamp', message: expect.stringContaining('missing') });
    const noSignature = await post('/ingest/orders', body, { 'x-shop-timestamp': String(Math.floor(Date.now() / 1000)) });
    expect(noSignature.body).toMatchObject({ field: 'x-shop-signature', message: expect.stringContaining('missing') });

    const bad = await post('/ingest/orders', body, signed(body, undefined, 'not-the-shop-secret-at-all'));
    expect(bad.status).toBe(401);
    expect(bad.body.message).toContain('does not match');
    const tampered = await post('/ingest/orders', body.replace('10000', '99999'), signed(body));
    expect(tampered.status).toBe(401);

    const stale = await post('/ingest/orders', body, signed(body, Math.floor(Date.now() / 1000) - 600));
    expect(stale.status).toBe(401);
    expect(stale.body.message).toContain('outside the 300 s window');

    const headers = signed(body);
    expect((await post('/ingest/orders', body, headers)).status).toBe(202);
    const replay = await post('/ingest/orders', body, headers);
    expect(replay.status).toBe(401);
    expect(replay.body.message).toContain('replay');
  });

  it('refuses a signed body that is not a valid order with 400 naming the fields', async () => {
    const body = JSON.stringify({ ...shopOrder(programId), amountMinor: 12.5, currency: 'usd', items: [] });
    const answer = await post('/ingest/orders', body, signed(body));
    expect(answer.status).toBe(400);
    expect(answer.body.fields.map((f: { field: string }) => f.field).sort()).toEqual(['amountMinor', 'currency', 'items']);
    const notJson = '{"orderId":';
    const broken = await post('/ingest/orders', notJson, signed(notJson));
    expect(broken.status).toBe(400);
    expect(broken.body.message).toContain('not valid JSON');
    const refund = JSON.stringify({ refundId: 'r1', orderId: 'o1', amountMinor: 0, currency: 'USD', refundedAt: new Date().toISOString() });
    const zero = await post('/ingest/refunds', refund, signed(refund));
    expect(zero.status).toBe(400);
    expect(zero.body.message).toContain('amountMinor');
  });
});
