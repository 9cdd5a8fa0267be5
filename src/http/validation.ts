/**
 * Request validation at the edge (STYLE.md §9). Two Ajv instances: bodies are validated without
 * type coercion (a number sent for a string is an error, as GWS clients expect strict JSON);
 * query strings and path parameters are coerced (they arrive as text). Ajv errors become catalog
 * errors here, once: a missing property (or no body at all) → statusCode 1, an unknown
 * operationName → 10, any other violation → 10, each with a message naming the parameter. A value
 * that passed its schema is then checked for text no store can keep (storable-text.ts), also
 * statusCode 10.
 */
import { Ajv } from 'ajv';
import type { ErrorObject, ValidateFunction } from 'ajv';
import type { FastifySchemaCompiler } from 'fastify';
import { DomainError } from '../errors.js';
import { unstorableAt } from './storable-text.js';

/** The Ajv-shaped error for a string no store can keep (see toDomainError). */
const UNSTORABLE = 'unstorable';

export function createValidatorCompiler(): FastifySchemaCompiler<unknown> {
  const options = {
    useDefaults: true,
    strict: false,
    discriminator: true,
    allErrors: false,
    verbose: true,
  } as const;
  const bodyAjv = new Ajv({ ...options, coerceTypes: false });
  const textAjv = new Ajv({ ...options, coerceTypes: 'array' });
  return ({ schema, httpPart }) =>
    storableOnly((httpPart === 'body' ? bodyAjv : textAjv).compile(schema as object));
}

/** Ajv's validator, then the storable-text check on what passed it (fastify reads `.errors`). */
function storableOnly(validate: ValidateFunction): ValidateFunction {
  const checked = ((data: unknown) => {
    if (!validate(data)) {
      checked.errors = validate.errors;
      return false;
    }
    const at = unstorableAt(data);
    checked.errors = null;
    if (at === undefined) return true;
    const instancePath = at === '' ? '' : `/${at.split('.').join('/')}`;
    checked.errors = [{ keyword: UNSTORABLE, instancePath, schemaPath: '', params: {} }];
    return false;
  }) as ValidateFunction;
  return checked;
}

function parameterName(error: ErrorObject, property?: string): string {
  const path = error.instancePath.split('/').filter(Boolean);
  if (property) path.push(property);
  return path.join('.') || 'body';
}

export function toDomainError(errors: readonly ErrorObject[], part: string): DomainError {
  const error = errors[0];
  if (!error) return new DomainError('ValidationFailed');
  const where = part === 'body' ? '' : ` in ${part === 'querystring' ? 'query string' : part}`;
  switch (error.keyword) {
    case 'required': {
      const missing = (error.params as { missingProperty: string }).missingProperty;
      return new DomainError(
        'MissingParameter',
        `Missing required parameter '${parameterName(error, missing)}'${where}`,
      );
    }
    case 'discriminator': {
      const params = error.params as { error: string; tag: string; tagValue: unknown };
      if (params.error === 'tag' && error.instancePath === '' && params.tagValue === undefined) {
        return new DomainError('MissingParameter', `Missing required parameter '${params.tag}'`);
      }
      const known = (error.parentSchema as { 'x-operations'?: string[] } | undefined)?.['x-operations'] ?? [];
      return new DomainError(
        'UnknownOperation',
        `Unknown ${params.tag} ${describeTag(params.tagValue)}; expected one of: ${known.join(', ')}`,
      );
    }
    case 'type':
      // No body at all (nothing sent, so no Content-Type either; fastify validates it as null,
      // as a JSON `null`): like an empty JSON body, a missing one.
      if (part === 'body' && error.instancePath === '' && error.data === null)
        return new DomainError('MissingParameter', 'Request body is empty; expected a JSON object');
      return new DomainError(
        'ValidationFailed',
        `Parameter '${parameterName(error)}'${where} must be ${(error.params as { type: string }).type}`,
      );
    case UNSTORABLE:
      return new DomainError(
        'ValidationFailed',
        `Parameter '${parameterName(error)}'${where} must not contain U+0000 or unpaired surrogates`,
      );
    case 'enum':
      return new DomainError(
        'ValidationFailed',
        `Parameter '${parameterName(error)}'${where} must be one of: ${(error.params as { allowedValues: unknown[] }).allowedValues.join(', ')}`,
      );
    default:
      return new DomainError(
        'ValidationFailed',
        `Parameter '${parameterName(error)}'${where} ${expectation(error) ?? error.message ?? 'is invalid'}`,
      );
  }
}

/**
 * What a schema says its pattern stands for (`x-expected`, e.g. http-url.ts): the pattern itself
 * is no message for a client.
 */
function expectation(error: ErrorObject): string | undefined {
  if (error.keyword !== 'pattern') return undefined;
  const expected = (error.parentSchema as { 'x-expected'?: unknown } | undefined)?.['x-expected'];
  return typeof expected === 'string' ? `must be ${expected}` : undefined;
}

/**
 * The refused operation name as the message names it: a short string quoted, anything else by its
 * kind. Never the value itself: it may be huge, or nested deeper than JSON.stringify can go.
 */
function describeTag(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 64 ? `${value.slice(0, 64)}…` : value);
  return `(${Array.isArray(value) ? 'an array' : value === null ? 'null' : `a ${typeof value}`}, not a name)`;
}
