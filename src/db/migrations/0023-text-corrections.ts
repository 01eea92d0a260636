import type { Kysely } from 'kysely'

/**
 * Corrections of the text analysis by an organisation's agents, and the
 * organisation's own sentiment model learned from them.
 *
 * text_corrections: one per feedback record (a new correction of the same
 * record replaces it): the sentiment and/or topics the agent gave (null when
 * that part was not corrected), what the analysis had said, who and when.
 *
 * text_models: one per organisation: the model (JSON), how many corrections
 * it was trained on and the newest correction's time, the cross-validated
 * accuracy on the corrected comments before (shipped model) and after (the
 * organisation's), and when it was trained. Names are spelled out here,
 * never imported from live code.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('text_corrections')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('feedback_id', 'text', (c) => c.notNull())
    .addColumn('sentiment', 'text')
    .addColumn('topics', 'text')
    .addColumn('previous_sentiment', 'text')
    .addColumn('previous_topics', 'text')
    .addColumn('corrected_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('text_corrections_feedback', ['org_id', 'feedback_id'])
    .execute()
  await db.schema
    .createIndex('text_corrections_created')
    .on('text_corrections')
    .columns(['org_id', 'created_at'])
    .execute()
  await db.schema
    .createTable('text_models')
    .addColumn('org_id', 'text', (c) => c.primaryKey().references('organisations.id'))
    .addColumn('model', 'text', (c) => c.notNull())
    .addColumn('corrections', 'integer', (c) => c.notNull())
    .addColumn('corrections_until', 'bigint', (c) => c.notNull())
    .addColumn('accuracy_before', 'double precision', (c) => c.notNull())
    .addColumn('accuracy_after', 'double precision', (c) => c.notNull())
    .addColumn('folds', 'integer', (c) => c.notNull())
    .addColumn('trained_at', 'bigint', (c) => c.notNull())
    .execute()
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('text_models').execute()
  await db.schema.dropTable('text_corrections').execute()
}
