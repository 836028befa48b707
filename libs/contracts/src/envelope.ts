import { z } from 'zod';
import { timestamp } from './fields';

/** The one envelope every event travels in (DESIGN.md, Events). */
export const eventEnvelopeSchema = z.object({
  id: z.string().uuid(),
  type: z.string().min(1).max(100),
  version: z.number().int().positive(),
  occurredAt: timestamp,
  producer: z.string().min(1).max(100),
  key: z.string().min(1).max(200),
  correlationId: z.string().min(1).max(128).optional(),
  causationId: z.string().min(1).max(128).optional(),
  payload: z.unknown(),
});

export interface EventEnvelope<P = unknown> {
  id: string;
  type: string;
  version: number;
  occurredAt: string;
  producer: string;
  key: string;
  correlationId?: string;
  causationId?: string;
  payload: P;
}

/** Kafka header names that mirror the envelope's tracing fields. */
export const EventHeaders = {
  eventId: 'x-event-id',
  eventType: 'x-event-type',
  correlationId: 'x-correlation-id',
  causationId: 'x-causation-id',
} as const;
