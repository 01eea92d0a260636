import { readFile } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import { beforeAll, expect, it } from 'vitest'
import { describeEachDialect } from '../../db/test-dialects.js'
import { createTestApp, type TestApp } from '../test-app.js'

// The hotel survey of src/tabular/__fixtures__ (our own sample exports of other tools): its
// question titles are those the exports carry, so the import maps their columns by title.
const HOTEL = {
  title: { 'zh-CN': '酒店入住调查', 'en-US': 'Hotel stay survey' },
  questions: [
    {
      key: 'nps',
      type: 'nps',
      title: {
        'zh-CN': '您向朋友推荐本酒店的可能性有多大？',
        'en-US': 'How likely are you to recommend our hotel to a friend?',
      },
    },
    {
      key: 'sat',
      type: 'csat',
      title: {
        'zh-CN': '您对本次入住的总体满意度',
        'en-US': 'How satisfied were you with your stay?',
      },
    },
    {
      key: 'comment',
      type: 'text',
      title: {
        'zh-CN': '还有什么想告诉我们的？',
        'en-US': 'Anything else you would like to tell us?',
      },
    },
  ],
}

const fixture = async (name: string) =>
  (
    await readFile(fileURLToPath(new URL(`../../tabular/__fixtures__/${name}`, import.meta.url)))
  ).toString('base64')

describeEachDialect('importing other tools’ exports as a survey’s answers', (ctx) => {
  let t: TestApp
  let surveyId: string

  beforeAll(async () => {
    t = await createTestApp(ctx.store)
    surveyId = (
      await t.app.inject({
        method: 'POST',
        url: '/api/v1/surveys',
        headers: { cookie: t.adminCookie },
        payload: HOTEL,
      })
    ).json().id
    await t.app.inject({
      method: 'POST',
      url: `/api/v1/surveys/${surveyId}/publish`,
      headers: { cookie: t.adminCookie },
    })
  })

  const importFile = async (name: string, options: Record<string, unknown>) =>
    t.app.inject({
      method: 'POST',
      url: `/api/v1/surveys/${surveyId}/responses/import`,
      headers: { cookie: t.adminCookie },
      payload: { file: { name, contentBase64: await fixture(name) }, options },
    })

  it('问卷星: maps the numbered columns to questions by title, takes 提交答卷时间 and 序号', async () => {
    const res = await importFile('wjx.csv', {
      idColumn: '序号',
      submittedAtColumn: '提交答卷时间',
    })
    expect(res.statusCode).toBe(200)
    expect(res.json()).toMatchObject({
      rows: 3,
      imported: 3,
      invalid: 0,
      mapping: {
        '您向朋友推荐本酒店的可能性有多大？': 'nps',
        您对本次入住的总体满意度: 'sat',
        '还有什么想告诉我们的？': 'comment',
      },
    })
    const rows = await ctx.store.db
      .selectFrom('responses')
      .select(['nps', 'csat', 'comment', 'submitted_at'])
      .where('survey_id', '=', surveyId)
      .where('channel', '=', 'import')
      .orderBy('submitted_at')
      .execute()
    expect(rows.map((r) => [r.nps, r.csat, r.comment])).toEqual([
      [9, 5, '早餐很好'],
      [6, 3, '前台排队太久'],
      [10, 4, null],
    ])
    // 2026/5/3 10:12:40 is read as a time, not refused.
    expect(new Date(Number(rows[0]!.submitted_at)).getUTCFullYear()).toBe(2026)
    // The same file again imports nothing twice.
    const again = await importFile('wjx.csv', { idColumn: '序号' })
    expect(again.json()).toMatchObject({ imported: 0, duplicates: 3 })
  })

  it('Qualtrics: answers start after the three header rows, columns named by question text', async () => {
    const res = await importFile('qualtrics.csv', {
      idColumn: 'ResponseId',
      submittedAtColumn: 'RecordedDate',
      channel: 'qualtrics',
    })
    expect(res.statusCode).toBe(200)
    expect(res.json()).toMatchObject({ rows: 2, imported: 2, invalid: 0 })
    expect(Object.values(res.json().mapping).sort()).toEqual(['comment', 'nps', 'sat'])
  })

  it('SurveyMonkey: the second header row is no answer', async () => {
    const res = await importFile('surveymonkey.csv', {
      idColumn: 'Respondent ID',
      submittedAtColumn: 'End Date',
      channel: 'surveymonkey',
    })
    expect(res.statusCode).toBe(200)
    expect(res.json()).toMatchObject({ rows: 2, imported: 2, invalid: 0 })
    const times = await ctx.store.db
      .selectFrom('responses')
      .select(['nps', 'submitted_at'])
      .where('survey_id', '=', surveyId)
      .where('channel', '=', 'surveymonkey')
      .orderBy('submitted_at')
      .execute()
    expect(times.map((r) => r.nps)).toEqual([9, 6])
  })

  it('LimeSurvey: columns headed by question codes (NPS, SAT, COMMENT) map to the keys whatever their case', async () => {
    // Without an id column: the file's ids 1 and 2 are those of the 问卷星 rows imported above.
    const res = await importFile('limesurvey.csv', {
      submittedAtColumn: 'submitdate',
      channel: 'limesurvey',
    })
    expect(res.statusCode).toBe(200)
    expect(res.json()).toMatchObject({
      rows: 2,
      imported: 2,
      invalid: 0,
      mapping: { NPS: 'nps', SAT: 'sat', COMMENT: 'comment' },
    })
    const rows = await ctx.store.db
      .selectFrom('responses')
      .select(['nps', 'csat', 'comment'])
      .where('survey_id', '=', surveyId)
      .where('channel', '=', 'limesurvey')
      .orderBy('submitted_at')
      .execute()
    expect(rows.map((r) => [r.nps, r.csat, r.comment])).toEqual([
      [9, 5, 'Great breakfast'],
      [6, 3, 'The front desk queue was long'],
    ])
  })
  it('refuses a file none of whose columns names a question, storing nothing', async () => {
    const before = await ctx.store.db
      .selectFrom('responses')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('survey_id', '=', surveyId)
      .executeTakeFirstOrThrow()
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/v1/surveys/${surveyId}/responses/import`,
      headers: { cookie: t.adminCookie },
      payload: {
        file: {
          name: 'other.csv',
          contentBase64: Buffer.from('room,floor\n101,1\n202,2\n').toString('base64'),
        },
        options: {},
      },
    })
    expect(res.statusCode).toBe(400)
    expect(res.json().error).toMatchObject({
      code: 'COLUMN_NOT_FOUND',
      details: [{ path: 'mapping', allowed: 'nps, sat, comment' }],
    })
    const after = await ctx.store.db
      .selectFrom('responses')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('survey_id', '=', surveyId)
      .executeTakeFirstOrThrow()
    expect(Number(after.n)).toBe(Number(before.n))
  })
})
