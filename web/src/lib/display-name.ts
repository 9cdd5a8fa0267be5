/** The name a console shows for a user or an agent (spec §3.1 user fields). */
export interface Named {
  readonly userName: string;
  readonly firstName?: string;
  readonly lastName?: string;
}

/** "Ann Lee", else the user name. */
export function displayName(person: Named): string {
  return [person.firstName, person.lastName].filter(Boolean).join(' ') || person.userName;
}
