/** Request schemas for user provisioning (GWS `POST/PUT /api/v2/users`), types inferred from them. */
import type { Static } from 'typebox';
import { Type } from 'typebox';
import { StringEnum } from '../../http/operations.js';
import { ROLES } from '../roles.js';

// No ':' (Basic auth splits at the first one; the store's unique key joins contact center and name
// with it), no spaces or control characters; e-mail style allowed.
export const UserName = Type.String({
  pattern: '^[A-Za-z0-9._@+-]{1,64}$',
  description:
    'Unique in its contact center (case-insensitive); login name, as user@contactCenter outside the home one',
});
export const Password = Type.String({ minLength: 8, maxLength: 256 });
export const PersonName = Type.String({ maxLength: 100 });
export const Roles = Type.Array(StringEnum(ROLES), { minItems: 1, uniqueItems: true });

export const CreateUserBody = Type.Object({
  userName: UserName,
  password: Password,
  firstName: Type.Optional(PersonName),
  lastName: Type.Optional(PersonName),
  roles: Roles,
  enabled: Type.Optional(Type.Boolean()),
});
export type CreateUserBody = Static<typeof CreateUserBody>;

export const UpdateUserBody = Type.Object(
  {
    userName: Type.Optional(Type.String()),
    password: Type.Optional(Password),
    firstName: Type.Optional(PersonName),
    lastName: Type.Optional(PersonName),
    roles: Type.Optional(Roles),
    enabled: Type.Optional(Type.Boolean()),
  },
  { minProperties: 1 },
);
export type UpdateUserBody = Static<typeof UpdateUserBody>;

export const UserIdParams = Type.Object({ userId: Type.String() });

export const FieldsQuery = Type.Object({
  fields: Type.Optional(
    Type.String({ description: '`*` returns full resources instead of URIs (spec §1.3)' }),
  ),
});
