import { PostgresAdapter, sql, type Kysely } from 'kysely'

/**
 * Repair of released migrations that were edited afterwards. A database that
 * ran the first version of a migration never runs the edited one (its name is
 * recorded as done), so it lacks what the edits added:
 *
 *   0001 (edited in 757b158): responses.local_day (not null), the
 *        response_daily_counts table, responses_survey_time on (survey_id, submitted_at)
 *   0004 (edited in 5f02bd0, 5e91b3b): the import_jobs table, organisations.link_secret
 *   0005 (edited in ab7557e): case_events.delivery, delivery_error and index case_events_delivery
 *
 * Each piece is added only where the schema lacks it (a database created today
 * gets no change) and filled the way the code that added it fills it. This file
 * is self-contained on purpose — no imports from the application — so later
 * changes elsewhere can never change what it does (src/db/migration-sql.test.ts).
 * migrate.ts runs it again when 0007 was recorded before (5dba3cf shipped it empty).
 */
export async function up(db: Kysely<any>): Promise<void> {
  // Kysely's Migrator runs SQLite migrations outside a transaction; the responses rebuild
  // below must never stop half-way, so all of it is one transaction on both stores.
  if (db.isTransaction) await repair(db)
  else await db.transaction().execute(repair)
}

async function repair(db: Kysely<any>): Promise<void> {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter
  const schema = new SchemaReader(db, postgres)

  // 0001: responses.local_day, then the counts that are keyed by it.
  if (!(await schema.columns('responses')).includes('local_day')) await addLocalDay(db, postgres)
  if ((await schema.indexColumns('responses_survey_time')).join(',') !== 'survey_id,submitted_at') {
    await db.schema.dropIndex('responses_survey_time').ifExists().execute()
    await db.schema.createIndex('responses_survey_time').on('responses').columns(['survey_id', 'submitted_at']).execute()
  }
  if ((await schema.columns('response_daily_counts')).length === 0) await createDailyCounts(db)

  // 0004: import jobs (none existed before the table) and the link-signing secret (made on first use).
  if ((await schema.columns('import_jobs')).length === 0) {
    await db.schema
      .createTable('import_jobs')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('org_id', 'text', (c) => c.notNull().references('organisations.id'))
      .addColumn('survey_id', 'text', (c) => c.notNull().references('surveys.id'))
      .addColumn('file', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('done', 'integer', (c) => c.notNull())
      .addColumn('total', 'integer', (c) => c.notNull())
      .addColumn('report', 'text')
      .addColumn('error', 'text')
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .execute()
  }
  if (!(await schema.columns('organisations')).includes('link_secret')) {
    await db.schema.alterTable('organisations').addColumn('link_secret', 'text').execute()
  }

  // 0005: reply delivery. Left null on old events: replies written before e-mailing
  // existed were never meant to be sent ('pending' would mail them to customers now).
  const eventColumns = await schema.columns('case_events')
  if (!eventColumns.includes('delivery')) await db.schema.alterTable('case_events').addColumn('delivery', 'text').execute()
  if (!eventColumns.includes('delivery_error')) await db.schema.alterTable('case_events').addColumn('delivery_error', 'text').execute()
  if ((await schema.indexColumns('case_events_delivery')).length === 0) {
    await db.schema.createIndex('case_events_delivery').on('case_events').column('delivery').execute()
  }
}

/** Reads the live schema: the SQLite file, or PostgreSQL's current schema (the store's). */
class SchemaReader {
  constructor(
    private readonly db: Kysely<any>,
    private readonly postgres: boolean,
  ) {}

  /** Column names of a table; none when the table does not exist. */
  async columns(table: string): Promise<string[]> {
    const query = this.postgres
      ? sql<{ name: string }>`select column_name as name from information_schema.columns where table_schema = current_schema() and table_name = ${table} order by ordinal_position`
      : sql<{ name: string }>`select name from pragma_table_info(${table}) order by cid`
    return (await query.execute(this.db)).rows.map((r) => r.name)
  }

  /** Column names of an index, in order; none when it does not exist. */
  async indexColumns(index: string): Promise<string[]> {
    const query = this.postgres
      ? sql<{ name: string }>`select a.attname as name from pg_index i
          join pg_class c on c.oid = i.indexrelid
          join pg_namespace n on n.oid = c.relnamespace
          join pg_attribute a on a.attrelid = i.indrelid and a.attnum = any(i.indkey)
          where n.nspname = current_schema() and c.relname = ${index}
          order by array_position(i.indkey::int2[], a.attnum)`
      : sql<{ name: string }>`select name from pragma_index_info(${index}) order by seqno`
    return (await query.execute(this.db)).rows.map((r) => r.name)
  }
}

const HOUR_MS = 3_600_000
const DAY_MS = 86_400_000

/**
 * responses.local_day: the day of submitted_at on the organisation's calendar
 * (days since 1970-01-01 in its time zone), as the response writer computes it,
 * then made NOT NULL like a fresh table's.
 */
async function addLocalDay(db: Kysely<any>, postgres: boolean): Promise<void> {
  const original = postgres
    ? null
    : (await sql<{ sql: string }>`select sql from sqlite_master where type = 'table' and name = 'responses'`.execute(db)).rows[0]!.sql
  await db.schema.alterTable('responses').addColumn('local_day', 'integer').execute()

  const organisations = (await sql<{ id: string; timezone: string }>`select id, timezone from organisations`.execute(db)).rows
  for (const org of organisations) {
    const hours = (await sql<{ hour: number | string }>`select distinct submitted_at / ${HOUR_MS} as hour from responses where org_id = ${org.id} order by hour`.execute(db)).rows.map((r) => Number(r.hour))
    // One update per run of hours with the same UTC offset (a handful: daylight-saving changes).
    let start = 0
    for (let i = 1; i <= hours.length; i++) {
      if (i < hours.length && offsetMs(org.timezone, hours[i]! * HOUR_MS) === offsetMs(org.timezone, hours[start]! * HOUR_MS)) continue
      const offset = offsetMs(org.timezone, hours[start]! * HOUR_MS)
      await sql`update responses set local_day = (submitted_at + ${offset}) / ${DAY_MS}
        where org_id = ${org.id} and submitted_at >= ${hours[start]! * HOUR_MS} and submitted_at < ${(hours[i - 1]! + 1) * HOUR_MS}`.execute(db)
      start = i
    }
  }
  // Unreachable with the foreign key to organisations; kept so NOT NULL below can never fail.
  await sql`update responses set local_day = submitted_at / ${DAY_MS} where local_day is null`.execute(db)

  if (postgres) {
    await sql`alter table responses alter column local_day set not null`.execute(db)
    return
  }
  // SQLite cannot add NOT NULL to a column: rebuild the table from its own
  // definition with local_day where a fresh one has it, and copy the rows.
  const anchor = '"submitted_at" bigint not null'
  if (!original!.includes(anchor) || !/^create table "responses" \(/i.test(original!)) {
    throw new Error(`responses table has an unexpected definition; cannot add local_day: ${original}`)
  }
  const rebuilt = original!.replace(/^create table "responses" \(/i, 'create table "responses_repair" (').replace(anchor, `${anchor}, "local_day" integer not null`)
  const indexes = (await sql<{ name: string; sql: string }>`select name, sql from sqlite_master where type = 'index' and tbl_name = 'responses' and sql is not null`.execute(db)).rows
  const columns = (await sql<{ name: string }>`select name from pragma_table_info('responses') order by cid`.execute(db)).rows.map((r) => `"${r.name}"`).join(', ')
  await sql.raw(rebuilt).execute(db)
  await sql.raw(`insert into "responses_repair" (${columns}) select ${columns} from "responses"`).execute(db)
  await sql`drop table responses`.execute(db)
  await sql`alter table responses_repair rename to responses`.execute(db)
  // responses_survey_time is (re)made by the caller with today's columns.
  for (const index of indexes) if (index.name !== 'responses_survey_time') await sql.raw(index.sql).execute(db)
}

/** UTC offset of `timeZone` at `at`, in ms (Asia/Shanghai → +8 h). */
function offsetMs(timeZone: string, at: number): number {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' }).formatToParts(new Date(at))
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value)
  return Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second')) - Math.floor(at / 1000) * 1000
}

/** The value columns of response_daily_counts as 0001 defines them: answers, then nps_0 … ces_7. */
const METRIC_SCALES = [['nps', 0, 10], ['csat', 1, 5], ['ces', 1, 7]] as const
const SCORE_COLUMNS = METRIC_SCALES.flatMap(([metric, min, max]) => Array.from({ length: max - min + 1 }, (_, i) => ({ metric, score: min + i, column: `${metric}_${min + i}` })))

/** The per-day counts the dashboards read, rebuilt from the answers (pilot answers not counted, as when written). */
async function createDailyCounts(db: Kysely<any>): Promise<void> {
  let counts = db.schema
    .createTable('response_daily_counts')
    .addColumn('org_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('survey_id', 'text', (c) => c.notNull().references('surveys.id'))
    .addColumn('local_day', 'integer', (c) => c.notNull())
    .addColumn('channel', 'text', (c) => c.notNull())
  for (const column of ['responses', ...SCORE_COLUMNS.map((c) => c.column)]) counts = counts.addColumn(column, 'bigint', (c) => c.notNull().defaultTo(0))
  await counts.addPrimaryKeyConstraint('response_daily_counts_pk', ['survey_id', 'local_day', 'channel']).execute()

  const sums = SCORE_COLUMNS.map((c) => `sum(case when ${c.metric} = ${c.score} then 1 else 0 end)`).join(', ')
  await sql
    .raw(
      `insert into response_daily_counts (org_id, survey_id, local_day, channel, responses, ${SCORE_COLUMNS.map((c) => c.column).join(', ')})
      select org_id, survey_id, local_day, channel, count(*), ${sums}
      from responses where (',' || quality_flags || ',') not like '%,pilot,%'
      group by org_id, survey_id, local_day, channel`,
    )
    .execute(db)
}
