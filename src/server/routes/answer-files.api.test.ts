import { beforeAll, expect, it } from 'vitest'
import { describeEachDialect } from '../../db/test-dialects.js'
import { PAGE_TEXT } from '../pages/page-text.js'
import { createTestApp, otherOrganisationAdmin, type TestApp } from '../test-app.js'

/**
 * The file upload question over HTTP: the respondent page posts a plain file field (multipart,
 * no JavaScript), the public API takes a raw upload under an Idempotency-Key, files are refused
 * by size and content with their specific codes, and administrators download a file of an
 * answer as an attachment that cannot run in the app's origin.
 */

const zh = PAGE_TEXT['zh-CN']
const en = PAGE_TEXT['en-US']
const PNG = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  Buffer.alloc(120, 3),
])
const HTML = Buffer.from('<html><script>alert(document.cookie)</script></html>')

const hiddenFields = (page: string) =>
  Object.fromEntries(
    [...page.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)].map((m) => [
      m[1]!,
      m[2]!,
    ]),
  )

/** A multipart form body as a browser builds it. */
async function multipart(
  fields: Record<string, string>,
  files: Record<string, { name: string; type: string; data: Buffer }>,
) {
  const form = new FormData()
  for (const [k, v] of Object.entries(fields)) form.append(k, v)
  for (const [k, f] of Object.entries(files))
    form.append(k, new Blob([new Uint8Array(f.data)], { type: f.type }), f.name)
  const request = new Request('http://localhost/', { method: 'POST', body: form })
  return {
    headers: { 'content-type': request.headers.get('content-type')! },
    payload: Buffer.from(await request.arrayBuffer()),
  }
}

