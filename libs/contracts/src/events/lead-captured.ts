import { z } from 'zod';
import { defineEvent } from '../event-definition';
import { emailHash, orderId, timestamp, uuid } from '../fields';
import { Topics } from '../topics';

/**
 * The brand's shop captured a lead: a referred person signed up or asked for a quote,
 * without buying (through POST /ingest/leads, or straight onto the topic). Campaigns
 * attributes it like an order and pays the campaign's flat amount and points per lead.
 */
export const leadCapturedPayload = z.object({
  /** The shop's id for the lead, unique like an order id. */
  leadId: orderId,
  programId: uuid,
  customerId: z.string().min(1).max(200),
  customerEmailHash: emailHash,
  discountCode: z.string().min(1).max(64).optional(),
  clickId: uuid.optional(),
  capturedAt: timestamp,
});

export type LeadCapturedPayload = z.infer<typeof leadCapturedPayload>;

export const LeadCaptured = defineEvent<LeadCapturedPayload>({
  type: 'LeadCaptured',
  version: 1,
  topic: Topics.shopLeads,
  payload: leadCapturedPayload,
  key: (payload) => payload.leadId,
});
