import { z } from 'zod';
import { timestamp } from '../fields';
import { defineEvent } from '../event-definition';
import { Topics } from '../topics';

/** Recovery won back a customer of a program; enrollment may invite them to become an ambassador. */
export const customerRecoveredPayload = z.object({
  claimId: z.string().uuid(),
  programId: z.string().uuid(),
  customerId: z.string().min(1).max(200),
  email: z.string().email().max(254),
  recoveredAt: timestamp,
});

export type CustomerRecoveredPayload = z.infer<typeof customerRecoveredPayload>;

export const CustomerRecovered = defineEvent<CustomerRecoveredPayload>({
  type: 'CustomerRecovered',
  version: 1,
  topic: Topics.recoveryCustomers,
  payload: customerRecoveredPayload,
  key: (payload) => payload.claimId,
});
