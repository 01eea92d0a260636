import { afterAll, beforeAll, expect, it } from 'vitest'
import { describeEachDialect } from '../../db/test-dialects.js'
import { createTestApp, type TestApp } from '../test-app.js'

/**
 * Names of Object.prototype's members used as keys the caller chooses: each
 * must be an unknown name like any other, never a member found on the
 * prototype (a 500, or `constructor` echoing the upload back).
 */
const PROTOTYPE_NAMES = [
  '__proto__',
  'constructor',
  'hasOwnProperty',
  'valueOf',
  'toString',
  'isPrototypeOf',
]

const b64 = (text: string) => Buffer.from(text).toString('base64')

describeEachDialect('keys named like Object.prototype members', (ctx) => {
  let t: TestApp
  const admin = () => ({ cookie: t.adminCookie })

  beforeAll(async () => {
    t = await createTestApp(ctx.store)
  })
  afterAll(async () => {
    await t.app.close()
  })

  it('answers 404 ANALYSIS_METHOD_NOT_FOUND for analysis methods named like prototype members, without running anything', async () => {
    const secret = 'nps\nSECRET-CELL-1234\n'
    for (const name of PROTOTYPE_NAMES) {
      const res = await t.app.inject({
        method: 'POST',
        url: `/api/v1/analyses/${name}`,
        headers: admin(),
        payload: { file: { name: 'a.csv', contentBase64: b64(secret) } },
      })
      expect(res.statusCode, name).toBe(404)
      expect(res.json().error, name).toMatchObject({
        code: 'ANALYSIS_METHOD_NOT_FOUND',
        details: [
          {
            path: 'method',
            allowed:
              'nps, csat, ces, csm, csi, kano, servqual, ipa, drivers, plspm, alpha, spc, crosstab, value-balance, post-use, clv',
          },
        ],
      })
      expect(res.body, name).not.toContain('SECRET-CELL-1234')
    }
    // A real method still runs.
    const nps = await t.app.inject({
      method: 'POST',
      url: '/api/v1/analyses/nps',
      headers: admin(),
      payload: {
        file: { name: 'a.csv', contentBase64: b64('nps\n10\n9\n0\n') },
        options: { column: 'nps' },
      },
    })
    expect(nps.statusCode).toBe(200)
  })

  it('reports a feedback import kind named like a prototype member as not a kind, instead of failing the import', async () => {
    const rows = PROTOTYPE_NAMES.map(
      (kind, i) => `P-${i},2026-06-15 10:00,${kind} 的内容,${kind}`,
    ).join('\n')
    const file = {
      name: 'hotline.csv',
      contentBase64: b64(`编号,来电时间,内容,类型\n${rows}\nP-ok,2026-06-15 10:00,正常投诉,投诉\n`),
    }
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/feedback/import',
      headers: admin(),
      payload: { channel: 'hotline', file, skipInvalid: true },
    })
    expect(res.statusCode).toBe(200)
    expect(res.json()).toMatchObject({ rows: PROTOTYPE_NAMES.length + 1, imported: 1, cases: 1 })
    expect(
      res.json().issues.map((i: { path: string; reason: string }) => [i.path, i.reason]),
    ).toEqual(
      PROTOTYPE_NAMES.map((kind, i) => [
        `hotline.csv:${i + 2}:类型`,
        `"${kind}" is not a feedback kind`,
      ]),
    )
  })

  it('lets a respondent skip an optional question keyed `constructor`, and imports its column by key', async () => {
    const survey = {
      title: { 'zh-CN': '构造', 'en-US': 'Constructor' },
      questions: [
        {
          key: 'nps',
          type: 'nps',
          title: { 'zh-CN': '推荐', 'en-US': 'Recommend' },
          required: true,
        },
        {
          key: 'constructor',
          type: 'csat',
          title: { 'zh-CN': '满意', 'en-US': 'Satisfied' },
          required: false,
        },
      ],
    }
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/v1/surveys',
      headers: admin(),
      payload: survey,
    })
    expect(created.statusCode).toBe(201)
    const { id, slug } = created.json()
    expect(
      (
        await t.app.inject({
          method: 'POST',
          url: `/api/v1/surveys/${id}/publish`,
          headers: admin(),
        })
      ).statusCode,
    ).toBe(200)

    const skipped = await t.app.inject({
      method: 'POST',
      url: `/api/v1/public/surveys/${slug}/responses`,
      payload: { answers: { nps: 9 } },
    })
    expect(skipped.statusCode).toBe(201)

    // An anonymous respondent names link segments after prototype members: the dashboard's filters still load.
    const segmented = await t.app.inject({
      method: 'POST',
      url: `/api/v1/public/surveys/${slug}/responses`,
      payload: {
        answers: { nps: 7 },
        segments: { constructor: 'c1', toString: 't1', valueOf: 'v1' },
      },
    })
    expect(segmented.statusCode).toBe(201)
    const segments = await t.app.inject({
      method: 'GET',
      url: `/api/v1/surveys/${id}/segments`,
      headers: admin(),
    })
    expect(segments.statusCode).toBe(200)
    expect(segments.json()).toEqual({
      fields: { constructor: ['c1'], toString: ['t1'], valueOf: ['v1'] },
    })

    const imported = await t.app.inject({
      method: 'POST',
      url: `/api/v1/surveys/${id}/responses/import`,
      headers: admin(),
      payload: {
        file: { name: 'answers.csv', contentBase64: b64('nps,constructor\n8,4\n') },
        options: { mode: 'all-or-nothing' },
      },
    })
    expect(imported.statusCode).toBe(200)
    expect(imported.json()).toMatchObject({ rows: 1, imported: 1, invalid: 0 })
    const exported = await t.app.inject({
      method: 'GET',
      url: `/api/v1/surveys/${id}/responses/export?format=csv&lang=en-US`,
      headers: admin(),
    })
    expect(exported.statusCode).toBe(200)
    const lines = exported.body
      .replace(/^\uFEFF/, '')
      .trim()
      .split(/\r?\n/)
    expect(lines).toHaveLength(4)
    const header = lines[0]!.split(',')
    const column = (line: string, name: string) =>
      line.split(',')[header.findIndex((h) => h.includes(name))]
    // The imported row keeps its answer to `constructor`; the skipped ones have none (not a function's source text).
    expect(
      lines
        .slice(1)
        .map((line) => [column(line, 'Recommend'), column(line, 'Satisfied')])
        .sort(),
    ).toEqual([
      ['7', ''],
      ['8', '4'],
      ['9', ''],
    ])
  })
})
