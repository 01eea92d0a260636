import { sql } from 'kysely'
import type { Browser, Page } from 'playwright-core'
import { expect, it } from 'vitest'
import { createUser } from '../src/auth/auth.service.js'
import { systemScopeOfFirstOrg } from '../src/auth/bootstrap.js'
import { recordAudit } from '../src/audit/audit.service.js'
import { useE2eHarness } from './harness.js'

// The auditor's audit page: verifying the hash chain, search by text, the export download, and the
// badge naming the first broken entry after a row is changed in the database; screenshots at
// 1440 and 390 px in both languages, with nothing wider than the screen at 390 px.

const harness = useE2eHarness()
const AUDITOR = { email: 'shen@e2e.local', password: 'auditor-password-1' }

async function auditorPage(browser: Browser, baseUrl: string, width: number, locale: string) {
  const context = await browser.newContext({
    viewport: { width, height: 900 },
    locale,
    acceptDownloads: true,
  })
  const page = await context.newPage()
  await page.goto(`${baseUrl}/app/`)
  await page.getByLabel('邮箱').fill(AUDITOR.email)
  await page.getByLabel('密码').fill(AUDITOR.password)
  await page.getByRole('button', { name: /登\s*录/ }).click()
  await page.getByLabel('密码').waitFor({ state: 'detached' })
  // The reader's language, as the header's switch keeps it.
  await page.evaluate((l) => localStorage.setItem('manyi.locale', l), locale)
  await page.goto(`${baseUrl}/app/audit`)
  await page.getByTestId('audit-table').waitFor()
  return page
}

const chainBadge = (page: Page) => page.getByTestId('audit-chain')

it('the auditor searches the log, exports it, and sees the chain whole, then broken where a row was changed', async () => {
  const { store, url } = harness.server
  const scope = (await systemScopeOfFirstOrg(store.db, store.features, Date.now()))!
  await createUser(
    { db: store.db, orgId: scope.orgId },
    { email: AUDITOR.email, displayName: '沈审计', password: AUDITOR.password, role: 'auditor' },
    Date.now(),
  )
  for (const [i, action] of ['survey.create', 'survey.publish', 'cases.export'].entries())
    await recordAudit(
      store.db,
      { ...scope, now: Date.now() + i },
      {
        action,
        entity: action.startsWith('survey') ? 'survey' : 'organisation',
        entityId: action.startsWith('survey') ? 'survey-e2e-1' : scope.orgId,
      },
    )

  const page = await auditorPage(harness.browser, url, 1440, 'zh-CN')
  await page.getByTestId('audit-verify').click()
  await expect.poll(() => chainBadge(page).getAttribute('data-ok')).toBe('true')
  expect(await chainBadge(page).textContent()).toMatch(/^哈希链完整（已校验 \d+ 条）$/)
  expect(await page.getByTestId('audit-retention').textContent()).toBe('日志保留 180 天')

  await page.getByTestId('audit-search').locator('input').fill('survey-e2e')
  await page.getByTestId('audit-search').locator('input').press('Enter')
  await expect
    .poll(async () => page.getByTestId('audit-action').allTextContents())
    .toEqual(['发布问卷', '创建问卷'])
  await page.screenshot({ path: 'test-results/audit-1440-zh.png', fullPage: true })

  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByTestId('audit-export-csv').click(),
  ])
  expect(download.suggestedFilename()).toMatch(/^audit-\d{4}-\d{2}-\d{2}\.csv$/)
  const body = await download.createReadStream().then(async (stream) => {
    const chunks: Buffer[] = []
    for await (const chunk of stream) chunks.push(chunk as Buffer)
    return Buffer.concat(chunks).toString('utf8')
  })
  const lines = body
    .replace(/^\uFEFF/, '')
    .trim()
    .split('\n')
  expect(lines).toHaveLength(3)
  expect(lines[1]).toContain(',survey.publish,survey,survey-e2e-1,')

  const published = await sql<{ id: string; seq: number | string }>`
    select id, seq from audit_log where action = 'survey.publish'`.execute(store.db)
  await sql`update audit_log set entity_id = 'survey-e2e-2' where id = ${published.rows[0]!.id}`.execute(
    store.db,
  )
  await page.getByTestId('audit-verify').click()
  await expect.poll(() => chainBadge(page).getAttribute('data-ok')).toBe('false')
  expect(await chainBadge(page).textContent()).toBe(
    `哈希链在第 ${Number(published.rows[0]!.seq)} 条断开 · 该条记录被改动`,
  )
  await page.context().close()

  for (const [width, locale] of [
    [390, 'zh-CN'],
    [390, 'en-US'],
    [1440, 'en-US'],
  ] as const) {
    const narrow = await auditorPage(harness.browser, url, width, locale)
    await narrow.getByTestId('audit-verify').click()
    await expect.poll(() => chainBadge(narrow).getAttribute('data-ok')).toBe('false')
    if (locale === 'en-US')
      expect(await chainBadge(narrow).textContent()).toMatch(
        /^Hash chain broken at entry \d+ · the entry was changed$/,
      )
    // Nothing wider than the screen: the table scrolls inside itself.
    expect(await narrow.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
      width,
    )
    await narrow.screenshot({
      path: `test-results/audit-${width}-${locale === 'zh-CN' ? 'zh' : 'en'}.png`,
      fullPage: true,
    })
    await narrow.context().close()
  }
})
