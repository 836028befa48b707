import { automaticOutcome, canMove, reapplyFrom, scoreApplication } from './application-scoring';
import { DEFAULT_SELECTION_RULES, SelectionRules } from './selection-rules';

const now = new Date('2026-11-23T12:00:00.000Z');
const daysAgo = (days: number) => new Date(now.getTime() - days * 86400000);
const rules: SelectionRules = {
  ...DEFAULT_SELECTION_RULES,
  minPriorOrders: 2,
  minAccountAgeDays: 30,
  allowedCountries: ['US', 'CA'],
  requiredQuestions: [{ key: 'why', prompt: 'Why us?' }],
  autoApproveScore: 75,
  capacity: 10,
};
const keen = { country: 'US', priorOrders: 3, customerSince: daysAgo(90), answers: [{ questionKey: 'why', answer: 'I love it' }] };

describe('scoreApplication', () => {
  it('scores 100 and explains each rule when every rule passes', () => {
    const { score, results } = scoreApplication(keen, rules, now);
    expect(score).toBe(100);
    expect(results).toEqual([
      { rule: 'PRIOR_ORDERS', passed: true, detail: '3 prior order(s); at least 2 required' },
      { rule: 'ACCOUNT_AGE', passed: true, detail: 'customer for 90 day(s); at least 30 required' },
      { rule: 'COUNTRY', passed: true, detail: 'US; allowed: US, CA' },
      { rule: 'REQUIRED_QUESTIONS', passed: true, detail: 'all 1 required question(s) answered' },
    ]);
  });

  it('fails the country and question rules when the applicant is elsewhere and leaves an answer blank', () => {
    const { score, results } = scoreApplication({ ...keen, country: 'FR', answers: [{ questionKey: 'why', answer: '  ' }] }, rules, now);
    expect(score).toBe(50);
    expect(results.filter((r) => !r.passed).map((r) => [r.rule, r.detail])).toEqual([
      ['COUNTRY', 'FR; allowed: US, CA'],
      ['REQUIRED_QUESTIONS', 'unanswered: why'],
    ]);
  });

  it('counts an unknown customer-since date as a new customer', () => {
    const { results } = scoreApplication({ ...keen, customerSince: null }, rules, now);
    expect(results[1]).toEqual({ rule: 'ACCOUNT_AGE', passed: false, detail: 'customer since: not given; at least 30 required' });
  });
});

describe('automaticOutcome', () => {
  it('approves at once when the score reaches the threshold and there is room', () => {
    expect(automaticOutcome(75, rules, 9)).toBe('APPROVED');
  });

  it('waitlists when the score is enough but the program is full', () => {
    expect(automaticOutcome(100, rules, 10)).toBe('WAITLISTED');
  });

  it('leaves the application for review when the score is below the threshold or there is none', () => {
    expect(automaticOutcome(74, rules, 0)).toBe('SUBMITTED');
    expect(automaticOutcome(100, DEFAULT_SELECTION_RULES, 0)).toBe('SUBMITTED');
  });
});

describe('application states', () => {
  it('lets an open application be reviewed, decided or withdrawn', () => {
    expect(canMove('SUBMITTED', 'UNDER_REVIEW')).toBe(true);
    expect(canMove('WAITLISTED', 'APPROVED')).toBe(true);
    expect(canMove('UNDER_REVIEW', 'WITHDRAWN')).toBe(true);
  });

  it('never reopens a decided or withdrawn application', () => {
    expect(canMove('APPROVED', 'REJECTED')).toBe(false);
    expect(canMove('REJECTED', 'UNDER_REVIEW')).toBe(false);
    expect(canMove('WITHDRAWN', 'SUBMITTED')).toBe(false);
  });

  it('lets a rejected applicant apply again after the cool-down', () => {
    expect(reapplyFrom(now, { ...rules, reapplyCooldownDays: 30 })).toEqual(new Date('2026-12-23T12:00:00.000Z'));
  });
});
