// Test support shared by recovery's integration tests: the app on its own schema and topic
// prefix, a Stripe emulator started in the test, the shop's orders as Kafka events, and
// readers for what recovery publishes.
import { randomInt, randomUUID } from 'node:crypto';
import request from 'supertest';
import { Client } from 'pg';
import { Role } from '@streetteam/auth';
import { EventEnvelope, hashEmail, OrderPlaced, OrderPlacedPayload, ProgramCreated, Topics } from '@streetteam/contracts';
import { Caller, envelopeFor, GraphQLAnswer, publishAndSettle, startTestService, TestService } from '@streetteam/service-testing';
import { createStripeClient, Stripe, StripeSettings } from '@streetteam/stripe';
import { startStripeEmulator, StripeEmulator } from '@streetteam/stripe-emulator';
import { kafkaBrokers, readTopic, testDatabaseUrl } from '@streetteam/testing';
import { RecoveryFaults } from '../src/claims/stripe-refunds';
import { ORDERS_CONSUMER_GROUP } from '../src/orders/order-events.consumer';
import { RecoveryModule } from '../src/recovery.module';

export const agent = { role: Role.SUPPORT_AGENT };
export const supervisor = { role: Role.SUPPORT_SUPERVISOR };
export const ops = { role: Role.MARKETING_OPS };

export const OPEN_CLAIM = `mutation ($input: OpenGuaranteeClaimInput!) {
  openGuaranteeClaim(input: $input) { accessToken claim { id status amountMinor currency wantedResolution declineReason items { sku quantity unitAmountMinor } } } }`;
export const OPEN_FOR_CUSTOMER = `mutation ($input: OpenGuaranteeClaimInput!) {
  openGuaranteeClaimForCustomer(input: $input) { accessToken claim { id status handledBy } } }`;
export const CLAIM = `query ($id: ID!) { guaranteeClaim(id: $id) {
  id status amountMinor reason escalationReason declineReason decidedBy handledBy ambassadorId customerAbuseReports
  resolution { kind amountMinor clawback status stripeRefundId }
  timeline { actor action detail } notes { author body } sla { dueAt breached } followUp { satisfaction recoveredBy } } }`;
export const MY_CLAIM = `query ($token: String!) { myGuaranteeClaim(accessToken: $token) { id status declineReason amountMinor } }`;

export interface ClaimView {
  id: string;
  status: string;
  amountMinor: number;
  reason: string;
  escalationReason: string | null;
  declineReason: string | null;
  decidedBy: string | null;
  handledBy: string | null;
  ambassadorId: string | null;
  customerAbuseReports: number;
  resolution: { kind: string; amountMinor: number; clawback: boolean; status: string; stripeRefundId: string | null } | null;
  timeline: Array<{ actor: string; action: string; detail: string | null }>;
  notes: Array<{ author: string; body: string }>;
  sla: { dueAt: string; breached: boolean } | null;
  followUp: { satisfaction: number | null; recoveredBy: string | null } | null;
}

export interface OpenedClaim {
  accessToken: string;
  claim: { id: string; status: string; amountMinor: number; currency: string; wantedResolution: string; declineReason: string | null; items: Array<{ sku: string; quantity: number; unitAmountMinor: number }> };
}

export interface ClaimInput {
  orderId: string;
  email: string;
  items: Array<{ sku: string; quantity: number }>;
  reason: string;
  resolution: string;
  description?: string;
}

export class RecoveryTestKit {
  service!: TestService;
  emulator!: StripeEmulator;
  stripe!: Stripe;
  db!: Client;
  readonly faults: RecoveryFaults = {};

  async start(): Promise<this> {
    this.emulator = await startStripeEmulator({ log: () => undefined });
    const settings: StripeSettings = { secretKey: 'sk_test_recovery', apiUrl: this.emulator.url, webhookSecret: this.emulator.webhookSecret, webhookToleranceSeconds: 300 };
    this.stripe = createStripeClient(settings);
    this.service = await startTestService('recovery', (config) => RecoveryModule.forRoot(config, { writeSchema: false, stripe: settings, faults: this.faults }));
    // As createServiceApp does in production: the gateway on this host forwards the caller's address.
    (this.service.app.getHttpAdapter().getInstance() as { set(name: string, value: string): void }).set('trust proxy', this.service.config.trustProxy);
    this.db = new Client({ connectionString: testDatabaseUrl(), options: `-c search_path=${this.service.config.databaseSchema}` });
    await this.db.connect();
    return this;
  }

  async stop(): Promise<void> {
    await this.db?.end();
    await this.service?.close();
    await this.emulator?.stop();
  }

  graphql<T>(query: string, variables: Record<string, unknown> = {}, caller: Caller = {}): Promise<GraphQLAnswer<T>> {
    return this.service.graphql<T>(query, variables, caller);
  }

