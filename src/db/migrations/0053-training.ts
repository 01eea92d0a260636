import type { Kysely } from 'kysely'

/**
 * Training (issue 19).
 *
 * `training_courses`: a course of the organisation: title, topic, the skill dimension it trains
 * (a SERVQUAL dimension, complaint handling, product knowledge) and the customer outcome it is
 * measured on (csat, nps or ces).
 * `training_sessions`: one run of a course for a unit, from `starts_at` to `ends_at`.
 * `training_attendance`: an employee enrolled in a session and how far they got (enrolled,
 * attended, completed, absent); one row per employee and session.
 * Names are spelled out here, never imported from live code.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('training_courses')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('topic', 'text')
    .addColumn('dimension', 'text', (c) => c.notNull())
    .addColumn('outcome', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute()
  await db.schema
    .createTable('training_sessions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('course_id', 'text', (c) => c.notNull())
    .addColumn('unit_id', 'text', (c) => c.notNull())
    .addColumn('starts_at', 'bigint', (c) => c.notNull())
    .addColumn('ends_at', 'bigint', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute()
  await db.schema
    .createIndex('training_sessions_course')
    .on('training_sessions')
    .columns(['org_id', 'course_id'])
    .execute()
  await db.schema
    .createTable('training_attendance')
    .addColumn('org_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('session_id', 'text', (c) => c.notNull())
    .addColumn('employee_id', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('training_attendance_pk', ['org_id', 'session_id', 'employee_id'])
    .execute()
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('training_attendance').execute()
  await db.schema.dropTable('training_sessions').execute()
  await db.schema.dropTable('training_courses').execute()
}
