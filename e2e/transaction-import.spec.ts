import { mkdirSync } from 'node:fs'
import type { Page } from 'playwright-core'
import { expect, it } from 'vitest'
import { useE2eHarness } from './harness.js'
import { loggedInPage } from './login.js'

// Transactions imported from a file on the customers page, in the background: 3,000 rows with a
// bad date on row 5 and a bad amount on row 2,502 (rows counted from the header, row 1). All or
// nothing: the report says 2 invalid rows and nothing written, with the two reasons in the
// reader's language. Skipping invalid rows: 2,998 imported, 3 refunds, 1,500 customers created.
// Screenshots in both languages at 1440 and 390 px (SHOTS_DIR).

const harness = useE2eHarness()
const shots = process.env.SHOTS_DIR ?? 'test-results/transaction-import'

function transactionsCsv(): Buffer {
  const lines = ['order,account,date,amount']
  for (let i = 0; i < 3000; i++) {
    const amount = i % 1000 === 999 ? -5 : (i % 97) + 1
    lines.push(`E${i},ACC${i % 1500},2026-01-${String((i % 28) + 1).padStart(2, '0')},${amount}`)
  }
  lines[4] = 'E3,ACC3,2026-13-45,10'
  lines[2501] = 'E2500,ACC7,2026-01-02,ten'
  return Buffer.from(`${lines.join('\n')}\n`)
}

async function importFile(page: Page, file: Buffer) {
  const card = page.getByTestId('transaction-import')
  await card.getByTestId('tx-column-customer').fill('account')
  await card.getByTestId('tx-column-id').fill('order')
  await card.locator('input[type=file]').setInputFiles({
    name: 'transactions.csv',
    mimeType: 'text/csv',
    buffer: file,
  })
}

const issueRows = (page: Page) =>
  page
    .getByTestId('tx-import-issues')
    .locator('tbody tr.ant-table-row')
    .evaluateAll((trs) =>
      trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent ?? '')),
    )

it('imports a transaction file in the background and reports each bad row', async () => {
  mkdirSync(shots, { recursive: true })
  const { url } = harness.server
  const page = await loggedInPage(harness.browser, url)
  await page.goto(`${url}/app/customers`)
  await page.getByTestId('transaction-import').waitFor({ timeout: 90_000 })

  await importFile(page, transactionsCsv())
  const report = page.getByTestId('tx-import-report')
  await report.waitFor({ timeout: 120_000 })
  expect(await report.textContent()).toContain(
    '共 3000 行：导入 0 笔，重复 0 笔，错误 2 行，其中退款 0 笔，新建客户 0 位。',
  )
  expect(await report.textContent()).toContain('未写入任何交易')
  expect(await issueRows(page)).toEqual([
    ['5', 'date', '不是日期（YYYYMMDD、YYYY-MM-DD 或 ISO 8601）'],
    ['2502', 'amount', '金额不是数字'],
  ])

  await page.getByTestId('tx-mode').click()
  await page.locator('.ant-select-item-option').getByText('跳过错误行').click()
  await importFile(page, transactionsCsv())
  await expect
    .poll(async () => (await report.textContent()) ?? '', { timeout: 120_000 })
    .toContain('共 3000 行：导入 2998 笔，重复 0 笔，错误 2 行，其中退款 3 笔，新建客户 1500 位。')

  for (const locale of ['zh-CN', 'en-US'] as const) {
    for (const width of [1440, 390]) {
      const context = await harness.browser.newContext({ viewport: { width, height: 900 }, locale })
      await context.addCookies(await page.context().cookies())
      const p = await context.newPage()
      await p.addInitScript((l) => localStorage.setItem('manyi.locale', l), locale)
      await p.goto(`${url}/app/customers`)
      await p.getByTestId('transaction-import').waitFor({ timeout: 90_000 })
      await importFile(p, transactionsCsv())
      const shown = p.getByTestId('tx-import-report')
      await shown.waitFor({ timeout: 120_000 })
      const text = (await p.getByTestId('transaction-import').textContent()) ?? ''
      if (locale === 'en-US') {
        expect(text).toContain('3000 rows: 0 imported, 0 duplicates, 2 invalid')
        expect(text).toContain('Not a date (YYYYMMDD, YYYY-MM-DD or ISO 8601)')
        expect(text).not.toMatch(/[\u4e00-\u9fff]/)
      } else {
        expect(text).toContain('共 3000 行')
        expect(text).not.toContain('Import transactions')
      }
      await expect
        .poll(() => p.evaluate(() => document.documentElement.scrollWidth))
        .toBeLessThanOrEqual(width)
      await p.screenshot({
        path: `${shots}/transaction-import-${locale}-${width}.png`,
        fullPage: true,
      })
      await context.close()
    }
  }
}, 400_000)
