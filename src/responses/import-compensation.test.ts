import { sql } from 'kysely'
import { beforeAll, expect, it } from 'vitest'
import { bootstrapFirstAdmin, systemScopeOfFirstOrg } from '../auth/bootstrap.js'
import type { Scope } from '../db/scope.js'
import { describeEachDialect } from '../db/test-dialects.js'
import { DEFAULT_TIMEZONE } from '../organisations/organisation.service.js'
import { checkAnswers } from '../surveys/survey-answers.js'
import { createSurvey, getSurvey, publishSurvey } from '../surveys/survey.service.js'
import { parseCsvText } from '../tabular/csv-text.js'
import { getImportJob, LiveImportJobs } from './import-job.service.js'
import { importResponses } from './response-import.js'
import { insertResponseRows } from './response-insert.js'
import { buildResponseRow } from './response-row.js'
import { summarizeSurvey } from './summary.service.js'

/**
 * An all-or-nothing import on SQLite is written 250 rows per transaction (so
 * answers are not locked out for the length of the file) and undone by
 * compensation when a later batch fails. The failure here is the database
 * refusing a row that passed every check: a trigger, as a constraint added by
 * an operator or a full disk would refuse it.
 */

const NOW = Date.parse('2026-06-15T04:00:00Z')
const REFUSED = 'refused-by-db'
const DAYS = ['2026-06-10T10:00:00+08:00', '2026-06-11T10:00:00+08:00']

function csv(rows: number, refusedAt: number | null): string {
  const lines = ['id,time,nps,csat,store']
  for (let i = 0; i < rows; i++)
    lines.push(
      `big-${i},${DAYS[i % 2]},${i % 11},${(i % 5) + 1},${i === refusedAt ? REFUSED : `s${i % 3}`}`,
    )
  return `${lines.join('\n')}\n`
}

