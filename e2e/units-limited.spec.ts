import { expect, it } from 'vitest'
import { createUser } from '../src/auth/auth.service.js'
import { systemScopeOfFirstOrg } from '../src/auth/bootstrap.js'
import { setMembershipUnits } from '../src/units/unit-membership.service.js'
import { createUnit } from '../src/units/unit.service.js'
import { useE2eHarness } from './harness.js'
import { loggedInPage } from './login.js'

// The units page of a supervisor limited to one city (issue 16): the tree shows the city, open,
// with its county below, and nothing of the sibling city, its county or the province above them
// (zh-CN and en-US, 1440 and 390 px). A supervisor may not change units: the page offers no
// buttons, drags or forms for it, and says who does; its intro does not speak of dragging.
// An administrator limited to the city sees, on the users page, only the units within it: a
// member of the other city's county reads "other units" (not "all units") and cannot be changed
// there; a member of both counties shows only the city's county. A member of the whole
// organisation reads "All units" with the reason it is not theirs to change (no picker), and the
// server refuses the change (FORBIDDEN).

const harness = useE2eHarness()
const DAY = 86_400_000
const SHOTS = process.env.SHOTS_DIR ?? 'test-results'

it('shows a unit-limited supervisor only their own city and the county below it, in zh-CN and en-US', async () => {
  const { store, url } = harness.server
  const scope = (await systemScopeOfFirstOrg(store.db, store.features, Date.now() - DAY))!
  const run = Date.now().toString(36)
  const ids = new Map<string, string>()
  for (const [code, zh, en, type, parent] of [
    ['P', '西江省电力公司', 'Xijiang Power', 'province', null],
    ['C1', '东郊供电公司', 'Dongjiao Power', 'city', 'P'],
    ['C2', '南湖供电公司', 'Nanhu Power', 'city', 'P'],
    ['K1', '东郊一所', 'Dongjiao Station 1', 'county', 'C1'],
    ['K2', '南湖一所', 'Nanhu Station 1', 'county', 'C2'],
  ] as const) {
    const unit = await createUnit(scope, {
      code: `LM-${code}-${run}`,
      nameZh: zh,
      nameEn: en,
      type,
      parentId: parent ? ids.get(parent)! : null,
    })
    ids.set(code, unit.id)
  }
  const as = { email: `nanhu-${run}@e2e.local`, password: 'nanhu-lead-pass-1' }
  const userId = await createUser(
    { db: store.db, orgId: scope.orgId },
    { ...as, displayName: '南湖主管', role: 'supervisor' },
    Date.now(),
  )
  await setMembershipUnits(scope, userId, { unitIds: [ids.get('C2')!] })
  const node = (code: string) => `unit-node-LM-${code}-${run}`

  const page = await loggedInPage(harness.browser, url, { as })
  await page.setViewportSize({ width: 1440, height: 900 })
  await page.goto(`${url}/app/units`)
  // The city is the top of their tree, opened, so its county shows at once.
  await page.getByTestId(node('K2')).waitFor()
  expect(await page.getByTestId(node('C2')).textContent()).toContain('南湖供电公司')
  for (const code of ['P', 'C1', 'K1']) expect(await page.getByTestId(node(code)).count()).toBe(0)
  for (const name of ['西江省电力公司', '东郊供电公司', '东郊一所'])
    expect(await page.getByText(name).count()).toBe(0)
  // A supervisor may not change units: no buttons, and a selected unit shows no forms.
  expect(await page.getByTestId('unit-new').count()).toBe(0)
  expect(await page.getByTestId('unit-import').count()).toBe(0)
  expect(await page.getByTestId('units-select-hint').textContent()).toBe(
    '在单元树中选择一个单元，可查看其地址与营业时间。新建、调整、合并和撤销单元由管理员负责。',
  )
  await page.getByTestId(node('K2')).click()
  await page.getByTestId('unit-detail-title').waitFor()
  expect(await page.getByTestId('unit-rename-save').count()).toBe(0)
  expect(await page.getByTestId('unit-close').count()).toBe(0)
  // Without units:write the intro does not speak of dragging units.
  expect(await page.getByTestId('units-intro').textContent()).toBe(
    '组织单元是一棵树，例如 省公司 → 地市公司 → 县公司 → 营业厅。单元的调整和撤销都会保留历史，过去的数据仍按当时的结构统计。',
  )
  await page.screenshot({ path: `${SHOTS}/units-limited-1440-zh-CN.png`, fullPage: true })
  await page.setViewportSize({ width: 390, height: 900 })
  await page.screenshot({ path: `${SHOTS}/units-limited-390-zh-CN.png`, fullPage: true })

  const context = await harness.browser.newContext({
    viewport: { width: 390, height: 900 },
    locale: 'en-US',
  })
  await context.addCookies(await page.context().cookies())
  const p = await context.newPage()
  await p.addInitScript(() => localStorage.setItem('manyi.locale', 'en-US'))
  await p.goto(`${url}/app/units`)
  await p.getByTestId(node('K2')).waitFor()
  expect(await p.getByTestId(node('C2')).textContent()).toContain('Nanhu Power')
  expect(await p.getByText('Xijiang Power').count()).toBe(0)
  expect(await p.getByTestId('units-select-hint').textContent()).toBe(
    'Select a unit in the tree to see its address and opening hours. Administrators create, move, merge and close units.',
  )
  expect(await p.getByTestId('units-intro').textContent()).toBe(
    'Units form a tree, e.g. province → city → county → service hall. Moves and closures keep their history, so past figures follow the tree as it stood then.',
  )
  await p.screenshot({ path: `${SHOTS}/units-limited-390-en-US.png`, fullPage: true })
  await p.setViewportSize({ width: 1440, height: 900 })
  await p.screenshot({ path: `${SHOTS}/units-limited-1440-en-US.png`, fullPage: true })
  await context.close()
  await page.context().close()
}, 120_000)

