/**
 * Values for the fuzz suite (test/reliability/fuzz.test.ts): strings at the edges of what a JSON
 * body, a store or a URL can carry, JSON text that JSON.stringify cannot make (deep nesting), and
 * fast-check arbitraries built from a route's own JSON schema — valid values and near misses
 * (the right operationName, then a wrong type, a missing or extra field, a huge or strange string,
 * a deeply nested value).
 */
import fc from 'fast-check';

/** Text placed into the JSON as is (JSON.stringify would overflow the stack on deep nesting). */
export class Raw {
  constructor(readonly text: string) {}
}

/** JSON text of a value that may hold Raw pieces. */
export function toJsonText(value: unknown): string {
  if (value instanceof Raw) return value.text;
  if (Array.isArray(value)) return `[${value.map(toJsonText).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const fields = Object.entries(value).map(([k, v]) => `${JSON.stringify(k)}:${toJsonText(v)}`);
    return `{${fields.join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** Code units and strings that break naive handling: NUL, lone surrogates, BOM, bidi, … */
export const EDGE_UNITS = [
  '\u0000',
  '\uD800',
  '\uDBFF',
  '\uDC00',
  '\uDFFF',
  '\uD83D\uDE00',
  '\uFEFF',
  '\uFFFE',
  '\uFFFF',
  '\u202E',
  '\u2028',
  '\u0085',
  'e\u0301',
  'İ',
  'ß',
  '\t',
  '\r\n',
  '\u001B',
  '"',
  '\\',
  '%',
  '/',
] as const;

export const EDGE_STRINGS = [
  '',
  ' ',
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
  'NaN',
  '-0',
  '1e309',
  'null',
  'undefined',
  '../../etc/passwd',
  '%00',
  '%ZZ',
  '<script>alert(1)</script>',
  "' OR '1'='1",
  '${jndi:ldap://x/a}',
  '{{7*7}}',
  'a\u0000b',
  'x\uD800y',
  '\uDFFFz',
] as const;

const edgeUnit = fc.constantFrom(...EDGE_UNITS);

/** Strings with edge code units among ordinary ones, and the edge strings themselves. */
export const edgeString: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(...EDGE_STRINGS),
  fc.string({ unit: fc.oneof(edgeUnit, fc.string({ unit: 'binary', minLength: 1, maxLength: 1 })) }),
  fc.string({ unit: 'binary', maxLength: 30 }),
);

/**
 * A long string, cheap to make: one unit repeated — past the schemas' shorter limits (256, 2048,
 * 4096), past the longest (16384), and now and then past the 128 KiB body limit (rare: each such
 * case costs the server a full read, and a few hundred cover the path).
 */
export const hugeString: fc.Arbitrary<string> = fc
  .tuple(
    fc.constantFrom('x', 'é', '\uD83D\uDE00', '\u0000', ' '),
    fc.oneof(
      { weight: 30, arbitrary: fc.integer({ min: 257, max: 4200 }) },
      { weight: 8, arbitrary: fc.integer({ min: 16_385, max: 20_000 }) },
      { weight: 1, arbitrary: fc.integer({ min: 128 * 1024, max: 140_000 }) },
    ),
  )
  .map(([unit, n]) => unit.repeat(Math.ceil(n / unit.length)));

/** Deeply nested arrays or objects, as JSON text. */
export const deepValue: fc.Arbitrary<Raw> = fc
  .tuple(
    fc.boolean(),
    fc.oneof(
      { weight: 4, arbitrary: fc.integer({ min: 20, max: 2000 }) },
      { weight: 1, arbitrary: fc.integer({ min: 2000, max: 20_000 }) },
    ),
  )
  .map(([array, depth]) =>
    array
      ? new Raw('['.repeat(depth) + ']'.repeat(depth))
      : new Raw('{"a":'.repeat(depth) + '1' + '}'.repeat(depth)),
  );

/** A JSON value of any type, edge strings and numbers included, small. */
export const lightJson: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: fc.jsonValue({ maxDepth: 2 }) },
  { weight: 2, arbitrary: edgeString },
  { weight: 1, arbitrary: fc.constantFrom(-1, 0, -0, 0.5, 1e308, -1e308, 2 ** 53 + 2, 4294967296) },
);

