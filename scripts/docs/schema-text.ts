/**
 * A JSON schema, as the OpenAPI document gives it, in a few words for the README's operations
 * table: its type and its limits (`string, 1–64 chars`, `"NextChat" | "AllChats"`,
 * `string[], ≥ 1 items`, `integer, 1–100`), and its `description` when it has one.
 */

/** The subset of JSON Schema (as @fastify/swagger prints TypeBox schemas) this describes. */
export interface JsonSchema {
  readonly type?: string;
  readonly description?: string;
  readonly enum?: readonly unknown[];
  readonly nullable?: boolean;
  readonly pattern?: string;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly minItems?: number;
  readonly maxItems?: number;
  readonly uniqueItems?: boolean;
  readonly minProperties?: number;
  readonly maxProperties?: number;
  readonly required?: readonly string[];
  readonly properties?: Readonly<Record<string, JsonSchema>>;
  readonly additionalProperties?: JsonSchema | boolean;
  readonly items?: JsonSchema;
  readonly anyOf?: readonly JsonSchema[];
  readonly oneOf?: readonly JsonSchema[];
}

/** `type, limits — description`. */
export function schemaText(schema: JsonSchema): string {
  const text = [typeText(schema), ...limits(schema)].join(', ');
  return schema.description ? `${text} — ${schema.description}` : text;
}

function typeText(schema: JsonSchema): string {
  if (schema.enum) {
    // TypeBox's Null prints as {"type":"object","nullable":true,"enum":[null]}.
    return schema.enum.map((value) => JSON.stringify(value)).join(' | ');
  }
  const union = schema.anyOf ?? schema.oneOf;
  if (union) return union.map((member) => bracketed(member)).join(' | ');
  if (schema.type === 'array') return `${schema.items ? bracketed(schema.items) : 'any'}[]`;
  if (schema.type === 'object') return objectText(schema);
  return schema.type ?? 'any';
}

/** A part of a union or an array's items, bracketed when it has limits or is a union itself. */
function bracketed(schema: JsonSchema): string {
  const text = [typeText(schema), ...limits(schema)].join(', ');
  return text.includes(' ') ? `(${text})` : text;
}

function objectText(schema: JsonSchema): string {
  const properties = Object.entries(schema.properties ?? {});
  if (properties.length > 0) {
    const required = new Set(schema.required ?? []);
    const fields = properties.map(
      ([name, field]) => `${name}${required.has(name) ? '' : '?'}: ${schemaText(field)}`,
    );
    return `{${fields.join('; ')}}`;
  }
  const values = schema.additionalProperties;
  if (typeof values === 'object') return `{name: ${schemaText(values)}}`;
  return 'object';
}

function limits(schema: JsonSchema): string[] {
  const out: string[] = [];
  const range = (min: number | undefined, max: number | undefined, unit: string) => {
    const suffix = unit ? ` ${unit}` : '';
    if (min !== undefined && max !== undefined) out.push(`${min}–${max}${suffix}`);
    else if (min !== undefined) out.push(`≥ ${min}${suffix}`);
    else if (max !== undefined) out.push(`≤ ${max}${suffix}`);
  };
  range(schema.minLength, schema.maxLength, 'chars');
  range(schema.minimum, schema.maximum, '');
  range(schema.minItems, schema.maxItems, 'items');
  range(schema.minProperties, schema.maxProperties, 'keys');
  if (schema.uniqueItems) out.push('unique');
  if (schema.pattern !== undefined) out.push(`matching ${schema.pattern}`);
  return out;
}
