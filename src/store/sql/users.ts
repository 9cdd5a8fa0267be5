import type { User } from '../../accounts/records.js';
import { isRole } from '../../accounts/roles.js';
import type { UserRepository } from '../store.js';
import type { SqlExecutor, SqlValue } from './executor.js';
import { sql } from './executor.js';

interface Row {
  id: string;
  contact_center_id: string;
  user_name: string;
  password_hash: string;
  first_name: string;
  last_name: string;
  roles: string;
  enabled: number;
  created_at: number;
  updated_at: number;
}

const COLUMNS =
  'id, contact_center_id, user_name, password_hash, first_name, last_name, roles, enabled, created_at, updated_at';
const insert = sql(
  'users.insert',
  `INSERT INTO users (${COLUMNS}, user_name_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
);
const byId = sql('users.byId', `SELECT ${COLUMNS} FROM users WHERE id = ?`);
const byName = sql('users.byName', `SELECT ${COLUMNS} FROM users WHERE user_name_key = ?`);
// The home contact center as ContactCenterRepository.home() picks it.
const byNameAtHome = sql(
  'users.byNameAtHome',
  `SELECT ${COLUMNS} FROM users WHERE user_name_key =
     (SELECT id FROM contact_centers ORDER BY created_at, id LIMIT 1) || ':' || ?`,
);
const byContactCenter = sql(
  'users.byContactCenter',
  `SELECT ${COLUMNS} FROM users WHERE contact_center_id = ? ORDER BY user_name_key`,
);
const updateRow = sql(
  'users.update',
  `UPDATE users SET first_name = ?, last_name = ?, password_hash = ?, roles = ?, enabled = ?, updated_at = ?
   WHERE id = ?`,
);
const replaceHash = sql(
  'users.replacePasswordHash',
  'UPDATE users SET password_hash = ? WHERE id = ? AND password_hash = ?',
);
const deleteRow = sql('users.delete', 'DELETE FROM users WHERE id = ?');

/** A user name as compared: NFC, lower case. */
export function userNameKey(userName: string): string {
  return userName.normalize('NFC').toLowerCase();
}

/**
 * The unique column: `<contactCenterId>:<userNameKey>`, so a name is unique per contact center
 * (migration 8). User names hold no `:` (accounts/users/schema.ts), so keys never collide.
 */
function tenantKey(contactCenterId: string, userName: string): string {
  return `${contactCenterId}:${userNameKey(userName)}`;
}

function toUser(row: Row): User {
  return {
    id: row.id,
    contactCenterId: row.contact_center_id,
    userName: row.user_name,
    passwordHash: row.password_hash,
    firstName: row.first_name,
    lastName: row.last_name,
    roles: (JSON.parse(row.roles) as string[]).filter(isRole),
    enabled: row.enabled === 1,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function values(user: User): SqlValue[] {
  return [
    user.id,
    user.contactCenterId,
    user.userName,
    user.passwordHash,
    user.firstName,
    user.lastName,
    JSON.stringify(user.roles),
    user.enabled ? 1 : 0,
    user.createdAt,
    user.updatedAt,
  ];
}

export function userRepository(db: SqlExecutor): UserRepository {
  return {
    async create(user) {
      await db.run(insert, [...values(user), tenantKey(user.contactCenterId, user.userName)]);
    },
    async get(id) {
      const row = await db.get<Row>(byId, [id]);
      return row && toUser(row);
    },
    async getByUserName(userName, contactCenterId) {
      const row =
        contactCenterId === undefined
          ? await db.get<Row>(byNameAtHome, [userNameKey(userName)])
          : await db.get<Row>(byName, [tenantKey(contactCenterId, userName)]);
      return row && toUser(row);
    },
    async listByContactCenter(contactCenterId) {
      return (await db.all<Row>(byContactCenter, [contactCenterId])).map(toUser);
    },
    async update(id, patch) {
      const row = await db.get<Row>(byId, [id]);
      if (!row) return undefined;
      const current = toUser(row);
      const next: User = {
        ...current,
        firstName: patch.firstName ?? current.firstName,
        lastName: patch.lastName ?? current.lastName,
        passwordHash: patch.passwordHash ?? current.passwordHash,
        roles: patch.roles ?? current.roles,
        enabled: patch.enabled ?? current.enabled,
        updatedAt: patch.updatedAt,
      };
      await db.run(updateRow, [
        next.firstName,
        next.lastName,
        next.passwordHash,
        JSON.stringify(next.roles),
        next.enabled ? 1 : 0,
        next.updatedAt,
        id,
      ]);
      return next;
    },
    async replacePasswordHash(id, expected, next) {
      return (await db.run(replaceHash, [next, id, expected])) === 1;
    },
    async delete(id) {
      return (await db.run(deleteRow, [id])) > 0;
    },
  };
}
