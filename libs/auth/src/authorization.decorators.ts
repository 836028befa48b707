import { SetMetadata } from '@nestjs/common';
import { Role } from './role';

export const AUTHORIZATION_POLICY = 'streetteam:authorization-policy';

/** What a handler (or every handler of a class) requires; the handler's own wins. */
export type AuthorizationPolicy =
  | { kind: 'public' }
  | { kind: 'authenticated' }
  | { kind: 'roles'; roles: readonly Role[] };

/** Any valid identity holding at least one of these roles. */
export function Roles(...roles: [Role, ...Role[]]): ClassDecorator & MethodDecorator {
  if (roles.length === 0) throw new Error('@Roles needs at least one role');
  const policy: AuthorizationPolicy = { kind: 'roles', roles: Object.freeze([...roles]) };
  return SetMetadata(AUTHORIZATION_POLICY, policy);
}

/** Any valid identity, whatever its roles. */
export function Authenticated(): ClassDecorator & MethodDecorator {
  const policy: AuthorizationPolicy = { kind: 'authenticated' };
  return SetMetadata(AUTHORIZATION_POLICY, policy);
}

/** Anyone, even without a token (a valid token still fills @CurrentIdentity). */
export function Public(): ClassDecorator & MethodDecorator {
  const policy: AuthorizationPolicy = { kind: 'public' };
  return SetMetadata(AUTHORIZATION_POLICY, policy);
}
