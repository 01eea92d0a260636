import { sql, type Kysely } from 'kysely'

/**
 * More unit roll-ups beside response_unit_daily_counts (0021), kept in the same transaction as
 * the responses, only for answers with a unit, never pilot answers; summed up the unit tree at
 * read time like 0021's.
 *
 * response_unit_monthly_counts: 0021's counts (`responses`, nps_0…nps_10, csat_1…csat_5,
 * ces_1…ces_7) per unit, survey and local month — `month` counts months from 1970-01 (January
 * 1970 = 0) on the organisation's calendar — so a league table or heat map sums at most
 * units × months rows in one grouped query instead of units × days.
 *
 * response_unit_daily_csm: per unit, survey, local day and 7-level CSM question (question_key),
 * how many answers of each level: csm_m60 (很不满意, −60) … csm_0 (一般) … csm_p60 (很满意, +60).
 *
 * response_unit_daily_servqual: per unit, survey, local day and SERVQUAL dimension, over the
 * respondents who rated every SERVQUAL item of the survey (expectation and perception, 1–7,
 * negatively worded items reverse-scored x → 8 − x): `respondents`, `item_answers` (respondents ×
 * the dimension's items), `expectation_sum` and `perception_sum` (over every item answer) and
 * `gap_squares` = Σ over respondents of (Σ over the dimension's items of perception − expectation)²,
 * so the dimension gap's mean and spread come out exactly from integers.
 *
 * Filled here from what is stored: the monthly counts from 0021's daily counts, CSM and SERVQUAL
 * from the answers with a unit and each survey's current questions. Names and rules are spelled
 * out here, never imported from live code.
 */
const COUNT_COLUMNS = [
  'responses',
  ...Array.from({ length: 11 }, (_, i) => `nps_${i}`),
  ...Array.from({ length: 5 }, (_, i) => `csat_${i + 1}`),
  ...Array.from({ length: 7 }, (_, i) => `ces_${i + 1}`),
]
const CSM_COLUMNS = ['csm_m60', 'csm_m40', 'csm_m20', 'csm_0', 'csm_p20', 'csm_p40', 'csm_p60']
const SERVQUAL_COLUMNS = [
  'respondents',
  'item_answers',
  'expectation_sum',
  'perception_sum',
  'gap_squares',
]
const DAY_MS = 86_400_000
const CHUNK = 50

function monthOfLocalDay(day: number): number {
  const date = new Date(day * DAY_MS)
  return (date.getUTCFullYear() - 1970) * 12 + date.getUTCMonth()
}

async function insertChunked(
  db: Kysely<unknown>,
  table: string,
  columns: readonly string[],
  rows: ReadonlyArray<ReadonlyArray<string | number>>,
): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK) {
    const values = rows.slice(i, i + CHUNK).map((row) => sql`(${sql.join(row as unknown[])})`)
    await sql`insert into ${sql.table(table)} (${sql.raw(columns.join(', '))}) values ${sql.join(values)}`.execute(
      db,
    )
  }
}

interface StoredQuestion {
  key: string
  type: string
  servqual?: { dimension: string; reversed?: boolean }
}

