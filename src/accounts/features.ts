/**
 * Contact-center features. Each GWS operation page lists its "Required Features" (spec §1.5);
 * an operation whose feature is off for the caller's contact center fails with statusCode 5.
 */
export const FEATURES = [
  // Chat (and other multimedia) operations, spec §2.
  'api-multimedia',
  // Voice and contact-center session operations (StartContactCenterSession lists it, spec §1.4).
  'api-voice',
  // Supervisor monitoring of voice; chat supervision uses api-multimedia (spec §1.5, §2.1).
  'api-supervisor-monitoring',
] as const;
export type Feature = (typeof FEATURES)[number];

export function isFeature(value: string): value is Feature {
  return (FEATURES as readonly string[]).includes(value);
}