  /** A program enrollment announced, recorded by recovery. */
  async program(guaranteeWindowDays = 30): Promise<string> {
    const programId = randomUUID();
    const event = envelopeFor(ProgramCreated, { programId, name: 'Street team', currency: 'EUR', guaranteeWindowDays, createdAt: new Date().toISOString() }, 'enrollment');
    await publishAndSettle(this.service, 'recovery.programs', ProgramCreated, event, 'handled');
    return programId;
  }

  /** The original payment, made at the emulator as the shop would have. */
  async payment(amountMinor: number): Promise<string> {
    const intent = await this.stripe.paymentIntents.create({ amount: amountMinor, currency: 'eur', confirm: true, payment_method: 'pm_card_visa' });
    return intent.id;
  }

  /** An order placed with the shop, as recovery receives it on Kafka. */
  async order(programId: string, overrides: Partial<OrderPlacedPayload> & { email?: string } = {}): Promise<OrderPlacedPayload & { email: string }> {
    const { email = `${randomUUID().slice(0, 8)}@example.com`, ...rest } = overrides;
    const items = rest.items ?? [
      { sku: 'HOODIE', quantity: 2, unitAmountMinor: 4500 },
      { sku: 'CAP', quantity: 1, unitAmountMinor: 1500 },
    ];
    const amountMinor = rest.amountMinor ?? items.reduce((sum, i) => sum + i.quantity * i.unitAmountMinor, 0);
    const payload: OrderPlacedPayload = {
      orderId: `ord-${randomUUID().slice(0, 12)}`,
      programId,
      customerId: `cus-${randomUUID().slice(0, 8)}`,
      customerEmailHash: hashEmail(email),
      amountMinor,
      currency: 'EUR',
      items,
      stripePaymentIntentId: rest.stripePaymentIntentId === undefined ? await this.payment(amountMinor) : rest.stripePaymentIntentId,
      placedAt: new Date().toISOString(),
      ...rest,
    };
    if (payload.stripePaymentIntentId === undefined) delete payload.stripePaymentIntentId;
    await publishAndSettle(this.service, ORDERS_CONSUMER_GROUP, OrderPlaced, envelopeFor(OrderPlaced, payload, 'shop'), 'handled');
    return { ...payload, email };
  }

  /**
   * A customer opens a claim from `address` (through the gateway, which forwards it; each
   * call its own address unless given, so the per-address limit only bites where tested).
   */
  async openClaim(input: ClaimInput, address = `10.${randomInt(256)}.${randomInt(256)}.${randomInt(1, 255)}`): Promise<GraphQLAnswer<{ openGuaranteeClaim: OpenedClaim }>> {
    const answer = await request(this.service.app.getHttpServer()).post('/graphql').set('x-forwarded-for', address).send({ query: OPEN_CLAIM, variables: { input } });
    return answer.body as GraphQLAnswer<{ openGuaranteeClaim: OpenedClaim }>;
  }

  async claim(id: string, caller: Caller = agent): Promise<ClaimView> {
    const answer = await this.graphql<{ guaranteeClaim: ClaimView }>(CLAIM, { id }, caller);
    if (answer.errors) throw new Error(JSON.stringify(answer.errors));
    return answer.data!.guaranteeClaim;
  }

  /** Events on one of recovery's topics that `match` picks, waiting until `count` are there. */
  async events<P>(topic: string, match: (event: EventEnvelope<P>) => boolean, count = 1): Promise<Array<EventEnvelope<P>>> {
    const picked = (values: Array<EventEnvelope<P> | null>) => values.filter((v): v is EventEnvelope<P> => v !== null && match(v));
    const seen = await readTopic<EventEnvelope<P>>(kafkaBrokers(), `${this.service.topicPrefix}${topic}`, {
      until: (messages) => picked(messages.map((m) => m.value)).length >= count,
      timeoutMs: 30_000,
    });
    return picked(seen.map((m) => m.value));
  }

  /** Everything on a topic after a short wait, to show an event did not come twice. */
  async allEvents<P>(topic: string, match: (event: EventEnvelope<P>) => boolean, waitMs = 3_000): Promise<Array<EventEnvelope<P>>> {
    const seen = await readTopic<EventEnvelope<P>>(kafkaBrokers(), `${this.service.topicPrefix}${topic}`, { timeoutMs: waitMs });
    return seen.map((m) => m.value).filter((v): v is EventEnvelope<P> => v !== null && match(v));
  }

  /** Refunds the emulator made for a payment intent. */
  refundsOf(paymentIntentId: string): Stripe.Refund[] {
    return this.emulator.refunds().filter((refund) => refund.payment_intent === paymentIntentId);
  }

  /** The idempotency keys the refunds of a payment intent were created with, as the emulator recorded them. */
  refundIdempotencyKeys(paymentIntentId: string): Array<string | null> {
    return this.emulator
      .events()
      .filter((event) => event.type === 'refund.created' && (event.data.object as Stripe.Refund).payment_intent === paymentIntentId)
      .map((event) => event.request?.idempotency_key ?? null);
  }
}

export const claimTopics = Topics;
