/**
 * README.md's table of operations is the one `npm run docs:operations` writes from the route
 * schemas now: an operation added, renamed or given a new parameter fails here until the README
 * is regenerated, so the README documents every operation the server accepts.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import {
  currentOperationsTable,
  openApiDocument,
  operationRows,
} from '../../scripts/docs/operations-table.js';
import { README_PATH, readSection } from '../../scripts/docs/readme-section.js';
import { schemaText } from '../../scripts/docs/schema-text.js';

test('README.md lists every operation as the route schemas define them now', async () => {
  const documented = readSection(readFileSync(README_PATH, 'utf8'), 'operations');
  const generated = await currentOperationsTable();
  if (documented === generated) return;
  const lines = (text: string) => new Set(text.split('\n'));
  const [have, want] = [lines(documented), lines(generated)];
  const stale = [...have].filter((line) => !want.has(line)).map((line) => `- ${line}`);
  const missing = [...want].filter((line) => !have.has(line)).map((line) => `+ ${line}`);
  assert.fail(
    `README.md's operations table differs from the route schemas: run \`npm run docs:operations\`\n` +
      [...stale, ...missing].join('\n'),
  );
});

test('the table has a row for each operation of every operation route, with its parameters', async () => {
  const rows = operationRows(await openApiDocument());
  const row = (path: string, name: string) => rows.find((r) => r.path === path && r.operationName === name);
  for (const [path, name] of [
    ['/api/v2/me', 'StartContactCenterSession'],
    ['/api/v2/me/channels/{channel}', 'Ready'],
    ['/api/v2/me/chats/{chatId}', 'Accept'],
    ['/api/v2/chats', 'RequestChat'],
    ['/api/v2/chats/{id}', 'Complete'],
    ['/api/v2/users/{agentId}/channels/{channel}', 'Coach'],
    ['/api/v2/users/{agentId}/chats/{chatId}', 'Intrude'],
    ['/parley/v1/contact-center', 'UpdateSettings'],
  ] as const) {
    assert.ok(row(path, name), `${name} on ${path}`);
  }
  assert.deepEqual(row('/api/v2/me/chats/{chatId}', 'SendToAgents')?.required, [
    '`text`: string, 1–16384 chars',
  ]);
  assert.deepEqual(row('/api/v2/users/{agentId}/channels/{channel}', 'Coach')?.optional, [
    '`supervisorMonitoringMode`: "NextChat" | "AllChats"',
    '`nickname`: string, 1–64 chars',
  ]);
  assert.ok(rows.every((r) => r.method === 'POST'));
  assert.ok(!rows.some((r) => r.path === '/api/v2/users'), 'a body without operationName is no operation');
});

test('a schema reads as its type, its limits and its description', () => {
  assert.equal(
    schemaText({ type: 'string', maxLength: 128, description: 'queue name' }),
    'string, ≤ 128 chars — queue name',
  );
  assert.equal(
    schemaText({
      type: 'array',
      items: { type: 'string', enum: ['a', 'b'] },
      minItems: 1,
      uniqueItems: true,
    }),
    '("a" | "b")[], ≥ 1 items, unique',
  );
  assert.equal(
    schemaText({
      type: 'object',
      maxProperties: 200,
      additionalProperties: {
        anyOf: [{ type: 'string', maxLength: 4096 }, { type: 'number' }, { enum: [null] }],
      },
    }),
    '{name: (string, ≤ 4096 chars) | number | null}, ≤ 200 keys',
  );
  assert.equal(
    schemaText({
      type: 'object',
      required: ['a'],
      properties: { a: { type: 'integer', minimum: 1, maximum: 100 }, b: { type: 'boolean' } },
    }),
    '{a: integer, 1–100; b?: boolean}',
  );
});
