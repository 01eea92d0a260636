import { writeFileSync } from 'node:fs'
import type { Page } from 'playwright-core'
import { expect, it } from 'vitest'
import { systemScopeOfFirstOrg } from '../src/auth/bootstrap.js'
import { createSurvey, publishSurvey } from '../src/surveys/survey.service.js'
import { useE2eHarness } from './harness.js'
import { E2E_ADMIN } from './server.js'

/** The smallest PNG there is (1×1). */
const PNG = Buffer.from(
  '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082',
  'hex',
)

// A new installation: no --org-name, no MANYI_ORG_NAME, no mail server.
const harness = useE2eHarness({ orgName: undefined })
let admin: Page

it('the administrator’s first sign-in asks for the organisation’s name, which customers then see', async () => {
  const context = await harness.browser.newContext({
    viewport: { width: 1366, height: 900 },
    locale: 'zh-CN',
  })
  admin = await context.newPage()
  const errors: string[] = []
  admin.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text())
  })
  await admin.goto(`${harness.server.url}/app/`)
  await admin.getByLabel('邮箱').fill(E2E_ADMIN.email)
  await admin.getByLabel('密码').fill(E2E_ADMIN.password)
  await admin.getByRole('button', { name: /登\s*录/ }).click()
  await admin.getByTestId('first-sign-in').waitFor()
  // From here on no console error (before login, /auth/me answers 401 by design).
  errors.length = 0
  await admin.screenshot({ path: 'test-results/first-sign-in.png' })
  // Not without a name.
  await admin.getByTestId('save-organisation').click()
  await admin.getByText('请填写机构名称（最多 80 个字）').waitFor()
  await admin.getByTestId('organisation-name').fill('华东电力客服中心')
  await admin.getByTestId('save-organisation').click()
  await admin.getByRole('button', { name: /新建问卷/ }).waitFor()
  expect(await admin.locator('.app-header').textContent()).toContain('华东电力客服中心')
  expect(await admin.locator('.app-header').textContent()).not.toContain('我的组织')

  const { publicFormKey } = await (
    await admin.request.get(`${harness.server.url}/api/v1/case-config`)
  ).json()
  const form = await admin.context().newPage()
  await form.goto(`${harness.server.url}/complain/${publicFormKey}`)
  expect(await form.locator('h1').textContent()).toBe('投诉与建议 · 华东电力客服中心')
  await form.close()
  expect(errors).toEqual([])
})

it('without a mail server, an e-mail distribution says so before sending and its send button is off', async () => {
  const { store } = harness.server
  const scope = (await systemScopeOfFirstOrg(store.db, store.features, Date.now()))!
  const survey = await createSurvey(scope, {
    title: { 'zh-CN': '售后回访' },
    questions: [
      { key: 'nps', type: 'nps', title: { 'zh-CN': '您有多大可能推荐我们？' }, required: true },
    ],
  })
  await publishSurvey(scope, survey.id)
  await admin.goto(`${harness.server.url}/app/surveys/${survey.id}/distribution`)
  // Said as soon as the e-mail channel is chosen (the default), before anything is made.
  await admin.getByTestId('mail-not-configured').waitFor()
  const csv = 'test-results/contacts-no-mail.csv'
  writeFileSync(csv, '邮箱,电话,姓名\nzhou@example.com,,周杰\n,13800138000,吴敏\n')
  // Of this attempt: a retry of this later test runs on the same server (harness.ts).
  const listName = `维修客户 ${Date.now().toString(36)}`
  await admin.getByTestId('contact-list-name').fill(listName)
  const chooser = admin.waitForEvent('filechooser')
  await admin.getByTestId('upload-contacts').click()
  await (await chooser).setFiles(csv)
  await expect
    .poll(() => admin.getByTestId('contacts-report').textContent())
    .toContain('已导入 2 位联系人')
  await admin.getByTestId('distribution-name').fill('维修回访邮件')
  await admin.getByTestId('distribution-list').click()
  await admin.getByTitle(`${listName} (2)`).click()
  await admin.getByTestId('create-distribution').click()
  await admin.getByTestId('send-blocked').waitFor()
  expect(await admin.getByTestId('send-distribution').isDisabled()).toBe(true)
  expect(await admin.getByTestId('send-blocked').textContent()).toBe('未配置发信邮箱，无法发送')
  await admin.screenshot({ path: 'test-results/distribution-no-mail.png', fullPage: true })
})

it('the administrator sets the respondent pages’ logo on the Organisation page; a GIF is refused before upload', async () => {
  const { store } = harness.server
  const scope = (await systemScopeOfFirstOrg(store.db, store.features, Date.now()))!
  const survey = await createSurvey(scope, {
    title: { 'zh-CN': '营业厅回访' },
    questions: [{ key: 'nps', type: 'nps', title: { 'zh-CN': '推荐意愿' }, required: true }],
  })
  await publishSurvey(scope, survey.id)
  await admin.getByTestId('nav-organisation').click()
  writeFileSync('test-results/logo.gif', Buffer.from('GIF89a'))
  writeFileSync('test-results/logo.png', PNG)
  const choose = async (file: string) => {
    const chooser = admin.waitForEvent('filechooser')
    await admin.getByRole('button', { name: '选择图片' }).click()
    await (await chooser).setFiles(file)
  }
  await choose('test-results/logo.gif')
  await admin.getByText('只能使用 PNG、JPEG 或 WebP 图片。').waitFor()
  await choose('test-results/logo.png')
  await admin.getByTestId('brand-preview').locator('img').waitFor()
  // The page has more cards with a save button of their own (the customer channels below).
  await admin.getByTestId('brand-save').click()
  await admin.getByText('已保存').waitFor()
  const page = await admin.context().newPage()
  await page.goto(`${harness.server.url}/s/${survey.slug}`)
  expect(
    await page.locator('.brand img').evaluate((img) => (img as HTMLImageElement).naturalWidth),
  ).toBe(1)
  expect(await page.locator('.brand img').getAttribute('alt')).toBe('华东电力客服中心')
  await page.close()
})
