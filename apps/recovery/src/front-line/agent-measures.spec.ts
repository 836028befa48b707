import { agentMeasures, HandledClaim } from './agent-measures';

const at = (minutes: number) => new Date(Date.UTC(2026, 2, 1, 8, minutes));
const claim = (overrides: Partial<HandledClaim> = {}): HandledClaim => ({
  createdAt: at(0),
  finishedAt: at(10),
  slaDueAt: null,
  decidedAt: null,
  satisfaction: null,
  customerReported: false,
  ...overrides,
});
const now = at(10_000);

describe('agent measures', () => {
  it('shows internal measures beside the ratings', () => {
    const measures = agentMeasures([claim({ finishedAt: at(10), satisfaction: 5 }), claim({ finishedAt: at(30), satisfaction: 3 }), claim({ finishedAt: null })], 0, now);
    expect(measures).toEqual({
      claimsHandled: 3,
      medianMinutesToResolve: 20,
      slaTracked: 0,
      slaMet: 0,
      slaMetShare: null,
      abuseReportsFiled: 0,
      ratingsCount: 2,
      averageSatisfaction: 4,
      ratingsExcludedAfterAbuse: 0,
    });
  });

  it('counts SLA met when decided by the due time, and a claim past due as missed', () => {
    const measures = agentMeasures(
      [
        claim({ slaDueAt: at(60), decidedAt: at(30) }),
        claim({ slaDueAt: at(60), decidedAt: at(90) }),
        claim({ slaDueAt: at(60), decidedAt: null, finishedAt: null }),
        claim({ slaDueAt: at(20_000), decidedAt: null, finishedAt: null }),
      ],
      0,
      now,
    );
    expect([measures.slaTracked, measures.slaMet, measures.slaMetShare]).toEqual([3, 1, 0.3333]);
  });

  it('never lowers an agent for an abuse report: the abusive customer rating is left out', () => {
    const before = agentMeasures([claim({ satisfaction: 5 }), claim({ satisfaction: 4 })], 0, now);
    const after = agentMeasures([claim({ satisfaction: 5 }), claim({ satisfaction: 4 }), claim({ satisfaction: 1, customerReported: true })], 1, now);
    expect(after.averageSatisfaction).toBe(before.averageSatisfaction);
    expect(after.ratingsExcludedAfterAbuse).toBe(1);
    expect(after.abuseReportsFiled).toBe(1);
    expect(after.claimsHandled).toBeGreaterThan(before.claimsHandled);
  });

  it('has no median or average with nothing to measure', () => {
    expect(agentMeasures([], 0, now)).toMatchObject({ claimsHandled: 0, medianMinutesToResolve: null, averageSatisfaction: null, slaMetShare: null });
  });
});
