import { form1099Threshold, needs1099, taxHoldReason } from './tax-rules';

describe('tax rules', () => {
  it('uses $600 through 2025 and $2,000 from 2026', () => {
    expect(form1099Threshold(2025)).toBe(60_000n);
    expect(form1099Threshold(2026)).toBe(200_000n);
  });

  it('holds a US payment that reaches the threshold without a W-9', () => {
    expect(taxHoldReason({ country: 'US', formOnFile: null }, 'USD', 190_000n, 9_999n, 2026)).toBeNull();
    expect(taxHoldReason({ country: 'US', formOnFile: null }, 'USD', 190_000n, 10_000n, 2026)).toMatch(/1099-NEC/);
    expect(taxHoldReason({ country: 'US', formOnFile: 'W8BEN' }, 'USD', 190_000n, 10_000n, 2026)).toMatch(/no W-9/);
    expect(taxHoldReason({ country: 'US', formOnFile: 'W9' }, 'USD', 190_000n, 10_000n, 2026)).toBeNull();
    expect(taxHoldReason({ country: 'FR', formOnFile: null }, 'USD', 190_000n, 10_000n, 2026)).toBeNull();
  });

  it('lists US ambassadors paid at least the threshold for a 1099-NEC', () => {
    expect(needs1099('US', 60_000n, 2025)).toBe(true);
    expect(needs1099('US', 59_999n, 2025)).toBe(false);
    expect(needs1099('CA', 900_000n, 2026)).toBe(false);
  });
});
