import { randomUUID } from 'node:crypto';
import { Role } from '@streetteam/auth';
import { AmbassadorStatusChanged, CommissionEarnedPayload, Topics } from '@streetteam/contracts';
import { envelopeFor, GraphQLAnswer, publishEnvelope, startTestService, TestService } from '@streetteam/service-testing';
import { kafkaBrokers, readTopic, waitFor } from '@streetteam/testing';
import { CampaignsModule } from '../src/campaigns.module';
import { dataSourceOf, givenActiveCampaign, givenAmbassador, givenProgram } from './support/campaigns-fixtures';

const MISSION_FIELDS = 'id campaignId kind involvement title points bountyMinor currency proof limitPerAmbassador startsAt endsAt';
const SUBMISSION_FIELDS = 'id missionId campaignId ambassadorId proofUrl proofText status rejectionReason reviewedAt';
const CREATE = `mutation ($input: CreateMissionInput!) { createMission(input: $input) { ${MISSION_FIELDS} } }`;
const MISSIONS = `query ($campaignId: ID!) { missions(campaignId: $campaignId) { id title } }`;
const MISSION = `query ($id: ID!) { mission(id: $id) { id title } }`;
const SUBMIT = `mutation ($input: SubmitMissionInput!) { submitMission(input: $input) { ${SUBMISSION_FIELDS} } }`;
const APPROVE = `mutation ($id: ID!) { approveMissionSubmission(submissionId: $id) { ${SUBMISSION_FIELDS} } }`;
const REJECT = `mutation ($id: ID!, $reason: String!) { rejectMissionSubmission(submissionId: $id, reason: $reason) { ${SUBMISSION_FIELDS} } }`;
const SUBMISSION = `query ($id: ID!) { missionSubmission(id: $id) { ${SUBMISSION_FIELDS} } }`;
const MINE = `query ($campaignId: ID) { myMissionSubmissions(campaignId: $campaignId) { id status rejectionReason } }`;
const TO_REVIEW = `query ($campaignId: ID!, $status: MissionSubmissionStatus) { missionSubmissions(campaignId: $campaignId, status: $status) { id ambassadorId status } }`;
const BOARD = `query ($campaignId: ID!) { leaderboard(campaignId: $campaignId) { entries { ambassadorId points } } }`;

type Caller = { role?: Role; ambassadorId?: string };
const ops: Caller = { role: Role.MARKETING_OPS };

