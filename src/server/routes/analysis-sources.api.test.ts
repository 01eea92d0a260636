import { readFile } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import { beforeAll, expect, it } from 'vitest'
import { describeEachDialect } from '../../db/test-dialects.js'
import { createTestApp, type TestApp } from '../test-app.js'

const QUESTIONS = [
  { key: 'nps', type: 'nps', title: { 'zh-CN': '推荐意愿', 'en-US': 'Likelihood to recommend' } },
  {
    key: 'delivery',
    type: 'kano',
    title: { 'zh-CN': '次日达', 'en-US': 'Next-day delivery' },
    kano: {
      functional: { 'zh-CN': '如果提供次日达，您觉得如何？' },
      dysfunctional: { 'zh-CN': '如果不提供次日达，您觉得如何？' },
    },
  },
]

// Our own answers: NPS 10, 9, 6, 8 → 2 promoters, 1 detractor of 4 = 25;
// Kano: like/dislike (O) twice, must_be/dislike (M), like/neutral (A).
const ANSWERS = [
  { nps: 10, delivery: { functional: 'like', dysfunctional: 'dislike' } },
  { nps: 9, delivery: { functional: 'like', dysfunctional: 'dislike' } },
  { nps: 6, delivery: { functional: 'must_be', dysfunctional: 'dislike' } },
  { nps: 8, delivery: { functional: 'like', dysfunctional: 'neutral' } },
]

describeEachDialect(
  'the workbench on a survey picked from the list, and on another tool’s file',
  (ctx) => {
    let t: TestApp
    let surveyId: string
    const post = (url: string, payload: unknown) =>
      t.app.inject({
        method: 'POST',
        url,
        headers: { cookie: t.adminCookie },
        payload: payload as object,
      })

    beforeAll(async () => {
      t = await createTestApp(ctx.store)
      const created = await post('/api/v1/surveys', {
        title: { 'zh-CN': '配送调查' },
        questions: QUESTIONS,
      })
      surveyId = created.json().id
      await post(`/api/v1/surveys/${surveyId}/publish`, {})
      for (const answers of ANSWERS) {
        const res = await t.app.inject({
          method: 'POST',
          url: `/api/v1/public/surveys/${created.json().slug}/responses`,
          payload: { answers },
        })
        expect(res.statusCode).toBe(201)
      }
    })

    it('lists a survey’s questions as columns, Kano answers split into their two parts', async () => {
      const res = await post('/api/v1/analyses/columns', {
        survey: { id: surveyId, lang: 'en-US' },
      })
      expect(res.statusCode).toBe(200)
      const body = res.json()
      expect(body).toMatchObject({ tool: 'manyi', rows: 4 })
      const answers = body.columns.filter((c: { role: string }) => c.role === 'answer')
      expect(answers).toEqual([
        {
          header: 'Likelihood to recommend [nps]',
          question: 'Likelihood to recommend',
          role: 'answer',
          numeric: true,
        },
        {
          header: 'Next-day delivery [delivery]',
          question: 'Next-day delivery',
          role: 'answer',
          numeric: false,
        },
        {
          header: 'Next-day delivery [delivery] · functional',
          question: 'Next-day delivery',
          sub: 'functional',
          role: 'answer',
          numeric: false,
        },
        {
          header: 'Next-day delivery [delivery] · dysfunctional',
          question: 'Next-day delivery',
          sub: 'dysfunctional',
          role: 'answer',
          numeric: false,
        },
      ])
    })

    it('runs NPS and Kano on the survey’s stored answers', async () => {
      const nps = await post('/api/v1/analyses/nps', {
        survey: { id: surveyId },
        options: { column: '推荐意愿 [nps]' },
      })
      expect(nps.statusCode).toBe(200)
      expect(nps.json()).toMatchObject({ n: 4, promoters: 2, passives: 1, detractors: 1, nps: 25 })
      const kano = await post('/api/v1/analyses/kano', {
        survey: { id: surveyId },
        options: { pairs: '次日达 [delivery] · functional:次日达 [delivery] · dysfunctional' },
      })
      expect(kano.statusCode).toBe(200)
      expect(kano.json().features[0]).toMatchObject({
        counts: { O: 2, M: 1, A: 1, I: 0, R: 0, Q: 0 },
        category: 'O',
      })
    })

    it('lists a 问卷星 file’s questions and refuses a request with both or neither source', async () => {
      const wjx = (
        await readFile(
          fileURLToPath(new URL('../../tabular/__fixtures__/wjx.csv', import.meta.url)),
        )
      ).toString('base64')
      const res = await post('/api/v1/analyses/columns', {
        file: { name: 'wjx.csv', contentBase64: wjx },
      })
      expect(res.statusCode).toBe(200)
      expect(res.json().tool).toBe('wjx')
      expect(res.json().columns[6]).toEqual({
        header: '您向朋友推荐本酒店的可能性有多大？',
        question: '您向朋友推荐本酒店的可能性有多大？',
        role: 'answer',
        numeric: true,
      })
      expect(res.json().columns[1].role).toBe('submittedAt')
      const nps = await post('/api/v1/analyses/nps', {
        file: { name: 'wjx.csv', contentBase64: wjx },
        options: { column: '您向朋友推荐本酒店的可能性有多大？' },
      })
      expect(nps.json()).toMatchObject({ n: 3, promoters: 2, detractors: 1 })
      expect((await post('/api/v1/analyses/columns', {})).statusCode).toBe(400)
      expect(
        (
          await post('/api/v1/analyses/nps', {
            file: { name: 'wjx.csv', contentBase64: wjx },
            survey: { id: surveyId },
            options: { column: 'x' },
          })
        ).statusCode,
      ).toBe(400)
    })

    it('does not read another organisation’s survey', async () => {
      const res = await post('/api/v1/analyses/columns', { survey: { id: 'no-such-survey' } })
      expect(res.statusCode).toBe(404)
    })
  },
)
