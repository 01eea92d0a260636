import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { expect, it } from 'vitest'
import { useE2eHarness } from './harness.js'
import { loggedInPage } from './login.js'

/**
 * An administrator builds a survey with a file upload and a signature question while the live
 * preview beside the editor (a toggle on a phone) shows the unsaved draft as respondents will
 * see it; a phone answers with a photo and without JavaScript, a desktop browser with a file and
 * a signature drawn with the mouse; the administrator downloads the photo from the dashboard and
 * the export holds the drawn signature. Screenshots in test-results/file-upload/ (zh-CN and
 * en-US, 1440 and 390 px wide).
 */

interface AxeResult {
  violations: Array<{ id: string; nodes: Array<{ target: string[] }> }>
}

const harness = useE2eHarness()
const SHOTS = 'test-results/file-upload'
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
)
const axeSource = readFileSync(
  createRequire(import.meta.url).resolve('axe-core/axe.min.js'),
  'utf8',
)
const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(64, 1)])

it('editor with live preview, a photo answered without JavaScript, a drawn signature, the admin downloads the photo', async () => {
  const page = await loggedInPage(harness.browser, harness.server.url)
  const problems: string[] = []
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(m.text())
  })
  page.on('response', (r) => {
    if (r.status() >= 400) problems.push(`${r.status()} ${r.url()}`)
  })
  await page.setViewportSize({ width: 1440, height: 900 })
  await page.getByRole('button', { name: /新建问卷/ }).click()
  await page.getByText('第 4 题').waitFor()
  const preview = page.frameLocator('[data-testid="survey-preview"]')
  // Until the draft could be saved, the preview says so instead of asking the server (and shows
  // no empty frame).
  await page.getByTestId('preview-empty').waitFor()
  expect(await page.getByTestId('survey-preview').count()).toBe(0)
  await page.getByTestId('title-zh').fill('抢修回访（附照片）')
  await page.getByTestId('title-en').fill('Repair follow-up with photo')
  await expect.poll(() => preview.locator('h1').textContent()).toBe('抢修回访（附照片）')
  for (const label of ['文件 / 照片上传', '手写签名']) {
    await page.getByTestId('add-question-type').click()
    await page.getByTitle(label, { exact: true }).click()
  }
  // The new question shows in the preview as the respondent's file field, with its limits.
  await expect.poll(() => preview.locator('input[type=file]').count()).toBe(1)
  expect(await preview.locator('input[type=file]').getAttribute('capture')).toBe('environment')
  await page.getByTestId('upload-max-4').fill('2')
  await expect
    .poll(() => preview.locator('input[type=file]').getAttribute('data-max-bytes'))
    .toBe(String(2 * 1024 * 1024))
  expect(await preview.getByText('可上传图片，不超过 2 MB。').count()).toBe(1)
  await page.screenshot({ path: `${SHOTS}/editor-preview-zh-CN-1440.png` })
  await page.getByTestId('switch-language').click()
  await expect.poll(() => preview.locator('h1').textContent()).toBe('Repair follow-up with photo')
  expect(await preview.getByText('You can upload a photo of at most 2 MB.').count()).toBe(1)
  await page.screenshot({ path: `${SHOTS}/editor-preview-en-US-1440.png` })
  // A phone: the preview behind a toggle, the edits kept.
  await page.setViewportSize({ width: 390, height: 844 })
  await page.getByTestId('toggle-preview').click()
  await expect.poll(() => preview.locator('input[type=file]').count()).toBe(1)
  await page.screenshot({ path: `${SHOTS}/editor-preview-en-US-390.png` })
  await page.getByTestId('switch-language').click()
  await expect.poll(() => preview.locator('h1').textContent()).toBe('抢修回访（附照片）')
  await page.screenshot({ path: `${SHOTS}/editor-preview-zh-CN-390.png` })
  await page.getByTestId('toggle-preview').click()
  await page.setViewportSize({ width: 1440, height: 900 })
  await page.getByTestId('save-survey').click()
  await page.getByTestId('publish').or(page.getByRole('alert')).first().waitFor({ timeout: 60_000 })
  expect(await page.getByRole('alert').allTextContents()).toEqual([])
  await page.getByTestId('publish').click()
  const link = await page.getByTestId('public-link').inputValue()
  const surveyId = new URL(page.url()).pathname.split('/').pop()!

  // A phone without JavaScript: a plain file field in a multipart form, a typed signature.
  const phone = await harness.browser.newContext({
    viewport: { width: 390, height: 844 },
    isMobile: true,
    locale: 'zh-CN',
    javaScriptEnabled: false,
  })
  const plain = await phone.newPage()
  await plain.goto(`${link}?lang=zh-CN`)
  await plain.locator('input[name="nps"][value="9"]').check({ force: true })
  await plain
    .locator('input[name="file_upload.file"]')
    .setInputFiles({ name: '电表.png', mimeType: 'image/png', buffer: PNG })
  await plain.locator('input[name="signature"]').fill('王小明')
  expect(await plain.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390)
  await plain.locator('#q4').screenshot({ path: `${SHOTS}/upload-question-zh-CN-390.png` })
  await plain.getByRole('button', { name: '提交' }).click()
  expect(await plain.locator('h1').textContent()).toBe('感谢您的反馈！')
  await phone.close()

  // A desktop browser with JavaScript: a signature drawn with the mouse.
  // The page's CSP allows only its own scripts; the test injects axe-core past it.
  const desktop = await harness.browser.newContext({
    viewport: { width: 1440, height: 900 },
    locale: 'en-US',
    bypassCSP: true,
  })
  const drawn = await desktop.newPage()
  await drawn.goto(`${link}?lang=en-US`)
  await drawn.addScriptTag({ content: axeSource })
  const violations = await drawn.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (o: object) => Promise<AxeResult> } }).axe
    const result = await axe.run({
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21aa'] },
    })
    return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(' ')}`)
  })
  // WCAG 2.1 AA on the respondent page with the upload and the signature pad.
  expect(violations).toEqual([])
  await drawn.locator('input[name="nps"][value="10"]').check({ force: true })
  // With the page script a file over the limit is refused before anything is sent.
  await drawn.locator('input[name="file_upload.file"]').setInputFiles({
    name: 'huge.jpg',
    mimeType: 'image/jpeg',
    buffer: Buffer.concat([JPEG, Buffer.alloc(2 * 1024 * 1024)]),
  })
  expect(await drawn.locator('#q4 [role=alert]').textContent()).toBe(
    'The file is too large for this question.',
  )
  expect(await drawn.locator('input[name="file_upload.file"]').inputValue()).toBe('')
  await drawn
    .locator('input[name="file_upload.file"]')
    .setInputFiles({ name: 'meter.jpg', mimeType: 'image/jpeg', buffer: JPEG })
  const pad = drawn.locator('canvas.signature-pad')
  await pad.scrollIntoViewIfNeeded()
  const box = (await pad.boundingBox())!
  await drawn.mouse.move(box.x + 30, box.y + 40)
  await drawn.mouse.down()
  for (const [dx, dy] of [
    [80, 70],
    [140, 30],
    [200, 90],
    [260, 50],
  ])
    await drawn.mouse.move(box.x + dx!, box.y + dy!, { steps: 4 })
  await drawn.mouse.up()
  const signature = await drawn.locator('input[name="signature"]').inputValue()
  expect(signature.startsWith('data:image/png;base64,iVBORw0KGgo')).toBe(true)
  await drawn.locator('#q4').screenshot({ path: `${SHOTS}/upload-question-en-US-1440.png` })
  await drawn.locator('#q5').screenshot({ path: `${SHOTS}/signature-drawn-en-US-1440.png` })
  await drawn.getByRole('button', { name: 'Submit' }).click()
  expect(await drawn.locator('h1').textContent()).toBe('Thank you for your feedback!')
  // The upload question in the other language and width too.
  await drawn.goto(`${link}?lang=zh-CN`)
  await drawn.locator('#q4').screenshot({ path: `${SHOTS}/upload-question-zh-CN-1440.png` })
  await drawn.setViewportSize({ width: 390, height: 844 })
  await drawn.goto(`${link}?lang=en-US`)
  await drawn.locator('#q4').screenshot({ path: `${SHOTS}/upload-question-en-US-390.png` })
  await desktop.close()

  // The administrator downloads the photo from the dashboard, as an attachment.
  await page.reload()
  const rows = page.getByTestId('answer-files').locator('tbody tr.ant-table-row')
  await expect.poll(() => rows.count()).toBe(2)
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: '电表.png' }).click(),
  ])
  expect(download.suggestedFilename()).toBe('电表.png')
  expect(readFileSync((await download.path())!).equals(PNG)).toBe(true)
  await page.getByTestId('answer-files').screenshot({ path: `${SHOTS}/answer-files-zh-CN.png` })
  // The drawn signature is stored as drawn; the export names the files.
  const exported = await page.request.get(
    `${harness.server.url}/api/v1/surveys/${surveyId}/responses/export?format=csv&lang=en-US`,
  )
  const csv = await exported.text()
  expect(csv).toContain(signature)
  expect(csv).toContain('王小明')
  expect(csv).toContain('电表.png')
  expect(csv).toContain('meter.jpg')
  expect(problems).toEqual([])
  await page.context().close()
}, 120_000)
