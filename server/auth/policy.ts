/**
 * Roles, permissions and the one authorization decision every route goes through
 * (DESIGN.md §6). Roles are granted on an org unit and hold for its subtree.
 */
export const ROLES = ['admin', 'manager', 'contributor', 'reviewer', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

export const PERMISSIONS = [
  'scorecard:read',
  'measurement:write',
  'period:submit',
  'period:review',
  'period:lock',
  'period:reopen',
  'target:write',
  'initiative:write',
  'evaluation:read',
  'evaluation:write',
  'model:write',
  'job:read',
  'job:run',
  'job:manage',
  'user:manage',
  'metrics:read',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  admin: PERMISSIONS,
  manager: ['scorecard:read', 'measurement:write', 'period:submit', 'period:review', 'period:lock', 'target:write', 'initiative:write', 'evaluation:read', 'job:read'],
  contributor: ['scorecard:read', 'measurement:write', 'period:submit'],
  reviewer: ['scorecard:read', 'evaluation:read'],
  viewer: ['scorecard:read'],
};

/** API-token scopes are permission names; a token may hold any subset of its owner's rights. */
export const TOKEN_SCOPES = PERMISSIONS;

export interface Grant {
  role: Role;
  /** null: granted on the whole organisation. */
  unitId: number | null;
  unitCode: string | null;
  /** Materialized path of the granted unit, e.g. `/1/4/` (`/` for the whole organisation); a unit is inside when its path starts with it. */
  unitPath: string;
  isRoot: boolean;
}

export interface Principal {
  userId: number;
  username: string;
  displayName: string;
  locale: string;
  grants: Grant[];
  /** null for a browser session (all of the user's rights); the token's scopes otherwise. */
  scopes: Permission[] | null;
  via: 'session' | 'token' | 'cli';
  /** Set after an admin reset the password: nothing but changing it is allowed until then. */
  mustChangePassword?: boolean;
}

export function roleHasPermission(role: Role, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role].includes(permission);
}

/**
 * May `principal` do `permission` on the unit with `unitPath`? With no unit, the permission
 * must be held on a root unit (company-wide things: the model, users, jobs).
 */
export function isAllowed(principal: Principal, permission: Permission, unitPath: string | null): boolean {
  if (principal.scopes && !principal.scopes.includes(permission)) return false;
  return principal.grants.some(
    (g) => roleHasPermission(g.role, permission) && (unitPath === null ? g.isRoot : unitPath.startsWith(g.unitPath)),
  );
}

/** The unit paths under which `principal` holds `permission` (for filtering lists). */
export function allowedRoots(principal: Principal, permission: Permission): string[] {
  if (principal.scopes && !principal.scopes.includes(permission)) return [];
  return principal.grants.filter((g) => roleHasPermission(g.role, permission)).map((g) => g.unitPath);
}

export function isInside(unitPath: string, roots: string[]): boolean {
  return roots.some((root) => unitPath.startsWith(root));
}

/** Does any of the grants carry `permission` (somewhere)? Token scopes must pass this for their owner. */
export function grantsHold(grants: Grant[], permission: Permission): boolean {
  return grants.some((g) => roleHasPermission(g.role, permission));
}
