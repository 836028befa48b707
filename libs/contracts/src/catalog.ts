import { EventDefinition } from './event-definition';
import { eventEnvelopeSchema, EventEnvelope } from './envelope';
import { AmbassadorActivated } from './events/ambassador-activated';
import { AmbassadorTierChanged } from './events/ambassador-tier-changed';
import { AmbassadorStatusChanged } from './events/ambassador-status-changed';
import { ApplicationDecided } from './events/application-decided';
import { ApplicationSubmitted } from './events/application-submitted';
import { CommissionEarned } from './events/commission-earned';
import { CommissionReversed } from './events/commission-reversed';
import { CustomerRecovered } from './events/customer-recovered';
import { InvitationSent } from './events/invitation-sent';
import { ReferralCodeChanged } from './events/referral-code-changed';
import { PasswordResetRequested } from './events/password-reset-requested';
import { ProgramCreated } from './events/program-created';
import { OrderPlaced } from './events/order-placed';
import { OrderRefunded } from './events/order-refunded';
import { LeadCaptured } from './events/lead-captured';
import { ReferralLinkClicks, ReferralLinkClicksV1 } from './events/referral-link-clicks';
import { OrderAttributed } from './events/order-attributed';
import { CommissionHoldChanged } from './events/commission-hold-changed';
import { CommissionReleased } from './events/commission-released';
import { PayoutPaid } from './events/payout-paid';
import { ClaimResolved, FollowUpRequested, ReplacementRequested, StoreCreditIssued } from './events/claim-events';

/** Every event the platform knows; a consumer validates what it receives against this. */
const definitions: ReadonlyArray<EventDefinition<unknown>> = [
  ProgramCreated as EventDefinition<unknown>,
  PasswordResetRequested as EventDefinition<unknown>,
  AmbassadorActivated as EventDefinition<unknown>,
  AmbassadorStatusChanged as EventDefinition<unknown>,
  AmbassadorTierChanged as EventDefinition<unknown>,
  ApplicationDecided as EventDefinition<unknown>,
  ApplicationSubmitted as EventDefinition<unknown>,
  ReferralCodeChanged as EventDefinition<unknown>,
  CommissionEarned as EventDefinition<unknown>,
  CommissionReversed as EventDefinition<unknown>,
  CustomerRecovered as EventDefinition<unknown>,
  InvitationSent as EventDefinition<unknown>,
  OrderPlaced as EventDefinition<unknown>,
  OrderRefunded as EventDefinition<unknown>,
  LeadCaptured as EventDefinition<unknown>,
  ReferralLinkClicks as EventDefinition<unknown>,
  ReferralLinkClicksV1 as EventDefinition<unknown>,
  OrderAttributed as EventDefinition<unknown>,
  CommissionHoldChanged as EventDefinition<unknown>,
  CommissionReleased as EventDefinition<unknown>,
  PayoutPaid as EventDefinition<unknown>,
  ClaimResolved as EventDefinition<unknown>,
  ReplacementRequested as EventDefinition<unknown>,
  StoreCreditIssued as EventDefinition<unknown>,
  FollowUpRequested as EventDefinition<unknown>,
];

const byTypeAndVersion = new Map(definitions.map((d) => [`${d.type}@${d.version}`, d]));

/** Every topic the catalog publishes to, so a service can make sure they exist before it starts. */
export function catalogTopics(): string[] {
  return [...new Set(definitions.map((d) => d.topic))];
}

export function findEventDefinition(type: string, version: number): EventDefinition<unknown> | undefined {
  return byTypeAndVersion.get(`${type}@${version}`);
}

export class ContractViolation extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ContractViolation';
  }
}

function describeIssues(error: { issues: Array<{ path: (string | number)[]; message: string }> }): string {
  return error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
}

/** Validates an envelope and its payload against the catalog; throws ContractViolation naming the field. */
export function parseEnvelope(raw: unknown): EventEnvelope {
  const envelope = eventEnvelopeSchema.safeParse(raw);
  if (!envelope.success) {
    throw new ContractViolation(`invalid envelope: ${describeIssues(envelope.error)}`);
  }
  const definition = findEventDefinition(envelope.data.type, envelope.data.version);
  if (!definition) {
    throw new ContractViolation(`unknown event ${envelope.data.type} v${envelope.data.version}`);
  }
  const payload = definition.payload.safeParse(envelope.data.payload);
  if (!payload.success) {
    throw new ContractViolation(`invalid ${definition.type} payload: ${describeIssues(payload.error)}`);
  }
  return { ...envelope.data, payload: payload.data };
}

/** Validates a payload before it is written to the outbox. */
export function validatePayload<P>(definition: EventDefinition<P>, payload: P): P {
  const result = definition.payload.safeParse(payload);
  if (!result.success) {
    throw new ContractViolation(`invalid ${definition.type} payload: ${describeIssues(result.error)}`);
  }
  return result.data;
}
