import { z } from 'zod';
import { timestamp } from '../fields';
import { defineEvent } from '../event-definition';
import { Topics } from '../topics';

export const programCreatedPayload = z.object({
  programId: z.string().uuid(),
  name: z.string().min(1).max(120),
  currency: z.string().regex(/^[A-Z]{3}$/),
  guaranteeWindowDays: z.number().int().min(0).max(365),
  createdAt: timestamp,
});

export type ProgramCreatedPayload = z.infer<typeof programCreatedPayload>;

export const ProgramCreated = defineEvent<ProgramCreatedPayload>({
  type: 'ProgramCreated',
  version: 1,
  topic: Topics.enrollmentPrograms,
  payload: programCreatedPayload,
  key: (payload) => payload.programId,
});
