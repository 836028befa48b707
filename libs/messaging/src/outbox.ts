import { randomUUID } from 'node:crypto';
import { EntityManager, QueryRunner } from 'typeorm';
import { EventDefinition, EventEnvelope, EventHeaders, validatePayload } from '@streetteam/contracts';
import { currentCorrelation } from '@streetteam/platform';
import { laneOf } from './lanes';

/**
 * Writes events in the caller's transaction (the transactional outbox): the event
 * exists exactly when the state change it describes was committed.
 */
export class Outbox {
  /** Transactions that appended events, so the relay can be woken when they commit. */
  private readonly writers = new WeakSet<QueryRunner>();

  constructor(private readonly producer: string) {}

  /** True once for a transaction that appended events (asked after its commit). */
  takeWritten(queryRunner: QueryRunner): boolean {
    return this.writers.delete(queryRunner);
  }

  async append<P>(manager: EntityManager, definition: EventDefinition<P>, payload: P): Promise<EventEnvelope<P>> {
    const [envelope] = await this.appendAll(manager, definition, [payload]);
    return envelope;
  }

  /** Many events of one type in one statement, for use cases that change many things at once. */
  async appendAll<P>(manager: EntityManager, definition: EventDefinition<P>, payloads: P[]): Promise<Array<EventEnvelope<P>>> {
    if (!manager.queryRunner?.isTransactionActive) {
      throw new Error(`Outbox.append(${definition.type}) must run inside a transaction`);
    }
    if (payloads.length === 0) return [];
    const correlation = currentCorrelation();
    const correlationId = correlation?.correlationId ?? randomUUID();
    const envelopes = payloads.map((payload): EventEnvelope<P> => {
      const valid = validatePayload(definition, payload);
      return {
        id: randomUUID(),
        type: definition.type,
        version: definition.version,
        occurredAt: new Date().toISOString(),
        producer: this.producer,
        key: definition.key(valid),
        correlationId,
        causationId: correlation?.causationId,
        payload: valid,
      };
    });
    // Envelopes and headers go as one JSON array each, not as text[] and jsonb[]: pg escapes
    // every quote of an array literal in JavaScript, which cost twice the JSON itself. Each
    // element of json_array_elements is its text as sent, so the stored envelope is exactly
    // JSON.stringify of the envelope.
    await manager.query(
      `INSERT INTO outbox (event_id, topic, key, lane, envelope, headers)
       SELECT id, $2, key, lane, envelope::text, headers::jsonb
         FROM ROWS FROM (unnest($1::uuid[]), unnest($3::text[]), unnest($4::smallint[]), json_array_elements($5::json), json_array_elements($6::json)) AS e(id, key, lane, envelope, headers)`,
      [
        envelopes.map((e) => e.id),
        definition.topic,
        envelopes.map((e) => e.key),
        envelopes.map((e) => laneOf(e.key)),
        JSON.stringify(envelopes),
        JSON.stringify(envelopes.map(eventHeaders)),
      ],
    );
    this.writers.add(manager.queryRunner);
    return envelopes;
  }
}

/** The Kafka headers of an event: its id, type@version and correlation (and causation when it has one). */
export function eventHeaders(envelope: Pick<EventEnvelope, 'id' | 'type' | 'version' | 'correlationId' | 'causationId'>): Record<string, string> {
  const headers: Record<string, string> = {
    [EventHeaders.eventId]: envelope.id,
    [EventHeaders.eventType]: `${envelope.type}@${envelope.version}`,
    [EventHeaders.correlationId]: envelope.correlationId as string,
  };
  if (envelope.causationId) headers[EventHeaders.causationId] = envelope.causationId;
  return headers;
}
