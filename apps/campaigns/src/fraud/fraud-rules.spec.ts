import { clickBurst, decisionProblem, orderFindings, OrderSignals } from './fraud-rules';

const calm: OrderSignals = {
  orderId: 'o1', method: 'CODE', discountCode: 'ANA', customerId: 'c', customerOrdersLastDay: 1, paymentFingerprint: 'fp',
  fingerprintCustomersLastDay: 1, codeCustomersLastWeek: 2, ambassadorClicksLastWeek: 5,
};

describe('fraud rules', () => {
  it('flags a burst of clicks from one address, once per link, address and hour', () => {
    expect(clickBurst({ linkId: 'l', addressHash: 'a', clicks: 19, since: new Date(), hour: 'h' })).toBeNull();
    expect(clickBurst({ linkId: 'l', addressHash: 'a', clicks: 20, since: new Date(), hour: '2026-01-01T10' })).toMatchObject({ kind: 'CLICK_BURST', dedupeKey: 'CLICK_BURST:l:a:2026-01-01T10' });
  });

  it('finds nothing in an ordinary order', () => {
    expect(orderFindings(calm)).toEqual([]);
  });

  it('flags many orders from one customer and many customers on one card', () => {
    expect(orderFindings({ ...calm, customerOrdersLastDay: 3 }).map((f) => f.kind)).toEqual(['CUSTOMER_VELOCITY']);
    expect(orderFindings({ ...calm, fingerprintCustomersLastDay: 4 }).map((f) => f.kind)).toEqual(['PAYMENT_FINGERPRINT']);
  });

  it('flags a code spreading without clicks (coupon sites), not a code its ambassador promotes', () => {
    expect(orderFindings({ ...calm, codeCustomersLastWeek: 12, ambassadorClicksLastWeek: 0 })[0]).toMatchObject({ kind: 'CODE_LEAK', evidence: { customersLastWeek: 12 } });
    expect(orderFindings({ ...calm, codeCustomersLastWeek: 12, ambassadorClicksLastWeek: 3 })).toEqual([]);
    expect(orderFindings({ ...calm, method: 'CLICK', codeCustomersLastWeek: 12, ambassadorClicksLastWeek: 0 })).toEqual([]);
  });

  it('decides only open flags, and voids only a flag on a commission', () => {
    expect(decisionProblem({ status: 'OPEN', commissionId: 'x' }, 'VOID')).toBeNull();
    expect(decisionProblem({ status: 'CLEARED', commissionId: 'x' }, 'CLEAR')).toContain('already decided');
    expect(decisionProblem({ status: 'OPEN', commissionId: null }, 'VOID')).toContain('no commission');
  });
});
