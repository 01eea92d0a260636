import { mkdirSync } from 'node:fs'
import { expect, it } from 'vitest'
import { useE2eHarness } from './harness.js'
import { loggedInPage } from './login.js'

// A customer's data rights on their page: the administrator downloads the Excel copy (a real
// workbook, named after the customer), then erases the personal data after confirming; the page
// says what was erased, shows no keys and still counts the purchases. Before that an agent records,
// with its source, that the customer withdrew consent to survey invitations (the consent card).
// Screenshots in both languages at 1440 and 390 px (SHOTS_DIR) before the erasure, and after it.

const harness = useE2eHarness()
const shots = process.env.SHOTS_DIR ?? 'test-results/customer-data-rights'

it('exports a customer’s data and erases it from the customer page', async () => {
  mkdirSync(shots, { recursive: true })
  const { url } = harness.server
  const page = await loggedInPage(harness.browser, url)
  const api = (path: string, data: unknown) => page.request.post(`${url}/api/v1${path}`, { data })
  const created = await api('/customers', {
    keys: [
      { kind: 'phone', value: '+86 139-1234-5678' },
      { kind: 'account', value: '8800 456' },
    ],
  })
  expect(created.status()).toBe(201)
  const id = (await created.json()).id as string
  const bought = await api('/customer-transactions', {
    rows: [
      {
        id: 'dr-1',
        customerKind: 'account',
        customerKey: '8800456',
        at: '2026-05-05',
        amount: 320,
      },
      {
        id: 'dr-2',
        customerKind: 'phone',
        customerKey: '13912345678',
        at: '2026-06-05',
        amount: 80,
      },
    ],
  })
  expect(bought.status()).toBe(200)
  // One purpose recorded beforehand, so the screenshots show a recorded consent beside unrecorded ones.
  const told = await page.request.put(`${url}/api/v1/customers/${id}/consents/service`, {
    data: { granted: true, source: 'in_person' },
  })
  expect(told.status()).toBe(200)

  for (const locale of ['zh-CN', 'en-US'] as const) {
    for (const width of [1440, 390]) {
      const context = await harness.browser.newContext({ viewport: { width, height: 900 }, locale })
      await context.addCookies(await page.context().cookies())
      const p = await context.newPage()
      await p.addInitScript((l) => localStorage.setItem('manyi.locale', l), locale)
      await p.goto(`${url}/app/customers/${id}`)
      await p.getByTestId('customer-data-rights').waitFor()
      await p.getByText('13912345678').first().waitFor()
      await p.screenshot({ path: `${shots}/rights-${locale}-${width}.png`, fullPage: true })
      await context.close()
    }
  }

  await page.goto(`${url}/app/customers/${id}`)
  await page.getByTestId('customer-data-rights').waitFor()
  // The agent records, from an SMS reply, that the customer withdrew consent to survey invitations.
  const invitations = page.getByTestId('consent-survey_invitation')
  await invitations.getByTestId('consent-source').click()
  await page.locator('.ant-select-item-option', { hasText: '短信回复' }).click()
  await invitations.getByTestId('consent-withdraw').click()
  await expect
    .poll(async () => (await page.getByTestId('consent-saved').textContent()) ?? '')
    .toBe('已记录：调研邀请已撤回（来源：短信回复）')
  await expect.poll(() => invitations.getByTestId('consent-state').textContent()).toBe('已撤回')
  await expect.poll(() => invitations.getByTestId('consent-withdraw').isDisabled()).toBe(true)
  await expect
    .poll(() => page.getByTestId('consent-service').getByTestId('consent-state').textContent())
    .toBe('已同意')
  const stored = await (await page.request.get(`${url}/api/v1/customers/${id}/consents`)).json()
  expect(stored.consents).toEqual(
    expect.arrayContaining([
      expect.objectContaining({ purpose: 'survey_invitation', granted: false, source: 'sms' }),
      expect.objectContaining({ purpose: 'service', granted: true, source: 'in_person' }),
    ]),
  )
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByTestId('customer-export-xlsx').click(),
  ])
  expect(download.suggestedFilename()).toMatch(
    new RegExp(`^customer-${id}-\\d{4}-\\d{2}-\\d{2}\\.xlsx$`),
  )
  const bytes = await (await download.createReadStream()).toArray()
  expect(Buffer.concat(bytes).subarray(0, 2).toString()).toBe('PK')

  await page.getByTestId('customer-erase').click()
  await page.getByRole('button', { name: '确认删除' }).click()
  await expect
    .poll(async () => (await page.getByTestId('customer-erased').textContent()) ?? '')
    .toContain('已删除：标识 2 个、回答 0 份、反馈 0 条、工单 0 个、联系人 0 个')
  await expect.poll(() => page.getByTestId('customer-key').count()).toBe(0)
  await page.getByText('该客户的个人信息已删除，其记录以匿名方式保留在统计中。').waitFor()
  await page.getByText('个人信息已删除', { exact: true }).waitFor()
  await page.getByRole('button', { name: '确认删除' }).waitFor({ state: 'hidden' })
  await page.screenshot({ path: `${shots}/erased-zh-CN-1366.png`, fullPage: true })
  const context = await harness.browser.newContext({
    viewport: { width: 390, height: 900 },
    locale: 'en-US',
  })
  await context.addCookies(await page.context().cookies())
  const p = await context.newPage()
  await p.addInitScript(() => localStorage.setItem('manyi.locale', 'en-US'))
  await p.goto(`${url}/app/customers/${id}`)
  await p
    .getByText(
      "This customer's personal data was erased; their records stay in the figures, anonymously.",
    )
    .waitFor()
  await p.screenshot({ path: `${shots}/erased-en-US-390.png`, fullPage: true })
  await context.close()
}, 300_000)
