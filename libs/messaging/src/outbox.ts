import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { EventDefinition, EventEnvelope, EventHeaders, validatePayload } from '@streetteam/contracts';
import { currentCorrelation } from '@streetteam/platform';
import { laneOf } from './lanes';

/**
 * Writes events in the caller's transaction (the transactional outbox): the event
 * exists exactly when the state change it describes was committed.
 */
export class Outbox {
  constructor(private readonly producer: string) {}

  async append<P>(manager: EntityManager, definition: EventDefinition<P>, payload: P): Promise<EventEnvelope<P>> {
    if (!manager.queryRunner?.isTransactionActive) {
      throw new Error(`Outbox.append(${definition.type}) must run inside a transaction`);
    }
    const valid = validatePayload(definition, payload);
    const correlation = currentCorrelation();
    const envelope: EventEnvelope<P> = {
      id: randomUUID(),
      type: definition.type,
      version: definition.version,
      occurredAt: new Date().toISOString(),
      producer: this.producer,
      key: definition.key(valid),
      correlationId: correlation?.correlationId ?? randomUUID(),
      causationId: correlation?.causationId,
      payload: valid,
    };
    const headers: Record<string, string> = {
      [EventHeaders.eventId]: envelope.id,
      [EventHeaders.eventType]: `${envelope.type}@${envelope.version}`,
      [EventHeaders.correlationId]: envelope.correlationId as string,
    };
    if (envelope.causationId) headers[EventHeaders.causationId] = envelope.causationId;
    await manager.query(
      'INSERT INTO outbox (event_id, topic, key, lane, envelope, headers) VALUES ($1, $2, $3, $4, $5, $6)',
      [envelope.id, definition.topic, envelope.key, laneOf(envelope.key), JSON.stringify(envelope), headers],
    );
    return envelope;
  }
}
