import type { Kysely } from 'kysely'

// What the text analysis read in each feedback (language, sentiment, topics), and each organisation's taxonomy.
export async function up(db: Kysely<unknown>): Promise<void> {
  for (const [column, type] of [['language', 'text'], ['sentiment', 'text'], ['sentiment_score', 'real'], ['topics', 'text'], ['aspects', 'text'], ['analysed_at', 'bigint']] as const) {
    await db.schema.alterTable('feedback').addColumn(column, type).execute()
  }
  await db.schema.createIndex('feedback_unanalysed').on('feedback').columns(['analysed_at']).execute()
  await db.schema
    .createTable('text_configs')
    .addColumn('org_id', 'text', (c) => c.primaryKey().references('organisations.id'))
    .addColumn('config', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute()
  await db.schema
    .createTable('alerts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('day', 'integer', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('detail', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('alerts_once_a_day', ['org_id', 'kind', 'key', 'day'])
    .execute()
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('alerts').execute()
  await db.schema.dropTable('text_configs').execute()
  await db.schema.dropIndex('feedback_unanalysed').execute()
  for (const column of ['analysed_at', 'aspects', 'topics', 'sentiment_score', 'sentiment', 'language']) await db.schema.alterTable('feedback').dropColumn(column).execute()
}
