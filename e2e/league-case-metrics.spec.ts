import { expect, it } from 'vitest'
import { systemScopeOfFirstOrg } from '../src/auth/bootstrap.js'
import { insertCase } from '../src/cases/case.repository.js'
import type { CaseStatus } from '../src/cases/case-workflow.js'
import { storeFeedbackBatch } from '../src/feedback/feedback-store.js'
import { createUnit } from '../src/units/unit.service.js'
import { useE2eHarness } from './harness.js'
import { loggedInPage } from './login.js'

const harness = useE2eHarness()
const SHOTS = process.env.SHOTS_DIR ?? 'test-results'
const DAY = 86_400_000

function shanghaiMonth(): string {
  const [y, m] = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' })
    .format(new Date())
    .split('-')
  return `${y}-${m}`
}

// A city with two counties. Cases opened a minute ago: Linhe one met and recovered, one met and
// not recovered, one past its resolution deadline; Qingshan one met and recovered. So SLA
// compliance 66.7% vs 100.0%, recovery 50.0% vs 100.0%. Customers: Linhe 4, Qingshan 2; one
// complaint at Linhe: 2,500 vs 0 per 10,000 customers.
it('ranks counties on SLA compliance, recovery and complaints per 10,000 customers', async () => {
  const { store, url } = harness.server
  const now = Date.now()
  const scope = (await systemScopeOfFirstOrg(store.db, store.features, now - DAY))!
  const ids = new Map<string, string>()
  for (const [code, zh, en, parent] of [
    ['CM-C', '东陵供电公司', 'Dongling Power', null],
    ['CM-K1', '临河县供电公司', 'Linhe County', 'CM-C'],
    ['CM-K2', '青山县供电公司', 'Qingshan County', 'CM-C'],
  ] as const) {
    const unit = await createUnit(scope, {
      code,
      nameZh: zh,
      nameEn: en,
      type: parent ? 'county' : 'city',
      parentId: parent ? ids.get(parent)! : null,
    })
    ids.set(code, unit.id)
  }
  const plan: Array<[string, CaseStatus, boolean, number | null]> = [
    ['CM-K1', 'resolved', true, 1],
    ['CM-K1', 'resolved', true, 0],
    ['CM-K1', 'investigating', false, null],
    ['CM-K2', 'resolved', true, 1],
  ]
  const stored = await storeFeedbackBatch(
    store.db,
    [
      ...plan.map(([code], i) => ({
        org_id: scope.orgId,
        channel: 'hotline',
        // A kind no rule opens a case for: the intake job would otherwise open one for this
        // feedback before (or after) the spec inserts its own, and cases.feedback_id is unique.
        kind: 'survey',
        text: `case ${i}`,
        unit_id: ids.get(code)!,
        created_by: 'e2e',
        received_at: now - 120_000,
      })),
      {
        org_id: scope.orgId,
        channel: 'hotline',
        kind: 'complaint',
        text: '排队太久',
        unit_id: ids.get('CM-K1')!,
        created_by: 'e2e',
        received_at: now - 120_000,
      },
    ].map((values) => ({ values, attachments: [] })),
    { type: 'user', id: 'e2e' },
    now,
  )
  for (const [i, [code, status, inTime, satisfied]] of plan.entries())
    await insertCase(store.db, {
      id: `cm-case-${i}`,
      orgId: scope.orgId,
      number: 9000 + i,
      feedbackId: stored[i]!.id,
      title: `case ${i}`,
      reason: 'manual',
      priority: 'normal',
      status,
      department: null,
      ownerId: null,
      customerRef: null,
      store: null,
      unitId: ids.get(code)!,
      channel: 'hotline',
      topic: null,
      cause: null,
      responsibility: null,
      assessedLoss: null,
      firstResponseDue: now + DAY,
      resolutionDue: inTime ? now + DAY : now - 10_000,
      firstRespondedAt: now - 50_000,
      resolvedAt: status === 'resolved' ? now - 30_000 : null,
      followedUpAt: null,
      closedAt: null,
      warnedAt: null,
      escalatedAt: null,
      escalatedTo: null,
      followUpInvitationId: null,
      followUpResponseId: null,
      followUpSatisfied: satisfied,
      reopened: 0,
      createdAt: now - 60_000,
      updatedAt: now - 60_000,
    })
  await store.db
    .insertInto('customers')
    .values(
      ['CM-K1', 'CM-K1', 'CM-K1', 'CM-K1', 'CM-K2', 'CM-K2'].map((code, i) => ({
        id: `cm-customer-${i}`,
        org_id: scope.orgId,
        unit_id: ids.get(code)!,
        source: 'manual',
        merged_into: null,
        created_at: now - DAY,
        updated_at: now - DAY,
      })),
    )
    .execute()
  const month = shanghaiMonth()
  const league = `${url}/app/units/league?parent=${ids.get('CM-C')}&period=${month}`
  const rowOf = (p: Awaited<ReturnType<typeof loggedInPage>>, code: string) =>
    p.getByTestId('league-table').locator('tr', { has: p.getByTestId(`league-unit-${code}`) })

  const page = await loggedInPage(harness.browser, url)
  await page.goto(`${league}&metric=sla`)
  await page.getByTestId('league-unit-CM-K1').waitFor()
  await expect.poll(() => rowOf(page, 'CM-K1').textContent()).toContain('66.7%')
  expect(await rowOf(page, 'CM-K2').textContent()).toContain('100.0%')
  // The city's own figure counts cases (3 of 4 within their SLA), not answers.
  expect(await page.getByTestId('league-parent-figure').textContent()).toBe(
    '「东陵供电公司」整体：75.0%（4 件工单）',
  )
  await page.screenshot({ path: `${SHOTS}/league-sla-1440-zh-CN.png`, fullPage: true })

  // The metric picked on the page: the recovery rate.
  await page.getByTestId('league-metric').click()
  await page.getByTitle('投诉挽回率').click()
  await expect.poll(() => new URL(page.url()).searchParams.get('metric')).toBe('recovery')
  await expect.poll(() => rowOf(page, 'CM-K1').textContent()).toContain('50.0%')

  await page.goto(`${league}&metric=complaint_rate_customers`)
  await page.getByTestId('league-unit-CM-K1').waitFor()
  await expect.poll(() => rowOf(page, 'CM-K1').textContent()).toContain('2500.0')
  expect(await page.locator('body').textContent()).toContain('该指标越低越好')
  // With a minimum of one answer both are ranked: Qingshan (0) above Linhe, lowest first.
  await page.getByRole('spinbutton', { name: '最少样本' }).fill('1')
  await page.getByRole('spinbutton', { name: '最少样本' }).press('Tab')
  await expect.poll(() => rowOf(page, 'CM-K2').textContent()).toMatch(/^1/)
  const order = await page
    .getByTestId('league-table')
    .locator('[data-testid^="league-unit-"]')
    .evaluateAll((els) => els.map((e) => e.getAttribute('data-testid')))
  expect(order.slice(0, 2)).toEqual(['league-unit-CM-K2', 'league-unit-CM-K1'])
  await page.screenshot({ path: `${SHOTS}/league-complaint-rate-1440-zh-CN.png`, fullPage: true })

  // The parent line in each metric's unit: 2 of 3 followed-up cases recovered, 1 complaint
  // among the city's 6 customers this month.
  const parentFigures = {
    'zh-CN': {
      recovery: '「东陵供电公司」整体：66.7%（3 件已回访工单）',
      sla: '「东陵供电公司」整体：75.0%（4 件工单）',
      complaint_rate_customers: '「东陵供电公司」整体：1666.7（6 位客户）',
    },
    'en-US': {
      recovery: '“Dongling Power” overall: 66.7% (3 cases followed up)',
      sla: '“Dongling Power” overall: 75.0% (4 cases)',
      complaint_rate_customers: '“Dongling Power” overall: 1666.7 (6 customers)',
    },
  }
  for (const [locale, width, metric] of [
    ['en-US', 1440, 'recovery'],
    ['zh-CN', 390, 'sla'],
    ['en-US', 390, 'complaint_rate_customers'],
    ['zh-CN', 390, 'complaint_rate_customers'],
    ['en-US', 390, 'recovery'],
  ] as const) {
    const context = await harness.browser.newContext({ viewport: { width, height: 900 }, locale })
    await context.addCookies(await page.context().cookies())
    const p = await context.newPage()
    await p.addInitScript((l) => localStorage.setItem('manyi.locale', l), locale)
    await p.goto(`${league}&metric=${metric}`)
    await p.getByTestId('league-unit-CM-K1').waitFor()
    const text = (await p.locator('body').textContent()) ?? ''
    if (locale === 'en-US')
      expect(text).toContain(
        metric === 'recovery' ? 'Complaint recovery rate' : 'Complaints per 10,000 customers',
      )
    else expect(text).toContain(metric === 'sla' ? 'SLA 达成率' : '万客户投诉率')
    expect(await p.getByTestId('league-parent-figure').textContent()).toBe(
      parentFigures[locale][metric],
    )
    // Nothing runs wider than the window: the page does not scroll sideways (tables scroll
    // inside their cards).
    expect(await p.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width)
    if (width === 390) {
      // The metric select and its open list of 14 metrics stay inside the phone's width.
      await p.getByTestId('league-metric').click()
      const list = p.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)')
      await list.waitFor()
      for (const box of [
        await p.getByTestId('league-metric').boundingBox(),
        await list.boundingBox(),
      ])
        expect(box!.x + box!.width).toBeLessThanOrEqual(width)
      await p.screenshot({ path: `${SHOTS}/league-metric-list-${width}-${locale}.png` })
      await p.keyboard.press('Escape')
    }
    await p.screenshot({ path: `${SHOTS}/league-${metric}-${width}-${locale}.png`, fullPage: true })
    await context.close()
  }
}, 300_000)
