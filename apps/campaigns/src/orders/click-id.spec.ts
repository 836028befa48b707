import { withCanonicalClickId } from './click-id';

describe('withCanonicalClickId', () => {
  it('lower-cases a click id sent in capitals, and leaves the rest of the order as it was', () => {
    const order = { orderId: 'o-1', clickId: '3F2504E0-4F89-11D3-9A0C-0305E82C3301' };
    expect(withCanonicalClickId(order)).toEqual({ orderId: 'o-1', clickId: '3f2504e0-4f89-11d3-9a0c-0305e82c3301' });
    expect(order.clickId).toBe('3F2504E0-4F89-11D3-9A0C-0305E82C3301');
  });

  it('gives back the same object when there is nothing to change', () => {
    const lower = { orderId: 'o-2', clickId: '3f2504e0-4f89-11d3-9a0c-0305e82c3301' };
    const none: { orderId: string; clickId?: string } = { orderId: 'o-3' };
    expect(withCanonicalClickId(lower)).toBe(lower);
    expect(withCanonicalClickId(none)).toBe(none);
  });
});
