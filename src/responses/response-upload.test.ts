import { beforeAll, expect, it } from 'vitest'
import { pageAudit } from '../audit/audit.service.js'
import type { Scope } from '../db/scope.js'
import { describeEachDialect } from '../db/test-dialects.js'
import { createOrganisation } from '../organisations/organisation.service.js'
import { TtlCache } from '../shared/ttl-cache.js'
import { OpenSurveyCache } from '../surveys/open-survey-cache.js'
import { createSurvey, publishSurvey } from '../surveys/survey.service.js'
import type { Survey } from '../surveys/survey.schema.js'
import type { AnswerPath } from './answer-path.js'
import { surveyAnswerCount } from './response-counts.service.js'
import { exportResponses } from './response-files.service.js'
import {
  downloadResponseFile,
  listSurveyFiles,
  storeUpload,
  takeFormUploads,
  uploadAnswerFile,
} from './response-upload.service.js'
import { ResponseWriter } from './response-writer.js'
import { submitResponse } from './response.service.js'

// Uploads of file questions on both stores: checked by content and size, stored once per upload
// key, named by an answer only when uploaded to that survey's question, linked to the stored
// answer, listed and downloaded only within the organisation (and audited), exported by name.

const T0 = Date.UTC(2026, 6, 1, 2, 0)
const PNG = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  Buffer.alloc(200, 7),
])
const PDF = Buffer.from('%PDF-1.7\n%âãÏÓ\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF')
const SVG = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>')

