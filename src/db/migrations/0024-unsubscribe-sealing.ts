import type { Kysely } from 'kysely'

/**
 * Unsubscribed addresses become personal data sealed at rest: `address_sealed` holds the address
 * under the application key, and `address` — still the opt-out list's key with the organisation —
 * holds the address's keyed blind index (HMAC) once sealed, so "is this address unsubscribed" is
 * a lookup by index. Rows from before keep the plaintext address until the first start (or
 * `manyi keys encrypt-existing`) seals them. Names are spelled out here, never imported.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('unsubscribes').addColumn('address_sealed', 'text').execute()
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('unsubscribes').dropColumn('address_sealed').execute()
}