export async function up(db: Kysely<unknown>): Promise<void> {
  let monthly = db.schema
    .createTable('response_unit_monthly_counts')
    .addColumn('org_id', 'text', (c) => c.notNull())
    .addColumn('unit_id', 'text', (c) => c.notNull())
    .addColumn('survey_id', 'text', (c) => c.notNull())
    .addColumn('month', 'integer', (c) => c.notNull())
  for (const column of COUNT_COLUMNS)
    monthly = monthly.addColumn(column, 'bigint', (c) => c.notNull().defaultTo(0))
  await monthly
    .addPrimaryKeyConstraint('response_unit_monthly_counts_pk', ['unit_id', 'survey_id', 'month'])
    .execute()
  await db.schema
    .createIndex('response_unit_monthly_counts_org')
    .on('response_unit_monthly_counts')
    .columns(['org_id', 'month'])
    .execute()

  let csm = db.schema
    .createTable('response_unit_daily_csm')
    .addColumn('org_id', 'text', (c) => c.notNull())
    .addColumn('unit_id', 'text', (c) => c.notNull())
    .addColumn('survey_id', 'text', (c) => c.notNull())
    .addColumn('local_day', 'integer', (c) => c.notNull())
    .addColumn('question_key', 'text', (c) => c.notNull())
  for (const column of CSM_COLUMNS)
    csm = csm.addColumn(column, 'bigint', (c) => c.notNull().defaultTo(0))
  await csm
    .addPrimaryKeyConstraint('response_unit_daily_csm_pk', [
      'unit_id',
      'survey_id',
      'local_day',
      'question_key',
    ])
    .execute()
  await db.schema
    .createIndex('response_unit_daily_csm_org')
    .on('response_unit_daily_csm')
    .columns(['org_id', 'local_day'])
    .execute()

  let servqual = db.schema
    .createTable('response_unit_daily_servqual')
    .addColumn('org_id', 'text', (c) => c.notNull())
    .addColumn('unit_id', 'text', (c) => c.notNull())
    .addColumn('survey_id', 'text', (c) => c.notNull())
    .addColumn('local_day', 'integer', (c) => c.notNull())
    .addColumn('dimension', 'text', (c) => c.notNull())
  for (const column of SERVQUAL_COLUMNS)
    servqual = servqual.addColumn(column, 'bigint', (c) => c.notNull().defaultTo(0))
  await servqual
    .addPrimaryKeyConstraint('response_unit_daily_servqual_pk', [
      'unit_id',
      'survey_id',
      'local_day',
      'dimension',
    ])
    .execute()
  await db.schema
    .createIndex('response_unit_daily_servqual_org')
    .on('response_unit_daily_servqual')
    .columns(['org_id', 'local_day'])
    .execute()

  // Monthly counts from the daily ones.
  const daily = await sql<Record<string, string | number>>`
    select org_id, unit_id, survey_id, local_day, ${sql.raw(COUNT_COLUMNS.join(', '))}
    from response_unit_daily_counts`.execute(db)
  const months = new Map<string, Array<string | number>>()
  for (const row of daily.rows) {
    const month = monthOfLocalDay(Number(row.local_day))
    const key = `${row.unit_id}|${row.survey_id}|${month}`
    let sums = months.get(key)
    if (!sums) {
      sums = [String(row.org_id), String(row.unit_id), String(row.survey_id), month]
      for (const _ of COUNT_COLUMNS) sums.push(0)
      months.set(key, sums)
    }
    COUNT_COLUMNS.forEach((column, i) => {
      ;(sums[4 + i] as number) += Number(row[column] ?? 0)
    })
  }
  await insertChunked(
    db,
    'response_unit_monthly_counts',
    ['org_id', 'unit_id', 'survey_id', 'month', ...COUNT_COLUMNS],
    [...months.values()],
  )

  // CSM and SERVQUAL from the answers of surveys that ask them.
  const surveys = await sql<{ id: string; questions: string }>`
    select id, questions from surveys`.execute(db)
  const csmRows = new Map<string, Array<string | number>>()
  const servqualRows = new Map<string, Array<string | number>>()
  for (const survey of surveys.rows) {
    const questions = JSON.parse(survey.questions) as StoredQuestion[]
    const csmKeys = questions.filter((q) => q.type === 'csm7').map((q) => q.key)
    const items = questions.filter((q) => q.type === 'servqual' && q.servqual)
    if (csmKeys.length === 0 && items.length === 0) continue
    const answers = await sql<{
      org_id: string
      unit_id: string
      local_day: number | string
      answers: string
    }>`select org_id, unit_id, local_day, answers from responses
      where survey_id = ${survey.id} and unit_id is not null and quality_flags not like '%pilot%'`.execute(
      db,
    )
    for (const row of answers.rows) {
      const given = JSON.parse(row.answers) as Record<string, unknown>
      const day = Number(row.local_day)
      for (const key of csmKeys) {
        const score = given[key]
        if (typeof score !== 'number' || score % 20 !== 0 || score < -60 || score > 60) continue
        const rowKey = `${row.unit_id}|${day}|${key}`
        let counts = csmRows.get(rowKey)
        if (!counts) {
          counts = [row.org_id, row.unit_id, survey.id, day, key, 0, 0, 0, 0, 0, 0, 0]
          csmRows.set(rowKey, counts)
        }
        ;(counts[5 + (score + 60) / 20] as number)++
      }
      const pairs = items.map(
        (q) => given[q.key] as { expectation?: unknown; perception?: unknown },
      )
      const complete = pairs.every(
        (p) => typeof p?.expectation === 'number' && typeof p.perception === 'number',
      )
      if (items.length === 0 || !complete) continue
      const byDimension = new Map<string, { k: number; e: number; p: number }>()
      items.forEach((q, i) => {
        const flip = (x: number) => (q.servqual!.reversed ? 8 - x : x)
        const d = byDimension.get(q.servqual!.dimension) ?? { k: 0, e: 0, p: 0 }
        d.k++
        d.e += flip(pairs[i]!.expectation as number)
        d.p += flip(pairs[i]!.perception as number)
        byDimension.set(q.servqual!.dimension, d)
      })
      for (const [dimension, d] of byDimension) {
        const rowKey = `${row.unit_id}|${day}|${dimension}`
        let sums = servqualRows.get(rowKey)
        if (!sums) {
          sums = [row.org_id, row.unit_id, survey.id, day, dimension, 0, 0, 0, 0, 0]
          servqualRows.set(rowKey, sums)
        }
        ;(sums[5] as number)++
        ;(sums[6] as number) += d.k
        ;(sums[7] as number) += d.e
        ;(sums[8] as number) += d.p
        ;(sums[9] as number) += (d.p - d.e) ** 2
      }
    }
    await insertChunked(
      db,
      'response_unit_daily_csm',
      ['org_id', 'unit_id', 'survey_id', 'local_day', 'question_key', ...CSM_COLUMNS],
      [...csmRows.values()],
    )
    await insertChunked(
      db,
      'response_unit_daily_servqual',
      ['org_id', 'unit_id', 'survey_id', 'local_day', 'dimension', ...SERVQUAL_COLUMNS],
      [...servqualRows.values()],
    )
    csmRows.clear()
    servqualRows.clear()
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('response_unit_daily_servqual').execute()
  await db.schema.dropTable('response_unit_daily_csm').execute()
  await db.schema.dropTable('response_unit_monthly_counts').execute()
}
