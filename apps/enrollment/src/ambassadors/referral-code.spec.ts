import { checkVanityCode, generateReferralCode } from './referral-code';

describe('generateReferralCode', () => {
  it('starts with the letters of the name, accents dropped, and ends with four unambiguous characters', () => {
    expect(generateReferralCode('Ana Sílva-Ortega', () => 0)).toBe('ANASIL-AAAA');
    expect(generateReferralCode('Ana Silva')).toMatch(/^ANASIL-[A-HJKMNP-Z2-9]{4}$/);
  });

  it('falls back to AMB when the name has no latin letters', () => {
    expect(generateReferralCode('李小龙', () => 1)).toBe('AMB-BBBB');
  });
});

describe('checkVanityCode', () => {
  it('upper-cases a code of letters, digits and dashes', () => {
    expect(checkVanityCode(' ana-rocks-24 ')).toEqual({ ok: true, code: 'ANA-ROCKS-24' });
  });

  it('refuses a code that is too short or too long', () => {
    expect(checkVanityCode('ab')).toEqual({ ok: false, problem: 'code must be 4 to 16 characters long' });
    expect(checkVanityCode('a'.repeat(17)).ok).toBe(false);
  });

  it('refuses spaces, symbols and dashes at the ends', () => {
    expect(checkVanityCode('ana rocks')).toEqual({ ok: false, problem: 'code may hold only letters A-Z, digits and single dashes between them' });
    expect(checkVanityCode('-ANA').ok).toBe(false);
    expect(checkVanityCode('ANA--B').ok).toBe(false);
  });

  it('refuses blocked words, also spelled with digits and across dashes', () => {
    expect(checkVanityCode('SH1T-DEAL')).toEqual({ ok: false, problem: 'code contains a word the program does not allow' });
    expect(checkVanityCode('PO-RN4U').ok).toBe(false);
  });

  it('accepts innocent words that contain a short rude one', () => {
    expect(checkVanityCode('CLASSIC-GRAPE').ok).toBe(true);
  });
});