it('shows a unit-limited administrator only the units within theirs on the users page', async () => {
  const { store, url } = harness.server
  const scope = (await systemScopeOfFirstOrg(store.db, store.features, Date.now() - DAY))!
  const run = Date.now().toString(36)
  const ids = new Map<string, string>()
  for (const [code, zh, en, parent] of [
    ['P', '北岭省电力公司', 'Beiling Power', null],
    ['C1', '西山供电公司', 'Xishan Power', 'P'],
    ['C2', '东湖供电公司', 'Donghu Power', 'P'],
    ['K1', '西山一所', 'Xishan Station 1', 'C1'],
    ['K2', '东湖一所', 'Donghu Station 1', 'C2'],
  ] as const) {
    const unit = await createUnit(scope, {
      code: `LA-${code}-${run}`,
      nameZh: zh,
      nameEn: en,
      parentId: parent ? ids.get(parent)! : null,
    })
    ids.set(code, unit.id)
  }
  const member = async (who: string, role: 'admin' | 'viewer', units: string[]) => {
    const email = `${who}-${run}@e2e.local`
    const userId = await createUser(
      { db: store.db, orgId: scope.orgId },
      { email, password: 'donghu-admin-pass-1', displayName: who, role },
      Date.now(),
    )
    await setMembershipUnits(scope, userId, { unitIds: units.map((u) => ids.get(u)!) })
    return email
  }
  const adminEmail = await member('donghu-admin', 'admin', ['C2'])
  const other = await member('xishan-agent', 'viewer', ['K1'])
  const both = await member('both-agent', 'viewer', ['K1', 'K2'])
  const whole = `whole-agent-${run}@e2e.local`
  const wholeId = await createUser(
    { db: store.db, orgId: scope.orgId },
    { email: whole, password: 'donghu-admin-pass-1', displayName: 'whole-agent', role: 'viewer' },
    Date.now(),
  )
  const page = await loggedInPage(harness.browser, url, {
    as: { email: adminEmail, password: 'donghu-admin-pass-1' },
  })
  const cookies = await page.context().cookies()
  await page.context().close()
  for (const locale of ['zh-CN', 'en-US'] as const)
    for (const width of [1440, 390]) {
      const context = await harness.browser.newContext({
        viewport: { width, height: 900 },
        locale,
      })
      await context.addCookies(cookies)
      const p = await context.newPage()
      await p.addInitScript((l) => localStorage.setItem('manyi.locale', l), locale)
      await p.goto(`${url}/app/users`)
      const ofOther = p.getByTestId(`units-${other}`)
      const ofBoth = p.getByTestId(`units-${both}`)
      await expect
        .poll(() => ofOther.textContent())
        .toBe(locale === 'zh-CN' ? '其他单元' : 'Other units')
      expect(await ofOther.getAttribute('class')).toContain('ant-select-disabled')
      await expect
        .poll(() => ofBoth.textContent())
        .toBe(`${locale === 'zh-CN' ? '东湖一所' : 'Donghu Station 1'} LA-K2-${run}`)
      const ofWhole = p.getByTestId(`units-${whole}`)
      await expect
        .poll(() => ofWhole.textContent())
        .toBe(
          locale === 'zh-CN'
            ? '全部单元仅全组织管理员可调整'
            : 'All unitsOnly an organisation-wide administrator changes this',
        )
      expect(await ofWhole.locator('.ant-select').count()).toBe(0)
      const body = (await p.locator('body').textContent()) ?? ''
      for (const name of ['西山一所', 'Xishan Station 1', '北岭省电力公司', 'Beiling Power'])
        expect(body).not.toContain(name)
      const overflow = await p.evaluate(
        () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
      )
      expect(overflow).toBeLessThanOrEqual(0)
      await p.screenshot({
        path: `${SHOTS}/users-unit-limited-${width}-${locale}.png`,
        fullPage: true,
      })
      await context.close()
    }
  // The server refuses the limited administrator a change to the whole-organisation member.
  const context = await harness.browser.newContext()
  await context.addCookies(cookies)
  const p = await context.newPage()
  await p.goto(`${url}/app/`)
  const refused = await p.evaluate(async (id) => {
    const res = await fetch(`/api/v1/users/${id}/units`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ unitIds: [] }),
    })
    return [res.status, (await res.json()).error?.code]
  }, wholeId)
  expect(refused).toEqual([403, 'FORBIDDEN'])
  await context.close()
}, 120_000)
