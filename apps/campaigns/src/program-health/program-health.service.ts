import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { checkPeriod, CustomerActivity, IdeaTiming, ProgramHealthFigures, programHealth, RecoveredCustomer } from './program-health';
import { ProgramHealthErrorCode, ProgramHealthException } from './program-health.exception';
import { isUuid } from '@streetteam/contracts';

export interface ProgramHealthReport extends ProgramHealthFigures {
  programId: string;
  from: Date;
  to: Date;
  currency: string;
}

/**
 * Gathers a program's facts for a period [from, to) from campaigns' own tables (orders,
 * conversions, commissions, ambassadors, ideas, missions, recovered customers) in one
 * snapshot, and hands them to the rule. Customers are customer identities (hashEmail).
 */
@Injectable()
export class ProgramHealthService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async report(programId: string, from: Date, to: Date): Promise<ProgramHealthReport> {
    const problem = checkPeriod(from, to);
    if (problem) throw new ProgramHealthException(ProgramHealthErrorCode.INVALID_PERIOD, problem.problem, { field: problem.field });
    // REPEATABLE READ: every figure is read from the same snapshot.
    return this.dataSource.transaction('REPEATABLE READ', async (manager) => {
      const [program]: Array<{ currency: string }> = isUuid(programId) ? await manager.query(`SELECT currency FROM programs WHERE id = $1`, [programId]) : [];
      if (!program) throw new ProgramHealthException(ProgramHealthErrorCode.UNKNOWN_PROGRAM, `programId: program ${programId} is not known to campaigns`, { field: 'programId' });
      const period = [programId, from, to];
      const [customers, money, activeAmbassadors, ideas, recovered] = [
        await this.customers(manager, period),
        await this.money(manager, period),
        await this.activeAmbassadors(manager, period),
        await this.ideas(manager, period),
        await this.recovered(manager, period),
      ];
      return { programId, from, to, currency: program.currency, ...programHealth({ customers, ...money, activeAmbassadors, ideas, recovered }) };
    });
  }

  // Alike customers grouped (orders capped at 2: the rule asks "again?", not "how often?"), so a program of
  // many customers comes back as at most a few dozen rows.
  private async customers(manager: EntityManager, period: unknown[]): Promise<CustomerActivity[]> {
    const rows: Array<{ n: number; before: number; during: number; referred: boolean; idea: boolean; review: boolean }> = await manager.query(
      `WITH buyers AS (
         SELECT customer_email_hash AS who,
                least(count(*) FILTER (WHERE placed_at < $2), 2)::int AS before,
                least(count(*) FILTER (WHERE placed_at >= $2), 2)::int AS during
           FROM orders WHERE program_id = $1 AND placed_at < $3
          GROUP BY customer_email_hash HAVING count(*) FILTER (WHERE placed_at >= $2) > 0),
       referrers AS (
         SELECT DISTINCT a.customer_email_hash AS who FROM conversions c JOIN ambassadors a ON a.id = c.ambassador_id
          WHERE c.program_id = $1 AND c.outcome = 'ATTRIBUTED' AND c.placed_at >= $2 AND c.placed_at < $3 AND a.customer_email_hash IS NOT NULL),
       idea_givers AS (
         SELECT submitter_email_hash AS who FROM ideas WHERE program_id = $1 AND created_at >= $2 AND created_at < $3 AND submitter_email_hash IS NOT NULL
         UNION
         SELECT a.customer_email_hash FROM ideas i JOIN ambassadors a ON a.id = i.ambassador_id
          WHERE i.program_id = $1 AND i.created_at >= $2 AND i.created_at < $3 AND a.customer_email_hash IS NOT NULL),
       reviewers AS (
         SELECT DISTINCT a.customer_email_hash AS who FROM mission_submissions s JOIN missions m ON m.id = s.mission_id JOIN ambassadors a ON a.id = s.ambassador_id
          WHERE m.program_id = $1 AND m.kind = 'PRODUCT_REVIEW' AND s.status = 'APPROVED' AND s.reviewed_at >= $2 AND s.reviewed_at < $3 AND a.customer_email_hash IS NOT NULL)
       SELECT count(*)::int AS n, b.before, b.during,
              (r.who IS NOT NULL) AS referred, (i.who IS NOT NULL) AS idea, (v.who IS NOT NULL) AS review
         FROM buyers b
         LEFT JOIN referrers r ON r.who = b.who
         LEFT JOIN idea_givers i ON i.who = b.who
         LEFT JOIN reviewers v ON v.who = b.who
        GROUP BY 2, 3, 4, 5, 6`,
      period,
    );
    return rows.map((r) => ({ count: r.n, ordersBefore: r.before, ordersInPeriod: r.during, referred: r.referred, contributedIdea: r.idea, contributedReview: r.review }));
  }

  // Net of what was reversed: commissions of every source cost money; sales are the orders' (not bounties').
  private async money(manager: EntityManager, period: unknown[]): Promise<{ attributedSalesMinor: number; commissionCostMinor: number }> {
    const [row]: Array<{ sales: string; cost: string }> = await manager.query(
      `SELECT coalesce(sum(sale_amount_minor - reversed_sale_minor) FILTER (WHERE source IN ('ORDER', 'RECURRING_ORDER')), 0) AS sales,
              coalesce(sum(amount_minor - reversed_minor), 0) AS cost
         FROM commissions WHERE program_id = $1 AND earned_at >= $2 AND earned_at < $3`,
      period,
    );
    return { attributedSalesMinor: Number(row.sales), commissionCostMinor: Number(row.cost) };
  }

  // Active: ACTIVE now, and did something for the program in the period (earned, took up a mission, gave an idea).
  private async activeAmbassadors(manager: EntityManager, period: unknown[]): Promise<number> {
    const [row]: Array<{ n: number }> = await manager.query(
      `SELECT count(*)::int AS n FROM ambassadors a
        WHERE a.program_id = $1 AND a.status = 'ACTIVE' AND (
          EXISTS (SELECT 1 FROM commissions c WHERE c.ambassador_id = a.id AND c.earned_at >= $2 AND c.earned_at < $3)
          OR EXISTS (SELECT 1 FROM mission_submissions s WHERE s.ambassador_id = a.id AND s.submitted_at >= $2 AND s.submitted_at < $3)
          OR EXISTS (SELECT 1 FROM ideas i WHERE i.ambassador_id = a.id AND i.created_at >= $2 AND i.created_at < $3))`,
      period,
    );
    return row.n;
  }

  private async ideas(manager: EntityManager, period: unknown[]): Promise<IdeaTiming[]> {
    const rows: Array<{ created_at: Date; first_answered_at: Date | null }> = await manager.query(
      `SELECT created_at, first_answered_at FROM ideas WHERE program_id = $1 AND created_at >= $2 AND created_at < $3`,
      period,
    );
    return rows.map((r) => ({ submittedAt: r.created_at, firstAnsweredAt: r.first_answered_at }));
  }

  // Each customer once (their first recovery in the period); bought: an order after it; joined: activated as an ambassador after it.
  private async recovered(manager: EntityManager, period: unknown[]): Promise<RecoveredCustomer[]> {
    const rows: Array<{ recovered_at: Date; bought: boolean; joined: boolean }> = await manager.query(
      `WITH firsts AS (
         SELECT DISTINCT ON (customer_email_hash) customer_email_hash, customer_id, recovered_at FROM recovered_customers
          WHERE program_id = $1 AND recovered_at >= $2 AND recovered_at < $3 ORDER BY customer_email_hash, recovered_at)
       SELECT f.recovered_at,
              EXISTS (SELECT 1 FROM orders o WHERE o.program_id = $1 AND (o.customer_email_hash = f.customer_email_hash OR o.customer_id = f.customer_id) AND o.placed_at > f.recovered_at) AS bought,
              EXISTS (SELECT 1 FROM ambassadors a WHERE a.program_id = $1 AND a.customer_email_hash = f.customer_email_hash AND a.activated_at >= f.recovered_at) AS joined
         FROM firsts f`,
      period,
    );
    return rows.map((r) => ({ recoveredAt: r.recovered_at, boughtAfter: r.bought, joinedAfter: r.joined }));
  }
}
