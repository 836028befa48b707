import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { Role } from '@streetteam/auth';
import { clicksIn, linkClicksPayload, ReferralLinkClicks, ReferralLinkClicksPayload, ReferralLinkClicksV1, Topics } from '@streetteam/contracts';
import { envelopeFor, publishAndSettle, startTestService, TestService } from '@streetteam/service-testing';
import { waitFor } from '@streetteam/testing';
import { CampaignsModule } from '../src/campaigns.module';
import { CLICKS_CONSUMER_GROUP } from '../src/clicks/clicks.consumer';
import { dataSourceOf, eventsOn, givenActiveCampaign, givenAmbassador, givenProgram, linkOf, visitor } from './support/campaigns-fixtures';

const browser = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148 Safari/604.1';

describe('referral links and the public redirect', () => {
  let service: TestService;
  let campaignId: string;
  let ambassadorId: string;

  beforeAll(async () => {
    service = await startTestService('campaigns', (config) => CampaignsModule.forRoot(config, { writeSchema: false }));
    const programId = await givenProgram(service);
    campaignId = await givenActiveCampaign(service, programId, { landingUrl: 'https://shop.example.com/spring?lang=en#hero' });
    ambassadorId = (await givenAmbassador(service, programId)).id;
  });

  afterAll(() => service.close());

  const follow = (slug: string, from: { address?: string; agent?: string } = {}) =>
    request(service.app.getHttpServer())
      .get(`/r/${slug}`)
      .set('user-agent', from.agent ?? browser)
      .set('x-forwarded-for', from.address ?? '203.0.113.10')
      .redirects(0);

  const counters = async (linkId: string) =>
    ((await dataSourceOf(service).query('SELECT coalesce(sum(counted), 0)::int AS counted, coalesce(sum(received), 0)::int AS received FROM link_daily_clicks WHERE link_id = $1', [linkId])) as Array<{ counted: number; received: number }>)[0];

  it('gives an active ambassador one link per campaign, with UTM parameters and their code as the discount code', async () => {
    const link = await linkOf(service, campaignId, ambassadorId);
    const again = await linkOf(service, campaignId, ambassadorId);
    expect(again.id).toBe(link.id);
    const listed = await service.graphql<{ referralLinks: Array<{ slug: string; destinationUrl: string; discountCode: string; campaign: { id: string } }> }>(
      `{ referralLinks(ambassadorId: "${ambassadorId}") { slug destinationUrl discountCode campaign { id } } }`,
      {},
      { role: Role.AMBASSADOR, ambassadorId },
    );
    const [view] = listed.data!.referralLinks;
    const url = new URL(view.destinationUrl);
    expect(url.searchParams.get('utm_source')).toBe('streetteam');
    expect(url.searchParams.get('utm_campaign')).toBe(campaignId);
    expect(url.searchParams.get('lang')).toBe('en');
    expect(view.discountCode).toMatch(/^AMB/);
    expect(link.shortUrl).toBe(`http://127.0.0.1:4002/r/${link.slug}`);
  });

  it('refuses a link in a campaign that is not active, with the reason', async () => {
    const programId = await givenProgram(service);
    const draft = await service.graphql<{ createCampaign: { id: string } }>(
      `mutation { createCampaign(input: { programId: "${programId}", name: "Later", objective: SALES, startsAt: "${new Date().toISOString()}", landingUrl: "https://shop.example.com", rules: {} }) { id } }`,
      {},
      { role: Role.MARKETING_OPS },
    );
    const other = await givenAmbassador(service, programId);
    const refused = await service.graphql(`mutation { createReferralLink(campaignId: "${draft.data!.createCampaign.id}") { id } }`, {}, { role: Role.AMBASSADOR, ambassadorId: other.id });
    expect(refused.errors?.[0]).toMatchObject({ extensions: { code: 'CONFLICT' }, message: expect.stringContaining('not active') });
  });

  it('answers 302 to the destination with a click id, and hands the click to Kafka', async () => {
    const link = await linkOf(service, campaignId, ambassadorId);
    const answer = await follow(link.slug, { address: '198.51.100.7' });
    expect(answer.status).toBe(302);
    const location = answer.headers.location as string;
    expect(location.endsWith('#hero')).toBe(true);
    const clickId = new URL(location).searchParams.get('st_click');
    expect(clickId).toMatch(/^[0-9a-f-]{36}$/);
    expect(new URL(location).searchParams.get('utm_medium')).toBe('referral');
    const events = await eventsOn<ReferralLinkClicksPayload>(service, Topics.campaignsClicks, (es) => es.some((e) => clicksIn(e.payload).some((c) => c.clickId === clickId)));
    expect(events.flatMap((e) => clicksIn(e.payload)).find((c) => c.clickId === clickId)).toMatchObject({ linkId: link.id, campaignId, ambassadorId, userAgent: browser, addressHash: expect.stringMatching(/^[0-9a-f]{64}$/) });
  });

  it('answers an unknown or malformed slug with a clear 404 page', async () => {
    for (const slug of ['zzzzzzzz', 'not-a-slug', '%E0%A4%A', '']) {
      const answer = await follow(slug);
      expect(answer.status).toBe(404);
      expect(answer.headers['content-type']).toContain('text/html');
      expect(answer.text).toContain('This link doesn');
    }
  });

  it('counts a repeat from one address and agent within 30 minutes once, and known bots never', async () => {
    const ambassador = await givenAmbassador(service, (await service.graphql<{ campaign: { program: { id: string } } }>(`{ campaign(id: "${campaignId}") { program { id } } }`, {}, { role: Role.ADMIN })).data!.campaign.program.id);
    const link = await linkOf(service, campaignId, ambassador.id);
    const address = `192.0.2.${Math.floor(Math.random() * 200) + 1}`;
    for (let i = 0; i < 3; i++) expect((await follow(link.slug, { address })).status).toBe(302);
    expect((await follow(link.slug, { address: '192.0.2.250' })).status).toBe(302);
    expect((await follow(link.slug, { address, agent: 'Googlebot/2.1 (+http://www.google.com/bot.html)' })).status).toBe(302);
    expect((await follow(link.slug, { address, agent: 'curl/8.4.0' })).status).toBe(302);
    expect(await waitFor(async () => ((await counters(link.id)).received === 6 ? counters(link.id) : undefined), { description: 'six clicks stored', timeoutMs: 30_000 })).toEqual({ counted: 2, received: 6 });
    const reasons = (await dataSourceOf(service).query(`SELECT not_counted_reason AS reason, count(*)::int AS n FROM clicks WHERE link_id = $1 GROUP BY 1 ORDER BY 1 NULLS FIRST`, [link.id])) as Array<{ reason: string | null; n: number }>;
    expect(reasons).toEqual([{ reason: null, n: 2 }, { reason: 'BOT', n: 2 }, { reason: 'REPEAT', n: 2 }]);
    const stats = await service.graphql<{ referralLinks: Array<{ id: string; clicks: { counted: number; received: number } }> }>(`{ referralLinks(ambassadorId: "${ambassador.id}") { id clicks { counted received } } }`, {}, { role: Role.AMBASSADOR, ambassadorId: ambassador.id });
    expect(stats.data!.referralLinks[0].clicks).toEqual({ counted: 2, received: 6 });
  });

  it('counts nothing twice when clicks already stored come again in another event (of version 1, from before version 2), and judges the new ones among them right', async () => {
    const programId = (await service.graphql<{ campaign: { program: { id: string } } }>(`{ campaign(id: "${campaignId}") { program { id } } }`, {}, { role: Role.ADMIN })).data!.campaign.program.id;
    const ambassador = await givenAmbassador(service, programId);
    const link = await linkOf(service, campaignId, ambassador.id);
    const who = visitor();
    const click = (minutesAgo: number) => ({ clickId: randomUUID(), linkId: link.id, campaignId, ambassadorId: ambassador.id, ...who, clickedAt: new Date(Date.now() - minutesAgo * 60_000).toISOString() });
    // Counted, a repeat ten minutes on, counted again forty minutes after the first; then, with those three again, a repeat of the third.
    const [first, repeat, later, laterRepeat] = [click(60), click(50), click(20), click(10)];
    await publishAndSettle(service, CLICKS_CONSUMER_GROUP, ReferralLinkClicks, envelopeFor(ReferralLinkClicks, linkClicksPayload([first, repeat, later]), 'campaigns'), 'handled');
    await publishAndSettle(service, CLICKS_CONSUMER_GROUP, ReferralLinkClicksV1, envelopeFor(ReferralLinkClicksV1, { clicks: [first, repeat, later, laterRepeat] }, 'campaigns'), 'handled');

    expect(await counters(link.id)).toEqual({ counted: 2, received: 4 });
    const verdicts = (await dataSourceOf(service).query('SELECT id, not_counted_reason AS reason FROM clicks WHERE link_id = $1', [link.id])) as Array<{ id: string; reason: string | null }>;
    expect(Object.fromEntries(verdicts.map((v) => [v.id, v.reason]))).toEqual({ [first.clickId]: null, [repeat.clickId]: 'REPEAT', [later.clickId]: null, [laterRepeat.clickId]: 'REPEAT' });
  });

  it('flags a burst of clicks from one address', async () => {
    const programId = (await service.graphql<{ campaign: { program: { id: string } } }>(`{ campaign(id: "${campaignId}") { program { id } } }`, {}, { role: Role.ADMIN })).data!.campaign.program.id;
    const ambassador = await givenAmbassador(service, programId);
    const link = await linkOf(service, campaignId, ambassador.id);
    for (let i = 0; i < 20; i++) await follow(link.slug, { address: '192.0.2.99', agent: `${browser} ${i}` });
    const flag = await waitFor(
      async () => {
        const answer = await service.graphql<{ fraudFlags: Array<{ kind: string; ambassador: { id: string }; evidence: string }> }>(`{ fraudFlags(status: OPEN) { kind ambassador { id } evidence } }`, {}, { role: Role.MARKETING_OPS });
        return answer.data?.fraudFlags.find((f) => f.kind === 'CLICK_BURST' && f.ambassador.id === ambassador.id);
      },
      { description: 'click burst flagged', timeoutMs: 30_000 },
    );
    expect(JSON.parse(flag.evidence)).toMatchObject({ linkId: link.id, clicks: 20, threshold: 20 });
  });

  it('finds a link made on another replica (straight in Postgres) before its next refresh', async () => {
    const link = { id: randomUUID(), slug: 'Qw3rtyZx' };
    await dataSourceOf(service).query(`INSERT INTO referral_links (id, campaign_id, ambassador_id, slug, destination_url) VALUES ($1, $2, $3, $4, 'https://shop.example.com/other')`, [link.id, campaignId, randomUUID(), link.slug]);
    const answer = await follow(link.slug);
    expect(answer.status).toBe(302);
    expect(answer.headers.location).toMatch(/^https:\/\/shop\.example\.com\/other\?st_click=/);
  });
});
