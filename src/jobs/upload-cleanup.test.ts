import { sql } from 'kysely'
import { beforeAll, expect, it } from 'vitest'
import type { Scope } from '../db/scope.js'
import { describeEachDialect } from '../db/test-dialects.js'
import { createOrganisation } from '../organisations/organisation.service.js'
import type { AnswerPath } from '../responses/answer-path.js'
import { surveyAnswerCount } from '../responses/response-counts.service.js'
import { createDraft } from '../responses/response-draft.service.js'
import { storeUpload } from '../responses/response-upload.service.js'
import { ResponseWriter } from '../responses/response-writer.js'
import { deleteResponsesAndCounts } from '../responses/response.repository.js'
import { submitResponse } from '../responses/response.service.js'
import { TtlCache } from '../shared/ttl-cache.js'
import { OpenSurveyCache } from '../surveys/open-survey-cache.js'
import { createSurvey, publishSurvey } from '../surveys/survey.service.js'
import type { Survey } from '../surveys/survey.schema.js'
import { JobRegistry } from './job-registry.js'
import { sweepJobs } from './sweep-jobs.js'
import { uploadCleanupJob } from './upload-cleanup.js'

// The upload-cleanup job on both stores: files no answer names go once their grace has passed
// (uploads never answered, files of answers since deleted); answered files, files an unfinished
// answer's draft names and files still within their grace stay; deleting an answer takes its
// files with it.

const T0 = Date.UTC(2026, 6, 1, 2, 0)
const HOUR = 3_600_000
const PNG = (fill: number) =>
  Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    Buffer.alloc(64, fill),
  ])

describeEachDialect('the upload-cleanup job', (ctx) => {
  let scope: Scope
  let path: AnswerPath
  let survey: Survey

  beforeAll(async () => {
    const org = await createOrganisation(ctx.store.db, 'Cleanup', T0)
    scope = {
      db: ctx.store.db,
      features: ctx.store.features,
      orgId: org.id,
      actor: { type: 'user', id: 'u-admin', role: 'admin' },
      now: T0,
    }
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
          title: { 'zh-CN': '故障照片' },
          upload: { maxMb: 1, kinds: ['image'] },
        },
      ],
    })
    survey = await publishSurvey(scope, draft.id)
  })

  const upload = (key: string, fill: number, at: number) =>
    storeUpload(
      { db: ctx.store.db, orgId: scope.orgId, now: at },
      { survey, questionKey: 'photo', uploadKey: key, filename: `${key}.png`, data: PNG(fill) },
    )
  const storedIds = async () =>
    (
      await sql<{
        id: string
      }>`select id from response_files where org_id = ${scope.orgId}`.execute(ctx.store.db)
    ).rows
      .map((r) => r.id)
      .sort()

  it('is registered under its name, runs hourly, and removes only unnamed files past their grace', async () => {
    const registry = sweepJobs({
      db: ctx.store.db,
      features: ctx.store.features,
      channels: {} as never,
      baseUrl: 'http://localhost',
      sweepAgain: () => {},
      testSweepPauseMs: 0,
      outbound: { allowedHosts: [] },
      uploadGraceHours: 24,
    })
    expect(registry.names).toContain('upload-cleanup')
    const job = uploadCleanupJob(ctx.store.db, 24)
    expect(job.everyMs).toBe(HOUR)
    const single = new JobRegistry([job])
    single.started('upload-cleanup', T0)
    expect(single.isDue('upload-cleanup', T0 + HOUR - 1)).toBe(false)
    expect(single.isDue('upload-cleanup', T0 + HOUR)).toBe(true)

    await upload('never-answered', 1, T0)
    const answered = await upload('answered-file', 2, T0)
    const inDraft = await upload('draft-named', 3, T0)
    const recent = await upload('recent-upload', 4, T0 + 23 * HOUR)
    const orphan = await upload('answer-deleted', 5, T0)
    await submitResponse(
      path,
      survey.slug,
      { answers: { nps: 9, photo: answered.id }, clientResponseId: 'cleanup-001' },
      undefined,
      T0 + 1000,
    )
    await createDraft(
      ctx.store.db,
      {
        orgId: scope.orgId,
        surveyId: survey.id,
        invitationId: null,
        clientResponseId: 'cleanup-draft',
        context: { channel: 'link', hidden: {}, locale: 'zh-CN', formShownAt: T0 },
      },
      1,
      { nps: 8, photo: inDraft.id },
      T0 + 2 * HOUR,
    )
    // A file whose answer was deleted by a path that did not take its files.
    await sql`update response_files set response_id = ${'gone-answer'} where id = ${orphan.id}`.execute(
      ctx.store.db,
    )

    // A day and an hour on: the never-answered upload and the deleted answer's file go.
    const first = await job.run(T0 + 25 * HOUR, new AbortController().signal)
    expect(first).toEqual({ removed: 2 })
    expect(await storedIds()).toEqual([answered.id, inDraft.id, recent.id].sort())
    // Nothing more to do the same hour.
    expect(await job.run(T0 + 25 * HOUR, new AbortController().signal)).toEqual({ removed: 0 })
    // Two days on the recent upload is past its grace too; the draft (fresh for 30 days) keeps its file.
    expect(await job.run(T0 + 48 * HOUR, new AbortController().signal)).toEqual({ removed: 1 })
    expect(await storedIds()).toEqual([answered.id, inDraft.id].sort())
    // Once the draft is older than a draft's lifetime, its file goes as well.
    expect(await job.run(T0 + 33 * 24 * HOUR, new AbortController().signal)).toEqual({
      removed: 1,
    })
    expect(await storedIds()).toEqual([answered.id])
  })

  it('takes an answer’s files with it when the answer is deleted', async () => {
    const file = await upload('deleted-with-answer', 6, T0)
    const kept = await upload('kept-with-answer', 7, T0)
    const gone = await submitResponse(
      path,
      survey.slug,
      { answers: { nps: 3, photo: file.id }, clientResponseId: 'cleanup-002' },
      undefined,
      T0 + 3000,
    )
    await submitResponse(
      path,
      survey.slug,
      { answers: { nps: 10, photo: kept.id }, clientResponseId: 'cleanup-003' },
      undefined,
      T0 + 4000,
    )
    expect(await storedIds()).toEqual(expect.arrayContaining([file.id, kept.id]))
    await deleteResponsesAndCounts(ctx.store.db, [gone.id], [])
    const left = await storedIds()
    expect(left).not.toContain(file.id)
    expect(left).toContain(kept.id)
  })
})
