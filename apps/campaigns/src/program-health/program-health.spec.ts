import { checkPeriod, CustomerActivity, isOwner, median, programHealth, shareBps } from './program-health';

const customer = (over: Partial<CustomerActivity>): CustomerActivity => ({
  ordersBefore: 0,
  ordersInPeriod: 1,
  referred: false,
  contributedIdea: false,
  contributedReview: false,
  ...over,
});
const at = (hours: number) => new Date(Date.UTC(2026, 4, 1) + hours * 3_600_000);

describe('program health', () => {
  it('calls a customer an owner only when they bought again and referred or contributed', () => {
    expect(isOwner(customer({ ordersInPeriod: 2, referred: true }))).toBe(true);
    expect(isOwner(customer({ ordersBefore: 1, ordersInPeriod: 1, contributedIdea: true }))).toBe(true);
    expect(isOwner(customer({ ordersBefore: 3, ordersInPeriod: 1, contributedReview: true }))).toBe(true);
    // Bought once only, however engaged.
    expect(isOwner(customer({ ordersInPeriod: 1, referred: true, contributedIdea: true }))).toBe(false);
    // Loyal buyer who never referred or contributed.
    expect(isOwner(customer({ ordersInPeriod: 5 }))).toBe(false);
    // A repeat buyer from before who did not buy in the period.
    expect(isOwner(customer({ ordersBefore: 4, ordersInPeriod: 0, referred: true }))).toBe(false);
  });

  it('computes the ownership quotient over customers who ordered in the period', () => {
    const figures = programHealth({
      customers: [
        customer({ ordersInPeriod: 2, referred: true }),
        customer({ ordersBefore: 1, contributedIdea: true }),
        customer({}),
        customer({ ordersInPeriod: 0, ordersBefore: 9, referred: true }),
      ],
      activeAmbassadors: 4,
      attributedSalesMinor: 120_000,
      commissionCostMinor: 12_345,
      ideas: [],
      recovered: [],
    });
    expect(figures).toMatchObject({ customers: 3, owners: 2, ownershipQuotientBps: 6667, activeAmbassadors: 4, commissionCostShareBps: 1029 });
  });

  it('weighs groups of alike customers by their count', () => {
    const figures = programHealth({
      customers: [customer({ count: 30, ordersInPeriod: 2, contributedReview: true }), customer({ count: 70 }), customer({ count: 5, ordersInPeriod: 0, ordersBefore: 2 })],
      activeAmbassadors: 0,
      attributedSalesMinor: 0,
      commissionCostMinor: 0,
      ideas: [],
      recovered: [],
    });
    expect(figures).toMatchObject({ customers: 100, owners: 30, ownershipQuotientBps: 3000 });
  });

  it('gives the idea answer rate and the median time to a first answer', () => {
    const figures = programHealth({
      customers: [],
      activeAmbassadors: 0,
      attributedSalesMinor: 0,
      commissionCostMinor: 0,
      ideas: [
        { submittedAt: at(0), firstAnsweredAt: at(2) },
        { submittedAt: at(0), firstAnsweredAt: at(10) },
        { submittedAt: at(1), firstAnsweredAt: at(49) },
        { submittedAt: at(3), firstAnsweredAt: null },
      ],
      recovered: [],
    });
    expect(figures).toMatchObject({ ideasSubmitted: 4, ideasAnswered: 3, ideaAnswerRateBps: 7500, medianFirstAnswerSeconds: 10 * 3600 });
    // Nothing to divide by: no figure rather than a made-up zero.
    expect(figures).toMatchObject({ ownershipQuotientBps: null, commissionCostShareBps: null });
  });

  it('counts recovered customers who later bought or joined', () => {
    const figures = programHealth({
      customers: [],
      activeAmbassadors: 0,
      attributedSalesMinor: 0,
      commissionCostMinor: 0,
      ideas: [],
      recovered: [
        { recoveredAt: at(0), boughtAfter: true, joinedAfter: true },
        { recoveredAt: at(0), boughtAfter: true, joinedAfter: false },
        { recoveredAt: at(0), boughtAfter: false, joinedAfter: false },
      ],
    });
    expect(figures).toMatchObject({ recoveredCustomers: 3, recoveredWhoBought: 2, recoveredWhoJoined: 1 });
  });

  it('rounds shares half-even and takes the lower-middle mean of an even median', () => {
    expect(shareBps(1, 3)).toBe(3333);
    expect(shareBps(1, 20_000)).toBe(0);
    expect(shareBps(3, 20_000)).toBe(2);
    expect(shareBps(5, 0)).toBeNull();
    expect(median([4, 1, 3, 2])).toBe(2);
    expect(median([7])).toBe(7);
    expect(median([])).toBeNull();
  });

  it('accepts a period up to a year, with its end after its start', () => {
    expect(checkPeriod(at(0), at(24))).toBeNull();
    expect(checkPeriod(at(24), at(0))).toEqual({ field: 'to', problem: 'to: must be after from' });
    expect(checkPeriod(at(0), at(367 * 24))?.field).toBe('to');
  });
});