describeEachDialect('file upload question over HTTP', (ctx) => {
  let t: TestApp
  let surveyId = ''
  let slug = ''

  beforeAll(async () => {
    t = await createTestApp(ctx.store)
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/v1/surveys',
      headers: { cookie: t.adminCookie },
      payload: {
        title: { 'zh-CN': '抢修回访', 'en-US': 'Repair follow-up' },
        questions: [
          { key: 'nps', type: 'nps', title: { 'zh-CN': '推荐意愿' }, required: true },
          {
            key: 'photo',
            type: 'file_upload',
            title: { 'zh-CN': '请上传现场照片', 'en-US': 'Upload a photo of the site' },
            required: true,
            upload: { maxMb: 1, kinds: ['image'] },
          },
        ],
      },
    })
    expect(created.statusCode, created.body).toBe(201)
    surveyId = created.json().id
    slug = created.json().slug
    await t.app.inject({
      method: 'POST',
      url: `/api/v1/surveys/${surveyId}/publish`,
      headers: { cookie: t.adminCookie },
    })
  })

  const postPage = async (
    fields: Record<string, string>,
    file?: { name: string; type: string; data: Buffer },
    lang = 'zh-CN',
  ) => {
    const page = await t.app.inject({ method: 'GET', url: `/s/${slug}?lang=${lang}` })
    const body = await multipart(
      { ...hiddenFields(page.body), ...fields },
      file ? { 'photo.file': file } : {},
    )
    return t.app.inject({ method: 'POST', url: `/s/${slug}?lang=${lang}`, ...body })
  }

  it('renders a plain file field that opens the camera, in a multipart form', async () => {
    const page = (await t.app.inject({ method: 'GET', url: `/s/${slug}?lang=en-US` })).body
    expect(page).toContain('enctype="multipart/form-data"')
    expect(page).toContain(
      '<input class="field" type="file" name="photo.file" accept="image/*" capture="environment" data-max-bytes="1048576"',
    )
    expect(page).toContain('You can upload a photo of at most 1 MB.')
  })

  it('stores an answer posted with its photo without JavaScript; the administrator downloads it as an attachment', async () => {
    const res = await postPage({ nps: '9' }, { name: '现场 <1>.png', type: 'image/png', data: PNG })
    expect(res.statusCode, res.body.slice(0, 400)).toBe(200)
    expect(res.body).toContain(zh.thanksTitle)
    const list = await t.app.inject({
      method: 'GET',
      url: `/api/v1/surveys/${surveyId}/files`,
      headers: { cookie: t.adminCookie },
    })
    expect(list.statusCode).toBe(200)
    const [file] = list.json().files
    expect(file).toMatchObject({
      questionKey: 'photo',
      filename: '现场 _1_.png',
      contentType: 'image/png',
      size: PNG.length,
    })
    const download = await t.app.inject({
      method: 'GET',
      url: `/api/v1/response-files/${file.id}`,
      headers: { cookie: t.adminCookie },
    })
    expect(download.statusCode).toBe(200)
    expect(download.rawPayload.equals(PNG)).toBe(true)
    expect(download.headers['content-type']).toBe('image/png')
    expect(download.headers['content-disposition']).toBe(
      `attachment; filename="__ _1_.png"; filename*=UTF-8''${encodeURIComponent('现场 _1_.png')}`,
    )
    expect(download.headers['x-content-type-options']).toBe('nosniff')
    expect(download.headers['content-security-policy']).toBe("default-src 'none'; sandbox")
    // Not signed in: 401; another organisation's administrator: not found.
    const anonymous = await t.app.inject({
      method: 'GET',
      url: `/api/v1/response-files/${file.id}`,
    })
    expect(anonymous.statusCode).toBe(401)
    const eve = await otherOrganisationAdmin(t, ctx.store)
    const foreign = await t.app.inject({
      method: 'GET',
      url: `/api/v1/response-files/${file.id}`,
      headers: { cookie: eve.cookie },
    })
    expect(foreign.statusCode, foreign.body).toBe(404)
    expect(foreign.json().error.code, foreign.body).toBe('UPLOAD_NOT_FOUND')
  })

  it('refuses an HTML file named .png on the page, in the respondent’s language, and asks again', async () => {
    const res = await postPage(
      { nps: '8' },
      { name: 'photo.png', type: 'image/png', data: HTML },
      'en-US',
    )
    expect(res.statusCode).toBe(400)
    expect(res.body).toContain(en.uploadWrongKind)
    // The other answers are kept.
    expect(res.body).toContain('name="nps" value="8" checked')
  })

  it('takes a raw upload through the public API once per Idempotency-Key, with specific refusals', async () => {
    const upload = (key: string | undefined, data: Buffer, question = 'photo') =>
      t.app.inject({
        method: 'POST',
        url: `/api/v1/public/surveys/${slug}/files/${question}`,
        headers: {
          'content-type': 'application/octet-stream',
          'x-file-name': encodeURIComponent('电表.png'),
          ...(key ? { 'idempotency-key': key } : {}),
        },
        payload: data,
      })
    const first = await upload('upload-key-1', PNG)
    expect(first.statusCode, first.body).toBe(201)
    expect(first.json()).toEqual({
      id: first.json().id,
      filename: '电表.png',
      contentType: 'image/png',
      size: PNG.length,
    })
    const retry = await upload('upload-key-1', PNG)
    expect(retry.json().id).toBe(first.json().id)
    const tooLarge = await upload('upload-key-2', Buffer.concat([PNG, Buffer.alloc(1024 * 1024)]))
    expect(tooLarge.statusCode, tooLarge.body).toBe(413)
    expect(tooLarge.json().error.code).toBe('UPLOAD_TOO_LARGE')
    const html = await upload('upload-key-3', HTML)
    expect(html.statusCode).toBe(415)
    expect(html.json().error.code).toBe('UPLOAD_KIND_NOT_ALLOWED')
    const reused = await upload('upload-key-1', Buffer.concat([PNG, PNG]))
    expect(reused.statusCode).toBe(409)
    expect(reused.json().error.code).toBe('UPLOAD_KEY_REUSED')
    const noKey = await upload(undefined, PNG)
    expect(noKey.statusCode).toBe(400)
    // The answer names the uploaded file; an id never uploaded is UPLOAD_NOT_FOUND.
    const answer = (photo: string) =>
      t.app.inject({
        method: 'POST',
        url: `/api/v1/public/surveys/${slug}/responses`,
        payload: { answers: { nps: 10, photo }, clientResponseId: `api-${photo.slice(-8)}` },
      })
    const stored = await answer(first.json().id)
    expect(stored.statusCode, stored.body).toBe(201)
    const unknown = await answer('0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b')
    expect(unknown.statusCode).toBe(400)
    expect(unknown.json().error).toMatchObject({
      code: 'UPLOAD_NOT_FOUND',
      details: [{ path: 'answers.photo', reason: 'no uploaded file with this id' }],
    })
  })
})
