/**
 * The README's table of every `operationName` operation, built from the route schemas through the
 * OpenAPI document that @fastify/swagger derives from them (STYLE.md §9: "the same schemas feed
 * the OpenAPI document"). The document is the one source that covers every route alike: some
 * operation bodies are module-private (presence in src/agents/routes.ts, the contact-center
 * extension), and a route added later with `operationBody(...)` shows up here without this file
 * knowing it. Any request body whose `oneOf` members each fix `operationName` is an operation body.
 */
import { format, resolveConfig } from 'prettier';
import { buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { InProcessBus } from '../../src/notifications/in-process-bus.js';
import { openStore } from '../../src/store/open-store.js';
import { README_PATH } from './readme-section.js';
import type { JsonSchema } from './schema-text.js';
import { schemaText } from './schema-text.js';

interface OpenApiDocument {
  readonly paths?: Record<
    string,
    Record<string, { requestBody?: { content?: Record<string, { schema?: JsonSchema }> } }>
  >;
}

export interface OperationRow {
  readonly method: string;
  readonly path: string;
  readonly operationName: string;
  readonly required: readonly string[];
  readonly optional: readonly string[];
  readonly description: string | undefined;
}

/** The OpenAPI document of the real app (buildApp), on an empty in-memory store; nothing listens. */
export async function openApiDocument(): Promise<OpenApiDocument> {
  // An explicit environment: the caller's PORT, DATABASE_URL or PARLEY_* must not change the routes.
  const config = loadConfig({ PORT: '0', DATABASE_URL: 'sqlite::memory:', LOG_LEVEL: 'silent' });
  const store = await openStore(config.databaseUrl);
  const bus = new InProcessBus();
  const app = await buildApp({ config, store, bus, logger: false });
  try {
    await app.server.ready();
    return app.server.swagger() as OpenApiDocument;
  } finally {
    await app.server.close();
    await bus.close();
    await store.close();
  }
}

/** One row per operation, in route registration order, then the schema's own order. */
export function operationRows(document: OpenApiDocument): OperationRow[] {
  const rows: OperationRow[] = [];
  for (const [path, methods] of Object.entries(document.paths ?? {})) {
    for (const [method, route] of Object.entries(methods)) {
      const body = route.requestBody?.content?.['application/json']?.schema;
      for (const member of operationMembers(body)) {
        const { operationName, ...parameters } = member.properties ?? {};
        const name = operationName?.enum?.[0];
        if (typeof name !== 'string') continue;
        const required = new Set(member.required ?? []);
        const describe = ([key, schema]: [string, JsonSchema]) => `\`${key}\`: ${schemaText(schema)}`;
        const entries = Object.entries(parameters);
        rows.push({
          method: method.toUpperCase(),
          path,
          operationName: name,
          required: entries.filter(([key]) => required.has(key)).map(describe),
          optional: entries.filter(([key]) => !required.has(key)).map(describe),
          description: member.description ?? (body?.oneOf?.length === 1 ? body.description : undefined),
        });
      }
    }
  }
  return rows;
}

/** The `oneOf` members of an operation body (each fixing `operationName`), else none. */
function operationMembers(body: JsonSchema | undefined): readonly JsonSchema[] {
  const members = body?.oneOf ?? [];
  const fixesName = (member: JsonSchema) => member.properties?.operationName?.enum?.length === 1;
  return members.length > 0 && members.every(fixesName) ? members : [];
}

/** The rows as one markdown table, formatted as `prettier --check` wants README.md. */
export async function operationsTable(rows: readonly OperationRow[]): Promise<string> {
  const described = rows.some((row) => row.description);
  const header = ['request', '`operationName`', 'required parameters', 'optional parameters'];
  if (described) header.push('description');
  const lines = [header, header.map(() => '---')].map(tableLine);
  for (const row of rows) {
    const cells = [
      `\`${row.method} ${row.path}\``,
      `\`${row.operationName}\``,
      row.required.join('<br>'),
      row.optional.join('<br>'),
    ];
    if (described) cells.push(row.description ?? '');
    lines.push(tableLine(cells.map(escapeCell)));
  }
  const options = (await resolveConfig(README_PATH)) ?? {};
  return format(`${lines.join('\n')}\n`, { ...options, parser: 'markdown' });
}

/** The table the README must hold now: the real app's routes, rendered. */
export async function currentOperationsTable(): Promise<string> {
  return operationsTable(operationRows(await openApiDocument()));
}

function tableLine(cells: readonly string[]): string {
  return `| ${cells.join(' | ')} |`;
}

function escapeCell(text: string): string {
  return text.replaceAll('|', '\\|').replaceAll('\n', ' ');
}
