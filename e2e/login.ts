import type { Browser, Page } from 'playwright-core'
import { E2E_ADMIN } from './server.js'

/** A desktop page logged in to the admin app. */
export async function loggedInPage(browser: Browser, baseUrl: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: 'zh-CN' })
  const page = await context.newPage()
  await page.goto(`${baseUrl}/app/`)
  await page.getByLabel('邮箱').fill(E2E_ADMIN.email)
  await page.getByLabel('密码').fill(E2E_ADMIN.password)
  await page.getByRole('button', { name: /登\s*录/ }).click()
  await page.getByRole('button', { name: /新建问卷/ }).waitFor()
  return page
}
