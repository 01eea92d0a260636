import ExcelJS from 'exceljs'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { pageAudit } from '../audit/audit.service.js'
import { createUser } from '../auth/auth.service.js'
import type { Scope } from '../db/scope.js'
import { describeEachDialect } from '../db/test-dialects.js'
import {
  cookieHeader,
  createTestApp,
  SAMPLE_SURVEY,
  TEST_ADMIN,
  type TestApp,
} from '../server/test-app.js'
import { setMembershipUnits } from '../units/unit-membership.service.js'

// Appraisal (issue 19) end to end on both stores: the versioned formula, its preview on last
// month, a month computed, approved and then immutable on every write path, a revision with a
// reason, the XLSX for payroll, an employee's own result and dispute, and a sibling unit's
// supervisor seeing nothing. Scores are worked by hand from the answers below.

/** CSAT answers of June 2026 per employee; NPS of each answer: 10 for a 5, 8 for a 4, 3 below. */
const CSAT: Record<string, number[]> = {
  T1: [5, 5, 5, 5, 4, 4, 4, 4, 4, 4],
  T2: [5, 5, 5, 5, 5, 4, 4, 4, 4, 4],
  T3: [4, 4, 4, 4, 4, 3, 3, 3, 3, 3],
  T4: [4, 4, 4, 4, 4, 4, 4, 4, 4, 4],
  T5: [5, 5],
  S1: [5, 5, 5, 5, 5],
}
const npsOf = (csat: number) => (csat >= 5 ? 10 : csat === 4 ? 8 : 3)

const SPEC = {
  weights: { csat: 60, nps: 40 },
  minN: 5,
  belowMinimum: 'shrunk',
  praiseBonus: { perPraise: 2, cap: 6 },
  complaintPenalty: { ours: 5, thirdParty: 2, customer: 0, unknown: 1, cap: 10 },
  scoreCap: 100,
}

function csv(lines: string[]): string {
  return Buffer.from(`${lines.join('\r\n')}\r\n`, 'utf8').toString('base64')
}

