import { randomUUID } from 'node:crypto';
import { Role } from '@streetteam/auth';
import {
  AmbassadorActivated,
  AmbassadorStatusChanged,
  AmbassadorTierChanged,
  EventEnvelope,
  hashEmail,
  LeadCaptured,
  LeadCapturedPayload,
  linkClicksPayload,
  OrderPlaced,
  OrderPlacedPayload,
  ProgramCreated,
  ReferralLinkClicks,
} from '@streetteam/contracts';
import { envelopeFor, publishEnvelope, TestService } from '@streetteam/service-testing';
import { kafkaBrokers, readTopic, waitFor } from '@streetteam/testing';
import { DataSource } from 'typeorm';

/** Publishes ProgramCreated and waits until campaigns recorded it. */
export async function givenProgram(service: TestService, overrides: { currency?: string; guaranteeWindowDays?: number } = {}): Promise<string> {
  const programId = randomUUID();
  await publishEnvelope(
    service,
    ProgramCreated,
    envelopeFor(ProgramCreated, { programId, name: 'Street team', currency: overrides.currency ?? 'USD', guaranteeWindowDays: overrides.guaranteeWindowDays ?? 30, createdAt: new Date().toISOString() }, 'enrollment'),
  );
  await waitFor(
    async () => {
      const rows = (await dataSourceOf(service).query('SELECT 1 FROM programs WHERE id = $1', [programId])) as unknown[];
      return rows.length > 0 || undefined;
    },
    { description: `program ${programId} recorded`, timeoutMs: 30_000 },
  );
  return programId;
}

export const dataSourceOf = (service: TestService): DataSource => service.app.get(DataSource);

export interface GivenAmbassador {
  id: string;
  code: string;
  email: string;
  emailHash: string;
}

/** An active ambassador as enrollment announces one; waits until campaigns recorded it. */
export async function givenAmbassador(service: TestService, programId: string, options: { multiplierBps?: number; tierId?: string } = {}): Promise<GivenAmbassador> {
  const id = randomUUID();
  const code = `AMB${id.slice(0, 8)}`.toUpperCase();
  const email = `${id}@example.com`;
  const at = new Date(Date.now() - 60_000).toISOString();
  await publishEnvelope(service, AmbassadorStatusChanged, envelopeFor(AmbassadorStatusChanged, { ambassadorId: id, programId, from: 'ONBOARDING', to: 'ACTIVE', changedAt: at }, 'enrollment'));
  await publishEnvelope(
    service,
    AmbassadorActivated,
    envelopeFor(AmbassadorActivated, { ambassadorId: id, programId, referralCode: code, displayName: `Ambassador ${id.slice(0, 4)}`, customerEmailHash: hashEmail(email), country: 'US', activatedAt: at }, 'enrollment'),
  );
  if (options.multiplierBps !== undefined || options.tierId) {
    await publishEnvelope(
      service,
      AmbassadorTierChanged,
      envelopeFor(AmbassadorTierChanged, { ambassadorId: id, programId, toTierId: options.tierId ?? randomUUID(), toTierName: 'Gold', multiplierBps: options.multiplierBps ?? 10_000, direction: 'UP', changedAt: at }, 'enrollment'),
    );
  }
  await waitFor(
    async () => {
      const rows = (await dataSourceOf(service).query('SELECT multiplier_bps FROM ambassadors WHERE id = $1 AND referral_code IS NOT NULL', [id])) as Array<{ multiplier_bps: number }>;
      return rows.length > 0 && (options.multiplierBps === undefined || rows[0].multiplier_bps === options.multiplierBps) ? true : undefined;
    },
    { description: `ambassador ${id} recorded`, timeoutMs: 30_000 },
  );
  return { id, code, email, emailHash: hashEmail(email) };
}

export interface CampaignSetup {
  percentBps?: number;
  flatPerSaleMinor?: number;
  flatPerLeadMinor?: number;
  pointsPerLead?: number;
  tierOverrides?: Array<{ tierId: string; flatPerLeadMinor?: number; percentBps?: number; flatPerSaleMinor?: number }>;
  budgetCapMinor?: number;
  dailyCapMinor?: number;
  attributionWindowDays?: number;
  precedence?: 'CODE_BEATS_CLICK' | 'CLICK_BEATS_CODE';
  recurringMonths?: number;
  startsAt?: Date;
  landingUrl?: string;
}