describeEachDialect('response uploads: storeUpload and the files of answers', (ctx) => {
  let scope: Scope
  let otherScope: Scope
  let path: AnswerPath
  let survey: Survey

  const scopeOf = (orgId: string, role: Scope['actor']['role'] = 'admin'): Scope => ({
    db: ctx.store.db,
    features: ctx.store.features,
    orgId,
    actor: { type: 'user', id: `u-${orgId}`, role },
    now: T0,
  })

  beforeAll(async () => {
    scope = scopeOf((await createOrganisation(ctx.store.db, 'Uploads', T0)).id)
    otherScope = scopeOf((await createOrganisation(ctx.store.db, 'Other', T0)).id)
    const clock = () => T0
    path = {
      store: ctx.store,
      openSurveys: new OpenSurveyCache(ctx.store.db, clock, (id) =>
        surveyAnswerCount(ctx.store.db, id),
      ),
      writer: new ResponseWriter(ctx.store),
      wakeJobs: () => {},
      linkSecrets: new TtlCache({ ttlMs: 60_000, max: 10, clock }),
    }
    const draft = await createSurvey(scope, {
      title: { 'zh-CN': '报修照片' },
      questions: [
        { key: 'nps', type: 'nps', title: { 'zh-CN': '推荐意愿' }, required: true },
        {
          key: 'photo',
          type: 'file_upload',
          title: { 'zh-CN': '故障照片', 'en-US': 'Photo of the fault' },
          required: true,
          upload: { maxMb: 1, kinds: ['image'] },
        },
        {
          key: 'invoice',
          type: 'file_upload',
          title: { 'zh-CN': '发票' },
          upload: { maxMb: 2, kinds: ['pdf'] },
        },
      ],
    })
    survey = await publishSurvey(scope, draft.id)
  })

  const upload = (key: string, data: Uint8Array, questionKey = 'photo', filename = 'a.png') =>
    storeUpload(
      { db: ctx.store.db, orgId: scope.orgId, now: T0 },
      { survey, questionKey, uploadKey: key, filename, data },
    )

  it('stores a file once per upload key, with the type its bytes show and a safe name', async () => {
    const first = await upload('key-photo-1', PNG, 'photo', '../../报修/"x".html')
    expect(first).toEqual({
      id: first.id,
      filename: '_x_.html.png',
      contentType: 'image/png',
      size: 208,
    })
    const again = await upload('key-photo-1', PNG, 'photo', 'other-name.png')
    expect(again).toEqual(first)
    await expect(upload('key-photo-1', Buffer.concat([PNG, PNG]))).rejects.toMatchObject({
      code: 'UPLOAD_KEY_REUSED',
    })
  })

  it('refuses a file too large, of a kind not allowed (by content, not name) or empty', async () => {
    const big = Buffer.concat([PNG, Buffer.alloc(1024 * 1024)])
    await expect(upload('key-big-01', big)).rejects.toMatchObject({
      code: 'UPLOAD_TOO_LARGE',
      details: [
        {
          path: 'answers.photo',
          reason: `the file is ${big.length} bytes`,
          allowed: 'at most 1048576',
        },
      ],
    })
    await expect(upload('key-svg-01', SVG, 'photo', 'pic.png')).rejects.toMatchObject({
      code: 'UPLOAD_KIND_NOT_ALLOWED',
      details: [{ path: 'answers.photo', allowed: 'PNG, JPEG, GIF, WebP, HEIC' }],
    })
    await expect(upload('key-pdf-01', PDF, 'photo', 'a.png')).rejects.toMatchObject({
      code: 'UPLOAD_KIND_NOT_ALLOWED',
      details: [{ reason: 'the file is application/pdf, a kind this question does not take' }],
    })
    await expect(upload('key-empty1', Buffer.alloc(0))).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
    })
    await expect(upload('key-nps-01', PNG, 'nps')).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      details: [{ path: 'question' }],
    })
  })

  it('takes an answer only with files uploaded to its own question, links them, lists and serves them', async () => {
    const photo = await uploadAnswerFile(
      path,
      survey.slug,
      { questionKey: 'photo', uploadKey: 'key-photo-2', filename: 'meter.png', data: PNG },
      T0,
    )
    const invoice = await upload('key-invoice', PDF, 'invoice', 'fapiao.pdf')
    // A photo's id given as the invoice: not that question's upload.
    await expect(
      submitResponse(
        path,
        survey.slug,
        {
          answers: { nps: 9, photo: photo.id, invoice: photo.id },
          clientResponseId: 'answer-001',
        },
        undefined,
        T0 + 1000,
      ),
    ).rejects.toMatchObject({
      code: 'UPLOAD_NOT_FOUND',
      details: [{ path: 'answers.invoice', reason: 'no uploaded file with this id' }],
    })
    const stored = await submitResponse(
      path,
      survey.slug,
      { answers: { nps: 9, photo: photo.id, invoice: invoice.id }, clientResponseId: 'answer-001' },
      undefined,
      T0 + 1000,
    )
    const files = await listSurveyFiles(scope, survey.id)
    expect(
      files.map((f) => [f.questionKey, f.filename, f.contentType, f.responseId]).sort(),
    ).toEqual([
      ['invoice', 'fapiao.pdf', 'application/pdf', stored.id],
      ['photo', 'meter.png', 'image/png', stored.id],
    ])
    const file = await downloadResponseFile(scope, photo.id)
    expect(file).toEqual({ filename: 'meter.png', contentType: 'image/png', data: PNG })
    const audit = await pageAudit(scope, { action: 'response_file.download' })
    expect(audit.entries[0]).toMatchObject({
      action: 'response_file.download',
      entityId: photo.id,
      detail: { responseId: stored.id, surveyId: survey.id },
    })
    // Another organisation sees neither the list nor the file.
    expect(await listSurveyFiles(otherScope, survey.id)).toEqual([])
    await expect(downloadResponseFile(otherScope, photo.id)).rejects.toMatchObject({
      code: 'UPLOAD_NOT_FOUND',
    })
    // A reader limited to units sees only their units' answers (this one has no unit).
    await expect(
      downloadResponseFile({ ...scope, units: ['some-unit'] }, photo.id),
    ).rejects.toMatchObject({ code: 'UPLOAD_NOT_FOUND' })
    // An upload no answer names is not served.
    const loose = await upload('key-loose1', PNG)
    await expect(downloadResponseFile(scope, loose.id)).rejects.toMatchObject({
      code: 'UPLOAD_NOT_FOUND',
    })
  })

  it('exports a file answer as its file name, kept from running as a formula', async () => {
    const formula = await upload('key-formula', PNG, 'photo', '=HYPERLINK("x").png')
    await submitResponse(
      path,
      survey.slug,
      { answers: { nps: 7, photo: formula.id }, clientResponseId: 'answer-002' },
      undefined,
      T0 + 2000,
    )
    const download = await exportResponses(scope, survey.id, { format: 'csv', lang: 'en-US' })
    const chunks: string[] = []
    for await (const chunk of download.body as AsyncIterable<Buffer | string>)
      chunks.push(String(chunk))
    const csv = chunks.join('')
    expect(csv).toContain('meter.png')
    expect(csv).toContain("'=HYPERLINK(_x_).png")
    expect(csv).not.toContain(formula.id)
  })

  it('turns the files of a form post into answers, and a refused file into its question’s issue', async () => {
    const taken = await takeFormUploads(
      path,
      survey.slug,
      { clientResponseId: 'form-answer-1', nps: '8' },
      [
        {
          field: 'photo.file',
          filename: 'IMG_0001.JPG',
          data: Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2]),
        },
        { field: 'invoice.file', filename: 'evil.pdf', data: SVG },
      ],
      T0,
    )
    expect(taken.form['photo.name']).toBe('IMG_0001.JPG')
    expect(taken.form.photo).toMatch(/^[0-9a-f-]{36}$/)
    expect(taken.form.invoice).toBe('')
    expect(taken.issues).toEqual([
      {
        path: 'answers.invoice',
        reason: 'the file is not of a kind this question takes',
        allowed: 'PDF',
      },
    ])
    // The same post again stores nothing twice: the same id.
    const again = await takeFormUploads(
      path,
      survey.slug,
      { clientResponseId: 'form-answer-1' },
      [
        {
          field: 'photo.file',
          filename: 'IMG_0001.JPG',
          data: Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2]),
        },
      ],
      T0,
    )
    expect(again.form.photo).toBe(taken.form.photo)
  })
})
