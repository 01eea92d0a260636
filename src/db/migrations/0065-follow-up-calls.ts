import type { Kysely } from 'kysely'

/**
 * Telephone follow-up (95598 回访, issue 20). `follow_up_call_settings`: per organisation, the
 * survey agents ask on the phone, hours before a call not answered is tried again and the most
 * attempts. `follow_up_calls`: one call per resolved case, the agent it is for, where it stands
 * (open, call back, retry, done, refused, unreachable), when it is due next, attempts so far and
 * the answer it gave. `follow_up_call_attempts`: each attempt's outcome, by whom, when, the time
 * agreed to call back and the answer stored. Names are spelled out here, never imported.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('follow_up_call_settings')
    .addColumn('org_id', 'text', (c) => c.primaryKey().references('organisations.id'))
    .addColumn('survey_id', 'text')
    .addColumn('retry_after_hours', 'integer', (c) => c.notNull())
    .addColumn('max_attempts', 'integer', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute()
  await db.schema
    .createTable('follow_up_calls')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('case_id', 'text', (c) => c.notNull())
    .addColumn('agent_id', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('due_at', 'bigint', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('response_id', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute()
  await db.schema
    .createIndex('follow_up_calls_case')
    .unique()
    .on('follow_up_calls')
    .columns(['org_id', 'case_id'])
    .execute()
  await db.schema
    .createIndex('follow_up_calls_agent_due')
    .on('follow_up_calls')
    .columns(['org_id', 'agent_id', 'due_at'])
    .execute()
  await db.schema
    .createTable('follow_up_call_attempts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('call_id', 'text', (c) => c.notNull())
    .addColumn('agent_id', 'text', (c) => c.notNull())
    .addColumn('outcome', 'text', (c) => c.notNull())
    .addColumn('call_back_at', 'bigint')
    .addColumn('note', 'text')
    .addColumn('response_id', 'text')
    .addColumn('at', 'bigint', (c) => c.notNull())
    .execute()
  await db.schema
    .createIndex('follow_up_call_attempts_call')
    .on('follow_up_call_attempts')
    .columns(['org_id', 'call_id', 'at'])
    .execute()
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('follow_up_call_attempts').execute()
  await db.schema.dropTable('follow_up_calls').execute()
  await db.schema.dropTable('follow_up_call_settings').execute()
}
