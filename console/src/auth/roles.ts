import type { IdClaims } from './jwt.js';

/** The console's groups in the identity pool's order: a user in several gets the first's role. */
export const GROUPS = ['auditor', 'reviewer', 'viewer', 'camera'] as const;
/** A console group. */
export type Group = (typeof GROUPS)[number];

/** What the signed-in user's role may do in the console, and why not when it may not. */
export interface Permissions {
  /** The group whose role the identity pool gives, or undefined for a user in no group. */
  group: Group | undefined;
  canRead: boolean;
  canReview: boolean;
  canLive: boolean;
}

/** Everything, for the local runtime without sign-in. */
export const LOCAL_PERMISSIONS: Permissions = {
  group: undefined,
  canRead: true,
  canReview: true,
  canLive: true,
};

/**
 * The permissions of an ID token's `cognito:groups`: the identity pool maps the token to the role
 * of the group of lowest precedence (cognito:preferred_role), so only that group counts.
 */
export function permissionsOf(claims: IdClaims): Permissions {
  const groups = claims['cognito:groups'] ?? [];
  const group = GROUPS.find((name) => groups.includes(name));
  return {
    group,
    canRead: group === 'auditor' || group === 'reviewer' || group === 'viewer',
    canReview: group === 'auditor' || group === 'reviewer',
    canLive: group === 'camera',
  };
}
