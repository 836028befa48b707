import { z } from 'zod';

/**
 * One event type at one version: where it is published, how its payload looks
 * and which key keeps related events in order on a partition.
 */
export interface EventDefinition<P> {
  readonly type: string;
  readonly version: number;
  readonly topic: string;
  readonly payload: z.ZodType<P, z.ZodTypeDef, unknown>;
  key(payload: P): string;
}

export function defineEvent<P>(definition: EventDefinition<P>): EventDefinition<P> {
  return Object.freeze({ ...definition });
}

export type PayloadOf<D> = D extends EventDefinition<infer P> ? P : never;
