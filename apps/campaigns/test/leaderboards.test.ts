import { randomUUID } from 'node:crypto';
import { Role } from '@streetteam/auth';
import { AmbassadorStatusChanged, CommissionEarned, CommissionEarnedPayload, CommissionReversed, CommissionReversedPayload, EventHeaders, OrderRefunded } from '@streetteam/contracts';
import { KafkaBus } from '@streetteam/messaging';
import { envelopeFor, eventsSettled, GraphQLAnswer, publishAndSettle, publishEnvelope, startTestService, TestService } from '@streetteam/service-testing';
import { waitFor } from '@streetteam/testing';
import { EntityManager } from 'typeorm';
import { CampaignsModule } from '../src/campaigns.module';
import { LeaderboardService } from '../src/leaderboards/leaderboard.service';
import { compareStandings, Standing } from '../src/leaderboards/leaderboard-rules';
import { dataSourceOf, givenActiveCampaign, givenAmbassador, givenProgram, placeOrder, shopOrder } from './support/campaigns-fixtures';

const GROUP = 'campaigns.leaderboards';
const BOARD = `query ($campaignId: ID!, $by: LeaderboardRanking, $first: Int, $offset: Int) {
  leaderboard(campaignId: $campaignId, by: $by, first: $first, offset: $offset) { campaignId by currency totalEntries entries { rank name ambassadorId isYou points salesMinor } } }`;
const POSITION = `query ($campaignId: ID!, $ambassadorId: ID!, $by: LeaderboardRanking) { leaderboardPosition(campaignId: $campaignId, ambassadorId: $ambassadorId, by: $by) { rank name ambassadorId isYou points salesMinor } }`;
const NICKNAME = `mutation ($nickname: String, $show: Boolean!) { setLeaderboardNickname(nickname: $nickname, showNickname: $show) { shownName } }`;

type Caller = { role?: Role; ambassadorId?: string };
type Entry = { rank: number; name: string; ambassadorId: string | null; isYou: boolean; points: number; salesMinor: number };
const ops: Caller = { role: Role.MARKETING_OPS };
const at = (minute: number) => new Date(Date.UTC(2026, 3, 1, 12, minute)).toISOString();

