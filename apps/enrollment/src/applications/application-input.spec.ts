import { checkApplicationInput } from './application-input';
import { ApplicationErrorCode } from './application.exception';

const now = new Date('2026-11-23T12:00:00.000Z');
const input = {
  programId: '00000000-0000-4000-8000-000000000001',
  email: ' Ana@Example.com ',
  name: ' Ana   Silva ',
  country: 'us',
  socialHandles: ['@ana', ' @ana ', ''],
  answers: [{ questionKey: 'why', answer: ' I love it ' }],
  priorOrders: 3,
  customerSince: '2025-01-31',
  acceptedTerms: true,
};

describe('checkApplicationInput', () => {
  it('tidies email, name, country, handles and answers when the input is valid', () => {
    expect(checkApplicationInput(input, now)).toMatchObject({
      email: 'ana@example.com',
      name: 'Ana Silva',
      country: 'US',
      socialHandles: ['@ana'],
      answers: [{ questionKey: 'why', answer: 'I love it' }],
      customerSince: new Date('2025-01-31T00:00:00.000Z'),
    });
  });

  it('refuses a malformed email, naming it', () => {
    expect(() => checkApplicationInput({ ...input, email: 'ana.example.com' }, now)).toThrow(
      expect.objectContaining({ code: ApplicationErrorCode.INVALID_INPUT, message: 'email "ana.example.com" is not a valid email address' }),
    );
  });

  it('refuses an application whose terms were not accepted', () => {
    expect(() => checkApplicationInput({ ...input, acceptedTerms: false }, now)).toThrow(expect.objectContaining({ code: ApplicationErrorCode.TERMS_NOT_ACCEPTED }));
  });

  it('refuses a date that is not YYYY-MM-DD or lies in the future', () => {
    expect(() => checkApplicationInput({ ...input, customerSince: '31/01/2025' }, now)).toThrow('customerSince "31/01/2025" must be a date as YYYY-MM-DD');
    expect(() => checkApplicationInput({ ...input, customerSince: '2027-01-01' }, now)).toThrow('customerSince must not be in the future');
  });

  it('refuses the same question answered twice', () => {
    const answers = [{ questionKey: 'why', answer: 'a' }, { questionKey: 'why', answer: 'b' }];
    expect(() => checkApplicationInput({ ...input, answers }, now)).toThrow('answers: question "why" is answered twice');
  });
});
