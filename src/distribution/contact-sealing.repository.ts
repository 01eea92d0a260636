import type { RawBuilder } from 'kysely'
import type { Db } from '../db/database.js'
import { keyedSealingIo, type SealingIo } from '../personal-data/sealed-table.service.js'

/**
 * The sealing sweep's queries of contacts and unsubscribes (all organisations): the rows matching
 * the sweep's condition, and their rewrite (src/personal-data/personal-data-sealing.service.ts).
 */

export interface ContactSealingRow {
  id: string
  name: string
  email: string | null
  phone: string | null
  name_sealed: string | null
  email_sealed: string | null
  phone_sealed: string | null
}

export const contactSealingIo: SealingIo<ContactSealingRow> = keyedSealingIo('contacts', [
  'name',
  'email',
  'phone',
  'name_sealed',
  'email_sealed',
  'phone_sealed',
])

export interface UnsubscribeSealingRow {
  /** The opt-out's key as read (rows have no id of their own). */
  id: string
  org_id: string
  address: string
  address_sealed: string | null
}

/**
 * Opt-outs have no id: `next` takes the first rows still matching (a rewritten row no longer
 * does), and a row whose new key another opt-out of the same address already holds — stored
 * under the current key during a rotation — is removed as the duplicate it is.
 */
export const unsubscribeSealingIo: SealingIo<UnsubscribeSealingRow> = {
  count: keyedSealingIo('unsubscribes', [], 'address').count,
  async next(db: Db, stale: RawBuilder<boolean>, _afterId: string | null, limit: number) {
    const rows = await db
      .selectFrom('unsubscribes')
      .select(['org_id', 'address', 'address_sealed'])
      .where(stale)
      .orderBy('org_id')
      .orderBy('address')
      .limit(limit)
      .execute()
    return rows.map((r) => ({ id: r.address, ...r }))
  },
  async write(db: Db, row: UnsubscribeSealingRow, values: Record<string, unknown>) {
    const key = String(values.address)
    const taken =
      key !== row.address &&
      (await db
        .selectFrom('unsubscribes')
        .select('org_id')
        .where('org_id', '=', row.org_id)
        .where('address', '=', key)
        .executeTakeFirst()) !== undefined
    if (taken) {
      await db
        .deleteFrom('unsubscribes')
        .where('org_id', '=', row.org_id)
        .where('address', '=', row.address)
        .execute()
      return
    }
    await db
      .updateTable('unsubscribes')
      .set({ address: key, address_sealed: values.address_sealed as string | null })
      .where('org_id', '=', row.org_id)
      .where('address', '=', row.address)
      .execute()
  },
}