describeEachDialect('appraisal API', (ctx) => {
  let t: TestApp
  const unit: Record<string, string> = {}
  const cookies: Record<string, string> = {}
  const admin = () => ({ cookie: t.adminCookie })
  const as = (who: string) => ({ cookie: cookies[who]! })

  async function login(email: string, password: string) {
    return cookieHeader(
      await t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { email, password },
      }),
    )
  }

  beforeAll(async () => {
    t = await createTestApp(ctx.store)
    await t.app.inject({
      method: 'POST',
      url: '/api/v1/units/import',
      headers: admin(),
      payload: {
        file: {
          name: 'u.csv',
          contentBase64: csv(['code,parent_code,name', 'GZ,,广州店', 'SZ,,深圳店']),
        },
      },
    })
    for (const u of (
      await t.app.inject({ method: 'GET', url: '/api/v1/units', headers: admin() })
    ).json().units)
      unit[u.code] = u.id
    const scope: Scope = {
      db: ctx.store.db,
      features: ctx.store.features,
      orgId: t.orgId,
      actor: { type: 'user', id: 'u-admin', role: 'admin' },
      now: t.clock.now,
    }
    const liId = await createUser(
      scope,
      {
        email: 'li@corp.test',
        displayName: '李师傅',
        password: 'employee-password-1',
        role: 'employee',
      },
      t.clock.now,
    )
    for (const [who, code] of [
      ['gz', 'GZ'],
      ['sz', 'SZ'],
    ] as const) {
      const id = await createUser(
        scope,
        {
          email: `${who}@corp.test`,
          displayName: `${code} lead`,
          password: 'supervisor-password-1',
          role: 'supervisor',
        },
        t.clock.now,
      )
      await setMembershipUnits(scope, id, { unitIds: [unit[code]!] })
    }
    const rows = ['code,name,unit_code,user_id']
    for (const code of ['T1', 'T2', 'T3', 'T5']) rows.push(`${code},技师${code},GZ,`)
    rows.push(`T4,李师傅,GZ,${liId}`, 'T6,=1+2,GZ,', 'S1,深圳技师,SZ,')
    const imported = await t.app.inject({
      method: 'POST',
      url: '/api/v1/employees/import',
      headers: admin(),
      payload: { file: { name: 's.csv', contentBase64: csv(rows) } },
    })
    expect(imported.json()).toMatchObject({ applied: true, created: 7 })
    const config = (
      await t.app.inject({ method: 'GET', url: '/api/v1/case-config', headers: admin() })
    ).json()
    const { publicFormKey: _, ...rest } = config
    await t.app.inject({
      method: 'PUT',
      url: '/api/v1/case-config',
      headers: admin(),
      payload: { ...rest, rules: { ...rest.rules, detractor: false, lowCsat: false } },
    })
    const survey = await t.app.inject({
      method: 'POST',
      url: '/api/v1/surveys',
      headers: admin(),
      payload: { ...SAMPLE_SURVEY, settings: { hiddenFields: ['employee'] } },
    })
    const slug = (
      await t.app.inject({
        method: 'POST',
        url: `/api/v1/surveys/${survey.json().id}/publish`,
        headers: admin(),
      })
    ).json().slug
    for (const [code, scores] of Object.entries(CSAT)) {
      for (const [i, csat] of scores.entries()) {
        const res = await t.app.inject({
          method: 'POST',
          url: `/api/v1/public/surveys/${slug}/responses`,
          payload: {
            answers: { nps: npsOf(csat), csat },
            segments: { employee: code },
            clientResponseId: `appraisal-${code}-${i}`,
          },
        })
        expect(res.statusCode, res.body).toBe(201)
      }
    }
    const caseIds: Array<string | null> = []
    for (const [kind, employee] of [
      ['complaint', 'T3'],
      ['complaint', 'T3'],
      ['praise', 'T1'],
    ] as const) {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/v1/feedback',
        headers: admin(),
        payload: {
          kind,
          channel: 'store',
          text: `${kind} ${employee}`,
          employee,
          customer: { ref: `C-${employee}` },
        },
      })
      expect(res.statusCode).toBe(201)
      caseIds.push(res.json().caseId)
    }
    // One of T3's two complaint cases is assessed as ours; the other stays unassessed. The case
    // is the one the first complaint opened (the create answer's caseId): T1's praise opens a
    // praise case of its own, listed first, so "the first case listed" is no longer T3's.
    expect(caseIds.every((id) => typeof id === 'string')).toBe(true)
    const assessed = await t.app.inject({
      method: 'POST',
      url: `/api/v1/cases/${caseIds[0]}/recovery`,
      headers: admin(),
      payload: { cause: 'wait_time', responsibility: 'ours' },
    })
    expect(assessed.statusCode, assessed.body).toBe(200)
    // The month is over: "last month" is June.
    t.clock.now = Date.parse('2026-07-03T02:00:00Z')
    t.adminCookie = await login(TEST_ADMIN.email, TEST_ADMIN.password)
    for (const who of ['gz', 'sz'])
      cookies[who] = await login(`${who}@corp.test`, 'supervisor-password-1')
    cookies.li = await login('li@corp.test', 'employee-password-1')
  })
  afterAll(async () => {
    await t?.app.close()
  })

  it('versions the formula (each save a new version, none rewritten); only an administrator saves one', async () => {
    const none = await t.app.inject({
      method: 'POST',
      url: '/api/v1/appraisals',
      headers: as('gz'),
      payload: { unitId: unit.GZ, month: '2026-06' },
    })
    expect(none.statusCode).toBe(404)
    expect(none.json().error.code).toBe('APPRAISAL_FORMULA_NOT_FOUND')
    const bySupervisor = await t.app.inject({
      method: 'POST',
      url: '/api/v1/appraisal-formulas',
      headers: as('gz'),
      payload: { spec: SPEC },
    })
    expect(bySupervisor.statusCode).toBe(403)
    const v1 = await t.app.inject({
      method: 'POST',
      url: '/api/v1/appraisal-formulas',
      headers: admin(),
      payload: { spec: { ...SPEC, weights: { csat: 1 } }, note: '试行' },
    })
    expect(v1.statusCode).toBe(201)
    expect(v1.json()).toMatchObject({ version: 1, note: '试行' })
    const v2 = await t.app.inject({
      method: 'POST',
      url: '/api/v1/appraisal-formulas',
      headers: admin(),
      payload: { spec: SPEC },
    })
    expect(v2.json().version).toBe(2)
    const refused = await t.app.inject({
      method: 'POST',
      url: '/api/v1/appraisal-formulas',
      headers: admin(),
      payload: { spec: { ...SPEC, weights: { csat: 0 } } },
    })
    expect(refused.statusCode).toBe(400)
    expect(refused.json().error.details[0]).toMatchObject({ path: 'spec.weights' })
    const list = (
      await t.app.inject({ method: 'GET', url: '/api/v1/appraisal-formulas', headers: as('gz') })
    ).json()
    expect(list.formulas.map((f: { version: number }) => f.version)).toEqual([2, 1])
    expect(list.formulas[1].spec.weights).toEqual({ csat: 1 })
  })

  it('previews a formula on last month with the inputs behind every point, storing nothing', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/appraisal-formulas/preview',
      headers: as('gz'),
      payload: { spec: SPEC, unitId: unit.GZ },
    })
    expect(res.statusCode, res.body).toBe(200)
    const body = res.json()
    expect(body.month).toBe('2026-06')
    const by = Object.fromEntries(
      body.results.map((r: { employee: { code: string } }) => [r.employee.code, r]),
    )
    // T1: CSAT 4.4 → 85 points, NPS 40 → 70; 0.6·85 + 0.4·70 = 79, +2 for one praise = 81.
    expect(by.T1.components).toMatchObject([
      { outcome: 'csat', n: 10, raw: 4.4, source: 'raw', points: expect.closeTo(85, 9) },
      { outcome: 'nps', n: 10, raw: 40, source: 'raw', points: expect.closeTo(70, 9) },
    ])
    expect(by.T1.base).toBeCloseTo(79, 9)
    expect(by.T1.praise).toEqual({ count: 1, points: 2 })
    expect(by.T1.total).toBeCloseTo(81, 9)
    // T3: CSAT 3.5 → 62.5, NPS −50 → 25; 37.5 + 10 = 47.5, −5 (ours) −1 (not assessed) = 41.5.
    expect(by.T3.base).toBeCloseTo(47.5, 9)
    expect(by.T3.penalty).toEqual({
      cases: { ours: 1, thirdParty: 0, customer: 0, unknown: 1 },
      points: 6,
    })
    expect(by.T3.complaints).toBe(2)
    expect(by.T3.total).toBeCloseTo(41.5, 9)
    // T5 has 2 answers (< 5): the shrunk figures the scorecard gives are used.
    const card = (
      await t.app.inject({
        method: 'GET',
        url: `/api/v1/employee-scorecards?unitId=${unit.GZ}&from=2026-06-01&to=2026-07-01&minN=5`,
        headers: as('gz'),
      })
    ).json()
    const t5 = card.employees.find((e: { employee: { code: string } }) => e.employee.code === 'T5')
    expect(t5.csat.shrunk).toBeLessThan(5)
    expect(by.T5.components[0]).toMatchObject({ source: 'shrunk', n: 2, raw: 5 })
    expect(by.T5.components[0].points).toBeCloseTo(((t5.csat.shrunk - 1) / 4) * 100, 9)
    // T6 has no answers: no score, not zero; S1 of the other unit is not there.
    expect(by.T6.total).toBeNull()
    expect(by.S1).toBeUndefined()
    // Highest total first, those without a score last.
    const totals = body.results.map((r: { total: number | null }) => r.total)
    expect(totals.at(-1)).toBeNull()
    const scored = totals.slice(0, -1) as number[]
    expect(scored).toEqual([...scored].sort((a, b) => b - a))
    const months = (
      await t.app.inject({ method: 'GET', url: '/api/v1/appraisals', headers: as('gz') })
    ).json()
    expect(months.months).toEqual([])
  })

  it('an approved month is immutable: recompute, re-approve and revising without a reason are refused; a revision keeps the old one', async () => {
    const draft = await t.app.inject({
      method: 'POST',
      url: '/api/v1/appraisals',
      headers: as('gz'),
      payload: { unitId: unit.GZ, month: '2026-06' },
    })
    expect(draft.statusCode, draft.body).toBe(200)
    expect(draft.json()).toMatchObject({ revision: 1, status: 'draft', formulaVersion: 2 })
    const id = draft.json().id
    const notYet = await t.app.inject({
      method: 'POST',
      url: `/api/v1/appraisals/${id}/revisions`,
      headers: as('gz'),
      payload: { reason: 'should not be possible' },
    })
    expect(notYet.json().error.code).toBe('APPRAISAL_NOT_APPROVED')
    const again = await t.app.inject({
      method: 'POST',
      url: '/api/v1/appraisals',
      headers: as('gz'),
      payload: { unitId: unit.GZ, month: '2026-06' },
    })
    expect(again.json()).toMatchObject({ id, revision: 1, status: 'draft' })
    const approved = await t.app.inject({
      method: 'POST',
      url: `/api/v1/appraisals/${id}/approve`,
      headers: as('gz'),
    })
    expect(approved.statusCode).toBe(200)
    expect(approved.json()).toMatchObject({ status: 'approved', approvedAt: t.clock.now })
    const before = (
      await t.app.inject({ method: 'GET', url: `/api/v1/appraisals/${id}`, headers: as('gz') })
    ).json()

    // A new formula version does not touch the approved month.
    await t.app.inject({
      method: 'POST',
      url: '/api/v1/appraisal-formulas',
      headers: admin(),
      payload: { spec: { ...SPEC, weights: { nps: 1 } } },
    })
    for (const attempt of [
      { method: 'POST', url: '/api/v1/appraisals', payload: { unitId: unit.GZ, month: '2026-06' } },
      { method: 'POST', url: `/api/v1/appraisals/${id}/approve` },
    ] as const) {
      const res = await t.app.inject({ ...attempt, headers: as('gz') })
      expect(res.statusCode).toBe(409)
      expect(res.json().error).toMatchObject({
        code: 'APPRAISAL_APPROVED',
        id,
        month: '2026-06',
        revision: 1,
      })
    }
    const noReason = await t.app.inject({
      method: 'POST',
      url: `/api/v1/appraisals/${id}/revisions`,
      headers: as('gz'),
      payload: {},
    })
    expect(noReason.statusCode).toBe(400)
    expect(noReason.json().error.details[0]).toMatchObject({ path: 'reason' })
    const after = (
      await t.app.inject({ method: 'GET', url: `/api/v1/appraisals/${id}`, headers: as('gz') })
    ).json()
    expect(after).toEqual(before)
    expect(after.formulaVersion).toBe(2)

    const revised = await t.app.inject({
      method: 'POST',
      url: `/api/v1/appraisals/${id}/revisions`,
      headers: as('gz'),
      payload: { reason: 'T3 的一单投诉责任认定有误' },
    })
    expect(revised.statusCode, revised.body).toBe(201)
    expect(revised.json()).toMatchObject({
      revision: 2,
      status: 'draft',
      revisesId: id,
      reason: 'T3 的一单投诉责任认定有误',
      formulaVersion: 2,
    })
    const old = (
      await t.app.inject({ method: 'GET', url: `/api/v1/appraisals/${id}`, headers: as('gz') })
    ).json()
    expect({ ...old, superseded: false }).toEqual(before)
    expect(old.superseded).toBe(true)
    const onOld = await t.app.inject({
      method: 'POST',
      url: `/api/v1/appraisals/${id}/revisions`,
      headers: as('gz'),
      payload: { reason: 'a second change of the old one' },
    })
    expect(onOld.json().error).toMatchObject({
      code: 'APPRAISAL_SUPERSEDED',
      latestId: revised.json().id,
    })
    const audit = await pageAudit(
      {
        db: ctx.store.db,
        features: ctx.store.features,
        orgId: t.orgId,
        actor: { type: 'user', id: 'auditor', role: 'auditor' },
        now: t.clock.now,
      },
      { action: 'appraisal.*' },
    )
    expect(audit.entries.map((e) => e.action)).toEqual(
      expect.arrayContaining(['appraisal.compute', 'appraisal.approve', 'appraisal.revise']),
    )
    expect(audit.entries.find((e) => e.action === 'appraisal.revise')!.detail).toMatchObject({
      revises: id,
      reason: 'T3 的一单投诉责任认定有误',
    })
  })

  it('exports the month as XLSX for payroll with formula-safe cells', async () => {
    const [month] = (
      await t.app.inject({
        method: 'GET',
        url: '/api/v1/appraisals?month=2026-06',
        headers: as('gz'),
      })
    ).json().months
    const res = await t.app.inject({
      method: 'GET',
      url: `/api/v1/appraisals/${month.id}/export?locale=zh-CN`,
      headers: as('gz'),
    })
    expect(res.statusCode).toBe(200)
    expect(res.headers['content-disposition']).toContain('appraisal-2026-06-r1.xlsx')
    const book = new ExcelJS.Workbook()
    await book.xlsx.load(res.rawPayload as unknown as ArrayBuffer)
    const sheet = book.getWorksheet('考核结果')!
    expect(sheet.getRow(1).values).toEqual([
      undefined,
      '工号',
      '姓名',
      '总分',
      '基础分',
      '表扬加分',
      '投诉扣分',
      'CSAT 样本数',
      'CSAT 采用值',
      'CSAT 来源',
      'CSAT 得分',
      'NPS 样本数',
      'NPS 采用值',
      'NPS 来源',
      'NPS 得分',
    ])
    const rows = new Map<string, unknown[]>()
    sheet.eachRow((row, i) => {
      if (i > 1) rows.set(String(row.getCell(1).value), (row.values as unknown[]).slice(1))
    })
    expect(rows.get('T1')).toEqual([
      'T1',
      '技师T1',
      81,
      79,
      2,
      0,
      10,
      4.4,
      '原始值',
      85,
      10,
      40,
      '原始值',
      70,
    ])
    expect(rows.get('T3')!.slice(2, 6)).toEqual([41.5, 47.5, 0, 6])
    expect(rows.get('T6')![1]).toBe("'=1+2")
    const about = book.getWorksheet('说明')!
    expect(about.getRow(3).values).toEqual([undefined, '单元', '广州店'])
    expect(about.getRow(5).values).toEqual([undefined, '状态', '已审批'])
  })

  it('an employee sees only their own result, disputes it, and a supervisor of the unit answers once', async () => {
    const mine = await t.app.inject({
      method: 'GET',
      url: '/api/v1/me/appraisals',
      headers: as('li'),
    })
    expect(mine.statusCode).toBe(200)
    const [own] = mine.json().appraisals
    expect(mine.json().appraisals).toHaveLength(1)
    expect(own).toMatchObject({
      month: '2026-06',
      revision: 1,
      result: { employee: { code: 'T4' } },
    })
    // T4: CSAT 4.0 → 75, NPS 0 (ten 8s) → 50; 0.6·75 + 0.4·50 = 65.
    expect(own.result.total).toBeCloseTo(65, 9)
    expect(JSON.stringify(mine.json())).not.toContain('技师T1')
    const forbidden = await t.app.inject({
      method: 'GET',
      url: '/api/v1/appraisals',
      headers: as('li'),
    })
    expect(forbidden.statusCode).toBe(403)
    const months = (
      await t.app.inject({ method: 'GET', url: '/api/v1/appraisals', headers: as('gz') })
    ).json().months
    const draft = months.find((m: { revision: number }) => m.revision === 2)
    const onDraft = await t.app.inject({
      method: 'POST',
      url: `/api/v1/me/appraisals/${draft.id}/disputes`,
      headers: as('li'),
      payload: { text: '草稿' },
    })
    expect(onDraft.json().error.code).toBe('APPRAISAL_NOT_FOUND')
    const dispute = await t.app.inject({
      method: 'POST',
      url: `/api/v1/me/appraisals/${own.id}/disputes`,
      headers: as('li'),
      payload: { text: '6 月 12 日的差评不是我服务的' },
    })
    expect(dispute.statusCode).toBe(201)
    expect(dispute.json()).toMatchObject({ status: 'open', answer: null })
    const bySibling = await t.app.inject({
      method: 'POST',
      url: `/api/v1/appraisal-disputes/${dispute.json().id}/answer`,
      headers: as('sz'),
      payload: { answer: '不是我的单元' },
    })
    expect(bySibling.statusCode).toBe(404)
    expect(bySibling.json().error.code).toBe('APPRAISAL_DISPUTE_NOT_FOUND')
    const answered = await t.app.inject({
      method: 'POST',
      url: `/api/v1/appraisal-disputes/${dispute.json().id}/answer`,
      headers: as('gz'),
      payload: { answer: '已核实，下月修订' },
    })
    expect(answered.json()).toMatchObject({ status: 'answered', answer: '已核实，下月修订' })
    const twice = await t.app.inject({
      method: 'POST',
      url: `/api/v1/appraisal-disputes/${dispute.json().id}/answer`,
      headers: as('gz'),
      payload: { answer: '改口' },
    })
    expect(twice.statusCode).toBe(409)
    expect(twice.json().error.code).toBe('APPRAISAL_DISPUTE_ANSWERED')
    const seen = (
      await t.app.inject({ method: 'GET', url: '/api/v1/me/appraisals', headers: as('li') })
    ).json()
    expect(seen.appraisals[0].disputes).toMatchObject([
      { status: 'answered', answer: '已核实，下月修订' },
    ])
    const month = (
      await t.app.inject({ method: 'GET', url: `/api/v1/appraisals/${own.id}`, headers: as('gz') })
    ).json()
    expect(month.disputes).toHaveLength(1)
    expect(month.status).toBe('approved')
  })

  it('a sibling unit’s supervisor sees nothing of the unit and can change nothing', async () => {
    const [month] = (
      await t.app.inject({ method: 'GET', url: '/api/v1/appraisals', headers: admin() })
    ).json().months
    expect(
      (await t.app.inject({ method: 'GET', url: '/api/v1/appraisals', headers: as('sz') })).json()
        .months,
    ).toEqual([])
    expect(
      (
        await t.app.inject({
          method: 'GET',
          url: `/api/v1/appraisals?unitId=${unit.GZ}`,
          headers: as('sz'),
        })
      ).json().months,
    ).toEqual([])
    for (const attempt of [
      { method: 'GET', url: `/api/v1/appraisals/${month.id}` },
      { method: 'GET', url: `/api/v1/appraisals/${month.id}/export` },
      { method: 'POST', url: `/api/v1/appraisals/${month.id}/approve` },
      {
        method: 'POST',
        url: `/api/v1/appraisals/${month.id}/revisions`,
        payload: { reason: 'from the other unit' },
      },
    ] as const) {
      const res = await t.app.inject({ ...attempt, headers: as('sz') })
      expect(res.statusCode, attempt.url).toBe(404)
      expect(res.json().error.code).toBe('APPRAISAL_NOT_FOUND')
    }
    for (const url of ['/api/v1/appraisals', '/api/v1/appraisal-formulas/preview']) {
      const res = await t.app.inject({
        method: 'POST',
        url,
        headers: as('sz'),
        payload: { unitId: unit.GZ, month: '2026-06', spec: SPEC },
      })
      expect(res.statusCode, url).toBe(400)
      expect(res.json().error.code).toBe('UNIT_NOT_FOUND')
    }
  })
})
