import type { ContactCenter, ContactCenterSettings } from '../../accounts/records.js';
import { DEFAULT_SETTINGS } from '../../accounts/records.js';
import type { Feature } from '../../accounts/features.js';
import { isFeature } from '../../accounts/features.js';
import type { ContactCenterRepository } from '../store.js';
import type { SqlExecutor } from './executor.js';
import { sql } from './executor.js';

interface Row {
  id: string;
  name: string;
  features: string;
  settings: string;
  created_at: number;
}

const COLUMNS = 'id, name, features, settings, created_at';
const insert = sql(
  'cc.insert',
  'INSERT INTO contact_centers (id, name, features, settings, created_at) VALUES (?, ?, ?, ?, ?)',
);
const byId = sql('cc.byId', `SELECT ${COLUMNS} FROM contact_centers WHERE id = ?`);
const all = sql('cc.all', `SELECT ${COLUMNS} FROM contact_centers ORDER BY created_at, id`);
const home = sql('cc.home', `SELECT ${COLUMNS} FROM contact_centers ORDER BY created_at, id LIMIT 1`);
// lower() folds ASCII alike in both dialects; new names are ASCII (contact-centers/routes.ts).
const byName = sql(
  'cc.byName',
  `SELECT ${COLUMNS} FROM contact_centers WHERE lower(name) = ? ORDER BY created_at, id`,
);
const updateRow = sql(
  'cc.update',
  'UPDATE contact_centers SET name = ?, features = ?, settings = ? WHERE id = ?',
);

function toContactCenter(row: Row): ContactCenter {
  const features = (JSON.parse(row.features) as string[]).filter(isFeature);
  // Settings added by later versions get their defaults when an older row lacks them.
  const settings = { ...DEFAULT_SETTINGS, ...(JSON.parse(row.settings) as Partial<ContactCenterSettings>) };
  return { id: row.id, name: row.name, features, settings, createdAt: row.created_at };
}

function asciiLower(text: string): string {
  return text.replace(/[A-Z]+/g, (letters) => letters.toLowerCase());
}

export function contactCenterRepository(db: SqlExecutor): ContactCenterRepository {
  return {
    async create(cc) {
      await db.run(insert, [
        cc.id,
        cc.name,
        JSON.stringify(cc.features),
        JSON.stringify(cc.settings),
        cc.createdAt,
      ]);
    },
    async get(id) {
      const row = await db.get<Row>(byId, [id]);
      return row && toContactCenter(row);
    },
    async list() {
      return (await db.all<Row>(all)).map(toContactCenter);
    },
    async home() {
      const row = await db.get<Row>(home);
      return row && toContactCenter(row);
    },
    async listByName(name) {
      return (await db.all<Row>(byName, [asciiLower(name)])).map(toContactCenter);
    },
    async update(id, patch) {
      const row = await db.get<Row>(byId, [id]);
      if (!row) return undefined;
      const current = toContactCenter(row);
      const next: ContactCenter = {
        ...current,
        name: patch.name ?? current.name,
        features: (patch.features ?? current.features) as Feature[],
        settings: patch.settings ?? current.settings,
      };
      await db.run(updateRow, [next.name, JSON.stringify(next.features), JSON.stringify(next.settings), id]);
      return next;
    },
  };
}
