import { sql, type Kysely } from 'kysely'

/**
 * Complaint roll-ups per unit, beside the answers' (0021, 0026): kept in the same transaction as
 * the feedback records, only for records with a unit; summed up the unit tree at read time like
 * the answers' roll-ups, so a move or closure of a unit rewrites nothing.
 *
 * feedback_unit_daily_counts: per unit and local day (days since 1970-01-01 on the organisation's
 * calendar), `feedback` (every record) and `complaints` (records of kind `complaint`).
 * feedback_unit_monthly_counts: the same per local month (months since 1970-01, January 1970 = 0),
 * for league tables and heat maps.
 *
 * Filled here from the stored records, each on its organisation's calendar. Names and rules are
 * spelled out here, never imported from live code.
 */
const DAY_MS = 86_400_000
const PAGE = 5_000
const CHUNK = 200

const formatters = new Map<string, Intl.DateTimeFormat>()

/** The local day of an instant in a time zone (the zone's offset from UTC at that instant). */
function localDayOf(at: number, timeZone: string): number {
  let formatter = formatters.get(timeZone)
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    })
    formatters.set(timeZone, formatter)
  }
  const parts = formatter.formatToParts(new Date(at))
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value)
  const local = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'))
  return Math.floor(local / DAY_MS)
}

function monthOfLocalDay(day: number): number {
  const date = new Date(day * DAY_MS)
  return (date.getUTCFullYear() - 1970) * 12 + date.getUTCMonth()
}

async function insertChunked(
  db: Kysely<unknown>,
  table: string,
  key: string,
  rows: ReadonlyArray<readonly [string, string, number, number, number]>,
): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK) {
    const values = rows.slice(i, i + CHUNK).map((row) => sql`(${sql.join([...row])})`)
    await sql`insert into ${sql.table(table)} (org_id, unit_id, ${sql.raw(key)}, feedback, complaints) values ${sql.join(values)}`.execute(
      db,
    )
  }
}

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const [table, key] of [
    ['feedback_unit_daily_counts', 'local_day'],
    ['feedback_unit_monthly_counts', 'month'],
  ] as const) {
    await db.schema
      .createTable(table)
      .addColumn('org_id', 'text', (c) => c.notNull())
      .addColumn('unit_id', 'text', (c) => c.notNull())
      .addColumn(key, 'integer', (c) => c.notNull())
      .addColumn('feedback', 'bigint', (c) => c.notNull().defaultTo(0))
      .addColumn('complaints', 'bigint', (c) => c.notNull().defaultTo(0))
      .addPrimaryKeyConstraint(`${table}_pk`, ['unit_id', key])
      .execute()
    await db.schema.createIndex(`${table}_org`).on(table).columns(['org_id', key]).execute()
  }

  const organisations = (
    await sql<{ id: string; timezone: string }>`select id, timezone from organisations`.execute(db)
  ).rows
  for (const org of organisations) {
    const daily = new Map<string, [string, string, number, number, number]>()
    const monthly = new Map<string, [string, string, number, number, number]>()
    let after = ''
    for (;;) {
      const page = (
        await sql<{ id: string; unit_id: string; kind: string; received_at: number | string }>`
          select id, unit_id, kind, received_at from feedback
          where org_id = ${org.id} and unit_id is not null and id > ${after}
          order by id limit ${PAGE}`.execute(db)
      ).rows
      if (page.length === 0) break
      after = page[page.length - 1]!.id
      for (const row of page) {
        const day = localDayOf(Number(row.received_at), org.timezone)
        const complaint = row.kind === 'complaint' ? 1 : 0
        for (const [into, at] of [
          [daily, day],
          [monthly, monthOfLocalDay(day)],
        ] as const) {
          const k = `${row.unit_id}|${at}`
          const counts = into.get(k)
          if (counts) {
            counts[3]++
            counts[4] += complaint
          } else into.set(k, [org.id, row.unit_id, at, 1, complaint])
        }
      }
    }
    await insertChunked(db, 'feedback_unit_daily_counts', 'local_day', [...daily.values()])
    await insertChunked(db, 'feedback_unit_monthly_counts', 'month', [...monthly.values()])
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('feedback_unit_monthly_counts').execute()
  await db.schema.dropTable('feedback_unit_daily_counts').execute()
}
