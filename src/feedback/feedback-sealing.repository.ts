import type { RawBuilder } from 'kysely'
import type { Db } from '../db/database.js'
import type { SealingIo } from '../personal-data/sealed-table.service.js'

/**
 * The sealing sweep's queries of feedback (all organisations): the rows whose customer fields
 * match the sweep's condition, and their rewrite (src/personal-data/personal-data-sealing.service.ts).
 */

export interface FeedbackSealingRow {
  id: string
  customer_name: string | null
  customer_email: string | null
  customer_phone: string | null
  customer_name_sealed: string | null
  customer_email_sealed: string | null
  customer_phone_sealed: string | null
}

export const feedbackSealingIo: SealingIo<FeedbackSealingRow> = {
  async count(db: Db, stale: RawBuilder<boolean>) {
    const row = await db
      .selectFrom('feedback')
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .where(stale)
      .executeTakeFirstOrThrow()
    return Number(row.n)
  },
  async next(db: Db, stale: RawBuilder<boolean>, afterId: string | null, limit: number) {
    let query = db
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
      .where(stale)
      .orderBy('id')
      .limit(limit)
    if (afterId !== null) query = query.where('id', '>', afterId)
    return query.execute()
  },
  async write(db: Db, row: FeedbackSealingRow, values: Record<string, unknown>) {
    await db.updateTable('feedback').set(values).where('id', '=', row.id).execute()
  },
}