/** A JSON value of any type, now and then deeply nested. */
export const anyJson: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 9, arbitrary: lightJson },
  { weight: 1, arbitrary: deepValue },
);

/** Lower-case hexadecimal strings, the shape of user ids. */
export function hex(minLength: number, maxLength: number): fc.Arbitrary<string> {
  return fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength, maxLength });
}

type Schema = Readonly<Record<string, unknown>>;

/** Values for properties of these names, instead of the schema's (live ids, queue names, …). */
export type Hints = Readonly<Record<string, fc.Arbitrary<unknown>>>;

function stringFrom(schema: Schema): fc.Arbitrary<string> {
  const min = typeof schema.minLength === 'number' ? schema.minLength : 0;
  const max = typeof schema.maxLength === 'number' ? Math.min(schema.maxLength, min + 40) : min + 40;
  if (typeof schema.pattern === 'string') {
    return fc.stringMatching(new RegExp(schema.pattern)).filter((s) => s.length >= min && s.length <= max);
  }
  return fc.string({ minLength: min, maxLength: max });
}

function objectFrom(schema: Schema, hints: Hints): fc.Arbitrary<unknown> {
  const properties = (schema.properties ?? {}) as Record<string, Schema>;
  const required = (schema.required ?? []) as string[];
  const model: Record<string, fc.Arbitrary<unknown>> = {};
  for (const [name, property] of Object.entries(properties)) {
    // A hint replaces the schema's values: it knows better (live ids, or passwords mostly too
    // short, as each valid one costs a scrypt hash).
    model[name] = hints[name] ?? fromSchema(property, hints);
  }
  const record = fc.record(model, { requiredKeys: required });
  const patterns = Object.values((schema.patternProperties ?? {}) as Record<string, Schema>);
  const first = patterns[0];
  if (!first) return record;
  const maxKeys = typeof schema.maxProperties === 'number' ? Math.min(schema.maxProperties, 6) : 6;
  const minKeys = typeof schema.minProperties === 'number' ? schema.minProperties : 0;
  return fc.dictionary(fc.string({ minLength: 1, maxLength: 12 }), fromSchema(first, hints), {
    minKeys,
    maxKeys,
  });
}

/** Values the schema (mostly) accepts. Unknown keywords give any JSON value. */
export function fromSchema(schema: Schema | undefined, hints: Hints = {}): fc.Arbitrary<unknown> {
  if (!schema) return anyJson;
  if ('const' in schema) return fc.constant(schema.const);
  if (Array.isArray(schema.enum)) return fc.constantFrom(...(schema.enum as unknown[]));
  const union = (schema.oneOf ?? schema.anyOf) as Schema[] | undefined;
  if (union) return fc.oneof(...union.map((s) => fromSchema(s, hints)));
  switch (schema.type) {
    case 'object':
      return objectFrom(schema, hints);
    case 'string':
      return stringFrom(schema);
    case 'integer':
    case 'number': {
      const min = typeof schema.minimum === 'number' ? schema.minimum : -1e6;
      const max = typeof schema.maximum === 'number' ? schema.maximum : 1e6;
      return fc.integer({ min, max });
    }
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array': {
      const item = fromSchema(schema.items as Schema | undefined, hints);
      const minLength = typeof schema.minItems === 'number' ? schema.minItems : 0;
      const maxLength = Math.min(typeof schema.maxItems === 'number' ? schema.maxItems : 5, minLength + 5);
      return schema.uniqueItems
        ? fc.uniqueArray(item, { minLength, maxLength, selector: (v) => JSON.stringify(v) })
        : fc.array(item, { minLength, maxLength });
    }
    default:
      return anyJson;
  }
}
