import { randomBytes } from 'node:crypto'
import { type Kysely, sql } from 'kysely'

/**
 * Booking codes stored and unique per organisation (issue 20): staff search a booking by the
 * six-character code the customer reads out, so one code must name one booking.
 * - appointment_bookings.code: until now the code was the last six hexadecimal digits of the
 *   booking's id, in capitals, computed where shown; existing bookings keep exactly that code.
 * - Where two bookings of one organisation share it, the first made (created_at, then id) keeps
 *   it (its confirmation went out first) and each later one gets a fresh random code, which its
 *   customer's own page shows from then on.
 * - appointment_bookings_code_idx: unique (org_id, code); new bookings draw a random code and
 *   draw again on a collision.
 * Names are spelled out here, never imported.
 */
// biome-ignore lint/suspicious/noExplicitAny: a migration sees the schema of its time, not today's types
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('appointment_bookings').addColumn('code', 'text').execute()
  await sql`update appointment_bookings set code = upper(substr(replace(id, '-', ''), length(replace(id, '-', '')) - 5))`.execute(
    db,
  )
  const clashes = await db
    .selectFrom('appointment_bookings')
    .select(['org_id', 'code'])
    .groupBy(['org_id', 'code'])
    .having(sql`count(*)`, '>', 1)
    .execute()
  for (const clash of clashes as Array<{ org_id: string; code: string }>) {
    const later = await db
      .selectFrom('appointment_bookings')
      .select('id')
      .where('org_id', '=', clash.org_id)
      .where('code', '=', clash.code)
      .orderBy('created_at')
      .orderBy('id')
      .execute()
    for (const row of (later as Array<{ id: string }>).slice(1)) {
      for (;;) {
        const code = randomBytes(3).toString('hex').toUpperCase()
        const taken = await db
          .selectFrom('appointment_bookings')
          .select('id')
          .where('org_id', '=', clash.org_id)
          .where('code', '=', code)
          .executeTakeFirst()
        if (taken) continue
        await db
          .updateTable('appointment_bookings')
          .set({ code })
          .where('id', '=', row.id)
          .execute()
        break
      }
    }
  }
  await db.schema
    .createIndex('appointment_bookings_code_idx')
    .on('appointment_bookings')
    .columns(['org_id', 'code'])
    .unique()
    .execute()
}

// biome-ignore lint/suspicious/noExplicitAny: as above
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('appointment_bookings_code_idx').execute()
  await db.schema.alterTable('appointment_bookings').dropColumn('code').execute()
}
