import { beforeAll, expect, it } from 'vitest'
import { describeEachDialect } from '../../db/test-dialects.js'
import { PAGE_TEXT } from '../pages/page-text.js'
import { createTestApp, type TestApp } from '../test-app.js'

/** The editor's live preview: an unsaved draft rendered by the respondent page's own renderer. */

describeEachDialect('survey editor preview over HTTP', (ctx) => {
  let t: TestApp
  beforeAll(async () => {
    t = await createTestApp(ctx.store)
  })

  const draft = {
    title: { 'zh-CN': '抢修回访 <b>', 'en-US': 'Repair follow-up' },
    questions: [
      { key: 'nps', type: 'nps', title: { 'zh-CN': '推荐意愿', 'en-US': 'Recommend us?' } },
      {
        key: 'photo',
        type: 'file_upload',
        title: { 'zh-CN': '现场照片', 'en-US': 'Photo of the site' },
        upload: { maxMb: 3, kinds: ['image', 'pdf'] },
        pageBreak: true,
      },
    ],
  }

  it('renders the draft as the respondent page in the language asked for, storing nothing', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/surveys/preview?lang=en-US',
      headers: { cookie: t.adminCookie },
      payload: draft,
    })
    expect(res.statusCode, res.body).toBe(200)
    const { html } = res.json()
    expect(html).toContain('<h1>Repair follow-up</h1>')
    expect(html).toContain('Recommend us?')
    // Both pages' questions on one page, the upload as the respondent page's file field.
    expect(html).toContain('Photo of the site')
    expect(html).toContain('accept="image/*,application/pdf,.pdf"')
    expect(html).toContain(PAGE_TEXT['en-US'].submit)
    // The page with its own script, which keeps the buttons from submitting (the note says so),
    // and without the height reports of a widget's frame.
    expect(html).toContain('<script src="/s/assets/survey.js" defer></script>')
    expect(html).toContain('data-survey data-preview novalidate>')
    expect(html).toContain(
      `<p class="note" role="status" data-preview-note hidden>${PAGE_TEXT['en-US'].previewNote}</p>`,
    )
    expect(html).not.toContain('frame.js')
    const zh = await t.app.inject({
      method: 'POST',
      url: '/api/v1/surveys/preview?lang=zh-CN',
      headers: { cookie: t.adminCookie },
      payload: draft,
    })
    expect(zh.json().html).toContain('<h1>抢修回访 &lt;b&gt;</h1>')
    const list = await t.app.inject({
      method: 'GET',
      url: '/api/v1/surveys',
      headers: { cookie: t.adminCookie },
    })
    expect(list.json().surveys).toEqual([])
  })

  it('answers an incomplete draft with the save’s own problems, and needs a signed-in editor', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/surveys/preview',
      headers: { cookie: t.adminCookie },
      payload: { ...draft, questions: [] },
    })
    expect(res.statusCode).toBe(400)
    expect(res.json().error).toMatchObject({
      code: 'VALIDATION_FAILED',
      details: [{ path: 'questions' }],
    })
    const anonymous = await t.app.inject({
      method: 'POST',
      url: '/api/v1/surveys/preview',
      payload: draft,
    })
    expect(anonymous.statusCode).toBe(401)
  })
})
