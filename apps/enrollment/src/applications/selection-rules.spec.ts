import { ApplicationErrorCode } from './application.exception';
import { checkSelectionRules, DEFAULT_SELECTION_RULES } from './selection-rules';

describe('checkSelectionRules', () => {
  it('upper-cases and de-duplicates countries when they are valid', () => {
    expect(checkSelectionRules({ ...DEFAULT_SELECTION_RULES, allowedCountries: ['us', 'US', ' ca '] }).allowedCountries).toEqual(['US', 'CA']);
  });

  it('does not invite recovered customers when the rules leave it out', () => {
    const { inviteRecoveredCustomers: _left, ...older } = DEFAULT_SELECTION_RULES;
    expect(checkSelectionRules(older).inviteRecoveredCustomers).toBe(false);
    expect(checkSelectionRules({ ...older, inviteRecoveredCustomers: true }).inviteRecoveredCustomers).toBe(true);
  });

  it('refuses a country that is not two letters, naming it', () => {
    expect(() => checkSelectionRules({ ...DEFAULT_SELECTION_RULES, allowedCountries: ['USA'] })).toThrow(
      expect.objectContaining({ code: ApplicationErrorCode.INVALID_RULES, message: 'allowedCountries: "USA" is not an ISO 3166-1 alpha-2 code' }),
    );
  });

  it('refuses two questions with the same key', () => {
    const twice = [{ key: 'why', prompt: 'Why?' }, { key: 'why', prompt: 'Why again?' }];
    expect(() => checkSelectionRules({ ...DEFAULT_SELECTION_RULES, requiredQuestions: twice })).toThrow('requiredQuestions: key "why" is used twice');
  });

  it('refuses an auto-approve score above 100', () => {
    expect(() => checkSelectionRules({ ...DEFAULT_SELECTION_RULES, autoApproveScore: 101 })).toThrow('autoApproveScore must be a whole number from 0 to 100');
  });
});
