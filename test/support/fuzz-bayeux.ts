/**
 * Generated Bayeux traffic for `/api/v2/notifications` (spec §5.1; Bayeux 1.0 §3–§4): batches of
 * handshake / connect / subscribe / unsubscribe / disconnect / publish messages with wrong or
 * missing fields, unknown and forbidden channels, live, foreign and junk clientIds, garbage batches
 * and text that is not JSON, on the message-type sub-paths too. A live clientId is named by its
 * place in the suite's pool of sessions (`{ live: n }`), resolved when the case is sent.
 */
import fc from 'fast-check';
import { anyJson, edgeString, hex, hugeString, lightJson, Raw, toJsonText } from './fuzz-values.js';

/** A clientId from the pool of live sessions, picked when sent. */
export interface LiveClientId {
  readonly live: number;
}

export interface BayeuxCase {
  readonly path: string;
  readonly principal: string;
  readonly headers: Readonly<Record<string, string>>;
  /** The batch as a value (with LiveClientId placeholders), or text that is not a batch. */
  readonly batch: unknown;
  readonly text?: string;
}

const META = ['/meta/handshake', '/meta/connect', '/meta/subscribe', '/meta/unsubscribe', '/meta/disconnect'];

const channel: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 12, arbitrary: fc.constantFrom(...META) },
  {
    weight: 4,
    arbitrary: fc.constantFrom(
      '/meta/unknown',
      '/meta/',
      '/meta/connect/x',
      '/service/echo',
      '/service/',
      '/v2/me/chats',
      '/v2/me/channels',
      '/**',
      '/*',
      '/v2/users/0123/chats',
      '/',
      '',
      'meta/handshake',
      '/meta/handshake ',
      '/META/HANDSHAKE',
    ),
  },
  { weight: 1, arbitrary: edgeString },
  { weight: 1, arbitrary: lightJson },
);

const subscription: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(
    '/v2/me/chats',
    '/v2/me/channels',
    '/v2/me/*',
    '/v2/me/**',
    '/**',
    '/*',
    '/meta/connect',
    '/meta/**',
    '/service/x',
    '/v2/users/0123/chats',
    '/v2/me/a/b',
    '/v2/me/*x',
    '/v2/me/',
    '',
  ),
  fc.array(fc.constantFrom('/v2/me/chats', '/**', '/meta/*', 7, null), { maxLength: 4 }),
  lightJson,
);

const clientId: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 8, arbitrary: fc.nat().map((live): LiveClientId => ({ live })) },
  {
    weight: 2,
    arbitrary: fc.oneof(fc.string({ maxLength: 48 }), hex(32, 48)),
  },
  { weight: 1, arbitrary: lightJson },
);

const message: fc.Arbitrary<unknown> = fc
  .tuple(
    fc.record(
      {
        channel,
        clientId,
        id: fc.oneof(fc.string({ maxLength: 6 }), fc.integer(), lightJson),
        subscription,
        version: fc.oneof(fc.constant('1.0'), lightJson),
        minimumVersion: fc.constant('1.0'),
        supportedConnectionTypes: fc.oneof(
          fc.constantFrom(['long-polling'], ['websocket', 'long-polling'], ['callback-polling'], []),
          lightJson,
        ),
        connectionType: fc.oneof(fc.constantFrom('long-polling', 'websocket', 'callback-polling'), lightJson),
        // Mostly a hold of 0 so that connects answer at once; the rest is released by the suite.
        advice: fc.oneof(
          fc.constant({ timeout: 0 }),
          fc.constantFrom({ timeout: -1 }, { timeout: 'x' }),
          lightJson,
        ),
        ext: fc.oneof(
          fc.constantFrom({ ack: true }, { ack: { enabled: true } }, { ack: 3 }, { ack: -1 }),
          lightJson,
        ),
        // The one field that may be deep or huge: the rest stay small, so a batch stays cheap.
        data: fc.oneof({ weight: 6, arbitrary: anyJson }, { weight: 1, arbitrary: hugeString }),
      },
      { requiredKeys: [] },
    ),
    fc.dictionary(fc.string({ maxLength: 8 }), lightJson, { maxKeys: 2 }),
  )
  .map(([fields, extra]) => ({ ...extra, ...fields }));

const batch: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: message },
  { weight: 8, arbitrary: fc.array(message, { minLength: 1, maxLength: 5 }) },
  { weight: 1, arbitrary: fc.array(fc.oneof(message, lightJson), { maxLength: 4 }) },
  { weight: 1, arbitrary: lightJson },
);

const notJson: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom('', '[', '[{]', '{"channel":', 'null', '[]', '[null]', '[[]]', '\uFEFF[]', 'message=[]'),
  fc.string({ maxLength: 30 }),
  hugeString.map((s) => `[{"channel":"/meta/handshake","data":"${s}"}]`),
);

const path: fc.Arbitrary<string> = fc.oneof(
  { weight: 6, arbitrary: fc.constant('/api/v2/notifications') },
  {
    weight: 4,
    arbitrary: fc
      .oneof(
        fc.constantFrom(
          'handshake',
          'connect',
          'subscribe',
          'unsubscribe',
          'disconnect',
          '',
          'x/y',
          '%00',
          '%ZZ',
        ),
        fc.integer({ min: 100, max: 5000 }).map((n) => 'h'.repeat(n)),
      )
      .map((tail) => `/api/v2/notifications/${tail}`),
  },
);

const headers: fc.Arbitrary<Record<string, string>> = fc.record(
  {
    'content-type': fc.constantFrom(
      'application/json',
      'application/json;charset=UTF-8',
      'text/plain',
      'application/x-www-form-urlencoded',
      '',
    ),
    origin: fc.constantFrom('https://shop.example', 'https://evil.example', 'null', 'http://localhost:80'),
  },
  { requiredKeys: [] },
);

/** Generated Bayeux cases, sent as any principal of `principals`. */
export function bayeuxCases(principals: readonly string[]): fc.Arbitrary<BayeuxCase> {
  return fc.record({
    path,
    principal: fc.constantFrom(...principals),
    headers,
    batch,
    text: fc.oneof({ weight: 9, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: notJson }),
  });
}

/** The batch's text with its live clientIds resolved; the clientIds it names. */
export function resolveBatch(c: BayeuxCase, pool: readonly string[]): { text: string; live: string[] } {
  if (c.text !== undefined) return { text: c.text, live: [] };
  const live: string[] = [];
  const resolve = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(resolve);
    if (value === null || typeof value !== 'object' || value instanceof Raw) return value;
    if ('live' in value && Object.keys(value).length === 1 && typeof value.live === 'number') {
      const id = pool[value.live % Math.max(pool.length, 1)] ?? 'no-session';
      live.push(id);
      return id;
    }
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, k === 'clientId' ? resolve(v) : v]));
  };
  return { text: toJsonText(resolve(c.batch)), live };
}
