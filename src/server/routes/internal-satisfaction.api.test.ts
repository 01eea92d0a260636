import fc from 'fast-check'
import { beforeAll, expect, it } from 'vitest'
import { describeEachDialect } from '../../db/test-dialects.js'
import {
  cookieHeader,
  createTestApp,
  otherOrganisationAdmin,
  SAMPLE_SURVEY,
  type TestApp,
} from '../test-app.js'

// The internal-satisfaction report (issue 19) on both stores: figures per dimension and unit,
// eNPS, comments only of groups of 5 or more, complements hidden, the survey's generic readers
// refused, and a property test over random answer counts and every query a reader can make.

function csv(lines: string[]): string {
  return Buffer.from(`\uFEFF${lines.join('\r\n')}\r\n`, 'utf8').toString('base64')
}

// 华北 (north) holds three stores, 华南 (south) two; answers may also name no unit.
const UNITS = [
  'code,parent_code,name',
  'N,,华北区',
  'N1,N,北一店',
  'N2,N,北二店',
  'N3,N,北三店',
  'S,,华南区',
  'S1,S,南一店',
  'S2,S,南二店',
]
const LEAVES = ['N1', 'N2', 'N3', 'S1', 'S2', 'N', 'S', ''] as const
const PARENT: Record<string, string> = { N1: 'N', N2: 'N', N3: 'N', S1: 'S', S2: 'S', N: '', S: '' }
const DIMENSIONS = ['work_rights', 'conditions', 'management', 'environment', 'personal']

const EMPLOYEE_SURVEY = {
  title: { 'zh-CN': '员工满意度调查', 'en-US': 'Employee satisfaction survey' },
  questions: [
    ...DIMENSIONS.map((key) => ({
      key,
      type: 'likert5',
      title: { 'zh-CN': `维度 ${key}`, 'en-US': `Dimension ${key}` },
      required: true,
    })),
    { key: 'nps', type: 'nps', title: { 'zh-CN': '推荐', 'en-US': 'Recommend' }, required: true },
    { key: 'comment', type: 'text', title: { 'zh-CN': '意见', 'en-US': 'Comments' } },
  ],
  settings: { hiddenFields: ['unit'], anonymity: { minGroup: 5 } },
}

interface Group {
  unitId: string | null
  code: string | null
  shown: boolean
  n: number | null
  dimensions: Array<{ key: string; n: number; mean: number | null; ci95: [number, number] | null }>
  enps: { n: number; enps: number | null; ci95: [number, number] | null } | null
  index: { mean: number | null } | null
  comments: string[]
  external: { n: number; nps: number | null } | null
}

