/**
 * Operation bodies (spec §1.2): state changes are `POST {"operationName": …, …}`. A route that
 * takes several operations declares one schema per operation; `operationBody` joins them with
 * Ajv's discriminator on `operationName`, so a request is checked against exactly its own
 * operation's schema and an unknown name is reported as such (validation.ts).
 */
import type { Static, TLiteral, TObject, TProperties } from 'typebox';
import { Type } from 'typebox';

type OperationSchema = TObject<TProperties & { operationName: TLiteral<string> }>;

export function operation<N extends string, P extends TProperties>(
  name: N,
  properties: P,
  description?: string,
) {
  return Type.Object(
    { operationName: Type.Literal(name), ...properties },
    description ? { description } : {},
  );
}

export function operationBody<S extends readonly OperationSchema[]>(schemas: S) {
  const names = schemas.map((s) => (s.properties.operationName as TLiteral<string>).const);
  return Type.Unsafe<Static<S[number]>>({
    type: 'object',
    required: ['operationName'],
    discriminator: { propertyName: 'operationName' },
    // Listed in the error message of an unknown operation (validation.ts reads error.schema).
    oneOf: schemas,
    'x-operations': names,
  });
}

/** A string that must be one of `values` (reported as "must be one of: …"). */
export function StringEnum<T extends string>(values: readonly T[], options: { description?: string } = {}) {
  return Type.Unsafe<T>({ type: 'string', enum: [...values], ...options });
}
