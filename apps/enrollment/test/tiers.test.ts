import { Client } from 'pg';
import { Role } from '@streetteam/auth';
import { AmbassadorTierChangedPayload, Topics } from '@streetteam/contracts';
import { testDatabaseUrl } from '@streetteam/testing';
import { TierService } from '../src/tiers/tier.service';
import { EnrollmentTestApp, GraphQLAnswer } from './enrollment-test-app';

const ops = { subject: 'olga-ops', roles: [Role.MARKETING_OPS] };
const CREATE_PROGRAM = `mutation ($name: String!) { createProgram(input: { name: $name, currency: "EUR", guaranteeWindowDays: 30 }) { id } }`;
const CREATE_TIER = `mutation ($input: CreateTierInput!) { createTier(input: $input) { id name rank minSalesMinor minPoints multiplierBps } }`;
const TIERS = `query ($programId: ID!) { tiers(programId: $programId) { name rank multiplierBps } }`;
const SUBMIT = `mutation ($input: SubmitApplicationInput!) { submitApplication(input: $input) { application { id } } }`;
const DECIDE = `mutation ($id: ID!) { decideApplication(input: { applicationId: $id, decision: APPROVED, note: "welcome" }) { ambassadorId } }`;

describe('enrollment tiers', () => {
  const enrollment = new EnrollmentTestApp();
  let db: Client;
  let programId: string;
  const tierIds: Record<string, string> = {};

  const createTier = (input: Record<string, unknown>, as: Parameters<EnrollmentTestApp['graphql']>[2] = ops) =>
    enrollment.graphql<{ createTier: { id: string } | null }>(CREATE_TIER, { input: { programId, rank: 9, minSalesMinor: 0, minPoints: 0, multiplierBps: 10000, ...input } }, as);

  beforeAll(async () => {
    await enrollment.start();
    db = new Client({ connectionString: testDatabaseUrl(), options: `-c search_path=${enrollment.schema}` });
    await db.connect();
    programId = (await enrollment.graphql<{ createProgram: { id: string } }>(CREATE_PROGRAM, { name: 'Tiered crew' }, ops)).data!.createProgram.id;
    for (const [name, rank, minSalesMinor, minPoints, multiplierBps] of [
      ['Bronze', 1, 0, 0, 10000],
      ['Gold', 3, 200000, 2000, 12500],
      ['Silver', 2, 50000, 500, 11000],
    ] as const) {
      const created = await createTier({ name, rank, minSalesMinor, minPoints, multiplierBps });
      expect(created.errors).toBeUndefined();
      tierIds[name] = created.data!.createTier!.id;
    }
  });

  afterAll(async () => {
    await db?.end();
    await enrollment.stop();
  });

  it('lists a program\'s tiers lowest first, for anyone logged in', async () => {
    const tiers = await enrollment.graphql(TIERS, { programId }, { subject: 'amb', roles: [Role.AMBASSADOR], ambassadorId: '00000000-0000-4000-8000-0000000000aa' });
    expect(tiers.data).toEqual({
      tiers: [
        { name: 'Bronze', rank: 1, multiplierBps: 10000 },
        { name: 'Silver', rank: 2, multiplierBps: 11000 },
        { name: 'Gold', rank: 3, multiplierBps: 12500 },
      ],
    });
  });

  it('upgrades at once and downgrades at most once a month, each change an event', async () => {
    const submitted = await enrollment.graphql<{ submitApplication: { application: { id: string } } }>(SUBMIT, {
      input: { programId, email: 'tier.tom@example.com', name: 'Tom Tier', country: 'DE', priorOrders: 2, acceptedTerms: true },
    });
    const ambassadorId = (await enrollment.graphql<{ decideApplication: { ambassadorId: string } }>(DECIDE, { id: submitted.data!.submitApplication.application.id }, ops)).data!.decideApplication.ambassadorId;
    const tiers = enrollment.app.get(TierService);
    const start = new Date();
    const later = (days: number) => new Date(start.getTime() + days * 86400000);

    expect((await tiers.applyProgress(ambassadorId, { salesMinor: 0, points: 0 }, start)).tierId).toBe(tierIds.Bronze);
    expect((await tiers.applyProgress(ambassadorId, { salesMinor: 250000, points: 0 }, later(1))).tierId).toBe(tierIds.Gold);
    // A slow fortnight right after the upgrade costs nothing yet.
    expect((await tiers.applyProgress(ambassadorId, { salesMinor: 60000, points: 0 }, later(15))).tierId).toBe(tierIds.Gold);
    expect((await tiers.applyProgress(ambassadorId, { salesMinor: 60000, points: 0 }, later(31))).tierId).toBe(tierIds.Silver);

    const changes = await enrollment.events<AmbassadorTierChangedPayload>(Topics.enrollmentAmbassadors, (e) => e.type === 'AmbassadorTierChanged' && e.payload.ambassadorId === ambassadorId, 3);
    expect(changes.map((m) => [m.value!.payload.toTierName, m.value!.payload.direction, m.value!.payload.multiplierBps])).toEqual([
      ['Bronze', 'UP', 10000],
      ['Gold', 'UP', 12500],
      ['Silver', 'DOWN', 11000],
    ]);
    const seen = await enrollment.graphql<{ ambassador: { tierId: string } }>(`query ($id: ID!) { ambassador(id: $id) { tierId } }`, { id: ambassadorId }, { subject: 'tom', roles: [Role.AMBASSADOR], ambassadorId });
    expect(seen.data!.ambassador.tierId).toBe(tierIds.Silver);
  });

  describe('bad input gets a clear error with a code and writes nothing', () => {
    async function expectRefused(input: Record<string, unknown>, code: string, message: RegExp) {
      const before = Number((await db.query('SELECT count(*) AS n FROM tiers')).rows[0].n);
      const result = await createTier(input);
      expect(result.data?.createTier ?? null).toBeNull();
      expect(result.errors?.[0].extensions.code).toBe(code);
      expect(result.errors?.[0].message).toMatch(message);
      expect(Number((await db.query('SELECT count(*) AS n FROM tiers')).rows[0].n)).toBe(before);
    }

    it('refuses a negative threshold', () => expectRefused({ name: 'Neg', minSalesMinor: -5 }, 'BAD_USER_INPUT', /minSalesMinor must be a whole number from 0/));
    it('refuses an oversize name', () => expectRefused({ name: 'n'.repeat(41) }, 'BAD_USER_INPUT', /name must be shorter than or equal to 40 characters/));
    it('refuses an unknown program', () => expectRefused({ name: 'Lost', programId: '00000000-0000-4000-8000-000000000000' }, 'NOT_FOUND', /program 00000000-0000-4000-8000-000000000000 does not exist/));
    it('refuses a second tier with a taken rank or name in another case', async () => {
      await expectRefused({ name: 'Platinum', rank: 3 }, 'CONFLICT', /already has a tier named "Platinum" or ranked 3/);
      await expectRefused({ name: 'GOLD', rank: 7 }, 'CONFLICT', /already has a tier named "GOLD"/);
    });
  });

  describe('who may do what', () => {
    const everyone: Array<Role | undefined> = [undefined, Role.AMBASSADOR, Role.MARKETING_OPS, Role.FINANCE, Role.SUPPORT_AGENT, Role.ADMIN];
    const as = (role: Role | undefined) => (role ? { subject: `${role.toLowerCase()}-matrix`, roles: [role] } : undefined);
    const refusal = (role: Role | undefined) => (role ? 'FORBIDDEN' : 'UNAUTHENTICATED');
    const expectAllowed = (allowed: boolean, role: Role | undefined, result: GraphQLAnswer<unknown>) => {
      if (allowed) expect(result.errors).toBeUndefined();
      else expect(result.errors?.[0].extensions.code).toBe(refusal(role));
    };

    it.each(everyone)('createTier as %s: marketing ops and admins', async (role) => {
      // Called directly: createTier's default caller would stand in for the anonymous one.
      const input = { programId, name: `Matrix ${role}`, rank: 10 + everyone.indexOf(role), minSalesMinor: 0, minPoints: 0, multiplierBps: 10000 };
      const result = await enrollment.graphql(CREATE_TIER, { input }, as(role));
      expectAllowed(role === Role.MARKETING_OPS || role === Role.ADMIN, role, result);
    });

    it.each(everyone)('tiers as %s: anyone logged in', async (role) => {
      expectAllowed(role !== undefined, role, await enrollment.graphql(TIERS, { programId }, as(role)));
    });
  });
});
