import { randomUUID } from 'node:crypto';
import { EventDefinition, EventEnvelope, EventHeaders } from '@streetteam/contracts';
import { KafkaBus, OutgoingMessage } from '@streetteam/messaging';
import { Metrics } from '@streetteam/platform';
import { TestService } from './test-service';
import { waitFor } from '@streetteam/testing';

/** The envelope another service's outbox relay would publish for this payload. */
export function envelopeFor<P>(definition: EventDefinition<P>, payload: P, producer = 'test'): EventEnvelope<P> {
  return {
    id: randomUUID(),
    type: definition.type,
    version: definition.version,
    occurredAt: new Date().toISOString(),
    producer,
    key: definition.key(payload),
    correlationId: randomUUID(),
    payload,
  };
}

/** The Kafka message an outbox relay would send for the envelope. */
export function messageFor<P>(definition: EventDefinition<P>, envelope: EventEnvelope<P>): OutgoingMessage {
  return {
    topic: definition.topic,
    key: envelope.key,
    value: JSON.stringify(envelope),
    headers: { [EventHeaders.eventId]: envelope.id, [EventHeaders.eventType]: `${envelope.type}@${envelope.version}` },
  };
}

/** Publishes an envelope onto the service's (prefixed) topics, as if another service had. */
export function publishEnvelope<P>(service: TestService, definition: EventDefinition<P>, envelope: EventEnvelope<P>): Promise<void> {
  return service.app.get(KafkaBus).publish([messageFor(definition, envelope)]);
}

/** How many events a consumer group of the service settled with this outcome (handled, duplicate, …). */
export async function eventsSettled(service: TestService, group: string, outcome: string): Promise<number> {
  const { values } = await service.app.get(Metrics).eventsHandled.get();
  return values.filter((v) => v.labels.consumer === group && v.labels.outcome === outcome).reduce((sum, v) => sum + v.value, 0);
}

/** Publishes and waits until the group settled one more event with that outcome: proof it was consumed. */
export async function publishAndSettle<P>(
  service: TestService,
  group: string,
  definition: EventDefinition<P>,
  envelope: EventEnvelope<P>,
  outcome: 'handled' | 'duplicate',
): Promise<void> {
  const before = await eventsSettled(service, group, outcome);
  await publishEnvelope(service, definition, envelope);
  await waitFor(async () => (await eventsSettled(service, group, outcome)) > before, {
    description: `event ${envelope.id} settled as ${outcome} by ${group}`,
    timeoutMs: 30_000,
  });
}
