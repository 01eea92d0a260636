import { beforeAll, expect, it, vi } from 'vitest'
import { describeEachDialect } from '../../db/test-dialects.js'
import { createTestApp, SAMPLE_SURVEY, type TestApp } from '../test-app.js'

/**
 * 5,000 rows with a long comment each (760 characters, 2.2 KB): over 10 MB, more than a JSON
 * upload takes. Bytes, not rows, make a file too large for JSON; a file of many rows is
 * bench/import.bench.ts's (1,000,000) and bench/import-latency.bench.ts's (200,000).
 */
function bigCsv(rows: number): string {
  const lines = ['id,nps,csat,comment']
  const filler = '服务很好，排队时间略长，希望增加窗口。'.repeat(40)
  for (let i = 0; i < rows; i++) lines.push(`r${i},${i % 11},${(i % 5) + 1},${filler}${i}`)
  return `${lines.join('\n')}\n`
}

const ROWS = 5_000

describeEachDialect('background import of a large file uploaded raw', (ctx) => {
  let t: TestApp
  let surveyId: string
  const admin = () => ({ cookie: t.adminCookie })

  beforeAll(async () => {
    t = await createTestApp(ctx.store)
    surveyId = (
      await t.app.inject({
        method: 'POST',
        url: '/api/v1/surveys',
        headers: admin(),
        payload: SAMPLE_SURVEY,
      })
    ).json().id
    await t.app.inject({
      method: 'POST',
      url: `/api/v1/surveys/${surveyId}/publish`,
      headers: admin(),
    })
  })

  // Until the job ends, within a deadline below the test's own (a stuck job fails here).
  const poll = (jobId: string) =>
    vi.waitFor(
      async () => {
        const job = (
          await t.app.inject({
            method: 'GET',
            url: `/api/v1/import-jobs/${jobId}`,
            headers: admin(),
          })
        ).json()
        if (job.status !== 'done' && job.status !== 'failed') throw new Error(`job ${job.status}`)
        return job
      },
      { timeout: 100_000, interval: 50 },
    )

  it('imports 5,000 rows (11 MB) in the background and reports rows done of total', async () => {
    const body = Buffer.from(bigCsv(ROWS))
    expect(body.length).toBeGreaterThan(10 * 1024 * 1024)
    const started = await t.app.inject({
      method: 'POST',
      url: `/api/v1/surveys/${surveyId}/responses/import-jobs?file=big.csv&options=${encodeURIComponent(JSON.stringify({ mode: 'all-or-nothing', idColumn: 'id' }))}`,
      headers: { ...admin(), 'content-type': 'application/octet-stream' },
      payload: body,
    })
    expect(started.statusCode).toBe(202)
    expect(started.json()).toMatchObject({ status: 'reading', file: 'big.csv', surveyId })
    const job = await poll(started.json().id)
    expect(job).toMatchObject({
      status: 'done',
      done: ROWS,
      total: ROWS,
      error: null,
      report: { rows: ROWS, imported: ROWS, invalid: 0, duplicates: 0 },
    })
    const count = await ctx.store.db
      .selectFrom('responses')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('survey_id', '=', surveyId)
      .executeTakeFirstOrThrow()
    expect(Number(count.n)).toBe(ROWS)
  }, 120_000)

  it('reports a bad file as a failed job with the reason, and bad requests at once', async () => {
    const started = await t.app.inject({
      method: 'POST',
      url: `/api/v1/surveys/${surveyId}/responses/import-jobs?file=bad.csv`,
      headers: { ...admin(), 'content-type': 'application/octet-stream' },
      payload: Buffer.from('nps,csat\n12,3\n'),
    })
    const job = await poll(started.json().id)
    expect(job).toMatchObject({
      status: 'done',
      report: {
        imported: 0,
        invalid: 1,
        issues: [{ row: 2, column: 'nps', reason: 'must be a whole number from 0 to 10, got 12' }],
      },
    })

    const badOptions = await t.app.inject({
      method: 'POST',
      url: `/api/v1/surveys/${surveyId}/responses/import-jobs?file=a.csv&options=%7Bx`,
      headers: { ...admin(), 'content-type': 'application/octet-stream' },
      payload: Buffer.from('nps\n1\n'),
    })
    expect(badOptions.statusCode).toBe(400)
    expect(badOptions.json().error.details).toEqual([{ path: 'options', reason: 'not valid JSON' }])
    const badName = await t.app.inject({
      method: 'POST',
      url: `/api/v1/surveys/${surveyId}/responses/import-jobs?file=a.exe`,
      headers: { ...admin(), 'content-type': 'application/octet-stream' },
      payload: Buffer.from('x'),
    })
    expect(badName.json().error.details[0]).toMatchObject({
      path: 'file',
      reason: 'must end in .csv or .xlsx',
    })
    const unknown = await t.app.inject({
      method: 'GET',
      url: '/api/v1/import-jobs/nope',
      headers: admin(),
    })
    expect(unknown.json().error.code).toBe('IMPORT_JOB_NOT_FOUND')
  })
})
