import type { Kysely } from 'kysely'

// Reserved: filled in by the change that needs it, removed if unused.
export async function up(_db: Kysely<unknown>): Promise<void> {}
