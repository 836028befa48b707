import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { Role } from '@streetteam/auth';
import { CustomerRecovered, CustomerRecoveredPayload, EventEnvelope, InvitationSentPayload, Topics } from '@streetteam/contracts';
import { envelopeFor, publishAndSettle, startTestService, TestService } from '@streetteam/service-testing';
import { kafkaBrokers, readTopic, testDatabaseUrl } from '@streetteam/testing';
import { EnrollmentModule } from '../src/enrollment.module';
import { RECOVERY_CONSUMER_GROUP } from '../src/applications/recovery-events.consumer';

const ops = { role: Role.MARKETING_OPS };
const CREATE_PROGRAM = `mutation ($name: String!) { createProgram(input: { name: $name, currency: "EUR", guaranteeWindowDays: 30 }) { id } }`;
const SET_RULES = `mutation ($programId: ID!) { setSelectionRules(programId: $programId, rules: { inviteRecoveredCustomers: true }) { version inviteRecoveredCustomers } }`;
const RULES = `query ($programId: ID!) { selectionRules(programId: $programId) { inviteRecoveredCustomers } }`;
const SUBMIT = `mutation ($input: SubmitApplicationInput!) { submitApplication(input: $input) { application { id } } }`;
const APPLICATION = `query ($id: ID!) { application(id: $id) { source } }`;

describe('enrollment invitations for customers recovery won back', () => {
  let enrollment: TestService;
  let db: Client;
  let inviting: string;
  let closed: string;

  const recovered = (programId: string, email: string): CustomerRecoveredPayload => ({
    claimId: randomUUID(),
    programId,
    customerId: `cus-${randomUUID().slice(0, 8)}`,
    email,
    recoveredAt: new Date().toISOString(),
  });
  const invitationsSent = async (timeoutMs: number, count = 0) => {
    const seen = await readTopic<EventEnvelope<InvitationSentPayload>>(kafkaBrokers(), `${enrollment.topicPrefix}${Topics.enrollmentInvitations}`, {
      ...(count > 0 && { until: (messages) => messages.length >= count }),
      timeoutMs,
    });
    return seen.map((m) => m.value!);
  };
  const invitations = async () => (await db.query('SELECT program_id, email FROM invitations ORDER BY email')).rows;

  beforeAll(async () => {
    enrollment = await startTestService('enrollment', (config) => EnrollmentModule.forRoot(config, { writeSchema: false }));
    db = new Client({ connectionString: testDatabaseUrl(), options: `-c search_path=${enrollment.config.databaseSchema}` });
    await db.connect();
    const create = async (name: string) => (await enrollment.graphql<{ createProgram: { id: string } }>(CREATE_PROGRAM, { name }, ops)).data!.createProgram.id;
    inviting = await create('Inviting crew');
    closed = await create('Closed crew');
    const set = await enrollment.graphql<{ setSelectionRules: { inviteRecoveredCustomers: boolean } }>(SET_RULES, { programId: inviting }, ops);
    expect(set.errors).toBeUndefined();
    expect(set.data!.setSelectionRules.inviteRecoveredCustomers).toBe(true);
  });

  afterAll(async () => {
    await db?.end();
    await enrollment?.close();
  });

  it('does not invite by default', async () => {
    expect((await enrollment.graphql<{ selectionRules: { inviteRecoveredCustomers: boolean } }>(RULES, { programId: closed })).data).toEqual({ selectionRules: { inviteRecoveredCustomers: false } });
    await publishAndSettle(enrollment, RECOVERY_CONSUMER_GROUP, CustomerRecovered, envelopeFor(CustomerRecovered, recovered(closed, 'rita@example.com'), 'recovery'), 'handled');
    expect(await invitations()).toEqual([]);
  });

  it('invites a recovered customer once, and their application counts as from recovery', async () => {
    const event = recovered(inviting, 'Rob.Recovered@example.com');
    const envelope = envelopeFor(CustomerRecovered, event, 'recovery');
    await publishAndSettle(enrollment, RECOVERY_CONSUMER_GROUP, CustomerRecovered, envelope, 'handled');
    await publishAndSettle(enrollment, RECOVERY_CONSUMER_GROUP, CustomerRecovered, envelope, 'duplicate');
    // Recovery reporting the same customer again (a new claim) sends no second invitation.
    await publishAndSettle(enrollment, RECOVERY_CONSUMER_GROUP, CustomerRecovered, envelopeFor(CustomerRecovered, { ...event, claimId: randomUUID() }, 'recovery'), 'handled');
    expect(await invitations()).toEqual([{ program_id: inviting, email: 'rob.recovered@example.com' }]);

    const sent = await invitationsSent(30_000, 1);
    expect(sent.map((e) => [e.type, e.payload.programId, e.payload.email, e.payload.source])).toEqual([['InvitationSent', inviting, 'rob.recovered@example.com', 'RECOVERY']]);
    expect(await invitationsSent(3_000)).toHaveLength(1);

    const submitted = await enrollment.graphql<{ submitApplication: { application: { id: string } } }>(SUBMIT, {
      input: { programId: inviting, email: 'rob.recovered@example.com', name: 'Rob Recovered', country: 'DE', priorOrders: 1, acceptedTerms: true },
    });
    expect(submitted.errors).toBeUndefined();
    const seen = await enrollment.graphql<{ application: { source: string } }>(APPLICATION, { id: submitted.data!.submitApplication.application.id }, ops);
    expect(seen.data).toEqual({ application: { source: 'RECOVERY_INVITATION' } });

    const direct = await enrollment.graphql<{ submitApplication: { application: { id: string } } }>(SUBMIT, {
      input: { programId: inviting, email: 'dana.direct@example.com', name: 'Dana Direct', country: 'DE', priorOrders: 1, acceptedTerms: true },
    });
    const directSeen = await enrollment.graphql<{ application: { source: string } }>(APPLICATION, { id: direct.data!.submitApplication.application.id }, ops);
    expect(directSeen.data).toEqual({ application: { source: 'DIRECT' } });
  });

  it('does not invite someone who already has an open application', async () => {
    await publishAndSettle(enrollment, RECOVERY_CONSUMER_GROUP, CustomerRecovered, envelopeFor(CustomerRecovered, recovered(inviting, 'dana.direct@example.com'), 'recovery'), 'handled');
    expect((await invitations()).map((r) => r.email)).toEqual(['rob.recovered@example.com']);
  });
});
