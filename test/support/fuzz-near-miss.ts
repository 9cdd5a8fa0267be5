/**
 * Near misses: a body the schema accepts, then one to three edits at a field (top level or one
 * or two levels down) — a value of another type, the field dropped, an extra field (prototype
 * names included), a huge or strange string, deep nesting, a number at the edge. The operationName
 * stays right unless the edit picks it, so the request reaches that operation's own validation.
 */
import fc from 'fast-check';
import { anyJson, deepValue, edgeString, hugeString, Raw } from './fuzz-values.js';

type Edit =
  | { readonly kind: 'replace'; readonly pick: number; readonly value: unknown }
  | { readonly kind: 'drop'; readonly pick: number }
  | { readonly kind: 'extra'; readonly pick: number; readonly key: string; readonly value: unknown };

const otherType: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(null, true, false, 0, -1, 1.5, '', [], {}, [null], { '': null }),
  fc.integer(),
  fc.string({ maxLength: 8 }),
  fc.array(fc.jsonValue({ maxDepth: 1 }), { maxLength: 3 }),
);

const extraKey: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom('__proto__', 'constructor', 'prototype', 'operationName ', 'OperationName', 'statusCode'),
  fc.string({ maxLength: 10 }),
);

const edit: fc.Arbitrary<Edit> = fc.oneof(
  fc.record({ kind: fc.constant('replace' as const), pick: fc.nat(), value: otherType }),
  fc.record({ kind: fc.constant('replace' as const), pick: fc.nat(), value: edgeString }),
  fc.record({ kind: fc.constant('replace' as const), pick: fc.nat(), value: hugeString }),
  fc.record({ kind: fc.constant('replace' as const), pick: fc.nat(), value: deepValue }),
  fc.record({
    kind: fc.constant('replace' as const),
    pick: fc.nat(),
    value: fc.constantFrom(-1, -0, 1e308, 2 ** 53 + 1, 0.25, '5', 'true', 'NextChat '),
  }),
  fc.record({ kind: fc.constant('drop' as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant('extra' as const), pick: fc.nat(), key: extraKey, value: anyJson }),
);

type Container = Record<string, unknown> | unknown[];

/** An ordinary own field (defineProperty's defaults would make it fixed). */
const OWN = { enumerable: true, writable: true, configurable: true } as const;

/** Every container in the value with each key, up to two levels below the top. */
function slots(value: unknown, depth = 0): { parent: Container; key: string | number }[] {
  if (value === null || typeof value !== 'object' || value instanceof Raw || depth > 2) return [];
  const container = value as Container;
  const keys = Array.isArray(container) ? container.map((_, i) => i) : Object.keys(container);
  return keys.flatMap((key) => [
    { parent: container, key },
    ...slots((container as Record<string | number, unknown>)[key], depth + 1),
  ]);
}

function containers(value: unknown, depth = 0): Container[] {
  if (value === null || typeof value !== 'object' || value instanceof Raw || depth > 2) return [];
  const children = Object.values(value).flatMap((child) => containers(child, depth + 1));
  return [value as Container, ...children];
}

function apply(value: unknown, e: Edit): void {
  if (e.kind === 'extra') {
    const objects = containers(value).filter((c) => !Array.isArray(c));
    const target = objects[e.pick % Math.max(objects.length, 1)] as Record<string, unknown> | undefined;
    // defineProperty: a key named __proto__ must become an own field, as JSON.parse would make it.
    if (target) Object.defineProperty(target, e.key, { value: copy(e.value), ...OWN });
    return;
  }
  const all = slots(value);
  const slot = all[e.pick % Math.max(all.length, 1)];
  if (!slot) return;
  const parent = slot.parent as Record<string | number, unknown>;
  if (e.kind === 'drop') {
    if (Array.isArray(slot.parent)) slot.parent.splice(Number(slot.key), 1);
    else delete parent[slot.key];
    return;
  }
  // A copy: fast-check hands out the same constant objects again, and they must never be edited.
  parent[slot.key] = copy(e.value);
}

/** A deep copy that keeps Raw pieces. */
function copy(value: unknown): unknown {
  if (value === null || typeof value !== 'object' || value instanceof Raw) return value;
  if (Array.isArray(value)) return value.map(copy);
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) Object.defineProperty(out, k, { value: copy(v), ...OWN });
  return out;
}

/** Near misses of the values `valid` makes. */
export function nearMiss(valid: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
  return fc.tuple(valid, fc.array(edit, { minLength: 1, maxLength: 3 })).map(([base, edits]) => {
    const value = copy(base);
    if (value === null || typeof value !== 'object')
      return edits[0]?.kind === 'replace' ? copy(edits[0].value) : value;
    for (const e of edits) apply(value, e);
    return value;
  });
}
