import { randomUUID } from 'node:crypto';
import { Role } from '@streetteam/auth';
import { ReferralCodeChanged } from '@streetteam/contracts';
import { envelopeFor, publishAndSettle, startTestService, TestService } from '@streetteam/service-testing';
import { waitFor } from '@streetteam/testing';
import { CampaignsModule } from '../src/campaigns.module';
import { AMBASSADORS_CONSUMER_GROUP } from '../src/ambassadors/ambassador-events.consumer';
import { dataSourceOf, givenActiveCampaign, givenAmbassador, givenProgram } from './support/campaigns-fixtures';

describe('campaigns: marketing ops run campaigns; campaigns keeps its record of ambassadors', () => {
  let service: TestService;
  let programId: string;

  beforeAll(async () => {
    service = await startTestService('campaigns', (config) => CampaignsModule.forRoot(config, { writeSchema: false }));
    programId = await givenProgram(service, { currency: 'EUR', guaranteeWindowDays: 14 });
  });

  afterAll(() => service.close());

  const ops = { role: Role.MARKETING_OPS };

  it('creates a draft campaign in the program\'s currency, activates, pauses and ends it', async () => {
    const created = await service.graphql<{ createCampaign: { id: string; status: string; currency: string; commissionRules: Array<{ version: number; percentBps: number }> } }>(
      `mutation($input: CreateCampaignInput!) { createCampaign(input: $input) { id status currency commissionRules { version percentBps } } }`,
      { input: { programId, name: 'Launch', objective: 'AWARENESS', startsAt: new Date().toISOString(), rules: { percentBps: 750 } } },
      ops,
    );
    expect(created.errors).toBeUndefined();
    const campaign = created.data!.createCampaign;
    expect(campaign).toMatchObject({ status: 'DRAFT', currency: 'EUR', commissionRules: [{ version: 1, percentBps: 750 }] });

    const move = (status: string) => service.graphql<{ changeCampaignStatus: { status: string } }>(`mutation { changeCampaignStatus(id: "${campaign.id}", status: ${status}) { status } }`, {}, ops);
    expect((await move('PAUSED')).errors?.[0].extensions.code).toBe('CONFLICT');
    expect((await move('ACTIVE')).data?.changeCampaignStatus.status).toBe('ACTIVE');
    expect((await move('PAUSED')).data?.changeCampaignStatus.status).toBe('PAUSED');
    expect((await move('ENDED')).data?.changeCampaignStatus.status).toBe('ENDED');
    const again = await move('ACTIVE');
    expect(again.errors?.[0]).toMatchObject({ extensions: { code: 'CONFLICT' }, message: expect.stringContaining('ENDED') });
  });

  it('versions the rules: a new version is in force from now and earlier ones stay listed', async () => {
    const id = await givenActiveCampaign(service, programId, { percentBps: 500 });
    const published = await service.graphql<{ publishCommissionRules: { version: number } }>(
      `mutation { publishCommissionRules(campaignId: "${id}", rules: { percentBps: 800, tierOverrides: [{ tierId: "${randomUUID()}", percentBps: 1200 }] }) { version } }`,
      {},
      ops,
    );
    expect(published.data?.publishCommissionRules.version).toBe(2);
    const read = await service.graphql<{ campaign: { commissionRules: Array<{ version: number; percentBps: number; tierOverrides: unknown[] }> } }>(
      `{ campaign(id: "${id}") { commissionRules { version percentBps tierOverrides { tierId percentBps } } } }`,
      {},
      { role: Role.AMBASSADOR, ambassadorId: randomUUID() },
    );
    expect(read.data?.campaign.commissionRules.map((r) => [r.version, r.percentBps, r.tierOverrides.length])).toEqual([
      [2, 800, 1],
      [1, 500, 0],
    ]);
  });

  it('shows staff how close the budget cap is, and not ambassadors', async () => {
    const id = await givenActiveCampaign(service, programId, { budgetCapMinor: 10_000 });
    const staff = await service.graphql<{ campaign: { budget: { capMinor: number; accruedMinor: number; remainingMinor: number; usedBps: number } } }>(
      `{ campaign(id: "${id}") { budget { capMinor accruedMinor remainingMinor usedBps } } }`,
      {},
      { role: Role.FINANCE },
    );
    expect(staff.data?.campaign.budget).toEqual({ capMinor: 10_000, accruedMinor: 0, remainingMinor: 10_000, usedBps: 0 });
    const ambassador = await service.graphql(`{ campaign(id: "${id}") { budget { capMinor } } }`, {}, { role: Role.AMBASSADOR, ambassadorId: randomUUID() });
    expect(ambassador.errors?.[0].extensions.code).toBe('FORBIDDEN');
  });

  it('changes a cap, removes it with null, and leaves it when the field is absent', async () => {
    const id = await givenActiveCampaign(service, programId, { budgetCapMinor: 10_000 });
    const update = (fields: string) => service.graphql<{ updateCampaign: { budget: { capMinor: number | null; remainingMinor: number | null } } }>(`mutation { updateCampaign(input: { id: "${id}", ${fields} }) { budget { capMinor remainingMinor } } }`, {}, ops);
    expect((await update('budgetCapMinor: 20000')).data?.updateCampaign.budget).toEqual({ capMinor: 20_000, remainingMinor: 20_000 });
    expect((await update('name: "Renamed"')).data?.updateCampaign.budget.capMinor).toBe(20_000);
    expect((await update('budgetCapMinor: null')).data?.updateCampaign.budget).toEqual({ capMinor: null, remainingMinor: null });
    const [row] = (await dataSourceOf(service).query('SELECT budget_cap_minor FROM campaigns WHERE id = $1', [id])) as Array<{ budget_cap_minor: string | null }>;
    expect(row.budget_cap_minor).toBeNull();
  });

  it('refuses bad input with the field named and writes nothing', async () => {
    const bad = (input: Record<string, unknown>) =>
      service.graphql(`mutation($input: CreateCampaignInput!) { createCampaign(input: $input) { id } }`, {
        input: { programId, name: 'X', objective: 'SALES', startsAt: new Date().toISOString(), rules: {}, ...input },
      }, ops);
    const tooMuch = await bad({ rules: { percentBps: 20_000 } });
    expect(tooMuch.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' }, message: expect.stringContaining('percentBps') });
    const dates = await bad({ endsAt: new Date(Date.now() - 86_400_000).toISOString() });
    expect(dates.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' }, message: expect.stringContaining('endsAt') });
    const window = await bad({ attributionWindowDays: 0 });
    expect(window.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' }, message: expect.stringContaining('attributionWindowDays') });
    const program = await bad({ programId: randomUUID() });
    expect(program.errors?.[0]).toMatchObject({ extensions: { code: 'NOT_FOUND' }, message: expect.stringContaining('programId') });
    const missing = await service.graphql(`{ campaign(id: "${randomUUID()}") { id } }`, {}, ops);
    expect(missing.errors?.[0].extensions.code).toBe('NOT_FOUND');
  });

  it('records ambassadors from enrollment\'s events, ignoring an older code sent again', async () => {
    const ambassador = await givenAmbassador(service, programId, { multiplierBps: 12_500 });
    const [row] = (await dataSourceOf(service).query('SELECT status, referral_code, multiplier_bps, country FROM ambassadors WHERE id = $1', [ambassador.id])) as Array<Record<string, unknown>>;
    expect(row).toEqual({ status: 'ACTIVE', referral_code: ambassador.code, multiplier_bps: 12_500, country: 'US' });

    const newer = envelopeFor(ReferralCodeChanged, { ambassadorId: ambassador.id, programId, code: 'NEWCODE1', previousCode: ambassador.code, changedAt: new Date().toISOString() }, 'enrollment');
    await publishAndSettle(service, AMBASSADORS_CONSUMER_GROUP, ReferralCodeChanged, newer, 'handled');
    const older = envelopeFor(ReferralCodeChanged, { ambassadorId: ambassador.id, programId, code: 'OLDCODE1', changedAt: new Date(Date.now() - 3_600_000).toISOString() }, 'enrollment');
    await publishAndSettle(service, AMBASSADORS_CONSUMER_GROUP, ReferralCodeChanged, older, 'handled');
    const [after] = (await dataSourceOf(service).query('SELECT referral_code FROM ambassadors WHERE id = $1', [ambassador.id])) as Array<{ referral_code: string }>;
    expect(after.referral_code).toBe('NEWCODE1');
  });

  it('lets an ambassador, and only them, pick a nickname for leaderboards', async () => {
    const ambassador = await givenAmbassador(service, programId);
    const self = { role: Role.AMBASSADOR, ambassadorId: ambassador.id };
    const set = await service.graphql<{ setLeaderboardNickname: { shownName: string } }>(`mutation { setLeaderboardNickname(nickname: "Night Owl", showNickname: true) { shownName } }`, {}, self);
    expect(set.data?.setLeaderboardNickname.shownName).toBe('Night Owl');

    const bad = await service.graphql(`mutation { setLeaderboardNickname(nickname: "<b>", showNickname: true) { shownName } }`, {}, self);
    expect(bad.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' }, message: expect.stringContaining('nickname') });
    const staff = await service.graphql(`mutation { setLeaderboardNickname(nickname: "Ops", showNickname: true) { shownName } }`, {}, { role: Role.ADMIN });
    expect(staff.errors?.[0].extensions.code).toBe('FORBIDDEN');

    const profile = (caller: { role: Role; ambassadorId?: string }) =>
      service.graphql<{ _entities: Array<{ leaderboardProfile: { nickname: string } | null }> }>(
        `{ _entities(representations: [{ __typename: "Ambassador", id: "${ambassador.id}" }]) { ... on Ambassador { leaderboardProfile { nickname showNickname } } } }`,
        {},
        caller,
      );
    expect((await profile(self)).data?._entities[0].leaderboardProfile?.nickname).toBe('Night Owl');
    expect((await profile({ role: Role.AMBASSADOR, ambassadorId: randomUUID() })).errors?.[0].extensions.code).toBe('FORBIDDEN');
    await waitFor(async () => ((await profile({ role: Role.SUPPORT_AGENT })).data?._entities[0].leaderboardProfile ? true : undefined), { description: 'staff read', timeoutMs: 5_000 });
  });
});
