import { writeFileSync } from 'node:fs'
import { afterAll, expect, it } from 'vitest'
import { systemScopeOfFirstOrg } from '../src/auth/bootstrap.js'
import { startTestSmtpServer } from '../src/distribution/test-smtp.js'
import { createSurvey, publishSurvey } from '../src/surveys/survey.service.js'
import { useE2eHarness } from './harness.js'
import { loggedInPage } from './login.js'

const smtp = await startTestSmtpServer()
// A retry starts on a fresh server (harness.ts): the failed attempt's mail is not this one's.
const harness = useE2eHarness({ smtpUrl: smtp.url }, undefined, {
  beforeFreshRetry: () => smtp.messages.splice(0),
})
afterAll(() => smtp.close())

it('uploads contacts, sends personal e-mails, answers a two-page survey from the mail and sees the funnel complete', async () => {
  const { store } = harness.server
  const scope = (await systemScopeOfFirstOrg(store.db, store.features, Date.now()))!
  const survey = await createSurvey(scope, {
    title: { 'zh-CN': '售后回访' },
    questions: [
      { key: 'nps', type: 'nps', title: { 'zh-CN': '您有多大可能推荐我们？' }, required: true },
      {
        key: 'csat',
        type: 'csat',
        title: { 'zh-CN': '您对维修服务满意吗？' },
        required: true,
        pageBreak: true,
      },
    ],
    settings: { hiddenFields: ['store'] },
  })
  await publishSurvey(scope, survey.id)

  const admin = await loggedInPage(harness.browser, harness.server.url)
  await admin.goto(`${harness.server.url}/app/surveys/${survey.id}/distribution`)
  const csv = 'test-results/contacts.csv'
  writeFileSync(csv, '邮箱,姓名,store\nzhou@example.com,周杰,S01\nwu@example.com,吴敏,S02\n')
  await admin.getByTestId('contact-list-name').fill('维修客户')
  const chooser = admin.waitForEvent('filechooser')
  await admin.getByTestId('upload-contacts').click()
  await (await chooser).setFiles(csv)
  await expect
    .poll(() => admin.getByTestId('contacts-report').textContent())
    .toContain('已导入 2 位联系人')

  await admin.getByTestId('distribution-name').fill('维修回访邮件')
  await admin.getByTestId('distribution-list').click()
  await admin.getByTitle('维修客户 (2)').click()
  await admin.getByTestId('create-distribution').click()
  await admin.getByTestId('send-distribution').click()
  await expect.poll(() => smtp.messages.length, { timeout: 10_000 }).toBe(2)

  const mail = smtp.messages.find((m) => JSON.stringify(m.to).includes('zhou@example.com'))!
  expect(mail.subject).toBe('邀请您参与「售后回访」')
  const link = new URL(/https?:\/\/\S+\/s\/\S+/.exec(mail.text!)![0])
  const phone = await harness.browser.newContext({
    viewport: { width: 390, height: 844 },
    isMobile: true,
    locale: 'zh-CN',
  })
  const respondent = await phone.newPage()
  await respondent.goto(`${harness.server.url}${link.pathname}${link.search}`)
  expect(await respondent.locator('.progress span').textContent()).toBe('第 1 / 2 页')
  await respondent.locator('input[name="nps"][value="6"]').check({ force: true })
  await respondent.getByRole('button', { name: '下一页' }).click()
  expect(await respondent.locator('.progress span').textContent()).toBe('第 2 / 2 页')
  await respondent.screenshot({ path: 'test-results/survey-page-two-pages.png', fullPage: true })
  await respondent.locator('input[name="csat"][value="2"]').check({ force: true })
  await respondent.getByRole('button', { name: '提交' }).click()
  expect(await respondent.locator('h1').textContent()).toBe('感谢您的反馈！')
  await phone.close()

  const rows = await store.db
    .selectFrom('responses')
    .select(['nps', 'csat', 'channel', 'segments'])
    .where('survey_id', '=', survey.id)
    .execute()
  expect(rows).toEqual([{ nps: 6, csat: 2, channel: 'email', segments: '{"store":"S01"}' }])
  await admin.reload()
  await expect
    .poll(() => admin.getByTestId('funnel-completed').textContent(), { timeout: 10_000 })
    .toBe('1')
  expect(await admin.getByTestId('distribution-status').textContent()).toBe('已发送')
  await admin.getByTestId('distribution-funnel').locator('svg').first().waitFor()
  await admin.screenshot({ path: 'test-results/distribution-funnel.png', fullPage: true })
  await admin.context().close()
})
