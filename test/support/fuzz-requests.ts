/**
 * Generated REST requests for one route of the route table: its path with live, long,
 * percent-encoded or empty parameters, a query string from its querystring schema (valid, near
 * miss or junk), a body from its body schema (valid, near miss, any JSON, or text that is not
 * JSON), a content type, the customer and browser headers, now and then a trailing slash or another
 * method, and who sends it (fuzz-cast.ts). Nothing here sends anything: a case is plain data, so
 * fast-check can print and shrink it.
 */
import fc from 'fast-check';
import type { RouteEntry } from './route-table.js';
import type { FuzzTarget, PrincipalSet } from './fuzz-targets.js';
import { nearMiss } from './fuzz-near-miss.js';
import type { Hints } from './fuzz-values.js';
import { anyJson, edgeString, fromSchema, hex, hugeString, toJsonText } from './fuzz-values.js';

/** What the generators may name: live ids by path parameter name, body hints, principals. */
export interface FuzzPools {
  readonly params: Readonly<Record<string, readonly string[]>>;
  readonly victims: readonly string[];
  readonly hints: Hints;
  readonly contactCenterIds: readonly string[];
  /** Principal names per principal set (fuzz-targets.ts), resolved to headers when sent. */
  readonly principals: Readonly<Record<PrincipalSet, readonly string[]>>;
}

export interface RestCase {
  readonly route: string;
  /** The client address, when not the default one (RequestChat is limited per address). */
  readonly source: string | undefined;
  readonly method: string;
  readonly url: string;
  readonly principal: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string | undefined;
}

const METHODS = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD'] as const;

/** A path segment that is not a live id. */
const oddSegment: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom('', '.', '..', '%2e%2e', '%2F', '%00', '%', '%ZZ', '%E0%A4%A', '%C0%AE', 'null', '0', '-1'),
  fc.integer({ min: 90, max: 6000 }).map((n) => 'a'.repeat(n)),
  edgeString.map((s) => encodeURIComponent(s.replace(/[\uD800-\uDFFF]/g, 'x'))),
  fc.string({ unit: 'grapheme-ascii', maxLength: 20 }).map(encodeURIComponent),
  fc.uuid(),
  hex(32, 32),
);

function segment(name: string, target: FuzzTarget, pools: FuzzPools): fc.Arbitrary<string> {
  const live = target.victims?.includes(name) ? pools.victims : (pools.params[name] ?? []);
  if (live.length === 0) return oddSegment;
  return fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...live) }, { weight: 2, arbitrary: oddSegment });
}

/** The path: parameters filled; the preflight's `*` any path. */
function pathOf(route: RouteEntry, target: FuzzTarget, pools: FuzzPools): fc.Arbitrary<string> {
  if (route.url === '*') {
    return fc
      .oneof(
        fc.constantFrom('api/v2/me', 'api/v2/chats', 'parley/v1/me', 'api/v2/notifications', ''),
        fc.array(oddSegment, { maxLength: 3 }).map((s) => s.join('/')),
      )
      .map((tail) => `/${tail}`);
  }
  const parts = route.url.split('/').map((part) => {
    if (part === '*') return fc.array(oddSegment, { maxLength: 3 }).map((s) => s.join('/'));
    return part.startsWith(':') ? segment(part.slice(1), target, pools) : fc.constant(part);
  });
  return fc.tuple(...parts).map((p) => p.join('/'));
}

function queryText(value: unknown): string {
  if (value === null || typeof value !== 'object') return '';
  const pairs = Object.entries(value).flatMap(([k, v]) =>
    (Array.isArray(v) ? v : [v]).map((item) => {
      const text = typeof item === 'string' ? item : toJsonText(item);
      return `${encodeURIComponent(k)}=${encodeURIComponent(text.replace(/[\uD800-\uDFFF]/g, '\uFFFD'))}`;
    }),
  );
  return pairs.join('&');
}

function queryOf(route: RouteEntry): fc.Arbitrary<string> {
  const schema = route.schema.querystring as Record<string, unknown> | undefined;
  const fromRoute = schema
    ? fc.oneof(fromSchema(schema), nearMiss(fromSchema(schema))).map(queryText)
    : fc.constant('');
  const junk = fc.oneof(
    fc.constantFrom(
      '%',
      '%ZZ',
      '&&',
      '=',
      'a',
      'a=1&a=2',
      '__proto__[x]=1',
      'constructor[prototype][x]=1',
      'fields=*',
    ),
    fc.dictionary(fc.string({ maxLength: 8 }), fc.string({ maxLength: 20 }), { maxKeys: 4 }).map(queryText),
    hugeString.map((s) => `x=${encodeURIComponent(s.slice(0, 3000))}`),
  );
  return fc.oneof(
    { weight: 4, arbitrary: fc.constant('') },
    { weight: 4, arbitrary: fromRoute },
    { weight: 1, arbitrary: junk },
  );
}

