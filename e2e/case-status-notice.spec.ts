import { afterAll, expect, it } from 'vitest'
import { startTestSmtpServer } from '../src/distribution/test-smtp.js'
import { adminApi } from './admin-api.js'
import { useE2eHarness } from './harness.js'
import { loggedInPage } from './login.js'

// A customer told of their case's status change (issue 20): with status notices switched on, an
// agent takes on a complaint written in English; the customer's e-mail (caught by a local SMTP
// server) is in English and carries the lookup link in English and the status key; on a phone the
// customer opens the link, types the key and reads "Accepted"; the agent's case page shows the
// status line as a status notice e-mailed. The setting is put back after.
// Screenshot of the phone page (SHOTS_DIR).

const smtp = await startTestSmtpServer()
const harness = useE2eHarness({ smtpUrl: smtp.url }, undefined, {
  beforeFreshRetry: () => smtp.messages.splice(0),
})
afterAll(() => smtp.close())
const { apiSession, api } = adminApi(harness)
const SHOTS = process.env.SHOTS_DIR

it('e-mails the customer in their language when their case is taken on, and the link shows it on a phone', async () => {
  const { url } = harness.server
  const cookie = await apiSession()
  const { publicFormKey: _key, ...config } = await api(cookie, 'GET', '/case-config')
  await api(cookie, 'PUT', '/case-config', { ...config, statusNotices: true })
  try {
    const address = `amy-${Date.now().toString(36)}@example.com`
    const opened = await api(cookie, 'POST', '/feedback', {
      channel: 'web',
      kind: 'complaint',
      text: 'Nobody told us about the planned outage on Friday',
      customer: { email: address, name: 'Amy Chen' },
    })
    const caseId = opened.caseId as string
    await api(cookie, 'POST', `/cases/${caseId}/transitions`, {
      status: 'acknowledged',
      note: 'internal: third call from this street',
    })
    const { number, key } = await api(cookie, 'GET', `/cases/${caseId}/status-key`)

    // The change wakes the app's own sweep, which sends it once.
    const mine = () => smtp.messages.filter((m) => JSON.stringify(m.to).includes(address))
    await expect.poll(() => mine().length, { timeout: 20_000 }).toBe(1)
    const mail = mine()[0]!
    expect(mail.subject).toBe(`News on your complaint (${number})`)
    expect(mail.text).toContain('Your complaint has been accepted and we are working on it.')
    expect(mail.text).not.toContain('third call')
    const link = /Check progress: (\S+)/.exec(mail.text ?? '')?.[1]
    expect(link).toContain(`?case=${number}&lang=en-US`)
    expect(mail.text).toContain(`Status key: ${key}`)

    const context = await harness.browser.newContext({
      viewport: { width: 390, height: 844 },
      isMobile: true,
      locale: 'en-US',
    })
    const phone = await context.newPage()
    // The link names the public address; this server answers it on its own URL.
    await phone.goto(`${url}${new URL(link!).pathname}${new URL(link!).search}`)
    expect(await phone.getByLabel('Case number').inputValue()).toBe(number)
    await phone.getByLabel('Status key').fill(key)
    await phone.getByRole('button', { name: 'Check' }).click()
    const card = phone.locator('.status-card')
    await card.waitFor()
    expect(await card.textContent()).toContain('Accepted')
    expect(await card.textContent()).not.toContain('third call')
    if (SHOTS)
      await phone.screenshot({ path: `${SHOTS}/status-notice-en-US-390.png`, fullPage: true })
    await context.close()

    const timeline = (await api(cookie, 'GET', `/cases/${caseId}`)).events as Array<{
      type: string
      delivery: string | null
    }>
    expect(timeline.filter((e) => e.type === 'status').at(-1)).toMatchObject({ delivery: 'sent' })
    // The agent sees on the case page that the change went to the customer, as a reply's would.
    const staff = await loggedInPage(harness.browser, url)
    await staff.goto(`${url}/app/cases/${caseId}`)
    await expect
      .poll(() => staff.getByTestId('reply-delivery').allTextContents())
      .toEqual(['状态通知 · 已发邮件'])
    if (SHOTS) await staff.screenshot({ path: `${SHOTS}/status-notice-case-zh-CN-1440.png` })
    await staff.context().close()
  } finally {
    await api(cookie, 'PUT', '/case-config', { ...config })
  }
}, 120_000)
