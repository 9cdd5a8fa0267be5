/** Users on the wire (spec §1.1, §1.3): never the store row, never the password hash. */
import type { Links } from '../../http/links.js';
import type { User } from '../records.js';

export function userPath(userId: string): string {
  return `/users/${userId}`;
}

export function presentUser(user: User, links: Links, options: { withContactCenter?: boolean } = {}) {
  return {
    id: user.id,
    userName: user.userName,
    firstName: user.firstName,
    lastName: user.lastName,
    roles: [...user.roles],
    enabled: user.enabled,
    ...(options.withContactCenter ? { contactCenterId: user.contactCenterId } : {}),
    uri: links(userPath(user.id)),
    path: userPath(user.id),
  };
}