/** Text that is not (quite) JSON. */
const notJson: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    '',
    ' ',
    '{',
    '[',
    '{"operationName":',
    'null',
    'undefined',
    "{'a':1}",
    '{"a":1}{"b":2}',
    '\uFEFF{}',
  ),
  fc.jsonValue().map((v) => JSON.stringify(v).slice(0, -1)),
  fc.string({ maxLength: 40 }),
  hugeString.map((s) => `{"text":"${s}"}`),
);

function bodyOf(route: RouteEntry, target: FuzzTarget): fc.Arbitrary<string | undefined> {
  const schema = route.schema.body as Record<string, unknown> | undefined;
  const sends = ['POST', 'PUT', 'PATCH', 'DELETE'].includes(route.method);
  if (!schema) {
    const none = fc.constant(undefined);
    return fc.oneof(
      { weight: sends ? 6 : 12, arbitrary: none },
      { weight: 1, arbitrary: anyJson.map(toJsonText) },
    );
  }
  const valid = fromSchema(schema);
  const validShare = Math.round((target.valid ?? 0.1) * 100);
  const arms = [
    { weight: 55, arbitrary: nearMiss(valid).map(toJsonText) },
    { weight: 20, arbitrary: anyJson.map(toJsonText) },
    { weight: 10, arbitrary: notJson },
    { weight: 5, arbitrary: fc.constant(undefined) },
  ];
  if (validShare > 0) arms.push({ weight: validShare, arbitrary: valid.map(toJsonText) });
  return fc.oneof(...arms);
}

const contentType: fc.Arbitrary<string | undefined> = fc.oneof(
  { weight: 24, arbitrary: fc.constant('application/json') },
  { weight: 4, arbitrary: fc.constant(undefined) },
  {
    weight: 6,
    arbitrary: fc.constantFrom(
      'application/json; charset=utf-8',
      'application/json; charset=utf-16',
      'APPLICATION/JSON',
      'application/vnd.api+json',
      'text/plain',
      'text/plain; charset=utf-8',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
      'application/json, text/plain',
      '',
      ';',
    ),
  },
);

/** Customer and browser headers, now and then; drawn from fixed lists (cheap to generate). */
function extraHeaders(pools: FuzzPools): fc.Arbitrary<Record<string, string>> {
  const ids = pools.contactCenterIds;
  const header = (name: string, values: readonly string[]) =>
    fc.oneof(
      { weight: 3, arbitrary: fc.constant<[string, string] | undefined>(undefined) },
      { weight: 1, arbitrary: fc.constantFrom(...values).map((v): [string, string] => [name, v]) },
    );
  return fc
    .tuple(
      header('contactcenterid', [
        ...ids,
        ...ids.map((id) => id.toUpperCase()),
        '',
        ' ',
        'default',
        '00000000-0000-4000-8000-000000000000',
        `${ids[0] ?? ''},${ids[1] ?? ''}`,
        'x'.repeat(300),
      ]),
      header('origin', ['https://shop.example', 'https://evil.example', 'null', 'http://localhost:80']),
      header('x-requested-with', ['XMLHttpRequest']),
      header('x-csrf-token', ['4a92be65-ec55-4aa2-b9df-9518fd870f2f', '']),
      header('accept', ['*/*', 'text/html', 'application/xml', '']),
    )
    .map((pairs) => Object.fromEntries(pairs.filter((p) => p !== undefined)));
}

/** Generated requests for one route (HEAD routes: `target` is their GET row). */
export function restCases(route: RouteEntry, target: FuzzTarget, pools: FuzzPools): fc.Arbitrary<RestCase> {
  const principal = fc.constantFrom(...pools.principals[target.principals ?? 'all']);
  return fc
    .record({
      path: pathOf(route, target, pools),
      query: queryOf(route),
      body: route.method === 'HEAD' ? fc.constant(undefined) : bodyOf(route, target),
      contentType,
      extra: extraHeaders(pools),
      principal,
      // Half the cases from one of 256 other addresses: RequestChat's per-address limit (customer/
      // limits.ts) then refuses some, and lets the rest through to the validation behind it.
      source: fc.oneof(
        fc.constant(undefined),
        fc.integer({ min: 0, max: 255 }).map((n) => `198.18.${n}.7`),
      ),
      slash: fc.oneof(
        { weight: 19, arbitrary: fc.constant('') },
        { weight: 1, arbitrary: fc.constantFrom('/', '//') },
      ),
      method: fc.oneof(
        { weight: 19, arbitrary: fc.constant(route.method) },
        { weight: 1, arbitrary: fc.constantFrom(...METHODS) },
      ),
    })
    .map((c): RestCase => {
      const headers: Record<string, string> = { ...c.extra };
      if (c.body !== undefined && c.contentType !== undefined) headers['content-type'] = c.contentType;
      return {
        route: route.key,
        source: c.source,
        method: c.method,
        url: `${c.path}${c.slash}${c.query ? `?${c.query}` : ''}`,
        principal: c.principal,
        headers,
        body: c.method === 'GET' || c.method === 'HEAD' ? undefined : c.body,
      };
    });
}
