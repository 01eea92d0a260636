import type { Browser, Page } from 'playwright-core'
import { E2E_ADMIN } from './server.js'

/** A desktop page logged in to the admin app: as the administrator unless `as` names someone. */
export async function loggedInPage(
  browser: Browser,
  baseUrl: string,
  options: { timezoneId?: string; as?: { email: string; password: string } } = {},
): Promise<Page> {
  const { as, ...contextOptions } = options
  const context = await browser.newContext({
    viewport: { width: 1366, height: 900 },
    locale: 'zh-CN',
    ...contextOptions,
  })
  const page = await context.newPage()
  await page.goto(`${baseUrl}/app/`)
  await page.getByLabel('邮箱').fill((as ?? E2E_ADMIN).email)
  await page.getByLabel('密码').fill((as ?? E2E_ADMIN).password)
  await page.getByRole('button', { name: /登\s*录/ }).click()
  // The administrator lands on the surveys; anyone else on the first page their role may use.
  if (as) await page.getByTestId('nav-account').waitFor()
  else await page.getByRole('button', { name: /新建问卷/ }).waitFor()
  return page
}

/**
 * A browser time zone whose date right now differs from Shanghai's (the
 * organisation's): Pago Pago (UTC−11) is a day behind until 19:00 Shanghai
 * time, Kiritimati (UTC+14) a day ahead from 18:00 — so a page that takes
 * "today" from the browser instead of the organisation fails at any hour.
 */
export function zoneOnAnotherDate(now = new Date()): string {
  const dateIn = (timeZone: string) => new Intl.DateTimeFormat('en-CA', { timeZone }).format(now)
  return dateIn('Pacific/Pago_Pago') !== dateIn('Asia/Shanghai')
    ? 'Pacific/Pago_Pago'
    : 'Pacific/Kiritimati'
}
