import { mkdirSync } from 'node:fs'
import { expect, it } from 'vitest'
import { adminApi } from './admin-api.js'
import { useE2eHarness } from './harness.js'
import { E2E_ADMIN } from './server.js'

// The feedback import card with a platform's export: 携程 chosen, its columns named, a review
// export uploaded and each row's outcome listed; the same file again in English on a phone is
// "already there". The channels card's reply fields and a hotline case's reply by SMS on the
// timeline are looked at in both languages at both widths (screenshots in test-results/s4-shots).
// E2E_WEB_DIR: serve an admin app built elsewhere (a private `vite build --outDir`).
const harness = useE2eHarness(process.env.E2E_WEB_DIR ? { webDir: process.env.E2E_WEB_DIR } : {})
const SHOTS = process.env.S4_SHOTS_DIR ?? 'test-results/s4-shots'
const DESKTOP = { width: 1440, height: 900 }
const PHONE = { width: 390, height: 844 }

it('imports a Ctrip review export from the case settings page and lists each row', async () => {
  mkdirSync(SHOTS, { recursive: true })
  const attempt = Date.now().toString(36)
  const csv = [
    '点评ID,酒店名称,点评时间,用户昵称,总评分,点评内容',
    `R-${attempt}-1,如家西湖店,2026-06-12 09:30,M***1,1.5,隔音太差一夜没睡`,
    `R-${attempt}-2,如家西湖店,2026-06-13 20:05,M***2,4.8,前台小王很热情`,
  ].join('\n')
  const context = await harness.browser.newContext({ viewport: DESKTOP, locale: 'zh-CN' })
  context.setDefaultTimeout(60_000)
  const page = await context.newPage()
  await page.goto(`${harness.server.url}/app/`)
  await page.getByLabel('邮箱').fill(E2E_ADMIN.email)
  await page.getByLabel('密码').fill(E2E_ADMIN.password)
  await page.getByRole('button', { name: /登\s*录/ }).click()
  await page.getByTestId('switch-language').waitFor()
  const runs = [
    { locale: 'zh-CN', viewport: DESKTOP, outcomes: ['已导入', '已导入'], kinds: ['投诉', '表扬'] },
    {
      locale: 'en-US',
      viewport: PHONE,
      outcomes: ['Already there', 'Already there'],
      kinds: ['Complaint', 'Praise'],
    },
  ] as const
  for (const run of runs) {
    await page.evaluate((l) => localStorage.setItem('manyi.locale', l), run.locale)
    await page.setViewportSize(run.viewport)
    await page.goto(`${harness.server.url}/app/case-settings`)
    const card = page.getByTestId('feedback-import')
    await card.getByTestId('feedback-import-source').click()
    await page
      .getByTitle(run.locale === 'zh-CN' ? '携程酒店点评' : 'Ctrip hotel reviews', { exact: true })
      .click()
    await expect
      .poll(() => card.getByTestId('feedback-import-help').textContent())
      .toContain('点评ID')
    const chooser = page.waitForEvent('filechooser')
    await card
      .getByRole('button', { name: run.locale === 'zh-CN' ? /上传文件/ : /Upload file/ })
      .click()
    await (await chooser).setFiles({
      name: 'ctrip.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(csv),
    })
    const lines = card.getByTestId('feedback-import-lines')
    await expect.poll(() => lines.locator('tbody tr.ant-table-row').count()).toBe(2)
    const rows = await lines.locator('tbody tr.ant-table-row').allInnerTexts()
    rows.forEach((row, i) => {
      expect(row).toContain(`R-${attempt}-${i + 1}`)
      expect(row).toContain(run.outcomes[i])
      expect(row).toContain(run.kinds[i])
    })
    const other = run.viewport === DESKTOP ? PHONE : DESKTOP
    for (const viewport of [run.viewport, other]) {
      await page.setViewportSize(viewport)
      await card.screenshot({ path: `${SHOTS}/import-${run.locale}-${viewport.width}.png` })
    }
  }
  await context.close()
})

it('shows the reply template on the channels card and a hotline reply by SMS on the case, in both languages and widths', async () => {
  mkdirSync(SHOTS, { recursive: true })
  const attempt = Date.now().toString(36)
  const { apiSession, api } = adminApi(harness)
  const cookie = await apiSession()
  // A hotline caller's case with a reply: it goes by SMS, which this organisation has not set up.
  const complaint = await api(cookie, 'POST', '/feedback', {
    channel: 'hotline',
    kind: 'complaint',
    text: `营业厅排队一个小时 ${attempt}`,
    customer: { phone: '13800000009' },
  })
  await api(cookie, 'POST', `/cases/${complaint.caseId}/messages`, {
    visibility: 'customer',
    body: '您好，已增开窗口。',
  })
  const context = await harness.browser.newContext({ viewport: DESKTOP, locale: 'zh-CN' })
  context.setDefaultTimeout(60_000)
  const page = await context.newPage()
  await page.goto(`${harness.server.url}/app/`)
  await page.getByLabel('邮箱').fill(E2E_ADMIN.email)
  await page.getByLabel('密码').fill(E2E_ADMIN.password)
  await page.getByRole('button', { name: /登\s*录/ }).click()
  await page.getByTestId('switch-language').waitFor()
  for (const run of [{ locale: 'zh-CN' }, { locale: 'en-US' }] as const) {
    await page.evaluate((l) => localStorage.setItem('manyi.locale', l), run.locale)
    for (const viewport of [DESKTOP, PHONE]) {
      await page.setViewportSize(viewport)
      await page.goto(`${harness.server.url}/app/organisation`)
      await page.getByTestId('channel-settings').waitFor()
      await page.getByTestId('channel-sms-provider').click()
      await page
        .getByTitle(run.locale === 'zh-CN' ? '阿里云短信' : 'Alibaba Cloud SMS', { exact: true })
        .click()
      await page.getByTestId('channel-sms-reply-template').waitFor()
      await page
        .getByTestId('channel-settings')
        .screenshot({ path: `${SHOTS}/channels-${run.locale}-${viewport.width}.png` })
      await page.goto(`${harness.server.url}/app/cases/${complaint.caseId}`)
      const delivery = page.getByTestId('reply-delivery')
      await expect
        .poll(() => delivery.textContent())
        .toMatch(
          run.locale === 'zh-CN'
            ? /^短信(待发送|发送中|发送失败)$/
            : /^SMS (queued|sending|failed)$/,
        )
      await page.screenshot({
        path: `${SHOTS}/case-${run.locale}-${viewport.width}.png`,
        fullPage: true,
      })
    }
  }
  await context.close()
})
