/** One claim an agent handled, as the dashboard weighs it. */
export interface HandledClaim {
  createdAt: Date;
  /** When it was made right or declined; null while still open. */
  finishedAt: Date | null;
  slaDueAt: Date | null;
  /** When a human decided it (for the SLA). */
  decidedAt: Date | null;
  /** The customer's follow-up satisfaction, 1 to 5, if they answered. */
  satisfaction: number | null;
  /** The customer was reported for abuse on this claim or by this agent. */
  customerReported: boolean;
}

export interface AgentMeasures {
  claimsHandled: number;
  medianMinutesToResolve: number | null;
  slaTracked: number;
  slaMet: number;
  /** 0 to 1; null when none of the agent's claims had an SLA. */
  slaMetShare: number | null;
  abuseReportsFiled: number;
  ratingsCount: number;
  averageSatisfaction: number | null;
  /** Ratings left out because the agent reported that customer for abuse. */
  ratingsExcludedAfterAbuse: number;
}

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

const round = (value: number, places: number) => Math.round(value * 10 ** places) / 10 ** places;

/**
 * An agent's internal measures beside customer ratings, never ratings alone. Filing an
 * abuse report never counts against the agent: it is counted as work done, and the
 * rating of a customer the agent reported is left out of the agent's average.
 */
export function agentMeasures(claims: HandledClaim[], abuseReportsFiled: number, now: Date): AgentMeasures {
  const minutes = claims.filter((c) => c.finishedAt).map((c) => ((c.finishedAt as Date).getTime() - c.createdAt.getTime()) / 60_000);
  const tracked = claims.filter((c) => c.slaDueAt && (c.decidedAt || now > (c.slaDueAt as Date)));
  const met = tracked.filter((c) => c.decidedAt && c.decidedAt <= (c.slaDueAt as Date));
  const rated = claims.filter((c) => c.satisfaction !== null);
  const counted = rated.filter((c) => !c.customerReported);
  const mid = median(minutes);
  return {
    claimsHandled: claims.length,
    medianMinutesToResolve: mid === null ? null : round(mid, 1),
    slaTracked: tracked.length,
    slaMet: met.length,
    slaMetShare: tracked.length === 0 ? null : round(met.length / tracked.length, 4),
    abuseReportsFiled,
    ratingsCount: counted.length,
    averageSatisfaction: counted.length === 0 ? null : round(counted.reduce((sum, c) => sum + (c.satisfaction as number), 0) / counted.length, 2),
    ratingsExcludedAfterAbuse: rated.length - counted.length,
  };
}
