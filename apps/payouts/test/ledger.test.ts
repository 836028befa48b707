import { randomUUID } from 'node:crypto';
import { CommissionEarned, CommissionReleasedPayload, ProgramCreated, Topics } from '@streetteam/contracts';
import { envelopeFor, publishAndSettle } from '@streetteam/service-testing';
import { kafkaBrokers, readTopic } from '@streetteam/testing';
import { COMMISSIONS_CONSUMER_GROUP } from '../src/commissions/commission-events.consumer';
import { CommissionService } from '../src/commissions/commission.service';
import { activateAmbassador, as, commission, earn, hold, integrity, PayoutsTestApp, position, reversal, reverse, startPayoutsTestApp } from './support/payouts-test-app';

describe('payouts ledger', () => {
  let app: PayoutsTestApp;
  const later = () => new Date(Date.now() + 60 * 86_400_000);

  beforeAll(async () => {
    app = await startPayoutsTestApp();
  });

  afterAll(async () => {
    await app?.close();
  });

  it('books an earning as pending, once, even in a new envelope', async () => {
    const ambassadorId = await activateAmbassador(app);
    const c = await earn(app, commission(ambassadorId, 1250));
    await publishAndSettle(app.service, COMMISSIONS_CONSUMER_GROUP, CommissionEarned, envelopeFor(CommissionEarned, c), 'handled');
    expect(await position(app, ambassadorId)).toEqual({ pending: 1250, available: 0, paidOut: 0, clawback: 0 });
    expect(await integrity(app)).toEqual({ balanceMismatches: 0, unbalancedTransactions: 0, unbalancedCurrencies: [] });
  });

  it('releases what passed its hold, once across concurrent replicas, with CommissionReleased; fraud holds stay pending', async () => {
    const ambassadorId = await activateAmbassador(app);
    const due = await earn(app, commission(ambassadorId, 1000));
    const notYet = await earn(app, commission(ambassadorId, 700, { holdUntil: new Date(Date.now() + 90 * 86_400_000).toISOString() }));
    const held = await earn(app, commission(ambassadorId, 300));
    await hold(app, held, true);
    const jobs = app.service.app.get(CommissionService);
    // Several replicas running the job at once move each commission once.
    const moved = await Promise.all([jobs.releaseDue(later()), jobs.releaseDue(later()), jobs.releaseDue(later())]);
    expect(moved.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(1);
    expect(await jobs.releaseDue(later())).toBe(0);
    const p = await position(app, ambassadorId);
    expect(p.available).toBe(1000);
    expect(p.pending).toBe(1000); // 700 still in its hold, 300 on fraud hold
    const released = await readTopic<{ type: string; payload: CommissionReleasedPayload }>(kafkaBrokers(), `${app.service.topicPrefix}${Topics.payoutsCommissions}`, {
      until: (messages) => messages.some((m) => m.value?.payload.commissionId === due.commissionId),
      timeoutMs: 20_000,
    });
    expect(released.filter((m) => m.value?.payload.commissionId === due.commissionId)).toHaveLength(1);
    expect(released.some((m) => m.value?.payload.commissionId === held.commissionId || m.value?.payload.commissionId === notYet.commissionId)).toBe(false);
    await hold(app, held, false);
    await jobs.releaseDue(later());
    expect((await position(app, ambassadorId)).available).toBe(1300);
  });

  it('holds a commission at least the program\'s hold days (its guarantee window)', async () => {
    const programId = randomUUID();
    await publishAndSettle(
      app.service,
      'payouts.programs',
      ProgramCreated,
      envelopeFor(ProgramCreated, { programId, name: 'Long guarantee', currency: 'USD', guaranteeWindowDays: 120, createdAt: new Date().toISOString() }),
      'handled',
    );
    const ambassadorId = await activateAmbassador(app);
    const earnedAt = new Date(Date.now() - 86_400_000).toISOString();
    await earn(app, commission(ambassadorId, 500, { programId, earnedAt, holdUntil: earnedAt }));
    await app.service.app.get(CommissionService).releaseDue(later());
    expect(await position(app, ambassadorId)).toMatchObject({ pending: 500, available: 0 });
    await app.service.app.get(CommissionService).releaseDue(new Date(Date.now() + 121 * 86_400_000));
    expect(await position(app, ambassadorId)).toMatchObject({ pending: 0, available: 500 });
  });

  it('reverses from pending or available, each reversalId once, and never more than what is left', async () => {
    const ambassadorId = await activateAmbassador(app);
    const pending = await earn(app, commission(ambassadorId, 1000, { holdUntil: new Date(Date.now() + 365 * 86_400_000).toISOString() }));
    const available = await earn(app, commission(ambassadorId, 2000));
    await app.service.app.get(CommissionService).releaseDue(later());
    const r1 = reversal(pending, 400);
    await reverse(app, r1);
    await reverse(app, { ...r1 }); // the same reversal in a new envelope
    await reverse(app, reversal(available, 500));
    await reverse(app, reversal(available, 5000)); // more than is left: only the rest
    expect(await position(app, ambassadorId)).toEqual({ pending: 600, available: 0, paidOut: 0, clawback: 0 });
    const { rows } = await app.db.query('SELECT sum(applied_minor)::int AS applied, sum(refused_minor)::int AS refused FROM commission_reversals WHERE ambassador_id = $1', [ambassadorId]);
    expect(rows[0]).toEqual({ applied: 400 + 500 + 1500, refused: 3500 });
  });

  it('refuses a reversal in another currency than its commission, taking nothing', async () => {
    const ambassadorId = await activateAmbassador(app);
    const c = await earn(app, commission(ambassadorId, 1000));
    const wrong = reversal(c, 300, { currency: 'EUR' });
    await reverse(app, wrong);
    await reverse(app, reversal(c, 200));
    expect(await position(app, ambassadorId)).toEqual({ pending: 800, available: 0, paidOut: 0, clawback: 0 });
    const { rows } = await app.db.query('SELECT applied_minor::int AS applied, refused_minor::int AS refused FROM commission_reversals WHERE reversal_id = $1', [wrong.reversalId]);
    expect(rows).toEqual([{ applied: 0, refused: 300 }]);
    expect((await app.db.query('SELECT reversed_minor::int AS reversed FROM commissions WHERE id = $1', [c.commissionId])).rows[0].reversed).toBe(200);
  });

  it('keeps a reversal that arrives before its earning and applies it when the earning lands', async () => {
    const ambassadorId = await activateAmbassador(app);
    const c = commission(ambassadorId, 900);
    await reverse(app, reversal(c, 900));
    expect((await position(app, ambassadorId)).pending).toBe(0);
    await earn(app, c);
    expect(await position(app, ambassadorId)).toEqual({ pending: 0, available: 0, paidOut: 0, clawback: 0 });
  });

  it('refuses in the database an unbalanced transaction, an edit and a deletion', async () => {
    const [account] = (await app.db.query(`SELECT id FROM ledger_accounts WHERE kind = 'COMMISSION_EXPENSE' AND currency = 'USD'`)).rows;
    const id = randomUUID();
    await app.db.query('BEGIN');
    await app.db.query(`INSERT INTO ledger_transactions (id, reference, kind, ambassador_id, currency, description) VALUES ($1, $2, 'COMMISSION_EARNED', $1, 'USD', 'forged')`, [id, `forged:${id}`]);
    await expect(app.db.query(`INSERT INTO ledger_entries (transaction_id, account_id, amount_minor, currency) VALUES ($1, $2, 100, 'USD')`, [id, account.id])).rejects.toThrow(/unbalanced/);
    await app.db.query('ROLLBACK');
    // A transaction header alone can't commit either (deferred check).
    await app.db.query('BEGIN');
    await app.db.query(`INSERT INTO ledger_transactions (id, reference, kind, ambassador_id, currency, description) VALUES ($1, $2, 'COMMISSION_EARNED', $1, 'USD', 'empty')`, [id, `empty:${id}`]);
    await expect(app.db.query('COMMIT')).rejects.toThrow(/does not balance/);
    await expect(app.db.query('UPDATE ledger_entries SET amount_minor = amount_minor + 1 WHERE id = (SELECT min(id) FROM ledger_entries)')).rejects.toThrow(/append-only/);
    await expect(app.db.query('DELETE FROM ledger_transactions WHERE id = (SELECT id FROM ledger_transactions LIMIT 1)')).rejects.toThrow(/append-only/);
  });

  it('shows an ambassador their own balance and history with a running balance, and no one else\'s', async () => {
    const ambassadorId = await activateAmbassador(app);
    const other = await activateAmbassador(app);
    const c = await earn(app, commission(ambassadorId, 800));
    await app.service.app.get(CommissionService).releaseDue(later());
    await reverse(app, reversal(c, 300));
    const query = `query ($id: ID!) { payoutAmbassador(id: $id) { balances { currency pendingMinor availableMinor netAvailableMinor } ledgerHistory { kind changeMinor balanceAfterMinor } } }`;
    const mine = await app.service.graphql<{ payoutAmbassador: { balances: unknown[]; ledgerHistory: unknown[] } }>(query, { id: ambassadorId }, as.ambassador(ambassadorId));
    expect(mine.errors).toBeUndefined();
    expect(mine.data!.payoutAmbassador.balances).toEqual([{ currency: 'USD', pendingMinor: 0, availableMinor: 500, netAvailableMinor: 500 }]);
    expect(mine.data!.payoutAmbassador.ledgerHistory).toEqual([
      { kind: 'COMMISSION_REVERSED', changeMinor: -300, balanceAfterMinor: 500 },
      { kind: 'COMMISSION_RELEASED', changeMinor: 0, balanceAfterMinor: 800 },
      { kind: 'COMMISSION_EARNED', changeMinor: 800, balanceAfterMinor: 800 },
    ]);
    const theirs = await app.service.graphql(query, { id: ambassadorId }, as.ambassador(other));
    expect(theirs.errors?.[0].extensions.code).toBe('FORBIDDEN');
    const entity = await app.service.graphql<{ _entities: Array<{ balances: unknown[] }> }>(
      `query ($r: [_Any!]!) { _entities(representations: $r) { ... on Ambassador { balances { availableMinor } } } }`,
      { r: [{ __typename: 'Ambassador', id: ambassadorId }] },
      as.ambassador(other),
    );
    expect(entity.errors?.[0].extensions.code).toBe('FORBIDDEN');
    const anonymous = await app.service.graphql(query, { id: ambassadorId });
    expect(anonymous.errors?.[0].extensions.code).toBe('UNAUTHENTICATED');
    const byFinance = await app.service.graphql<{ payoutAmbassador: { balances: Array<{ availableMinor: number }> } }>(query, { id: ambassadorId }, as.finance);
    expect(byFinance.data!.payoutAmbassador.balances[0].availableMinor).toBe(500);
    const ops = await app.service.graphql(query, { id: ambassadorId }, as.ops);
    expect(ops.errors?.[0].extensions.code).toBe('FORBIDDEN');
  });

  it('lets finance filter the journal and export it as CSV that sums to zero; others may not', async () => {
    const ambassadorId = await activateAmbassador(app);
    await earn(app, commission(ambassadorId, 4321));
    const journal = await app.service.graphql<{ ledgerTransactions: Array<{ kind: string; entries: Array<{ account: string; amountMinor: number }> }> }>(
      `query ($f: LedgerFilterInput) { ledgerTransactions(filter: $f) { kind entries { account amountMinor } } }`,
      { f: { ambassadorId, kind: 'COMMISSION_EARNED' } },
      as.finance,
    );
    expect(journal.data!.ledgerTransactions).toEqual([{ kind: 'COMMISSION_EARNED', entries: [{ account: 'COMMISSION_EXPENSE', amountMinor: 4321 }, { account: 'AMBASSADOR_PENDING', amountMinor: -4321 }] }]);
    const csv = await app.service.graphql<{ ledgerTransactionsCsv: string }>(`query ($f: LedgerFilterInput) { ledgerTransactionsCsv(filter: $f) }`, { f: { ambassadorId } }, as.finance);
    const lines = csv.data!.ledgerTransactionsCsv.trim().split('\n');
    expect(lines[0]).toBe('transaction_id,reference,posted_at,kind,ambassador_id,currency,account,amount_minor,description');
    expect(lines.slice(1).reduce((sum, line) => sum + Number(line.split(',')[7]), 0)).toBe(0);
    const bad = await app.service.graphql(`query ($f: LedgerFilterInput) { ledgerTransactions(filter: $f) { kind } }`, { f: { kind: 'NOPE' } }, as.finance);
    expect(bad.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(JSON.stringify(bad.errors)).toContain('kind');
    const byAmbassador = await app.service.graphql(`{ ledgerTransactions { kind } }`, {}, as.ambassador(ambassadorId));
    expect(byAmbassador.errors?.[0].extensions.code).toBe('FORBIDDEN');
  });
});
