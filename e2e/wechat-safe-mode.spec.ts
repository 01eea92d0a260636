import { mkdirSync } from 'node:fs'
import { expect, it } from 'vitest'
import { adminApi } from './admin-api.js'
import { useE2eHarness } from './harness.js'
import { loggedInPage } from './login.js'

// WeChat safe mode from the organisation page (issue 20): the administrator enters the account's
// EncodingAESKey with its token and AppID, the card says the account is in safe mode and the key
// is shown only as set; ticking "back to plain mode" deletes it. Screenshots of the WeChat part of
// the card in both languages at 1440 and 390 px (SHOTS_DIR).

const harness = useE2eHarness()
const { apiSession, api } = adminApi(harness)
const shots = process.env.SHOTS_DIR ?? 'test-results/wechat-safe-mode'
const AES_KEY = 'jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C'

it('turns safe mode on with the EncodingAESKey and back off, the key never shown', async () => {
  mkdirSync(shots, { recursive: true })
  const { url } = harness.server
  const page = await loggedInPage(harness.browser, url)
  await page.goto(`${url}/app/organisation`)
  const card = page.getByTestId('channel-settings')
  await card.waitFor()
  await card.getByLabel('接收公众号留言').waitFor()
  if ((await card.getByLabel('接收公众号留言').getAttribute('aria-checked')) !== 'true')
    await card.getByLabel('接收公众号留言').click()
  await card.getByLabel('令牌（Token）').fill('safeModeToken2026')
  await card.getByLabel('AppID').fill('wx0123456789abcdef')
  await card.getByLabel('消息加解密密钥（EncodingAESKey）').fill(AES_KEY)
  await card.getByTestId('channel-settings-save').click()
  const mode = card.getByTestId('wechat-mode')
  await expect.poll(() => mode.textContent()).toBe('当前为安全模式：只接收加密消息')
  await expect
    .poll(() => card.getByLabel('消息加解密密钥（EncodingAESKey）').getAttribute('placeholder'))
    .toBe('已设置，末四位 2B2C；留空则保留')
  expect(await card.getByLabel('消息加解密密钥（EncodingAESKey）').inputValue()).toBe('')
  expect((await page.content()).includes(AES_KEY)).toBe(false)
  const cookie = await apiSession()
  const saved = await api(cookie, 'GET', '/channel-settings')
  expect(saved.wechatEncodingAesKey).toEqual({ set: true, last4: '2B2C' })

  const cookies = await page.context().cookies()
  for (const locale of ['zh-CN', 'en-US'] as const)
    for (const width of [1440, 390]) {
      const context = await harness.browser.newContext({ viewport: { width, height: 900 }, locale })
      await context.addCookies(cookies)
      const p = await context.newPage()
      await p.addInitScript((l) => localStorage.setItem('manyi.locale', l), locale)
      await p.goto(`${url}/app/organisation`)
      const text = p.getByTestId('wechat-mode')
      await expect
        .poll(() => text.textContent())
        .toBe(
          locale === 'zh-CN'
            ? '当前为安全模式：只接收加密消息'
            : 'Safe mode: only encrypted messages are taken',
        )
      expect(await p.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
        width,
      )
      await p.getByTestId('channel-settings').screenshot({
        path: `${shots}/channels-${locale}-${width}.png`,
      })
      await context.close()
    }

  await card.getByLabel('改回明文模式（删除已存的密钥）').check()
  await card.getByTestId('channel-settings-save').click()
  await expect.poll(() => mode.textContent()).toBe('当前为明文模式')
  expect((await api(cookie, 'GET', '/channel-settings')).wechatEncodingAesKey).toEqual({
    set: false,
    last4: null,
  })
}, 120_000)
