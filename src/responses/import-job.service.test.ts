import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import type { Role, Scope } from '../db/scope.js'
import { describeEachDialect } from '../db/test-dialects.js'
import { createOrganisation } from '../organisations/organisation.service.js'
import { createSurvey } from '../surveys/survey.service.js'
import { insertImportJob } from './import-job.repository.js'
import { getImportJob, LiveImportJobs, startImportJob } from './import-job.service.js'
import { surveyAnswerCount } from './response-counts.service.js'

// Background imports through their service on both stores: the upload becomes a job that runs
// to its report and then removes the file; any instance answers for a finished job; a job whose
// instance died is reported interrupted; refused uploads are removed at once; and a job is
// its organisation's alone.

const T0 = Date.UTC(2026, 6, 18, 2, 0)
const CSV = 'id,nps,store\nr1,10,南京路\nr2,9,西湖\nr3,4,西湖\nr4,12,西湖\n'

describeEachDialect('import job service', (ctx) => {
  let orgId: string
  let otherOrgId: string
  let surveyId: string
  let dir: string
  let files = 0

  const as = (role: Role, org = orgId, now = T0): Scope => ({
    db: ctx.store.db,
    features: ctx.store.features,
    orgId: org,
    actor: { type: 'user', id: `u-${role}`, role },
    now,
  })
  /** A fresh upload, as the upload parser leaves it: a temporary file the job then owns. */
  const upload = (text = CSV) => {
    const path = join(dir, `upload-${++files}.csv`)
    writeFileSync(path, text)
    return { name: 'answers.csv', path }
  }
  /** Bounded wait for a job to end (outcome stored, off the live list): it runs on its own. */
  const finished = (live: LiveImportJobs, id: string) =>
    expect.poll(() => live.has(id), { timeout: 10_000 }).toBe(false)

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'manyi-import-jobs-'))
    orgId = (await createOrganisation(ctx.store.db, 'Imports', T0)).id
    otherOrgId = (await createOrganisation(ctx.store.db, 'Other', T0)).id
    const survey = await createSurvey(as('admin'), {
      title: { 'zh-CN': '历史数据' },
      questions: [{ key: 'nps', type: 'nps', title: { 'zh-CN': '推荐意愿' } }],
      settings: { hiddenFields: ['store'] },
    })
    surveyId = survey.id
  })
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it('runs an upload to its report, removes the file, and answers for the finished job', async () => {
    const live = new LiveImportJobs()
    const before = await surveyAnswerCount(ctx.store.db, surveyId)
    const file = upload()
    const started = await startImportJob(as('analyst'), live, surveyId, file, {
      mode: 'skip-invalid',
      idColumn: 'id',
      segmentColumns: ['store'],
    })
    expect(started).toMatchObject({
      surveyId,
      file: 'answers.csv',
      status: 'reading',
      report: null,
    })
    await finished(live, started.id)
    expect(existsSync(file.path)).toBe(false)

    const job = await getImportJob(as('viewer'), live, started.id)
    expect(job).toMatchObject({ id: started.id, status: 'done', error: null })
    expect(job.report).toMatchObject({
      mode: 'skip-invalid',
      rows: 4,
      imported: 3,
      duplicates: 0,
      invalid: 1,
      issues: [expect.objectContaining({ row: 5, column: 'nps' })],
    })
    expect(await surveyAnswerCount(ctx.store.db, surveyId)).toBe(before + 3)
    // Another organisation never sees it.
    await expect(
      getImportJob(as('viewer', otherOrgId), new LiveImportJobs(), started.id),
    ).rejects.toMatchObject({ code: 'IMPORT_JOB_NOT_FOUND' })
  })

  it('stops a running import when its app closes, and records it as interrupted', async () => {
    const live = new LiveImportJobs()
    const rows = Array.from({ length: 5_000 }, (_, i) => `stop${i},${i % 11}`).join('\n')
    const file = upload(`id,nps\n${rows}\n`)
    const started = await startImportJob(as('admin'), live, surveyId, file, {
      mode: 'skip-invalid',
      idColumn: 'id',
    })
    await live.stop()
    // Nothing of it runs on: its outcome is stored and its file removed before stop() resolves.
    expect(live.has(started.id)).toBe(false)
    expect(live.runs.size).toBe(0)
    expect(existsSync(file.path)).toBe(false)
    const job = await getImportJob(as('viewer'), live, started.id)
    expect(job).toMatchObject({ status: 'failed', error: { code: 'IMPORT_INTERRUPTED' } })
    expect(job.report).toBeNull()
  })

  it('writes nothing of an all-or-nothing import with an invalid row; a bad mapping fails the job', async () => {
    const live = new LiveImportJobs()
    const before = await surveyAnswerCount(ctx.store.db, surveyId)
    const file = upload('id,nps\nx1,8\nx2,abc\n')
    const checked = await startImportJob(as('admin'), live, surveyId, file, { idColumn: 'id' })
    await finished(live, checked.id)
    expect((await getImportJob(as('viewer'), live, checked.id)).report).toMatchObject({
      mode: 'all-or-nothing',
      rows: 2,
      imported: 0,
      invalid: 1,
    })
    expect(await surveyAnswerCount(ctx.store.db, surveyId)).toBe(before)
    expect(existsSync(file.path)).toBe(false)

    const badFile = upload()
    const failed = await startImportJob(as('admin'), live, surveyId, badFile, {
      mapping: { 分数: 'nps' },
    })
    await finished(live, failed.id)
    expect(await getImportJob(as('viewer'), live, failed.id)).toMatchObject({
      status: 'failed',
      report: null,
      error: {
        code: 'COLUMN_NOT_FOUND',
        details: [expect.objectContaining({ path: 'mapping.分数' })],
      },
    })
    expect(existsSync(badFile.path)).toBe(false)
  })

  it('removes a refused upload at once: an unknown survey, another organisation, a viewer', async () => {
    const refusals: Array<[Scope, string, string]> = [
      [as('admin'), 'no-such-survey', 'SURVEY_NOT_FOUND'],
      [as('admin', otherOrgId), surveyId, 'SURVEY_NOT_FOUND'],
      [as('viewer'), surveyId, 'FORBIDDEN'],
    ]
    for (const [scope, id, code] of refusals) {
      const file = upload()
      await expect(startImportJob(scope, new LiveImportJobs(), id, file, {})).rejects.toMatchObject(
        { code },
      )
      expect(existsSync(file.path)).toBe(false)
    }
  })

  it('reports a job its instance never finished as interrupted after 15 minutes', async () => {
    const id = `job-${ctx.dialect}-lost`
    await insertImportJob(
      ctx.store.db,
      { id, orgId, surveyId, file: 'big.csv', status: 'writing' },
      T0,
    )
    const soon = await getImportJob(as('viewer', orgId, T0 + 60_000), new LiveImportJobs(), id)
    expect(soon).toMatchObject({ status: 'writing', error: null })
    const later = await getImportJob(
      as('viewer', orgId, T0 + 16 * 60_000),
      new LiveImportJobs(),
      id,
    )
    expect(later).toMatchObject({
      status: 'failed',
      error: { code: 'IMPORT_INTERRUPTED', details: [] },
    })
    expect(later.error?.message).toContain(
      ctx.dialect === 'postgres' ? 'nothing of an all-or-nothing import' : 'Upload the same file',
    )
  })
})
