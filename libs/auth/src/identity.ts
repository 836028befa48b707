import { Role } from './role';

/** Who is asking, as proven by a verified token. */
export interface Identity {
  /** The token's `sub`: the account id. */
  subject: string;
  roles: Role[];
  /** Set on ambassadors' tokens; what "their own data" is checked against. */
  ambassadorId?: string;
  email?: string;
}