describe('campaigns leaderboards', () => {
  let service: TestService;
  let programId: string;
  let campaignId: string;
  const people: Record<'amira' | 'bruno' | 'chen' | 'dana', { id: string; caller: Caller }> = {} as never;

  const earned = (ambassadorId: string, points: number, saleAmountMinor: number, earnedAt: string, over: Partial<CommissionEarnedPayload> = {}) =>
    envelopeFor(
      CommissionEarned,
      {
        commissionId: randomUUID(),
        ambassadorId,
        programId,
        campaignId,
        source: 'ORDER',
        orderId: `order-${randomUUID()}`,
        amountMinor: Math.round(saleAmountMinor / 10),
        currency: 'USD',
        saleAmountMinor,
        points,
        earnedAt,
        holdUntil: new Date(Date.parse(earnedAt) + 30 * 86_400_000).toISOString(),
        ...over,
      },
      'campaigns',
    );
  const board = async (caller: Caller = ops, by = 'POINTS', first = 10, offset = 0, of = campaignId) => {
    const answer = await service.graphql<{ leaderboard: { totalEntries: number; entries: Entry[] } }>(BOARD, { campaignId: of, by, first, offset }, caller);
    expect(answer.errors).toBeUndefined();
    return answer.data!.leaderboard;
  };

  beforeAll(async () => {
    service = await startTestService('campaigns', (config) => CampaignsModule.forRoot(config, { writeSchema: false }));
    programId = await givenProgram(service);
    campaignId = await givenActiveCampaign(service, programId);
    const [amira, bruno, chen, dana] = await Promise.all([0, 1, 2, 3].map(() => givenAmbassador(service, programId)));
    for (const [name, a] of Object.entries({ amira, bruno, chen, dana })) people[name as keyof typeof people] = { id: a.id, caller: { role: Role.AMBASSADOR, ambassadorId: a.id } };
  });

  afterAll(() => service?.close());

  it('ranks by points, ties going to whoever reached the score first, then by id; sales rank on their own', async () => {
    const { amira, bruno, chen } = people;
    // Chen and Bruno reach 30 points at the same minute, Amira later: their ids settle who is first.
    for (const envelope of [earned(amira.id, 30, 5_000, at(20)), earned(bruno.id, 30, 1_000, at(10)), earned(chen.id, 30, 9_000, at(10))]) {
      await publishAndSettle(service, GROUP, CommissionEarned, envelope, 'handled');
    }
    const [first, second] = [bruno.id, chen.id].sort();
    const byPoints = await board();
    expect(byPoints.entries.map((e) => [e.rank, e.ambassadorId, e.points])).toEqual([
      [1, first, 30],
      [2, second, 30],
      [3, amira.id, 30],
    ]);
    const bySales = await board(ops, 'SALES');
    expect(bySales.entries.map((e) => [e.ambassadorId, e.salesMinor])).toEqual([
      [chen.id, 9_000],
      [amira.id, 5_000],
      [bruno.id, 1_000],
    ]);
  });

  it('counts a commission once, whatever envelope it comes in, and takes a reversal back', async () => {
    const { amira } = people;
    const envelope = earned(amira.id, 20, 2_000, at(30));
    await publishAndSettle(service, GROUP, CommissionEarned, envelope, 'handled');
    await publishAndSettle(service, GROUP, CommissionEarned, envelope, 'duplicate');
    await publishAndSettle(service, GROUP, CommissionEarned, { ...envelope, id: randomUUID() }, 'handled');
    expect((await board()).entries[0]).toMatchObject({ rank: 1, ambassadorId: amira.id, points: 50, salesMinor: 7_000 });

    const reversal = (over: Partial<CommissionReversedPayload> = {}) =>
      envelopeFor(
        CommissionReversed,
        {
          reversalId: randomUUID(),
          commissionId: envelope.payload.commissionId,
          ambassadorId: amira.id,
          programId,
          cause: 'REFUND',
          amountMinor: 100,
          saleAmountMinor: 1_000,
          points: 10,
          currency: 'USD',
          reason: 'half refunded',
          reversedAt: at(40),
          ...over,
        },
        'campaigns',
      );
    const half = reversal();
    await publishAndSettle(service, GROUP, CommissionReversed, half, 'handled');
    await publishAndSettle(service, GROUP, CommissionReversed, { ...half, id: randomUUID() }, 'handled');
    const after = (await board()).entries.find((e) => e.ambassadorId === amira.id)!;
    expect(after).toMatchObject({ points: 40, salesMinor: 6_000 });
  });

  it('shows only real ambassadors: not one unknown to campaigns, nor one no longer ACTIVE', async () => {
    const { dana } = people;
    const bot = randomUUID();
    await publishAndSettle(service, GROUP, CommissionEarned, earned(bot, 500, 90_000, at(5)), 'handled');
    await publishAndSettle(service, GROUP, CommissionEarned, earned(dana.id, 400, 80_000, at(5)), 'handled');
    expect((await board()).entries[0]).toMatchObject({ ambassadorId: dana.id, points: 400 });

    await publishEnvelope(service, AmbassadorStatusChanged, envelopeFor(AmbassadorStatusChanged, { ambassadorId: dana.id, programId, from: 'ACTIVE', to: 'OFFBOARDED', changedAt: new Date().toISOString() }, 'enrollment'));
    await waitFor(async () => ((await dataSourceOf(service).query(`SELECT status FROM ambassadors WHERE id = $1`, [dana.id])) as Array<{ status: string }>)[0]?.status === 'OFFBOARDED', {
      description: 'dana offboarded',
      timeoutMs: 30_000,
    });
    const shown = await board();
    expect(shown.entries.map((e) => e.ambassadorId)).not.toContain(bot);
    expect(shown.entries.map((e) => e.ambassadorId)).not.toContain(dana.id);
    expect(shown.totalEntries).toBe(3);
    const position = await service.graphql<{ leaderboardPosition: Entry | null }>(POSITION, { campaignId, ambassadorId: dana.id }, ops);
    expect(position.data!.leaderboardPosition).toBeNull();
  });

  it('shows the nickname an ambassador chose, and other ambassadors never their id', async () => {
    const { amira, bruno } = people;
    expect((await service.graphql(NICKNAME, { nickname: 'Queen of Leeds', show: true }, amira.caller)).errors).toBeUndefined();
    const seenByBruno = await board(bruno.caller);
    const amiraRow = seenByBruno.entries.find((e) => e.name === 'Queen of Leeds')!;
    expect(amiraRow).toMatchObject({ ambassadorId: null, isYou: false, points: 40 });
    expect(seenByBruno.entries.find((e) => e.isYou)).toMatchObject({ ambassadorId: bruno.id });
    expect(seenByBruno.entries.filter((e) => e.ambassadorId !== null)).toHaveLength(1);

    const mine = await service.graphql<{ leaderboardPosition: Entry }>(POSITION, { campaignId, ambassadorId: amira.id }, amira.caller);
    expect(mine.data!.leaderboardPosition).toMatchObject({ rank: 1, name: 'Queen of Leeds', isYou: true, ambassadorId: amira.id });
    // Hidden again: the display name comes back.
    await service.graphql(NICKNAME, { nickname: 'Queen of Leeds', show: false }, amira.caller);
    expect((await board(ops)).entries[0].name).toMatch(/^Ambassador /);
  });

  it('reads the top and any one rank of a 10,000-ambassador board, in the order the rule gives', async () => {
    const big = await givenActiveCampaign(service, programId);
    const db = dataSourceOf(service);
    // Seeded straight into the tables (as 10,000 activations and commissions would leave them):
    // few distinct scores and reach times, so ties are everywhere.
    await db.query(
      `WITH seeded AS (SELECT gen_random_uuid() AS id, n FROM generate_series(1, 10000) AS n),
            made AS (INSERT INTO ambassadors (id, program_id, status, display_name, activated_at) SELECT id, $2, 'ACTIVE', 'Seed ' || n, now() FROM seeded RETURNING id)
       INSERT INTO leaderboard_entries (campaign_id, ambassador_id, program_id, points, sales_minor, points_reached_at, sales_reached_at, updated_at)
       SELECT $1, s.id, $2, 1 + (s.n * 7919) % 500, (s.n * 104729) % 100000, timestamp '2026-04-01' + ((s.n % 17) || ' minutes')::interval, timestamp '2026-04-01', now() FROM seeded s`,
      [big, programId],
    );
    const rows: Array<{ ambassador_id: string; points: string; sales_minor: string; points_reached_at: Date; sales_reached_at: Date }> = await db.query(
      `SELECT ambassador_id, points, sales_minor, points_reached_at, sales_reached_at FROM leaderboard_entries WHERE campaign_id = $1`,
      [big],
    );
    const expected = rows
      .map((r): Standing => ({ ambassadorId: r.ambassador_id, points: Number(r.points), salesMinor: Number(r.sales_minor), pointsReachedAt: r.points_reached_at, salesReachedAt: r.sales_reached_at }))
      .sort(compareStandings('POINTS'))
      .map((s) => s.ambassadorId);

    const top = await service.graphql<{ leaderboard: { totalEntries: number; entries: Entry[] } }>(BOARD, { campaignId: big, first: 100 }, ops);
    expect(top.data!.leaderboard.totalEntries).toBe(10_000);
    expect(top.data!.leaderboard.entries.map((e) => e.ambassadorId)).toEqual(expected.slice(0, 100));
    const deep = await service.graphql<{ leaderboard: { entries: Entry[] } }>(BOARD, { campaignId: big, first: 20, offset: 5_000 }, ops);
    expect(deep.data!.leaderboard.entries.map((e) => [e.rank, e.ambassadorId])).toEqual(expected.slice(5_000, 5_020).map((id, i) => [5_001 + i, id]));
    for (const index of [0, 4_321, 9_999]) {
      const position = await service.graphql<{ leaderboardPosition: Entry }>(POSITION, { campaignId: big, ambassadorId: expected[index] }, ops);
      expect(position.data!.leaderboardPosition.rank).toBe(index + 1);
    }
    // The board is read in index order, not sorted from scratch.
    const plan: Array<{ 'QUERY PLAN': string }> = await db.query(
      `EXPLAIN SELECT e.ambassador_id FROM leaderboard_entries e WHERE e.campaign_id = $1 AND e.points > 0 ORDER BY e.points DESC, e.points_reached_at, e.ambassador_id LIMIT 10`,
      [big],
    );
    expect(plan.map((p) => p['QUERY PLAN']).join('\n')).toMatch(/leaderboard_by_points/);
  });

  it('applies a batch with several credits of one ambassador in order, and a redelivered batch changes nothing', async () => {
    const relay = await givenActiveCampaign(service, programId);
    const [eve, finn] = await Promise.all([givenAmbassador(service, programId), givenAmbassador(service, programId)]);
    const inRelay = { campaignId: relay };
    const batch = [earned(eve.id, 10, 1_000, at(1), inRelay), earned(finn.id, 15, 500, at(2), inRelay), earned(eve.id, 5, 2_000, at(3), inRelay)];
    const standings = async () => (await board(ops, 'POINTS', 10, 0, relay)).entries.map((e) => [e.ambassadorId, e.points, e.salesMinor]);
    const inOneTransaction = (apply: (leaderboards: LeaderboardService, manager: EntityManager) => Promise<void>) =>
      dataSourceOf(service).transaction((manager) => apply(service.app.get(LeaderboardService), manager));

    await inOneTransaction((leaderboards, manager) => leaderboards.commissionsEarned(manager, batch.map((e) => e.payload)));
    // Eve's second commission brought her to 15 at minute 3, after Finn got there at minute 2.
    const expected = [
      [finn.id, 15, 500],
      [eve.id, 15, 3_000],
    ];
    expect(await standings()).toEqual(expected);

    await inOneTransaction((leaderboards, manager) => leaderboards.commissionsEarned(manager, batch.map((e) => e.payload)));
    const before = await eventsSettled(service, GROUP, 'handled');
    // The same commissions again, in new envelopes and in one publish: the consumer's batch.
    const again = batch.map((e) => ({ ...e, id: randomUUID() }));
    await service.app.get(KafkaBus).publish(
      again.map((e) => ({ topic: CommissionEarned.topic, key: e.key, value: JSON.stringify(e), headers: { [EventHeaders.eventId]: e.id, [EventHeaders.eventType]: `${e.type}@${e.version}` } })),
    );
    await waitFor(async () => (await eventsSettled(service, GROUP, 'handled')) >= before + batch.length, { description: 'the redelivered batch settled', timeoutMs: 30_000 });
    expect(await standings()).toEqual(expected);

    const reversal = (commission: (typeof batch)[number], points: number, saleAmountMinor: number, minute: number): CommissionReversedPayload => ({
      reversalId: randomUUID(),
      commissionId: commission.payload.commissionId,
      ambassadorId: commission.payload.ambassadorId,
      programId,
      cause: 'REFUND',
      amountMinor: 0,
      saleAmountMinor,
      points,
      currency: 'USD',
      reason: 'refunded',
      reversedAt: at(minute),
    });
    const reversals = [reversal(batch[0], 10, 1_000, 4), reversal(batch[2], 2, 800, 5)];
    await inOneTransaction((leaderboards, manager) => leaderboards.commissionsReversed(manager, reversals));
    await inOneTransaction((leaderboards, manager) => leaderboards.commissionsReversed(manager, reversals));
    expect(await standings()).toEqual([
      [finn.id, 15, 500],
      [eve.id, 3, 1_200],
    ]);
  });

  it("follows campaigns' own pipeline: a sale with an ambassador's code moves the board, its refund takes back its share", async () => {
    const shop = await givenProgram(service);
    const drop = await givenActiveCampaign(service, shop);
    const seller = await givenAmbassador(service, shop);
    const order = shopOrder(shop, { discountCode: seller.code, amountMinor: 10_000, items: [{ sku: 'TEE-1', quantity: 1, unitAmountMinor: 10_000 }] });
    await placeOrder(service, order);
    const standing = async (expected: { salesMinor: number }) =>
      waitFor(
        async () => {
          const answer = await service.graphql<{ leaderboard: { entries: Entry[] } }>(BOARD, { campaignId: drop, by: 'SALES' }, ops);
          const entry = answer.data?.leaderboard.entries.find((e) => e.ambassadorId === seller.id);
          return entry?.salesMinor === expected.salesMinor ? entry : undefined;
        },
        { description: `the seller's sales at ${expected.salesMinor}`, timeoutMs: 30_000 },
      );
    // pointsPerSale 10 in the fixture's rules.
    expect(await standing({ salesMinor: 10_000 })).toMatchObject({ rank: 1, points: 10 });
    await publishEnvelope(
      service,
      OrderRefunded,
      envelopeFor(OrderRefunded, { refundId: `refund-${randomUUID()}`, orderId: order.orderId, amountMinor: 5_000, currency: 'USD', refundedAt: new Date().toISOString() }, 'shop'),
    );
    expect(await standing({ salesMinor: 5_000 })).toMatchObject({ rank: 1, points: 5 });
  });

  describe('bad input gets a coded error naming the field', () => {
    it('refuses an unknown campaign', async () => {
      const answer = await service.graphql(BOARD, { campaignId: randomUUID() }, ops);
      expect(answer.errors?.[0]).toMatchObject({ extensions: { code: 'NOT_FOUND', field: 'campaignId' } });
    });
    it('refuses a negative offset', async () => {
      const answer = await service.graphql(BOARD, { campaignId, offset: -1 }, ops);
      expect(answer.errors?.[0].message).toMatch(/offset: must be a whole number from 0/);
      expect(answer.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
    });
    it('refuses an unknown ranking', async () => {
      const answer = await service.graphql(BOARD, { campaignId, by: 'LIKES' }, ops);
      expect(answer.errors?.[0].extensions.code).toMatch(/BAD_USER_INPUT|GRAPHQL_VALIDATION_FAILED/);
    });
  });

  describe('who may do what', () => {
    const labels = ['anonymous', 'AMBASSADOR self', 'AMBASSADOR other', 'MARKETING_OPS', 'FINANCE', 'SUPPORT_AGENT', 'ADMIN'] as const;
    const callerOf = (label: (typeof labels)[number]): Caller =>
      ({
        anonymous: {},
        'AMBASSADOR self': people.amira.caller,
        'AMBASSADOR other': people.bruno.caller,
        MARKETING_OPS: ops,
        FINANCE: { role: Role.FINANCE },
        SUPPORT_AGENT: { role: Role.SUPPORT_AGENT },
        ADMIN: { role: Role.ADMIN },
      })[label];
    const staff = (label: string) => label === 'MARKETING_OPS' || label === 'ADMIN';
    const cases: Array<[string, (label: string) => boolean, (c: Caller) => Promise<GraphQLAnswer<unknown>>]> = [
      ['leaderboard', (l) => staff(l) || l.startsWith('AMBASSADOR'), (c) => service.graphql(BOARD, { campaignId }, c)],
      // Amira's own place: herself and staff; Bruno may not look her up.
      ['leaderboardPosition', (l) => staff(l) || l === 'AMBASSADOR self', (c) => service.graphql(POSITION, { campaignId, ambassadorId: people.amira.id }, c)],
    ];
    for (const [name, allowed, call] of cases) {
      it.each(labels)(`${name} as %s`, async (label) => {
        const caller = callerOf(label);
        const answer = await call(caller);
        if (allowed(label)) expect(answer.errors).toBeUndefined();
        else expect(answer.errors?.[0].extensions.code).toBe(caller.role ? 'FORBIDDEN' : 'UNAUTHENTICATED');
      });
    }

    it("keeps another program's ambassadors off this campaign's board", async () => {
      const elsewhere = await givenAmbassador(service, await givenProgram(service));
      const answer = await service.graphql(BOARD, { campaignId }, { role: Role.AMBASSADOR, ambassadorId: elsewhere.id });
      expect(answer.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'NOT_IN_PROGRAM' });
    });
  });
});
