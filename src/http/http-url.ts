/**
 * The only kind of link a customer is sent (SendUrl, spec §2; PushUrl messages, spec §3.1): an
 * absolute `http` or `https` URL. A `javascript:`, `data:` or `vbscript:` URL, a relative one, or
 * one that hides its scheme behind whitespace, control or invisible formatting characters would
 * run or mislead in the customer's page, so it is refused at the edge (statusCode 10 naming the
 * parameter, validation.ts). The scheme is matched without regard to case (RFC 3986 §3.1:
 * `HTTPS://` is https), so a mixed-case `JaVaScRiPt:` is still not http. The authority must be
 * there and carry no user info (`https://bank.example@evil.example`), nor start with `/` or `\`
 * (`https:///evil`, `https:\\evil`, which browsers resolve elsewhere).
 */
import { Type } from 'typebox';

/** Whitespace, C0/C1 controls and invisible format characters (bidi overrides, zero-width). */
const HIDDEN = '\\s\\x00-\\x1f\\x7f-\\x9f\\p{Cf}';

export const HTTP_URL_PATTERN = `^[Hh][Tt][Tt][Pp][Ss]?://[^${HIDDEN}/?#\\\\@]+(?:[/?#][^${HIDDEN}]*)?$`;

export const HttpUrl = Type.String({
  minLength: 1,
  maxLength: 2048,
  pattern: HTTP_URL_PATTERN,
  description: 'an absolute http or https URL',
  // The wording of the error when the pattern fails (validation.ts).
  'x-expected': 'an absolute http or https URL',
});