/** An ACTIVE campaign created through GraphQL as marketing ops would. */
export async function givenActiveCampaign(service: TestService, programId: string, setup: CampaignSetup = {}): Promise<string> {
  const created = await service.graphql<{ createCampaign: { id: string } }>(
    `mutation($input: CreateCampaignInput!) { createCampaign(input: $input) { id } }`,
    {
      input: {
        programId,
        name: 'Spring drop',
        objective: 'SALES',
        startsAt: (setup.startsAt ?? new Date(Date.now() - 90 * 86_400_000)).toISOString(),
        budgetCapMinor: setup.budgetCapMinor ?? null,
        dailyCapMinor: setup.dailyCapMinor ?? null,
        attributionWindowDays: setup.attributionWindowDays ?? 30,
        precedence: setup.precedence ?? 'CODE_BEATS_CLICK',
        recurringMonths: setup.recurringMonths ?? 0,
        landingUrl: setup.landingUrl ?? 'https://shop.example.com/spring',
        rules: {
          percentBps: setup.percentBps ?? 1000,
          flatPerSaleMinor: setup.flatPerSaleMinor ?? 0,
          pointsPerSale: 10,
          flatPerLeadMinor: setup.flatPerLeadMinor ?? 0,
          pointsPerLead: setup.pointsPerLead ?? 0,
          tierOverrides: setup.tierOverrides ?? [],
        },
      },
    },
    { role: Role.MARKETING_OPS },
  );
  if (!created.data) throw new Error(`createCampaign failed: ${JSON.stringify(created.errors)}`);
  const id = created.data.createCampaign.id;
  // Rule version 1 is in force from creation; tests place orders in the past, so it starts earlier.
  await dataSourceOf(service).query(`UPDATE campaign_rule_versions SET effective_from = $2 WHERE campaign_id = $1 AND version = 1`, [id, setup.startsAt ?? new Date(Date.now() - 90 * 86_400_000)]);
  const activated = await service.graphql(`mutation { changeCampaignStatus(id: "${id}", status: ACTIVE) { status } }`, {}, { role: Role.MARKETING_OPS });
  if (activated.errors) throw new Error(`activate failed: ${JSON.stringify(activated.errors)}`);
  return id;
}

/** An order as the shop sends it; placed an hour ago unless said otherwise. */
export function shopOrder(programId: string, over: Partial<OrderPlacedPayload> = {}): OrderPlacedPayload {
  return {
    orderId: `order-${randomUUID()}`,
    programId,
    customerId: `customer-${randomUUID()}`,
    customerEmailHash: hashEmail(`${randomUUID()}@customer.example`),
    amountMinor: 10_000,
    currency: 'USD',
    items: [{ sku: 'TEE-1', quantity: 1, unitAmountMinor: 10_000 }],
    placedAt: new Date(Date.now() - 3_600_000).toISOString(),
    ...over,
  };
}

/** The shop publishing straight onto shop.order.v1. */
export async function placeOrder(service: TestService, order: OrderPlacedPayload, envelope?: EventEnvelope<OrderPlacedPayload>): Promise<EventEnvelope<OrderPlacedPayload>> {
  const sent = envelope ?? envelopeFor(OrderPlaced, order, 'shop');
  await publishEnvelope(service, OrderPlaced, sent);
  return sent;
}

/** A lead as the shop sends it; captured an hour ago unless said otherwise. */
export function shopLead(programId: string, over: Partial<LeadCapturedPayload> = {}): LeadCapturedPayload {
  return {
    leadId: `lead-${randomUUID()}`,
    programId,
    customerId: `customer-${randomUUID()}`,
    customerEmailHash: hashEmail(`${randomUUID()}@customer.example`),
    capturedAt: new Date(Date.now() - 3_600_000).toISOString(),
    ...over,
  };
}

/** The shop publishing straight onto shop.lead.v1. */
export async function captureLead(service: TestService, lead: LeadCapturedPayload, envelope?: EventEnvelope<LeadCapturedPayload>): Promise<EventEnvelope<LeadCapturedPayload>> {
  const sent = envelope ?? envelopeFor(LeadCaptured, lead, 'shop');
  await publishEnvelope(service, LeadCaptured, sent);
  return sent;
}

export function leadConversionOf(service: TestService, leadId: string): Promise<ConversionRow> {
  return waitFor(
    async () => ((await dataSourceOf(service).query('SELECT id, outcome, method, reason, ambassador_id, campaign_id, click_id FROM lead_conversions WHERE lead_id = $1', [leadId])) as ConversionRow[])[0],
    { description: `conversion of lead ${leadId}`, timeoutMs: 30_000 },
  );
}

