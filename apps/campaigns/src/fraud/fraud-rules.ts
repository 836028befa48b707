// When an ambassador's clicks or orders look like abuse. Each rule returns the evidence
// a reviewer needs; a flagged commission waits until marketing ops clear or void it.

export const fraudKinds = ['SELF_REFERRAL', 'CLICK_BURST', 'CUSTOMER_VELOCITY', 'PAYMENT_FINGERPRINT', 'CODE_LEAK'] as const;
export type FraudKind = (typeof fraudKinds)[number];

export const FraudThresholds = {
  /** Clicks on one link from one address within CLICK_BURST_MINUTES. */
  clickBurst: 20,
  clickBurstMinutes: 10,
  /** Orders of one customer (id or email) credited to one ambassador within a day. */
  customerOrdersPerDay: 3,
  /** Customers paying with one card within a day, credited to one ambassador. */
  customersPerFingerprintPerDay: 3,
  /** A code used by this many customers within a week, while the ambassador's links drew no click: it leaked to coupon sites. */
  codeLeakCustomers: 10,
  codeLeakDays: 7,
} as const;

export interface FraudFinding {
  kind: FraudKind;
  /** One flag per subject, however often the rule fires. */
  dedupeKey: string;
  evidence: Record<string, unknown>;
}

export function clickBurst(group: { linkId: string; addressHash: string; clicks: number; since: Date; hour: string }): FraudFinding | null {
  if (group.clicks < FraudThresholds.clickBurst) return null;
  return {
    kind: 'CLICK_BURST',
    dedupeKey: `CLICK_BURST:${group.linkId}:${group.addressHash}:${group.hour}`,
    evidence: { linkId: group.linkId, addressHash: group.addressHash, clicks: group.clicks, since: group.since.toISOString(), minutes: FraudThresholds.clickBurstMinutes, threshold: FraudThresholds.clickBurst },
  };
}

export interface OrderSignals {
  orderId: string;
  method: 'CODE' | 'CLICK' | 'RECURRING';
  discountCode: string | null;
  customerId: string;
  /** Orders of this customer credited to this ambassador in the day up to this order (this one included). */
  customerOrdersLastDay: number;
  paymentFingerprint: string | null;
  /** Distinct customers who paid with this card in the day up to this order. */
  fingerprintCustomersLastDay: number;
  /** Whether the ambassador's links drew a counted click in the week up to this order (0 or 1), and, when they drew none, the distinct customers who used this code in that week (0 otherwise: it can't have leaked). */
  codeCustomersLastWeek: number;
  ambassadorClicksLastWeek: number;
}

export function orderFindings(s: OrderSignals): FraudFinding[] {
  const findings: FraudFinding[] = [];
  if (s.customerOrdersLastDay >= FraudThresholds.customerOrdersPerDay) {
    findings.push({
      kind: 'CUSTOMER_VELOCITY',
      dedupeKey: `CUSTOMER_VELOCITY:${s.orderId}`,
      evidence: { orderId: s.orderId, customerId: s.customerId, ordersLastDay: s.customerOrdersLastDay, threshold: FraudThresholds.customerOrdersPerDay },
    });
  }
  if (s.paymentFingerprint && s.fingerprintCustomersLastDay >= FraudThresholds.customersPerFingerprintPerDay) {
    findings.push({
      kind: 'PAYMENT_FINGERPRINT',
      dedupeKey: `PAYMENT_FINGERPRINT:${s.orderId}`,
      evidence: { orderId: s.orderId, paymentFingerprint: s.paymentFingerprint, customersLastDay: s.fingerprintCustomersLastDay, threshold: FraudThresholds.customersPerFingerprintPerDay },
    });
  }
  if (s.method === 'CODE' && s.discountCode && s.codeCustomersLastWeek >= FraudThresholds.codeLeakCustomers && s.ambassadorClicksLastWeek === 0) {
    findings.push({
      kind: 'CODE_LEAK',
      dedupeKey: `CODE_LEAK:${s.orderId}`,
      evidence: { orderId: s.orderId, code: s.discountCode, customersLastWeek: s.codeCustomersLastWeek, clicksLastWeek: 0, threshold: FraudThresholds.codeLeakCustomers },
    });
  }
  return findings;
}

export type FlagStatus = 'OPEN' | 'CLEARED' | 'VOIDED' | 'NOTED';

/** What a decision on a flag may do: only an open flag is decided, and only a flag on a commission can be voided. */
export function decisionProblem(flag: { status: FlagStatus; commissionId: string | null }, decision: 'CLEAR' | 'VOID'): string | null {
  if (flag.status !== 'OPEN') return `the flag is ${flag.status}, already decided`;
  if (decision === 'VOID' && !flag.commissionId) return 'the flag holds no commission to void';
  return null;
}
