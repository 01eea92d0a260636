import { mkdirSync } from 'node:fs'
import { afterAll, expect, it } from 'vitest'
import { startImapStandIn } from '../src/channels/test-imap-server.js'
import { startTestSmtpServer } from '../src/distribution/test-smtp.js'
import { adminApi } from './admin-api.js'
import { useE2eHarness } from './harness.js'
import { loggedInPage } from './login.js'

// The e-mail inbox from the organisation page (issue 20): the administrator sets the IMAP inbox
// (a local IMAP server), a wrong password reads "sign-in failed" in words; with the right one a
// customer's complaint mail becomes feedback and opens a case; the case's reply goes out by
// e-mail (caught by a local SMTP server), the customer's answer to it lands on the case page.
// Screenshots of the card in both languages at 1440 and 390 px and of the case page (SHOTS_DIR).

const ACCOUNT = { user: 'kefu@grid.example.cn', password: 'imap-e2e-pass-7788' }
const imap = await startImapStandIn(ACCOUNT)
const smtp = await startTestSmtpServer()
const harness = useE2eHarness({ smtpUrl: smtp.url, webhookAllowedHosts: '127.0.0.1' }, undefined, {
  beforeFreshRetry: () => smtp.messages.splice(0),
})
afterAll(async () => {
  await imap.close()
  await smtp.close()
})
const { apiSession, api } = adminApi(harness)
const shots = process.env.SHOTS_DIR ?? 'test-results/email-inbox'

it('reads the inbox set on the organisation page into feedback, and a reply into its case', async () => {
  mkdirSync(shots, { recursive: true })
  const { url } = harness.server
  const attempt = Date.now().toString(36)
  const page = await loggedInPage(harness.browser, url)
  await page.goto(`${url}/app/organisation`)
  const card = page.getByTestId('channel-settings')
  await card.waitFor()
  const enabled = card.getByTestId('channel-email-enabled')
  if ((await enabled.getAttribute('aria-checked')) !== 'true') await enabled.click()
  await card.getByTestId('channel-imap-host').fill(imap.host)
  await card.getByTestId('channel-imap-port').fill(String(imap.port))
  if ((await card.getByTestId('channel-imap-tls').getAttribute('aria-checked')) === 'true')
    await card.getByTestId('channel-imap-tls').click()
  await card.getByTestId('channel-imap-user').fill(ACCOUNT.user)
  await card.getByTestId('channel-imap-password').fill('not-the-password')
  await card.getByTestId('channel-settings-save').click()
  const status = card.getByTestId('channel-inbox-status')
  await card.getByTestId('channel-inbox-check').click()
  await expect
    .poll(() => status.getAttribute('data-status'), { timeout: 15_000 })
    .toBe('IMAP_AUTH_FAILED')
  expect(await status.textContent()).toContain('登录失败：账号或密码（授权码）不正确')

  await card.getByTestId('channel-imap-password').fill(ACCOUNT.password)
  await card.getByTestId('channel-settings-save').click()
  await expect
    .poll(() => card.getByTestId('channel-imap-password').getAttribute('placeholder'))
    .toBe('已设置，末四位 7788；留空则保留')
  expect((await page.content()).includes(ACCOUNT.password)).toBe(false)

  const address = `zhao-${attempt}@customer.example`
  const complaint = `停电两天没人来修 ${attempt}`
  imap.deliver(
    [
      `Message-ID: <complaint-${attempt}@customer.example>`,
      `From: "赵先生" <${address}>`,
      `To: ${ACCOUNT.user}`,
      `Subject: 投诉：${complaint}`,
      'MIME-Version: 1.0',
      'Content-Type: text/plain; charset=utf-8',
      '',
      '家里停电两天了，打电话也没人来修，太差了。',
    ].join('\r\n'),
  )
  await card.getByTestId('channel-inbox-check').click()
  await expect.poll(() => status.getAttribute('data-status'), { timeout: 15_000 }).toBe('ok')
  expect(await status.textContent()).toContain('正常')

  // The mail became feedback and opened a case (a complaint); its page shows the mail's text.
  const cookie = await apiSession()
  const found = await api(cookie, 'GET', `/cases?q=${encodeURIComponent(attempt)}`)
  expect(found.cases).toHaveLength(1)
  const caseId = found.cases[0].id as string
  await page.goto(`${url}/app/cases/${caseId}`)
  await expect
    .poll(() => page.getByText('家里停电两天了，打电话也没人来修，太差了。').count())
    .toBeGreaterThan(0)

  // The reply goes out by e-mail with a Message-ID; the customer answers it.
  await api(cookie, 'POST', `/cases/${caseId}/messages`, {
    visibility: 'customer',
    body: '赵先生您好，抢修队已出发。',
  })
  const mine = () => smtp.messages.filter((m) => JSON.stringify(m.to).includes(address))
  await expect.poll(() => mine().length, { timeout: 20_000 }).toBe(1)
  const replyMail = mine()[0]!
  imap.deliver(
    [
      `Message-ID: <answer-${attempt}@customer.example>`,
      `From: ${address}`,
      `To: ${ACCOUNT.user}`,
      `Subject: Re: ${replyMail.subject}`,
      `In-Reply-To: ${replyMail.messageId}`,
      `References: ${replyMail.messageId}`,
      'MIME-Version: 1.0',
      'Content-Type: text/plain; charset=utf-8',
      '',
      `谢谢，已经来电了 ${attempt}`,
      '',
      '> 赵先生您好，抢修队已出发。',
    ].join('\r\n'),
  )
  await api(cookie, 'POST', '/channel-settings/email-inbox/check')
  await page.reload()
  const line = page.getByTestId('timeline-item').filter({ hasText: '客户来信（邮件）' })
  await expect.poll(() => line.count(), { timeout: 15_000 }).toBe(1)
  expect(await line.textContent()).toContain(`谢谢，已经来电了 ${attempt}`)
  expect(await line.getByTestId('timeline-email-from').textContent()).toBe(address)
  expect((await api(cookie, 'GET', `/cases?q=${encodeURIComponent(attempt)}`)).cases).toHaveLength(
    1,
  )
  await page.setViewportSize({ width: 1440, height: 900 })
  await page.screenshot({ path: `${shots}/case-email-zh-CN-1440.png`, fullPage: true })

  const cookies = await page.context().cookies()
  for (const locale of ['zh-CN', 'en-US'] as const)
    for (const width of [1440, 390]) {
      const context = await harness.browser.newContext({ viewport: { width, height: 900 }, locale })
      await context.addCookies(cookies)
      const p = await context.newPage()
      await p.addInitScript((l) => localStorage.setItem('manyi.locale', l), locale)
      await p.goto(`${url}/app/organisation`)
      const shown = p.getByTestId('channel-inbox-status')
      await expect
        .poll(() => shown.textContent())
        .toContain(locale === 'zh-CN' ? '正常 · ' : 'OK · ')
      expect(await p.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
        width,
      )
      await p.getByTestId('channel-settings').screenshot({
        path: `${shots}/channels-inbox-${locale}-${width}.png`,
      })
      if (locale === 'en-US' && width === 390) {
        await p.goto(`${url}/app/cases/${caseId}`)
        const item = p.getByTestId('timeline-item').filter({ hasText: 'Customer’s e-mail' })
        await expect.poll(() => item.count()).toBe(1)
        expect(await p.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
          width,
        )
        await p.screenshot({ path: `${shots}/case-email-en-US-390.png`, fullPage: true })
      }
      await context.close()
    }
}, 120_000)
