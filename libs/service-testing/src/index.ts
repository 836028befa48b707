export { startTestService } from './test-service';
export type { Caller, GraphQLAnswer, TestService } from './test-service';
export { envelopeFor, eventsSettled, messageFor, publishAndSettle, publishEnvelope } from './service-events';
export { describeProgramRecords } from './program-records.suite';
export type { ProgramRecordSide } from './program-records.suite';
