import { sql } from 'kysely'
import type { Db } from '../db/database.js'
import { currentSealPrefix } from '../personal-data/personal-field.service.js'
import { openContact, sealedContactColumns } from './contact-personal-fields.js'

/**
 * Sealing sweeps over contacts' personal fields (all organisations): rows with plaintext left
 * (stored before migration 0018, or through a store without keys) or sealed under an older key.
 */

function needsSealing(prefix: string) {
  const length = prefix.length
  const stale = (column: string) =>
    sql<boolean>`(${sql.ref(column)} is not null and substr(${sql.ref(column)}, 1, ${length}) <> ${prefix})`
  return sql<boolean>`(name <> '' or email is not null or phone is not null
    or ${stale('name_sealed')} or ${stale('email_sealed')} or ${stale('phone_sealed')})`
}

/** How many contacts a sealing sweep still has to rewrite. */
export async function countContactsToSeal(db: Db): Promise<number> {
  const row = await db
    .selectFrom('contacts')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where(needsSealing(requirePrefix(db)))
    .executeTakeFirstOrThrow()
  return Number(row.n)
}

/** Seals the next `limit` contacts after `afterId` (by id); the last id seen, null when done. */
export async function sealContactBatch(
  db: Db,
  afterId: string | null,
  limit: number,
): Promise<{ lastId: string | null; sealed: number }> {
  const prefix = requirePrefix(db)
  return db.transaction().execute(async (trx) => {
    let query = trx
      .selectFrom('contacts')
      .select(['id', 'name', 'email', 'phone', 'name_sealed', 'email_sealed', 'phone_sealed'])
      .where(needsSealing(prefix))
      .orderBy('id')
      .limit(limit)
    if (afterId !== null) query = query.where('id', '>', afterId)
    const rows = await query.execute()
    for (const row of rows) {
      await trx
        .updateTable('contacts')
        .set(sealedContactColumns(trx, openContact(trx, row)))
        .where('id', '=', row.id)
        .execute()
    }
    return { lastId: rows.at(-1)?.id ?? null, sealed: rows.length }
  })
}

function requirePrefix(db: Db): string {
  const prefix = currentSealPrefix(db)
  if (prefix === null)
    throw new Error('Sealing personal data needs the store handle with the keyring')
  return prefix
}
