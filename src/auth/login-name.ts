/**
 * Which account a login name means. User names are unique per contact center, and neither Basic
 * (spec §1.4) nor the session cookie carries a tenant, so the login name may say it:
 *
 *   `ann@acme` / `ann@<contactCenterId>`  user `ann` of the contact center named `acme` (ASCII
 *                                         case-insensitive) or of that id. The name is split at
 *                                         its last `@`, so `ann@example.com@acme` is user
 *                                         `ann@example.com` of `acme`.
 *   `ann` (no `@`, or an `@` that names   user `ann` of the home contact center (the first one,
 *    no contact center)                   bootstrapped at the first start).
 *
 * A bare name never searches other contact centers, even when it is unique across them: whether
 * `ann` logs in must not depend on another tenant's users (else creating `ann` elsewhere would
 * break this login, and would tell whoever watches it that the other `ann` exists). A one-tenant
 * deployment keeps bare names.
 *
 * The result depends on contact centers only, never on which users exist, so it can also key
 * the failed-login counters (throttle.ts) without telling who exists.
 */
import type { ContactCenter } from '../accounts/records.js';
import { userNameKey } from '../store/sql/users.js';
import type { ContactCenterRepository } from '../store/store.js';

export interface LoginTarget {
  /** Where to look the user up; undefined when the store holds no contact center yet. */
  readonly contactCenterId: string | undefined;
  readonly userName: string;
  /** `<contactCenterId>/<userNameKey>`: one account, however the login name spells it. */
  readonly key: string;
}

export async function resolveLogin(
  contactCenters: Pick<ContactCenterRepository, 'get' | 'listByName'>,
  login: string,
  homeId: () => Promise<string | undefined>,
): Promise<LoginTarget> {
  const at = login.lastIndexOf('@');
  const named =
    at > 0 && at < login.length - 1 ? await byReference(contactCenters, login.slice(at + 1)) : undefined;
  const contactCenterId = named?.id ?? (await homeId());
  const userName = named ? login.slice(0, at) : login;
  return { contactCenterId, userName, key: `${contactCenterId ?? '-'}/${userNameKey(userName)}` };
}

/** The contact center of this id, or else the only one of this name. */
async function byReference(
  contactCenters: Pick<ContactCenterRepository, 'get' | 'listByName'>,
  reference: string,
): Promise<ContactCenter | undefined> {
  const lower = reference.toLowerCase();
  const byId =
    (await contactCenters.get(reference)) ??
    (lower === reference ? undefined : await contactCenters.get(lower));
  if (byId) return byId;
  const byName = await contactCenters.listByName(reference);
  // Two contact centers of one name (only ever made straight in the store): neither is meant.
  return byName.length === 1 ? byName[0] : undefined;
}
