import { sql } from 'kysely'
import type { Db } from '../db/database.js'
import { currentSealPrefix } from '../personal-data/personal-field.service.js'
import { openCustomer, sealedCustomerColumns } from './feedback-personal-fields.js'

/**
 * Sealing sweeps over feedback's customer fields (all organisations): rows with plaintext left
 * (stored before migration 0018, or through a store without keys) or sealed under an older key.
 */

/** Rows whose customer fields are not all sealed under the current key. */
function needsSealing(prefix: string) {
  const length = prefix.length
  const stale = (column: string) =>
    sql<boolean>`(${sql.ref(column)} is not null and substr(${sql.ref(column)}, 1, ${length}) <> ${prefix})`
  return sql<boolean>`(customer_name is not null or customer_email is not null
    or customer_phone is not null or ${stale('customer_name_sealed')}
    or ${stale('customer_email_sealed')} or ${stale('customer_phone_sealed')})`
}

/** How many feedback rows a sealing sweep still has to rewrite. */
export async function countFeedbackToSeal(db: Db): Promise<number> {
  const prefix = requirePrefix(db)
  const row = await db
    .selectFrom('feedback')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where(needsSealing(prefix))
    .executeTakeFirstOrThrow()
  return Number(row.n)
}

/**
 * Seals the next `limit` rows after `afterId` (by id) under the current key, each row updated in
 * the transaction it is read in; the last id seen (null when none was left). Rows done stay done,
 * so a sweep stopped half-way resumes where it stopped.
 */
export async function sealFeedbackBatch(
  db: Db,
  afterId: string | null,
  limit: number,
): Promise<{ lastId: string | null; sealed: number }> {
  const prefix = requirePrefix(db)
  return db.transaction().execute(async (trx) => {
    let query = trx
      .selectFrom('feedback')
      .select([
        'id',
        'customer_name',
        'customer_email',
        'customer_phone',
        'customer_name_sealed',
        'customer_email_sealed',
        'customer_phone_sealed',
      ])
      .where(needsSealing(prefix))
      .orderBy('id')
      .limit(limit)
    if (afterId !== null) query = query.where('id', '>', afterId)
    const rows = await query.execute()
    for (const row of rows) {
      await trx
        .updateTable('feedback')
        .set(sealedCustomerColumns(trx, openCustomer(trx, row)))
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
