import type { Kysely } from 'kysely'

/**
 * Service maturity self-assessments (issue 19, src/maturity).
 *
 * `maturity_assessments`: one self-assessment of a unit on the four-stage instrument
 * (src/maturity/maturity-instrument.ts): the 1–5 rating of each item as JSON, the instrument's
 * version, the stage it came to (kept for the history list; recomputed on every edit), the day it
 * describes, a note, and the action plans made from its gaps (JSON: dimension -> plan id).
 * Names are spelled out here, never imported from live code.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('maturity_assessments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('unit_id', 'text', (c) => c.notNull())
    .addColumn('instrument', 'text', (c) => c.notNull())
    .addColumn('assessed_on', 'text', (c) => c.notNull())
    .addColumn('ratings', 'text', (c) => c.notNull())
    .addColumn('stage', 'integer', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('plans', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_by', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute()
  await db.schema
    .createIndex('maturity_assessments_unit')
    .on('maturity_assessments')
    .columns(['org_id', 'unit_id', 'assessed_on'])
    .execute()
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('maturity_assessments').execute()
}
