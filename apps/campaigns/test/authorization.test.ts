import { randomUUID } from 'node:crypto';
import { Role } from '@streetteam/auth';
import { Caller, startTestService, TestService } from '@streetteam/service-testing';
import { CampaignsModule } from '../src/campaigns.module';
import { givenActiveCampaign, givenAmbassador, givenProgram } from './support/campaigns-fixtures';

type Who = 'anonymous' | 'ambassador (self)' | 'ambassador (other)' | 'MARKETING_OPS' | 'FINANCE' | 'SUPPORT_AGENT' | 'ADMIN';
const everyone: Who[] = ['anonymous', 'ambassador (self)', 'ambassador (other)', 'MARKETING_OPS', 'FINANCE', 'SUPPORT_AGENT', 'ADMIN'];
const signedIn = everyone.filter((w) => w !== 'anonymous');
const ops: Who[] = ['MARKETING_OPS', 'ADMIN'];
const selfAndStaff: Who[] = ['ambassador (self)', 'MARKETING_OPS', 'FINANCE', 'SUPPORT_AGENT', 'ADMIN'];

interface Operation {
  name: string;
  allowed: Who[];
  /** The GraphQL document, given the world (fresh per call where it changes state). */
  document: () => Promise<string> | string;
}

describe('campaigns authorization: every query and mutation × every kind of caller', () => {
  let service: TestService;
  let programId: string;
  let campaignId: string;
  let selfId: string;

  beforeAll(async () => {
    service = await startTestService('campaigns', (config) => CampaignsModule.forRoot(config, { writeSchema: false }));
    programId = await givenProgram(service);
    campaignId = await givenActiveCampaign(service, programId);
    selfId = (await givenAmbassador(service, programId)).id;
  });

  afterAll(() => service.close());

  const caller = (who: Who): Caller => {
    switch (who) {
      case 'anonymous':
        return {};
      case 'ambassador (self)':
        return { role: Role.AMBASSADOR, ambassadorId: selfId };
      case 'ambassador (other)':
        return { role: Role.AMBASSADOR, ambassadorId: randomUUID() };
      default:
        return { role: Role[who] };
    }
  };

  const draft = async () => {
    const created = await service.graphql<{ createCampaign: { id: string } }>(
      `mutation { createCampaign(input: { programId: "${programId}", name: "Matrix", objective: SERVICE, startsAt: "${new Date().toISOString()}", rules: {} }) { id } }`,
      {},
      { role: Role.ADMIN },
    );
    return created.data!.createCampaign.id;
  };
  const entity = (fields: string) => `{ _entities(representations: [{ __typename: "Ambassador", id: "${selfId}" }]) { ... on Ambassador { ${fields} } } }`;

  const operations: Operation[] = [
    { name: 'campaign', allowed: signedIn, document: () => `{ campaign(id: "${campaignId}") { id name } }` },
    { name: 'campaigns', allowed: signedIn, document: () => `{ campaigns(programId: "${programId}") { id } }` },
    { name: 'Campaign.commissionRules', allowed: signedIn, document: () => `{ campaign(id: "${campaignId}") { commissionRules { version } } }` },
    { name: 'Campaign.budget', allowed: ['MARKETING_OPS', 'FINANCE', 'ADMIN'], document: () => `{ campaign(id: "${campaignId}") { budget { accruedMinor } } }` },
    { name: 'createCampaign', allowed: ops, document: () => `mutation { createCampaign(input: { programId: "${programId}", name: "M", objective: SALES, startsAt: "${new Date().toISOString()}", rules: {} }) { id } }` },
    { name: 'updateCampaign', allowed: ops, document: () => `mutation { updateCampaign(input: { id: "${campaignId}", name: "Renamed" }) { id } }` },
    { name: 'changeCampaignStatus', allowed: ops, document: async () => `mutation { changeCampaignStatus(id: "${await draft()}", status: ACTIVE) { status } }` },
    { name: 'publishCommissionRules', allowed: ops, document: () => `mutation { publishCommissionRules(campaignId: "${campaignId}", rules: { percentBps: 900 }) { version } }` },
    { name: 'referralLinks', allowed: selfAndStaff, document: () => `{ referralLinks(ambassadorId: "${selfId}") { id } }` },
    { name: 'createReferralLink', allowed: ['ambassador (self)', ...ops], document: () => `mutation { createReferralLink(campaignId: "${campaignId}", ambassadorId: "${selfId}") { id } }` },
    { name: 'rewardFeed', allowed: selfAndStaff, document: () => `{ rewardFeed(ambassadorId: "${selfId}") { id } }` },
    { name: 'Ambassador.referralLinks', allowed: selfAndStaff, document: () => entity('referralLinks { id }') },
    { name: 'Ambassador.rewardFeed', allowed: selfAndStaff, document: () => entity('rewardFeed { id }') },
    { name: 'Ambassador.leaderboardProfile', allowed: selfAndStaff, document: () => entity('leaderboardProfile { shownName }') },
    { name: 'setLeaderboardNickname', allowed: ['ambassador (self)', 'ambassador (other)'], document: () => `mutation { setLeaderboardNickname(nickname: "Matrix Runner", showNickname: true) { shownName } }` },
    { name: 'fraudFlags', allowed: ops, document: () => `{ fraudFlags { id } }` },
    { name: 'clearFraudFlag', allowed: ops, document: () => `mutation { clearFraudFlag(id: "${randomUUID()}", note: "ok") { id } }` },
    { name: 'voidFraudFlag', allowed: ops, document: () => `mutation { voidFraudFlag(id: "${randomUUID()}", note: "no") { id } }` },
    { name: 'programCampaignSettings', allowed: ops, document: () => `{ programCampaignSettings { recordedAt } }` },
  ];

  const cases = operations.flatMap((op) => everyone.map((who) => [op.name, who, op] as const));

  it.each(cases)('%s as %s', async (_name, who, op) => {
    const answer = await service.graphql(await op.document(), {}, caller(who));
    const code = answer.errors?.[0]?.extensions.code;
    // Allowed means not refused for who asks; a NOT_FOUND (a flag that doesn't exist) is fine.
    const refusal = who === 'anonymous' ? 'UNAUTHENTICATED' : 'FORBIDDEN';
    if (op.allowed.includes(who)) expect([undefined, 'NOT_FOUND', 'CONFLICT']).toContain(code);
    else expect(code).toBe(refusal);
  });
});
