import { AuthError, AuthErrorCode } from './auth-error';
import { Identity } from './identity';
import { Role } from './role';

/**
 * Passes when the identity is the ambassador `ambassadorId` itself, or holds one of
 * `roles` (staff who may see anyone's data). Use it where "an ambassador only sees
 * their own data" must hold, after the guard has checked the coarse role.
 * @throws AuthError FORBIDDEN otherwise.
 */
export function assertSelfOrRole(identity: Identity, ambassadorId: string, ...roles: Role[]): void {
  const isSelf = identity.ambassadorId !== undefined && identity.ambassadorId === ambassadorId;
  if (isSelf || roles.some((role) => identity.roles.includes(role))) return;
  throw new AuthError(
    AuthErrorCode.FORBIDDEN,
    roles.length > 0
      ? `only ambassador ${ambassadorId} or a holder of ${roles.join(', ')} may do this`
      : `only ambassador ${ambassadorId} may do this`,
  );
}
