import type { Kysely } from 'kysely'

// How long an answer took, and the quality flags it earned (speeder, straight-liner).
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('responses').addColumn('duration_ms', 'integer').execute()
  await db.schema.alterTable('responses').addColumn('quality_flags', 'text', (c) => c.notNull().defaultTo('')).execute()
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('responses').dropColumn('quality_flags').execute()
  await db.schema.alterTable('responses').dropColumn('duration_ms').execute()
}
