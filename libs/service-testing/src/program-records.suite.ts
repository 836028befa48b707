import { randomUUID } from 'node:crypto';
import { DynamicModule } from '@nestjs/common';
import { Role } from '@streetteam/auth';
import { ProgramCreated, ProgramCreatedPayload } from '@streetteam/contracts';
import { SubgraphServiceConfig } from '@streetteam/subgraph-service';
import { waitFor } from '@streetteam/testing';
import { envelopeFor, publishAndSettle, publishEnvelope } from './service-events';
import { startTestService, TestService } from './test-service';

/**
 * Campaigns, payouts and recovery each keep their own record of every program
 * enrollment creates, learnt from ProgramCreated on Kafka, and add it to the
 * federated Program. The story is the same for the three, so each service's test
 * tells it through this suite with its own field, view and readers. (Nest keeps
 * GraphQL types in one registry per process, so the three can't share a file.)
 */
export interface ProgramRecordSide {
  service: string;
  appModule: (config: SubgraphServiceConfig) => DynamicModule;
  /** The field this service adds to Program, and what it shows for the program. */
  field: string;
  selection: string;
  expected: (program: ProgramCreatedPayload) => Record<string, unknown>;
  /** The service's own list of recorded programs, and who may read it. */
  list: string;
  readers: Role[];
}

const allCallers: Array<Role | undefined> = [undefined, Role.AMBASSADOR, Role.MARKETING_OPS, Role.FINANCE, Role.SUPPORT_AGENT, Role.ADMIN];

export function describeProgramRecords(side: ProgramRecordSide): void {
  describe(`${side.service} records the programs enrollment creates`, () => {
    let service: TestService;

    beforeAll(async () => {
      service = await startTestService(side.service, side.appModule);
    });

    afterAll(() => service.close());

    const programCreated = (payload: Partial<ProgramCreatedPayload> = {}) =>
      envelopeFor(
        ProgramCreated,
        { programId: randomUUID(), name: 'Spring street team', currency: 'EUR', guaranteeWindowDays: 30, createdAt: new Date().toISOString(), ...payload },
        'enrollment',
      );

    /** The field as the gateway asks for it: an entity reference by id. */
    async function viewOf(programId: string, role: Role | null = Role.MARKETING_OPS) {
      const answer = await service.graphql<{ _entities: Array<Record<string, Record<string, unknown> | null>> }>(
        `{ _entities(representations: [{ __typename: "Program", id: "${programId}" }]) { ... on Program { ${side.field} { ${side.selection} } } } }`,
        {},
        { role: role ?? undefined },
      );
      return { view: answer.data?._entities[0][side.field], errors: answer.errors };
    }

    const recorded = (programId: string) =>
      waitFor(async () => (await viewOf(programId)).view ?? undefined, { description: `${side.service} to record ${programId}`, timeoutMs: 30_000 });

    it(`shows nothing before ProgramCreated, then ${side.field}`, async () => {
      const event = programCreated({ currency: 'GBP', guaranteeWindowDays: 45 });
      expect((await viewOf(event.payload.programId)).view).toBeNull();

      await publishEnvelope(service, ProgramCreated, event);

      expect(await recorded(event.payload.programId)).toEqual({ ...side.expected(event.payload), recordedAt: expect.any(String) });
    });

    it('keeps one record when the event is redelivered or the program announced again', async () => {
      const event = programCreated();
      await publishEnvelope(service, ProgramCreated, event);
      const first = await recorded(event.payload.programId);

      await publishAndSettle(service, `${side.service}.programs`, ProgramCreated, event, 'duplicate');
      await publishAndSettle(service, `${side.service}.programs`, ProgramCreated, { ...event, id: randomUUID() }, 'handled');

      expect((await viewOf(event.payload.programId)).view).toEqual(first);
      const listed = await service.graphql<Record<string, Array<{ program: { id: string } }>>>(side.list, {}, { role: Role.ADMIN });
      expect(Object.values(listed.data!)[0].filter((row) => row.program.id === event.payload.programId)).toHaveLength(1);
    });

    it.each(allCallers)('answers its list of programs to %s as allowed', async (role) => {
      const answer = await service.graphql(side.list, {}, { role });
      const refusal = !role ? 'UNAUTHENTICATED' : side.readers.includes(role) ? undefined : 'FORBIDDEN';
      expect(answer.errors?.[0].extensions.code).toBe(refusal);
    });

    it.each(allCallers)(`answers Program.${side.field} to %s as allowed`, async (role) => {
      const { errors } = await viewOf(randomUUID(), role ?? null);
      expect(errors?.[0].extensions.code).toBe(role ? undefined : 'UNAUTHENTICATED');
    });
  });
}
