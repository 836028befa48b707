export { eventEnvelopeSchema, EventHeaders } from './envelope';
export type { EventEnvelope } from './envelope';
export { defineEvent } from './event-definition';
export type { EventDefinition, PayloadOf } from './event-definition';
export { Topics, deadLetterTopic } from './topics';
export type { TopicName } from './topics';
export { catalogTopics, ContractViolation, findEventDefinition, parseEnvelope, validatePayload } from './catalog';
export { ProgramCreated, programCreatedPayload } from './events/program-created';
export type { ProgramCreatedPayload } from './events/program-created';
