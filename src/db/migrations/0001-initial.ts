import type { Kysely } from 'kysely'

// The columns of response_daily_counts as released: `responses`, then one per metric value
// (NPS 0–10, CSAT 1–5, CES 1–7). Spelled out here, not imported, so a later change to the
// live metric scales can never change what this released migration creates.
const DAILY_COUNT_COLUMNS = [
  'responses',
  ...['nps_0', 'nps_1', 'nps_2', 'nps_3', 'nps_4', 'nps_5', 'nps_6', 'nps_7', 'nps_8', 'nps_9', 'nps_10'],
  ...['csat_1', 'csat_2', 'csat_3', 'csat_4', 'csat_5'],
  ...['ces_1', 'ces_2', 'ces_3', 'ces_4', 'ces_5', 'ces_6', 'ces_7'],
] as const

// Written with the schema builder only, so the same file runs on SQLite and PostgreSQL.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('organisations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('timezone', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute()

  await db.schema
    .createTable('users')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('email', 'text', (c) => c.notNull().unique())
    .addColumn('display_name', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('locale', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('users_org').on('users').column('org_id').execute()

  await db.schema
    .createTable('sessions')
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('org_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute()

  await db.schema
    .createTable('api_tokens')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('last_used_at', 'bigint')
    .addColumn('revoked_at', 'bigint')
    .execute()

  await db.schema
    .createTable('audit_log')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('actor_type', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('entity', 'text', (c) => c.notNull())
    .addColumn('entity_id', 'text', (c) => c.notNull())
    .addColumn('detail', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('audit_log_org_time').on('audit_log').columns(['org_id', 'created_at']).execute()

  await db.schema
    .createTable('surveys')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('slug', 'text', (c) => c.notNull().unique())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('default_locale', 'text', (c) => c.notNull())
    .addColumn('questions', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addColumn('published_at', 'bigint')
    .addColumn('closed_at', 'bigint')
    .execute()
  await db.schema.createIndex('surveys_org').on('surveys').columns(['org_id', 'created_at']).execute()

  await db.schema
    .createTable('responses')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('survey_id', 'text', (c) => c.notNull().references('surveys.id'))
    .addColumn('survey_version', 'integer', (c) => c.notNull())
    .addColumn('client_response_id', 'text', (c) => c.notNull())
    .addColumn('answers', 'text', (c) => c.notNull())
    .addColumn('nps', 'smallint')
    .addColumn('csat', 'smallint')
    .addColumn('ces', 'smallint')
    .addColumn('comment', 'text')
    .addColumn('locale', 'text', (c) => c.notNull())
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('segments', 'text', (c) => c.notNull())
    .addColumn('submitted_at', 'bigint', (c) => c.notNull())
    .addColumn('local_day', 'integer', (c) => c.notNull())
    .addUniqueConstraint('responses_idempotency', ['survey_id', 'client_response_id'])
    .execute()
  await db.schema.createIndex('responses_survey_time').on('responses').columns(['survey_id', 'submitted_at']).execute()

  // Per survey, local day and channel: how many answers of each value. Written in the
  // same transaction as the responses, so dashboards read a few hundred rows, not millions.
  let counts = db.schema
    .createTable('response_daily_counts')
    .addColumn('org_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('survey_id', 'text', (c) => c.notNull().references('surveys.id'))
    .addColumn('local_day', 'integer', (c) => c.notNull())
    .addColumn('channel', 'text', (c) => c.notNull())
  for (const column of DAILY_COUNT_COLUMNS) counts = counts.addColumn(column, 'bigint', (c) => c.notNull().defaultTo(0))
  await counts.addPrimaryKeyConstraint('response_daily_counts_pk', ['survey_id', 'local_day', 'channel']).execute()
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['response_daily_counts', 'responses', 'surveys', 'audit_log', 'api_tokens', 'sessions', 'users', 'organisations']) {
    await db.schema.dropTable(table).execute()
  }
}