export async function leadCommissionOf(service: TestService, leadId: string): Promise<CommissionRow | undefined> {
  return ((await dataSourceOf(service).query('SELECT * FROM commissions WHERE lead_id = $1', [leadId])) as CommissionRow[])[0];
}

/** A browser that followed links: its address hash and agent, fresh each call. */
export const visitor = () => ({ addressHash: randomUUID().replace(/-/g, '').padEnd(64, '0'), userAgent: 'Mozilla/5.0 (Macintosh) Safari/605.1.15' });

/** A program with a 30-day guarantee, an active campaign in it, and two ambassadors A and B with their referral links. */
export async function givenTwoAmbassadors(service: TestService, setup: CampaignSetup = {}, aOptions: Parameters<typeof givenAmbassador>[2] = {}) {
  const programId = await givenProgram(service, { guaranteeWindowDays: 30 });
  const campaignId = await givenActiveCampaign(service, programId, setup);
  const a = await givenAmbassador(service, programId, aOptions);
  const b = await givenAmbassador(service, programId);
  return { programId, campaignId, a, b, linkA: await linkOf(service, campaignId, a.id), linkB: await linkOf(service, campaignId, b.id) };
}

export interface ConversionRow {
  id: string;
  outcome: string;
  method: string | null;
  reason: string;
  ambassador_id: string | null;
  campaign_id: string | null;
  click_id: string | null;
}

export function conversionOf(service: TestService, orderId: string): Promise<ConversionRow> {
  return waitFor(
    async () => ((await dataSourceOf(service).query('SELECT id, outcome, method, reason, ambassador_id, campaign_id, click_id FROM conversions WHERE order_id = $1', [orderId])) as ConversionRow[])[0],
    { description: `conversion of ${orderId}`, timeoutMs: 30_000 },
  );
}

export interface CommissionRow {
  id: string;
  amount_minor: string;
  reversed_minor: string;
  points: string;
  rule_version: number | null;
  cap_note: string | null;
  fraud_held: boolean;
  hold_until: Date;
  source: string;
}

export async function commissionOf(service: TestService, orderId: string): Promise<CommissionRow | undefined> {
  return ((await dataSourceOf(service).query('SELECT * FROM commissions WHERE order_id = $1', [orderId])) as CommissionRow[])[0];
}

/** A click as the redirect hands it to Kafka (for clicks in the past, which a live redirect can't make). */
export async function clickHappened(service: TestService, link: { id: string; campaignId: string; ambassadorId: string }, visitor: { addressHash: string; userAgent: string }, clickedAt: Date): Promise<string> {
  const clickId = randomUUID();
  await publishEnvelope(
    service,
    ReferralLinkClicks,
    envelopeFor(ReferralLinkClicks, linkClicksPayload([{ clickId, linkId: link.id, campaignId: link.campaignId, ambassadorId: link.ambassadorId, addressHash: visitor.addressHash, userAgent: visitor.userAgent, clickedAt: clickedAt.toISOString() }]), 'campaigns'),
  );
  await waitFor(async () => ((await dataSourceOf(service).query('SELECT 1 FROM clicks WHERE id = $1', [clickId])) as unknown[]).length > 0, { description: `click ${clickId} stored`, timeoutMs: 30_000 });
  return clickId;
}

export async function linkOf(service: TestService, campaignId: string, ambassadorId: string): Promise<{ id: string; slug: string; campaignId: string; ambassadorId: string; shortUrl: string }> {
  const answer = await service.graphql<{ createReferralLink: { id: string; slug: string; shortUrl: string } }>(
    `mutation { createReferralLink(campaignId: "${campaignId}") { id slug shortUrl } }`,
    {},
    { role: Role.AMBASSADOR, ambassadorId },
  );
  if (!answer.data) throw new Error(`createReferralLink failed: ${JSON.stringify(answer.errors)}`);
  return { ...answer.data.createReferralLink, campaignId, ambassadorId };
}

/** Events the service published on one of its topics, decoded. */
export async function eventsOn<P>(service: TestService, topic: string, until: (events: Array<EventEnvelope<P>>) => boolean): Promise<Array<EventEnvelope<P>>> {
  const seen = await readTopic<EventEnvelope<P>>(kafkaBrokers(), `${service.topicPrefix}${topic}`, { until: (m) => until(m.map((x) => x.value as EventEnvelope<P>)), timeoutMs: 30_000 });
  return seen.map((m) => m.value as EventEnvelope<P>);
}
