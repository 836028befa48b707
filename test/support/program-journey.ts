import { mintToken, Role } from '@streetteam/auth';
import { waitFor } from '@streetteam/testing';
import { signShopPayload } from '../../apps/campaigns/src/orders/shop-signature';
import { LaunchedStack } from './launched-stack';

export interface ProgramWithAmbassador {
  programId: string;
  campaignId: string;
  ambassadorId: string;
  referralCode: string;
  opsToken: string;
  ambassadorToken: string;
}

/** Throws with the errors when an operation through the gateway did not succeed. */
export async function succeed<T>(stack: LaunchedStack, query: string, variables: Record<string, unknown>, token?: string): Promise<T> {
  const answer = await stack.ask<T>(query, variables, token);
  if (answer.errors) throw new Error(`${query.trim().slice(0, 60)}…: ${JSON.stringify(answer.errors)}`);
  return answer.data!;
}

/**
 * What marketing ops and one applicant do before any sale, through the gateway: a
 * program with no training, an active campaign paying `percentBps` of each sale, and
 * an approved (so active) ambassador with their referral code.
 */
export async function setUpProgramWithAmbassador(stack: LaunchedStack, signingKey: string, percentBps = 1000): Promise<ProgramWithAmbassador> {
  const opsToken = await mintToken({ subject: 'olga-ops', roles: [Role.MARKETING_OPS] }, signingKey);
  const { createProgram } = await succeed<{ createProgram: { id: string } }>(
    stack,
    `mutation { createProgram(input: { name: "Guarantee crew", currency: "USD", guaranteeWindowDays: 30 }) { id } }`,
    {},
    opsToken,
  );
  const programId = createProgram.id;
  // Campaigns learns of the program from enrollment's event; until then it refuses campaigns for it.
  const campaignId = await waitFor(
    async () => {
      const answer = await stack.ask<{ createCampaign: { id: string } }>(
        `mutation ($input: CreateCampaignInput!) { createCampaign(input: $input) { id } }`,
        { input: { programId, name: 'Spring drop', objective: 'SALES', startsAt: new Date(Date.now() - 60_000).toISOString(), rules: { percentBps, pointsPerSale: 10 } } },
        opsToken,
      );
      return answer.data?.createCampaign.id;
    },
    { description: 'campaigns to accept a campaign for the new program', timeoutMs: 60_000, intervalMs: 500 },
  );
  await succeed(stack, `mutation ($id: ID!) { changeCampaignStatus(id: $id, status: ACTIVE) { status } }`, { id: campaignId }, opsToken);

  // With no training to pass, approval makes the ambassador active at once.
  const submitted = await succeed<{ submitApplication: { application: { id: string } } }>(
    stack,
    `mutation ($input: SubmitApplicationInput!) { submitApplication(input: $input) { application { id } } }`,
    { input: { programId, email: 'gia.guarantee@example.com', name: 'Gia Guarantee', country: 'US', priorOrders: 3, acceptedTerms: true } },
  );
  const { decideApplication } = await succeed<{ decideApplication: { ambassadorId: string } }>(
    stack,
    `mutation ($id: ID!) { decideApplication(input: { applicationId: $id, decision: APPROVED, note: "ok", reasonForApplicant: "Welcome" }) { ambassadorId } }`,
    { id: submitted.submitApplication.application.id },
    opsToken,
  );
  const ambassadorId = decideApplication.ambassadorId;
  const ambassadorToken = await mintToken({ subject: `gia-${ambassadorId}`, roles: [Role.AMBASSADOR], ambassadorId }, signingKey);
  const { ambassador } = await succeed<{ ambassador: { referralCode: string } }>(stack, `query ($id: ID!) { ambassador(id: $id) { referralCode } }`, { id: ambassadorId }, ambassadorToken);
  return { programId, campaignId, ambassadorId, referralCode: ambassador.referralCode, opsToken, ambassadorToken };
}

/** What the shop's checkout does: POSTs to campaigns' ingest, signed with the shared secret. */
export function shopSends(stack: LaunchedStack, secret: string, path: '/ingest/orders' | '/ingest/refunds', body: unknown): Promise<Response> {
  const raw = JSON.stringify(body);
  const timestamp = Math.floor(Date.now() / 1000);
  return fetch(`${stack.origins.campaigns}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-shop-timestamp': String(timestamp), 'x-shop-signature': signShopPayload(secret, timestamp, raw) },
    body: raw,
  });
}
