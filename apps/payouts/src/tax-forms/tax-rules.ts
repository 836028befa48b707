// Tax rules for paying US ambassadors as non-employees (IRS Form 1099-NEC).

export const taxFormKinds = ['W9', 'W8BEN', 'W8BENE'] as const;
export type TaxFormKind = (typeof taxFormKinds)[number];
export const taxFormStatuses = ['RECEIVED', 'VERIFIED', 'REJECTED'] as const;
export type TaxFormStatus = (typeof taxFormStatuses)[number];

/**
 * The 1099-NEC reporting threshold in US cents for payments made in a year: $600 through
 * 2025; the One Big Beautiful Bill Act raised it to $2,000 for payments made after 2025.
 */
export function form1099Threshold(year: number): bigint {
  return year >= 2026 ? 200_000n : 60_000n;
}

export interface TaxPosition {
  country: string;
  /** The form on file that counts: received or verified, not rejected. */
  formOnFile: TaxFormKind | null;
}

/** A W-9 on file is what lets a US person be paid past the threshold (and be reported). */
export function hasW9(position: TaxPosition): boolean {
  return position.formOnFile === 'W9';
}

/**
 * Why a payment must wait for a W-9, or null: a US ambassador whose USD payments this
 * year, with this one, would reach the 1099-NEC threshold, and no W-9 is on file.
 */
export function taxHoldReason(position: TaxPosition, currency: string, paidThisYearMinor: bigint, paymentMinor: bigint, year: number): string | null {
  if (position.country !== 'US' || currency !== 'USD' || hasW9(position)) return null;
  const threshold = form1099Threshold(year);
  const total = paidThisYearMinor + paymentMinor;
  if (total < threshold) return null;
  return `payments in ${year} would reach ${total} USD cents, at or above the 1099-NEC threshold of ${threshold}, and no W-9 is on file`;
}

/** Whether a US ambassador's payments in a year call for a 1099-NEC. */
export function needs1099(country: string, paidInYearMinor: bigint, year: number): boolean {
  return country === 'US' && paidInYearMinor >= form1099Threshold(year);
}
