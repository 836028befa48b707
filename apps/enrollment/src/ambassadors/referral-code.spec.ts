import { generateReferralCode } from './referral-code';

describe('generateReferralCode', () => {
  it('starts with the letters of the name, accents dropped, and ends with four unambiguous characters', () => {
    expect(generateReferralCode('Ana Sílva-Ortega', () => 0)).toBe('ANASIL-AAAA');
    expect(generateReferralCode('Ana Silva')).toMatch(/^ANASIL-[A-HJKMNP-Z2-9]{4}$/);
  });

  it('falls back to AMB when the name has no latin letters', () => {
    expect(generateReferralCode('李小龙', () => 1)).toBe('AMB-BBBB');
  });
});
