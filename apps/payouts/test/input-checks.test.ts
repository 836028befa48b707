import { as, PayoutsTestApp, startPayoutsTestApp } from './support/payouts-test-app';

// Ids that are not ids are bad input naming the argument, never a database error (500).
describe('payouts input checks', () => {
  let app: PayoutsTestApp;

  beforeAll(async () => {
    app = await startPayoutsTestApp();
  });

  afterAll(async () => {
    await app?.close();
  });

  it.each([
    ['payoutAmbassador', 'id', `query { payoutAmbassador(id: "not-a-uuid") { balances { currency } } }`, as.finance],
    ['ledgerHistory', 'before', `query { payoutAmbassador(id: "00000000-0000-4000-8000-000000000001") { ledgerHistory(before: "nope") { transactionId } } }`, as.finance],
    ['ledgerTransactions', 'before', `query { ledgerTransactions(filter: {}, before: "nope") { transactionId } }`, as.finance],
    ['openPayoutAccount', 'ambassadorId', `mutation { openPayoutAccount(ambassadorId: "not-a-uuid") { stripeAccountId } }`, as.admin],
    ['payoutOnboardingLink', 'ambassadorId', `mutation { payoutOnboardingLink(ambassadorId: "not-a-uuid") { url } }`, as.admin],
    ['payoutRun', 'payoutRunId', `query { payoutRun(id: "nope") { status } }`, as.finance],
    ['reconciliationReport', 'reportId', `query { reconciliationReport(id: "nope") { status } }`, as.finance],
  ])('%s refuses a malformed %s', async (_name, field, query, caller) => {
    const answer = await app.service.graphql(query, {}, caller);
    expect(answer.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' }, message: expect.stringContaining(field) });
  });

  it('still answers a well-formed id that names nothing', async () => {
    const answer = await app.service.graphql<{ payoutAmbassador: { balances: unknown[]; ledgerHistory: unknown[] } }>(
      `query { payoutAmbassador(id: "00000000-0000-4000-8000-000000000001") { balances { currency } ledgerHistory(before: "00000000-0000-4000-8000-000000000002") { transactionId } } }`,
      {},
      as.finance,
    );
    expect(answer.errors).toBeUndefined();
    expect(answer.data!.payoutAmbassador).toEqual({ balances: [], ledgerHistory: [] });
  });
});
