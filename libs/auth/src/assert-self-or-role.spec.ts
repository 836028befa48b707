import { assertSelfOrRole } from './assert-self-or-role';
import { AuthError, AuthErrorCode } from './auth-error';
import { Identity } from './identity';
import { Role } from './role';

const ambassador: Identity = { subject: 'acct-1', roles: [Role.AMBASSADOR], ambassadorId: 'amb-1' };
const finance: Identity = { subject: 'acct-2', roles: [Role.FINANCE] };

describe('assertSelfOrRole', () => {
  it('passes when the ambassador asks about themself', () => {
    expect(() => assertSelfOrRole(ambassador, 'amb-1', Role.FINANCE)).not.toThrow();
  });

  it('throws FORBIDDEN when an ambassador asks about someone else', () => {
    expect(() => assertSelfOrRole(ambassador, 'amb-2', Role.FINANCE)).toThrow(
      expect.objectContaining({ code: AuthErrorCode.FORBIDDEN }),
    );
    expect(() => assertSelfOrRole(ambassador, 'amb-2')).toThrow(AuthError);
  });

  it('passes when staff hold one of the listed roles', () => {
    expect(() => assertSelfOrRole(finance, 'amb-2', Role.SUPPORT_AGENT, Role.FINANCE)).not.toThrow();
  });

  it('throws FORBIDDEN when staff hold none of the listed roles', () => {
    expect(() => assertSelfOrRole(finance, 'amb-2', Role.SUPPORT_AGENT)).toThrow(/SUPPORT_AGENT/);
  });
});