describe('campaigns missions and their review', () => {
  let service: TestService;
  let programId: string;
  let campaignId: string;
  let amira: Caller;
  let bruno: Caller;

  const create = async (input: Record<string, unknown>) => {
    const answer = await service.graphql<{ createMission: { id: string } }>(CREATE, { input: { campaignId, kind: 'SOCIAL_POST', title: 'Post the drop', points: 50, ...input } }, ops);
    expect(answer.errors).toBeUndefined();
    return answer.data!.createMission.id;
  };
  const submit = (missionId: string, caller: Caller, proof: Record<string, unknown> = {}) =>
    service.graphql<{ submitMission: { id: string; status: string } }>(SUBMIT, { input: { missionId, ...proof } }, caller);
  const counts = async () => {
    const [row] = await dataSourceOf(service).query(`SELECT (SELECT count(*) FROM missions)::int AS missions, (SELECT count(*) FROM mission_submissions)::int AS submissions`);
    return row as { missions: number; submissions: number };
  };

  beforeAll(async () => {
    service = await startTestService('campaigns', (config) => CampaignsModule.forRoot(config, { writeSchema: false }));
    programId = await givenProgram(service, { currency: 'EUR' });
    campaignId = await givenActiveCampaign(service, programId);
    const [a, b] = await Promise.all([givenAmbassador(service, programId), givenAmbassador(service, programId)]);
    amira = { role: Role.AMBASSADOR, ambassadorId: a.id };
    bruno = { role: Role.AMBASSADOR, ambassadorId: b.id };
  });

  afterAll(() => service?.close());

  it('lets ops create a mission of each kind, its involvement form following from the kind', async () => {
    const created = await service.graphql<{ createMission: Record<string, unknown> }>(
      CREATE,
      { input: { campaignId, kind: 'PRODUCT_REVIEW', title: ' Review the jacket ', points: 20, bountyMinor: 500, proof: 'LINK', limitPerAmbassador: 2 } },
      ops,
    );
    expect(created.data!.createMission).toMatchObject({ kind: 'PRODUCT_REVIEW', involvement: 'IMPROVE_PRODUCTS', title: 'Review the jacket', bountyMinor: 500, currency: 'EUR', proof: 'LINK', limitPerAmbassador: 2 });
    const ownForm = await service.graphql<{ createMission: Record<string, unknown> }>(CREATE, { input: { campaignId, kind: 'EVENT', involvement: 'PRODUCE_PERSONAL_VALUE', title: 'Styling night', points: 10 } }, ops);
    expect(ownForm.data!.createMission).toMatchObject({ kind: 'EVENT', involvement: 'PRODUCE_PERSONAL_VALUE', bountyMinor: null, proof: 'NONE' });
    const listed = await service.graphql<{ missions: Array<{ id: string }> }>(MISSIONS, { campaignId }, amira);
    expect(listed.data!.missions.map((m) => m.id)).toEqual(expect.arrayContaining([created.data!.createMission.id, ownForm.data!.createMission.id]));
  });

  it('approves a submission: the ambassador sees it, its points count once, however often it is approved', async () => {
    const missionId = await create({ title: 'Share the lookbook', points: 40, proof: 'LINK' });
    const submitted = await submit(missionId, amira, { proofUrl: 'https://social.example/amira/123' });
    expect(submitted.data!.submitMission).toMatchObject({ status: 'PENDING' });
    const id = submitted.data!.submitMission.id;

    const queue = await service.graphql<{ missionSubmissions: Array<{ id: string }> }>(TO_REVIEW, { campaignId, status: 'PENDING' }, ops);
    expect(queue.data!.missionSubmissions.map((s) => s.id)).toContain(id);

    const approvals = await Promise.all([service.graphql(APPROVE, { id }, ops), service.graphql(APPROVE, { id }, ops)]);
    for (const approval of approvals) expect(approval.data).toMatchObject({ approveMissionSubmission: { id, status: 'APPROVED' } });
    expect((await service.graphql(APPROVE, { id }, ops)).data).toMatchObject({ approveMissionSubmission: { status: 'APPROVED' } });

    const seen = await service.graphql<{ missionSubmission: { status: string; reviewedAt: string } }>(SUBMISSION, { id }, amira);
    expect(seen.data!.missionSubmission.status).toBe('APPROVED');
    const board = await service.graphql<{ leaderboard: { entries: Array<{ ambassadorId: string; points: number }> } }>(BOARD, { campaignId }, ops);
    expect(board.data!.leaderboard.entries.find((e) => e.ambassadorId === amira.ambassadorId)?.points).toBe(40);
    const [credits] = await dataSourceOf(service).query(`SELECT count(*)::int AS n FROM leaderboard_credits WHERE id = $1`, [id]);
    expect(credits.n).toBe(1);
  });

  it('pays an approved bounty once, as a commission (CommissionEarned, MISSION_BOUNTY), its points reaching the board through it', async () => {
    const missionId = await create({ kind: 'EVENT', title: 'Run a pop-up', points: 25, bountyMinor: 1_500 });
    const id = (await submit(missionId, bruno)).data!.submitMission.id;
    const approvals = await Promise.all([0, 1, 2].map(() => service.graphql(APPROVE, { id }, ops)));
    for (const approval of approvals) expect(approval.data).toMatchObject({ approveMissionSubmission: { status: 'APPROVED' } });

    const commissions: Array<{ source: string; amount_minor: string; points: string; ambassador_id: string }> = await dataSourceOf(service).query(
      `SELECT source, amount_minor, points, ambassador_id FROM commissions WHERE mission_submission_id = $1`,
      [id],
    );
    expect(commissions).toEqual([{ source: 'MISSION_BOUNTY', amount_minor: '1500', points: '25', ambassador_id: bruno.ambassadorId }]);
    // Out through the outbox, in through campaigns.leaderboards: the points show up once.
    const onBoard = await waitFor(
      async () => {
        const answer = await service.graphql<{ leaderboard: { entries: Array<{ ambassadorId: string; points: number }> } }>(BOARD, { campaignId }, ops);
        return answer.data?.leaderboard.entries.find((e) => e.ambassadorId === bruno.ambassadorId);
      },
      { description: "bruno's bounty points on the board", timeoutMs: 30_000 },
    );
    expect(onBoard.points).toBe(25);
    const published = await readTopic<{ type: string; payload: CommissionEarnedPayload }>(kafkaBrokers(), `${service.topicPrefix}${Topics.campaignsCommissions}`, { timeoutMs: 3_000 });
    const bounties = published.map((m) => m.value!).filter((e) => e.type === 'CommissionEarned' && e.payload.missionSubmissionId === id);
    expect(bounties).toHaveLength(1);
    expect(bounties[0].payload).toMatchObject({ source: 'MISSION_BOUNTY', amountMinor: 1_500, points: 25, saleAmountMinor: 0, currency: 'EUR', ambassadorId: bruno.ambassadorId, campaignId });
  });

  it('rejects with a reason the ambassador sees, and a rejected submission is not approved later', async () => {
    const missionId = await create({ title: 'Tell us why you love it', points: 5, proof: 'TEXT' });
    const id = (await submit(missionId, amira, { proofText: 'The fit!' })).data!.submitMission.id;
    const rejected = await service.graphql(REJECT, { id, reason: 'Please write at least two sentences.' }, ops);
    expect(rejected.data).toMatchObject({ rejectMissionSubmission: { status: 'REJECTED', rejectionReason: 'Please write at least two sentences.' } });
    const mine = await service.graphql<{ myMissionSubmissions: Array<{ id: string; status: string; rejectionReason: string }> }>(MINE, { campaignId }, amira);
    expect(mine.data!.myMissionSubmissions.find((s) => s.id === id)).toEqual({ id, status: 'REJECTED', rejectionReason: 'Please write at least two sentences.' });
    const late = await service.graphql(APPROVE, { id }, ops);
    expect(late.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', reason: 'ALREADY_DECIDED' });
    // A rejected try does not count toward the limit: the ambassador may try again.
    expect((await submit(missionId, amira, { proofText: 'The fit, and it lasts for years.' })).errors).toBeUndefined();
  });

  it('holds each ambassador to the per-ambassador limit, pending and approved counting', async () => {
    const missionId = await create({ title: 'Twice at most', points: 5, limitPerAmbassador: 2 });
    expect((await submit(missionId, amira)).errors).toBeUndefined();
    expect((await submit(missionId, amira)).errors).toBeUndefined();
    const before = await counts();
    const third = await submit(missionId, amira);
    expect(third.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', reason: 'LIMIT_REACHED' });
    expect(third.errors?.[0].message).toMatch(/missionId: at most 2 submission\(s\) per ambassador/);
    expect(await counts()).toEqual(before);
    expect((await submit(missionId, bruno)).errors).toBeUndefined();
  });

  it('refuses an ambassador who is not ACTIVE, or not of an eligible tier, or not known at all', async () => {
    const missionId = await create({ title: 'Only for the active', points: 5 });
    const paused = await givenAmbassador(service, programId);
    await publishEnvelope(service, AmbassadorStatusChanged, envelopeFor(AmbassadorStatusChanged, { ambassadorId: paused.id, programId, from: 'ACTIVE', to: 'PAUSED', changedAt: new Date().toISOString() }, 'enrollment'));
    await waitFor(async () => ((await dataSourceOf(service).query(`SELECT status FROM ambassadors WHERE id = $1`, [paused.id])) as Array<{ status: string }>)[0]?.status === 'PAUSED', {
      description: 'ambassador paused',
      timeoutMs: 30_000,
    });
    const before = await counts();
    const notActive = await submit(missionId, { role: Role.AMBASSADOR, ambassadorId: paused.id });
    expect(notActive.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'NOT_ACTIVE' });
    const unknown = await submit(missionId, { role: Role.AMBASSADOR, ambassadorId: randomUUID() });
    expect(unknown.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'UNKNOWN_AMBASSADOR' });

    const goldTier = randomUUID();
    const gold = await givenAmbassador(service, programId, { tierId: goldTier });
    const tiered = await givenActiveCampaign(service, programId);
    const update = await service.graphql(`mutation ($input: UpdateCampaignInput!) { updateCampaign(input: $input) { id } }`, { input: { id: tiered, eligibleTierIds: [goldTier] } }, ops);
    expect(update.errors).toBeUndefined();
    const goldOnly = (await service.graphql<{ createMission: { id: string } }>(CREATE, { input: { campaignId: tiered, kind: 'EVENT', title: 'Gold pop-up', points: 100 } }, ops)).data!.createMission.id;
    expect((await submit(goldOnly, amira)).errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'TIER_NOT_ELIGIBLE' });
    expect(await counts()).toMatchObject({ submissions: before.submissions });
    expect((await submit(goldOnly, { role: Role.AMBASSADOR, ambassadorId: gold.id })).errors).toBeUndefined();
  });

  it('refuses a mission that is not open yet, or over', async () => {
    const later = await create({ title: 'Next month', points: 5, startsAt: new Date(Date.now() + 30 * 86_400_000).toISOString() });
    expect((await submit(later, amira)).errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', reason: 'MISSION_NOT_OPEN' });
  });

  describe('bad input gets a coded error naming the field and writes nothing', () => {
    async function expectRefused(call: () => Promise<GraphQLAnswer<unknown>>, code: string, message: RegExp) {
      const before = await counts();
      const answer = await call();
      expect(answer.errors?.[0].extensions.code).toBe(code);
      expect(answer.errors?.[0].message).toMatch(message);
      expect(await counts()).toEqual(before);
    }
    const createWith = (input: Record<string, unknown>) => () => service.graphql(CREATE, { input: { campaignId, kind: 'SOCIAL_POST', title: 'T', points: 5, ...input } }, ops);

    it('refuses negative points', () => expectRefused(createWith({ points: -1 }), 'BAD_USER_INPUT', /points: must be a whole number from 0/));
    it('refuses a zero bounty', () => expectRefused(createWith({ bountyMinor: 0 }), 'BAD_USER_INPUT', /bountyMinor: a bounty is a positive whole number/));
    it('refuses a mission that rewards nothing', () => expectRefused(createWith({ points: 0 }), 'BAD_USER_INPUT', /points: a mission without a bounty must award points/));
    it('refuses a limit of zero', () => expectRefused(createWith({ limitPerAmbassador: 0 }), 'BAD_USER_INPUT', /limitPerAmbassador: must be a whole number from 1/));
    it('refuses an end before the start', () =>
      expectRefused(createWith({ startsAt: '2026-06-01T00:00:00Z', endsAt: '2026-05-01T00:00:00Z' }), 'BAD_USER_INPUT', /endsAt: must be after startsAt/));
    it('refuses an unknown kind', () => expectRefused(createWith({ kind: 'DANCE' }), 'BAD_USER_INPUT', /kind/));
    it('refuses an unknown campaign', () => expectRefused(createWith({ campaignId: randomUUID() }), 'NOT_FOUND', /campaignId: campaign .* does not exist/));
    it('refuses a submission without the link the mission asks, or with a link that is not a web link', async () => {
      const missionId = await create({ title: 'Link please', points: 5, proof: 'LINK', limitPerAmbassador: 5 });
      await expectRefused(() => submit(missionId, amira, { proofText: 'I did it' }), 'BAD_USER_INPUT', /proofUrl: this mission needs a link as proof/);
      await expectRefused(() => submit(missionId, amira, { proofUrl: 'javascript:alert(1)' }), 'BAD_USER_INPUT', /proofUrl: must be an http or https link/);
      await expectRefused(() => submit(randomUUID(), amira), 'NOT_FOUND', /missionId: mission .* does not exist/);
    });
    it('refuses a rejection without a reason', async () => {
      const missionId = await create({ title: 'Reason please', points: 5 });
      const id = (await submit(missionId, bruno)).data!.submitMission.id;
      await expectRefused(() => service.graphql(REJECT, { id, reason: '   ' }, ops), 'BAD_USER_INPUT', /reason: the ambassador is told why/);
      expect((await service.graphql<{ missionSubmission: { status: string } }>(SUBMISSION, { id }, ops)).data!.missionSubmission.status).toBe('PENDING');
    });
  });

  describe('who may do what', () => {
    const callers = (): Array<[string, Caller]> => [
      ['anonymous', {}],
      ['AMBASSADOR self', amira],
      ['AMBASSADOR other', bruno],
      ['MARKETING_OPS', ops],
      ['FINANCE', { role: Role.FINANCE }],
      ['SUPPORT_AGENT', { role: Role.SUPPORT_AGENT }],
      ['ADMIN', { role: Role.ADMIN }],
    ];
    const labels = ['anonymous', 'AMBASSADOR self', 'AMBASSADOR other', 'MARKETING_OPS', 'FINANCE', 'SUPPORT_AGENT', 'ADMIN'];
    const staff = (label: string) => label === 'MARKETING_OPS' || label === 'ADMIN';
    const ambassador = (label: string) => label.startsWith('AMBASSADOR');
    let missionId: string;
    let amirasSubmission: string;

    beforeAll(async () => {
      missionId = await create({ title: 'Matrix mission', points: 1, limitPerAmbassador: 1000 });
      amirasSubmission = (await submit(missionId, amira)).data!.submitMission.id;
    });

    const cases: Array<[string, (label: string) => boolean, (c: Caller) => Promise<GraphQLAnswer<unknown>>]> = [
      ['createMission', staff, (c) => service.graphql(CREATE, { input: { campaignId, kind: 'IDEA', title: 'M', points: 1 } }, c)],
      ['missions', (l) => staff(l) || ambassador(l), (c) => service.graphql(MISSIONS, { campaignId }, c)],
      ['mission', (l) => staff(l) || ambassador(l), (c) => service.graphql(MISSION, { id: missionId }, c)],
      ['submitMission', ambassador, (c) => service.graphql(SUBMIT, { input: { missionId } }, c)],
      ['missionSubmission', (l) => staff(l) || l === 'AMBASSADOR self', (c) => service.graphql(SUBMISSION, { id: amirasSubmission }, c)],
      ['myMissionSubmissions', ambassador, (c) => service.graphql(MINE, {}, c)],
      ['missionSubmissions', staff, (c) => service.graphql(TO_REVIEW, { campaignId }, c)],
      ['approveMissionSubmission', staff, (c) => service.graphql(APPROVE, { id: randomUUID() }, c)],
      ['rejectMissionSubmission', staff, (c) => service.graphql(REJECT, { id: randomUUID(), reason: 'no' }, c)],
    ];

    for (const [name, allowed, call] of cases) {
      it.each(labels)(`${name} as %s`, async (label) => {
        const caller = callers().find(([l]) => l === label)![1];
        const answer = await call(caller);
        const code = answer.errors?.[0].extensions.code;
        // Reviews of an unknown submission: an allowed caller gets past the guard to NOT_FOUND.
        if (allowed(label)) expect([undefined, 'NOT_FOUND']).toContain(code);
        else expect(code).toBe(caller.role ? 'FORBIDDEN' : 'UNAUTHENTICATED');
      });
    }

    it("never lists another ambassador's submissions to an ambassador", async () => {
      const theirs = await service.graphql<{ myMissionSubmissions: Array<{ id: string }> }>(MINE, {}, bruno);
      expect(theirs.data!.myMissionSubmissions.map((s) => s.id)).not.toContain(amirasSubmission);
    });

    it("keeps another program's ambassadors away from this campaign's missions", async () => {
      const elsewhere = await givenAmbassador(service, await givenProgram(service));
      const answer = await service.graphql(MISSIONS, { campaignId }, { role: Role.AMBASSADOR, ambassadorId: elsewhere.id });
      expect(answer.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'OTHER_PROGRAM' });
      const submitted = await submit(missionId, { role: Role.AMBASSADOR, ambassadorId: elsewhere.id });
      expect(submitted.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'OTHER_PROGRAM' });
    });
  });
});
