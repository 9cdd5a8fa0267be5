/**
 * User roles (spec §1.5): GWS prints them as `ROLE_*` strings in the user's `roles` array;
 * supervisor functions need `ROLE_SUPERVISOR` (spec §1.5, inferred), provisioning `ROLE_ADMIN`.
 */
export const ROLES = ['ROLE_AGENT', 'ROLE_SUPERVISOR', 'ROLE_ADMIN'] as const;
export type Role = (typeof ROLES)[number];

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

export function hasRole(user: { readonly roles: readonly Role[] }, role: Role): boolean {
  return user.roles.includes(role);
}
