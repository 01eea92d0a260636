import type { Kysely } from 'kysely'

/**
 * Organisation units: a tree per organisation (省公司 → 地市公司 → 县公司 → 营业厅; 集团 → 品牌 → 区域 →
 * 门店), each unit with a code unique in its organisation, a Chinese and an optional English name,
 * a type, an optional parent, geography and opening hours (JSON), and the time it was closed.
 *
 * `unit_versions` keeps the tree's effective-dated history: each row says a unit had `parent_id`
 * (and was closed or open) from `valid_from` until `valid_to` (null = still so). A move or a
 * closure ends the current row and starts a new one, so the tree as it stood at any time can be
 * read back. `membership_units` lists the units a membership (users row) is limited to; none means
 * the whole organisation. Responses, feedback, cases and contacts get a nullable `unit_id`.
 * Names are spelled out here, never imported from live code.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('units')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('name_zh', 'text', (c) => c.notNull())
    .addColumn('name_en', 'text')
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('parent_id', 'text')
    .addColumn('geo', 'text')
    .addColumn('opening_hours', 'text')
    .addColumn('closed_at', 'bigint')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('units_org_code', ['org_id', 'code'])
    .execute()
  await db.schema.createIndex('units_parent').on('units').columns(['org_id', 'parent_id']).execute()

  await db.schema
    .createTable('unit_versions')
    .addColumn('org_id', 'text', (c) => c.notNull())
    .addColumn('unit_id', 'text', (c) => c.notNull())
    .addColumn('parent_id', 'text')
    .addColumn('valid_from', 'bigint', (c) => c.notNull())
    .addColumn('valid_to', 'bigint')
    .addColumn('closed', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('unit_versions_pk', ['unit_id', 'valid_from'])
    .execute()
  await db.schema
    .createIndex('unit_versions_org')
    .on('unit_versions')
    .columns(['org_id', 'valid_from'])
    .execute()

  await db.schema
    .createTable('membership_units')
    .addColumn('org_id', 'text', (c) => c.notNull())
    .addColumn('membership_id', 'text', (c) => c.notNull())
    .addColumn('unit_id', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('membership_units_pk', ['membership_id', 'unit_id'])
    .execute()
  await db.schema
    .createIndex('membership_units_unit')
    .on('membership_units')
    .columns(['org_id', 'unit_id'])
    .execute()

  await db.schema.alterTable('responses').addColumn('unit_id', 'text').execute()
  await db.schema
    .createIndex('responses_unit')
    .on('responses')
    .columns(['org_id', 'unit_id', 'submitted_at'])
    .execute()
  await db.schema.alterTable('feedback').addColumn('unit_id', 'text').execute()
  await db.schema
    .createIndex('feedback_unit')
    .on('feedback')
    .columns(['org_id', 'unit_id', 'received_at'])
    .execute()
  await db.schema.alterTable('cases').addColumn('unit_id', 'text').execute()
  await db.schema
    .createIndex('cases_unit')
    .on('cases')
    .columns(['org_id', 'unit_id', 'created_at'])
    .execute()
  await db.schema.alterTable('contacts').addColumn('unit_id', 'text').execute()
  await db.schema
    .createIndex('contacts_unit')
    .on('contacts')
    .columns(['org_id', 'unit_id'])
    .execute()
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['contacts', 'cases', 'feedback', 'responses']) {
    await db.schema.dropIndex(`${table}_unit`).execute()
    await db.schema.alterTable(table).dropColumn('unit_id').execute()
  }
  await db.schema.dropTable('membership_units').execute()
  await db.schema.dropTable('unit_versions').execute()
  await db.schema.dropIndex('units_parent').execute()
  await db.schema.dropTable('units').execute()
}
