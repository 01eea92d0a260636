import type { Kysely } from 'kysely'

/**
 * Appraisal and incentives (issue 19).
 *
 * `appraisal_formulas`: the organisation's scoring formula, one row per version (1, 2, …; a change
 * is a new version, an old version is never rewritten), its spec as JSON (weights of customer
 * outcomes, minimum n and the policy below it, praise bonus, complaint penalty by responsibility,
 * caps) and a note.
 * `appraisal_months`: one unit's month (YYYY-MM) scored with one formula version, per revision
 * (1, 2, …): draft (recomputed at will), then approved by a supervisor (never changed after; a
 * change needs a new revision with a reason, `revises_id` naming the one it replaces). `results`
 * is JSON: per employee the score and every input behind it.
 * `appraisal_disputes`: an employee's objection to their result in a month's revision, and its
 * answer.
 * Names are spelled out here, never imported from live code.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('appraisal_formulas')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('spec', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('appraisal_formulas_version', ['org_id', 'version'])
    .execute()
  await db.schema
    .createTable('appraisal_months')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('unit_id', 'text', (c) => c.notNull())
    .addColumn('month', 'text', (c) => c.notNull())
    .addColumn('revision', 'integer', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('formula_version', 'integer', (c) => c.notNull())
    .addColumn('results', 'text', (c) => c.notNull())
    .addColumn('computed_by', 'text', (c) => c.notNull())
    .addColumn('computed_at', 'bigint', (c) => c.notNull())
    .addColumn('approved_by', 'text')
    .addColumn('approved_at', 'bigint')
    .addColumn('revises_id', 'text')
    .addColumn('reason', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('appraisal_months_revision', ['org_id', 'unit_id', 'month', 'revision'])
    .execute()
  await db.schema
    .createTable('appraisal_disputes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('appraisal_id', 'text', (c) => c.notNull())
    .addColumn('employee_id', 'text', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('answer', 'text')
    .addColumn('answered_by', 'text')
    .addColumn('answered_at', 'bigint')
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute()
  await db.schema
    .createIndex('appraisal_disputes_appraisal')
    .on('appraisal_disputes')
    .columns(['org_id', 'appraisal_id'])
    .execute()
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('appraisal_disputes').execute()
  await db.schema.dropTable('appraisal_months').execute()
  await db.schema.dropTable('appraisal_formulas').execute()
}