describeEachDialect('all-or-nothing import undone when a later write fails', (ctx) => {
  let scope: Scope
  let surveyId: string
  const options = { idColumn: 'id', submittedAtColumn: 'time', segmentColumns: ['store'] }
  const importRows = () =>
    ctx.store.db
      .selectFrom('responses')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('survey_id', '=', surveyId)
      .where('client_response_id', 'like', 'imp-%')
      .executeTakeFirstOrThrow()
      .then((r) => Number(r.n))
  const dailyCounts = async () =>
    (
      await ctx.store.db
        .selectFrom('response_daily_counts')
        .selectAll()
        .where('survey_id', '=', surveyId)
        .orderBy('local_day')
        .orderBy('channel')
        .execute()
    ).map((row) =>
      Object.fromEntries(
        Object.entries(row).map(([k, v]) => [
          k,
          typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : v,
        ]),
      ),
    )
  const summary = () =>
    summarizeSurvey(scope, surveyId, { from: '2026-06-01', to: '2026-06-15', interval: 'day' })

  // Each test imports into its own survey, which already holds two answers counted on both days.
  const newSurvey = async () => {
    const survey = await createSurvey(scope, {
      title: { 'zh-CN': '分批导入', 'en-US': 'Chunked import' },
      questions: [
        {
          key: 'nps',
          type: 'nps',
          title: { 'zh-CN': '推荐', 'en-US': 'Recommend' },
          required: true,
        },
        { key: 'csat', type: 'csat', title: { 'zh-CN': '满意度', 'en-US': 'Satisfaction' } },
      ],
    })
    const surveyId = (await publishSurvey(scope, survey.id)).id
    // Answers already counted on both days the big file touches: compensation must subtract from them, not reset them.
    const earlier = await importResponses(
      scope,
      surveyId,
      parseCsvText(
        'earlier.csv',
        `id,time,nps,csat,store\ne-1,${DAYS[0]},9,4,s0\ne-2,${DAYS[1]},3,2,s1\n`,
      ),
      options,
    )
    expect(earlier).toMatchObject({ imported: 2, invalid: 0 })
    return surveyId
  }

  beforeAll(async () => {
    await bootstrapFirstAdmin(ctx.store.db, 'admin@chunks.test', 'chunks-password-1', NOW)
    scope = (await systemScopeOfFirstOrg(ctx.store.db, ctx.store.features, NOW))!
    if (ctx.dialect === 'sqlite') {
      await sql
        .raw(
          `create trigger refuse_row before insert on responses when new.segments like '%${REFUSED}%' begin select raise(abort, 'row refused by the database'); end`,
        )
        .execute(ctx.store.db)
    } else {
      await sql
        .raw(
          `create function refuse_row() returns trigger as $$ begin if new.segments like '%${REFUSED}%' then raise exception 'row refused by the database'; end if; return new; end $$ language plpgsql`,
        )
        .execute(ctx.store.db)
      await sql
        .raw(
          'create trigger refuse_row before insert on responses for each row execute function refuse_row()',
        )
        .execute(ctx.store.db)
    }
  })

  it('a batch refused after 3,500 rows were written leaves no row of the import and the daily counts as before, keeping an answer given meanwhile; the same file without the refused row then imports completely, and once', async () => {
    surveyId = await newSurvey()
    const before = {
      rows: await importRows(),
      counts: await dailyCounts(),
      summary: await summary(),
    }
    expect(before.rows).toBe(2)
    const survey = await getSurvey(scope, surveyId)
    // An answer submitted while the import writes, on a day and channel the import also counts.
    const live = buildResponseRow({
      survey,
      orgId: scope.orgId,
      timezone: DEFAULT_TIMEZONE,
      answers: checkAnswers(survey.questions, { nps: 10 }, 'json').answers,
      clientResponseId: 'live-1',
      locale: 'zh-CN',
      channel: 'import',
      segments: {},
      submittedAt: Date.parse(DAYS[0]!),
    })
    let meanwhile: Promise<unknown> | null = null
    let visibleMidway: Promise<number> | null = null
    const phases = new Set<string>()
    const failed = importResponses(
      scope,
      surveyId,
      parseCsvText('big.csv', csv(5000, 3500)),
      options,
      (done, _total, phase) => {
        phases.add(phase)
        if (phase === 'writing' && done >= 2000 && !meanwhile) {
          visibleMidway = importRows()
          meanwhile = insertResponseRows(ctx.store.db, [live])
        }
      },
    )
    await expect(failed).rejects.toThrow(/row refused by the database/)
    expect(phases).toEqual(new Set(['checking', 'writing']))
    expect(meanwhile).not.toBeNull()
    expect(await meanwhile).toEqual(new Set([live.id]))
    // SQLite committed the first batches (others could see them) before one failed; PostgreSQL's one transaction showed nothing.
    expect(await visibleMidway).toBe(ctx.dialect === 'sqlite' ? 2 + 2000 : 2)

    expect(await importRows()).toBe(2)
    const expected = before.counts.map((row) =>
      row.local_day === before.counts[0]!.local_day
        ? { ...row, responses: Number(row.responses) + 1, nps_10: Number(row.nps_10) + 1 }
        : row,
    )
    expect(await dailyCounts()).toEqual(expected)
    const after = await summary()
    expect(after.totals.responses).toBe(before.summary.totals.responses + 1)
    const nps = before.summary.totals.nps!
    expect(after.totals.nps).toMatchObject({
      n: nps.n + 1,
      promoters: nps.promoters + 1,
      detractors: nps.detractors,
    })
    expect(after.trend.map((p) => [p.period, p.responses]).filter(([, n]) => n !== 0)).toEqual([
      ['2026-06-10', 2],
      ['2026-06-11', 1],
    ])

    // The same file without the refused row then imports completely, and once.
    const first = await importResponses(
      scope,
      surveyId,
      parseCsvText('big.csv', csv(5000, null)),
      options,
    )
    expect(first).toMatchObject({ rows: 5000, imported: 5000, duplicates: 0, invalid: 0 })
    const again = await importResponses(
      scope,
      surveyId,
      parseCsvText('big.csv', csv(5000, null)),
      options,
    )
    expect(again).toMatchObject({ rows: 5000, imported: 0, duplicates: 5000 })
    expect(await importRows()).toBe(5002)
    const counts = await dailyCounts()
    expect(counts.map((row) => row.responses)).toEqual([2 + 2500, 1 + 2500])
  })

  it('says per store what an import cut short by a server stop left behind', async () => {
    surveyId = await newSurvey()
    const id = `job-${ctx.dialect}`
    await ctx.store.db
      .insertInto('import_jobs')
      .values({
        id,
        org_id: scope.orgId,
        survey_id: surveyId,
        file: 'big.csv',
        status: 'writing',
        done: 3000,
        total: 5000,
        report: null,
        error: null,
        created_at: NOW,
        updated_at: NOW,
      })
      .execute()
    const job = await getImportJob({ ...scope, now: NOW + 16 * 60_000 }, new LiveImportJobs(), id)
    expect(job.status).toBe('failed')
    expect(job.error).toEqual({
      code: 'IMPORT_INTERRUPTED',
      message:
        ctx.dialect === 'sqlite'
          ? 'The server running this import stopped; some of its rows may have been written. Upload the same file again: that completes the import without duplicating the rows already written.'
          : 'The server running this import stopped; nothing of an all-or-nothing import was written. Upload the file again.',
      details: [],
    })
  })
})