describeEachDialect('internal satisfaction API', (ctx) => {
  let t: TestApp
  const admin = () => ({ cookie: t.adminCookie })
  let unitId: Record<string, string> = {}
  let answerSeq = 0

  async function publishedSurvey(payload: object): Promise<{ id: string; slug: string }> {
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/v1/surveys',
      headers: admin(),
      payload,
    })
    expect(created.statusCode).toBe(201)
    const id = created.json().id as string
    const published = await t.app.inject({
      method: 'POST',
      url: `/api/v1/surveys/${id}/publish`,
      headers: admin(),
    })
    return { id, slug: published.json().slug as string }
  }

  async function answer(slug: string, unit: string, answers: Record<string, unknown>) {
    answerSeq += 1
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/v1/public/surveys/${slug}/responses`,
      payload: {
        answers,
        segments: unit ? { unit } : {},
        clientResponseId: `internal-${answerSeq.toString().padStart(6, '0')}`,
      },
    })
    expect(res.statusCode).toBe(201)
  }

  /** `count` employee answers in a unit, the i-th rating every dimension `1 + (i % 5)`. */
  async function employeeAnswers(slug: string, unit: string, count: number, comment = '') {
    for (let i = 0; i < count; i += 1) {
      const level = 1 + (i % 5)
      await answer(slug, unit, {
        ...Object.fromEntries(DIMENSIONS.map((d) => [d, level])),
        nps: 2 * level,
        ...(comment ? { comment: `${comment} ${i + 1}` } : {}),
      })
    }
  }

  const report = async (query: string, headers = admin()) =>
    t.app.inject({ method: 'GET', url: `/api/v1/internal-satisfaction?${query}`, headers })

  beforeAll(async () => {
    t = await createTestApp(ctx.store)
    const imported = await t.app.inject({
      method: 'POST',
      url: '/api/v1/units/import',
      headers: admin(),
      payload: { file: { name: 'units.csv', contentBase64: csv(UNITS) } },
    })
    expect(imported.statusCode).toBe(200)
    const units = (
      await t.app.inject({ method: 'GET', url: '/api/v1/units', headers: admin() })
    ).json().units as Array<{ id: string; code: string }>
    unitId = Object.fromEntries(units.map((u) => [u.code, u.id]))
  })

  it('scores dimensions and eNPS per unit and hides B (3) and its complement, as in the issue', async () => {
    const survey = await publishedSurvey(EMPLOYEE_SURVEY)
    // 华北: N1 12, N2 3, N3 7 (the A, B, C); 华南: S1 10, S2 5.
    await employeeAnswers(survey.slug, 'N1', 12, '北一')
    await employeeAnswers(survey.slug, 'N2', 3, '北二')
    await employeeAnswers(survey.slug, 'N3', 7, '北三')
    await employeeAnswers(survey.slug, 'S1', 10)
    await employeeAnswers(survey.slug, 'S2', 5)
    const res = await report(`surveyId=${survey.id}`)
    expect(res.statusCode).toBe(200)
    const body = res.json() as { minGroup: number; groups: Group[] }
    expect(body.minGroup).toBe(5)
    const byCode = new Map(body.groups.map((g) => [g.code, g]))
    expect(byCode.get(null)).toMatchObject({ shown: true, n: 37 })
    expect(byCode.get('N')).toMatchObject({ shown: true, n: 22 })
    expect(byCode.get('N1')).toMatchObject({ shown: true, n: 12 })
    // N2 (3) below 5, N3 (7) its complement: neither n nor figures nor comments.
    for (const code of ['N2', 'N3']) {
      expect(byCode.get(code)).toMatchObject({
        shown: false,
        n: null,
        dimensions: [],
        enps: null,
        comments: [],
      })
    }
    // N1: levels 1..5,1..5,1,2 → mean 2.75, t(11) interval 1.80662…3.69338 (SciPy).
    const n1 = byCode.get('N1')!
    expect(n1.dimensions).toHaveLength(5)
    expect(n1.dimensions[0]!.n).toBe(12)
    expect(n1.dimensions[0]!.mean).toBeCloseTo(2.75, 10)
    expect(n1.dimensions[0]!.ci95![0]).toBeCloseTo(1.8066214, 6)
    expect(n1.dimensions[0]!.ci95![1]).toBeCloseTo(3.6933786, 6)
    // eNPS: scores 2,4,6,8,10,2,4,6,8,10,2,4 → 2 promoters, 2 passives, 8 detractors: −50.
    expect(n1.enps!.n).toBe(12)
    expect(n1.enps!.enps).toBeCloseTo(-50, 10)
    expect(n1.comments).toEqual(
      Array.from({ length: 12 }, (_, i) => `北一 ${i + 1}`).sort((a, b) => (a < b ? -1 : 1)),
    )
    // 华北's comments: N1's 12 and the 10 of N2 and N3 together (never told apart).
    expect(byCode.get('N')!.comments).toHaveLength(22)
    expect(byCode.get('S2')).toMatchObject({ shown: true, n: 5 })

    // A unit chosen shows the same protected figures, never a new cut.
    const north = (await report(`surveyId=${survey.id}&unitId=${unitId.N}`)).json() as {
      groups: Group[]
    }
    expect(north.groups.map((g) => [g.code, g.shown, g.n])).toEqual([
      ['N', true, 22],
      ['N1', true, 12],
      ['N2', false, null],
      ['N3', false, null],
    ])
  })

  it('refuses any other filter, unknown units and readers without responses:read', async () => {
    const survey = await publishedSurvey(EMPLOYEE_SURVEY)
    for (const extra of ['from=2026-01-01', 'channel=web', 'segment=department', 'minGroup=1']) {
      const res = await report(`surveyId=${survey.id}&${extra}`)
      expect(res.statusCode).toBe(400)
      expect(res.json().error.code).toBe('VALIDATION_FAILED')
    }
    const unknown = await report(`surveyId=${survey.id}&unitId=unit_nope`)
    expect(unknown.statusCode).toBe(404)
    expect(unknown.json().error.code).toBe('UNIT_NOT_FOUND')
    const other = await otherOrganisationAdmin(t, ctx.store)
    const foreign = await report(`surveyId=${survey.id}`, { cookie: other.cookie })
    expect(foreign.statusCode).toBe(404)
    expect(foreign.json().error.code).toBe('SURVEY_NOT_FOUND')
  })

  it("refuses the anonymous survey's dashboard, analysis, segments, units, export and files", async () => {
    const survey = await publishedSurvey(EMPLOYEE_SURVEY)
    await employeeAnswers(survey.slug, 'S1', 6)
    for (const path of [
      'summary',
      'summary/pdf',
      'analysis',
      'segments',
      'segment-comparison?segment=unit',
      'units',
      'responses/export',
      'files',
    ]) {
      const res = await t.app.inject({
        method: 'GET',
        url: `/api/v1/surveys/${survey.id}/${path}`,
        headers: admin(),
      })
      expect([path, res.statusCode]).toEqual([path, 403])
      expect(res.json().error.code).toBe('ANONYMOUS_SURVEY')
    }
    // Any read naming it: a unit's roll-up by ?surveyId=, the workbench's survey source, and the
    // comparison survey of the internal report itself.
    const rollup = await t.app.inject({
      method: 'GET',
      url: `/api/v1/units/${unitId.S1}/rollup?from=2026-01-01&to=2026-01-31&surveyId=${survey.id}`,
      headers: admin(),
    })
    expect([rollup.statusCode, rollup.json().error.code]).toEqual([403, 'ANONYMOUS_SURVEY'])
    const columns = await t.app.inject({
      method: 'POST',
      url: '/api/v1/analyses/columns',
      headers: admin(),
      payload: { survey: { id: survey.id } },
    })
    expect([columns.statusCode, columns.json().error.code]).toEqual([403, 'ANONYMOUS_SURVEY'])
    const other = await publishedSurvey(EMPLOYEE_SURVEY)
    const asExternal = await report(`surveyId=${other.id}&externalSurveyId=${survey.id}`)
    expect([asExternal.statusCode, asExternal.json().error.code]).toEqual([403, 'ANONYMOUS_SURVEY'])
    // A customer survey is not affected.
    const customer = await publishedSurvey(SAMPLE_SURVEY)
    const summary = await t.app.inject({
      method: 'GET',
      url: `/api/v1/surveys/${customer.id}/summary`,
      headers: admin(),
    })
    expect(summary.statusCode).toBe(200)
  })

  it('the employee-satisfaction template creates an anonymous survey', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/surveys/from-template',
      headers: admin(),
      payload: { template: 'employee-satisfaction' },
    })
    expect(res.statusCode).toBe(201)
    expect(res.json().settings.anonymity).toEqual({ minGroup: 5 })
  })

  it('sets customer NPS per unit beside the internal index with their correlation', async () => {
    const internal = await publishedSurvey(EMPLOYEE_SURVEY)
    const customer = await publishedSurvey({
      ...SAMPLE_SURVEY,
      settings: { hiddenFields: ['unit'] },
    })
    // Internal levels per store (every answer the same level) and customer NPS rising with them.
    const plan: Array<[string, number, number[]]> = [
      ['N1', 2, [0, 0, 5, 9, 10]],
      ['N2', 3, [5, 8, 9, 9, 3]],
      ['N3', 4, [9, 10, 10, 8, 6]],
      ['S1', 5, [10, 10, 10, 9, 9]],
      ['S2', 1, [0, 1, 2, 3, 10]],
    ]
    for (const [code, level, scores] of plan) {
      for (let i = 0; i < 5; i += 1) {
        await answer(internal.slug, code, {
          ...Object.fromEntries(DIMENSIONS.map((d) => [d, level])),
          nps: 2 * level,
        })
      }
      for (const nps of scores) await answer(customer.slug, code, { nps })
    }
    const res = await report(`surveyId=${internal.id}&externalSurveyId=${customer.id}`)
    expect(res.statusCode).toBe(200)
    const body = res.json() as {
      groups: Group[]
      correlation: { n: number; r: number; ci95: [number, number]; reason: null }
    }
    const s1 = body.groups.find((g) => g.code === 'S1')!
    expect(s1.index!.mean).toBe(5)
    expect(s1.external).toMatchObject({ n: 5, nps: 100 })
    // Five stores: index 2,3,4,5,1 against NPS −20, 0, 40, 100, −60; SciPy pearsonr gives
    // r 0.985104 and the Fisher interval 0.785766…0.999062.
    expect(body.correlation.n).toBe(5)
    expect(body.correlation.reason).toBeNull()
    expect(body.correlation.r).toBeCloseTo(0.985104109993904, 8)
    expect(body.correlation.ci95[0]).toBeCloseTo(0.7857659611273786, 6)
    expect(body.correlation.ci95[1]).toBeCloseTo(0.9990617283241372, 6)
  })

  it('no query of any reader shows or lets anyone derive a group of 1 to 4 (property)', async () => {
    const limited = await otherRegionalReader()
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.oneof(fc.constant(0), fc.nat({ max: 8 })), {
          minLength: LEAVES.length,
          maxLength: LEAVES.length,
        }),
        async (ownCounts) => {
          const survey = await publishedSurvey(EMPLOYEE_SURVEY)
          const own = new Map<string, number>()
          for (const [i, code] of LEAVES.entries()) {
            own.set(code, ownCounts[i]!)
            await employeeAnswers(survey.slug, code, ownCounts[i]!, code)
          }
          const total = (code: string): number =>
            own.get(code)! +
            Object.entries(PARENT)
              .filter(([, p]) => p === code)
              .reduce((s, [c]) => s + total(c), 0)
          // Every query a reader can make, as the administrator and as a reader limited to 华北.
          const queries = ['', ...Object.values(unitId).map((id) => `&unitId=${id}`)]
          const shown = new Map<string, number>()
          for (const headers of [admin(), { cookie: limited }]) {
            for (const q of queries) {
              const res = await report(`surveyId=${survey.id}${q}`, headers)
              if (res.statusCode === 404) continue
              expect(res.statusCode).toBe(200)
              for (const g of res.json().groups as Group[]) {
                const code = g.code ?? ''
                if (!g.shown) {
                  expect(g.n).toBeNull()
                  expect(g.comments).toEqual([])
                  continue
                }
                expect(g.n).toBe(total(code))
                expect(g.n === 0 || g.n! >= 5).toBe(true)
                for (const d of g.dimensions)
                  if (d.mean !== null) expect(d.n).toBeGreaterThanOrEqual(5)
                shown.set(code, g.n!)
              }
            }
          }
          // Subtract every shown figure from every other along the tree: each relation
          // parent = children + own with one unknown left gives that unknown.
          const known = new Map(shown)
          // The strongest attacker also knows which cells are empty.
          for (const code of LEAVES) {
            if (own.get(code) === 0) known.set(`own:${code}`, 0)
            if (total(code) === 0) known.set(code, 0)
          }
          for (let changed = true; changed; ) {
            changed = false
            for (const parent of ['', 'N', 'S']) {
              const cells = [
                `own:${parent}`,
                ...Object.keys(PARENT).filter((c) => PARENT[c] === parent),
              ]
              const unknown = [parent, ...cells].filter((c) => !known.has(c))
              if (unknown.length !== 1) continue
              const cell = unknown[0]!
              known.set(cell, cell.startsWith('own:') ? own.get(parent)! : total(cell))
              changed = true
            }
          }
          for (const [cell, n] of known) {
            if (n > 0 && n < 5) throw new Error(`${cell || 'organisation'} (${n}) is derivable`)
          }
        },
      ),
      { numRuns: 8, seed: 1905 },
    )
  }, 240_000)

  /** A reader (analyst) limited to 华北 and what is below it; their session cookie. */
  async function otherRegionalReader(): Promise<string> {
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: admin(),
      payload: {
        email: 'north-analyst@corp.test',
        displayName: '华北分析员',
        password: 'north-analyst-password-1',
        role: 'analyst',
      },
    })
    expect(created.statusCode).toBe(201)
    const limit = await t.app.inject({
      method: 'PUT',
      url: `/api/v1/users/${created.json().id}/units`,
      headers: admin(),
      payload: { unitIds: [unitId.N] },
    })
    expect(limit.statusCode).toBe(200)
    const login = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: 'north-analyst@corp.test', password: 'north-analyst-password-1' },
    })
    return cookieHeader(login)
  }
})
