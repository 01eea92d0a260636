import { beforeAll, expect, it } from 'vitest'
import { pageAudit } from '../audit/audit.service.js'
import type { Role, Scope } from '../db/scope.js'
import { describeEachDialect } from '../db/test-dialects.js'
import { createFeedback, getFeedback } from '../feedback/feedback.service.js'
import { createOrganisation } from '../organisations/organisation.service.js'
import {
  correctAnalysis,
  getSentimentLearning,
  MIN_CORRECTIONS,
  RETRAIN_EVERY_MS,
  runSentimentTraining,
} from './text-corrections.service.js'
import { analyzeOneText, listFeedback, runTextReanalysis } from './text.service.js'

// Corrections on both stores: an agent's one-click correction is stored, audited and shown at
// once; the organisation's model is retrained from its own corrections only, in the background,
// and what it learned shows as accuracy on the corrected comments before and after
// (cross-validated); the stored feedback is analysed again with it, corrections kept.

const T0 = Date.UTC(2026, 10, 20, 2, 0)

/**
 * "甩单" (a driver dropping an order): the shipped model has no opinion on it (neutral), this
 * organisation's agents mark it as a complaint.
 */
const DAYS = [
  '周一',
  '周二',
  '周三',
  '周四',
  '周五',
  '周六',
  '上午',
  '下午',
  '晚上',
  '昨天',
  '前天',
  '早上',
]
const COMPLAINTS = DAYS.map((d) => `${d}碰上甩单`)
const CITIES = [
  '北京',
  '上海',
  '广州',
  '深圳',
  '杭州',
  '南京',
  '成都',
  '武汉',
  '西安',
  '重庆',
  '天津',
  '苏州',
]
const PRAISE = CITIES.map((c) => `${c}碰上好司机`)

describeEachDialect('text corrections', (ctx) => {
  let other: Scope
  const scopeOf = (orgId: string, role: Role = 'agent', now = T0): Scope => ({
    db: ctx.store.db,
    features: ctx.store.features,
    orgId,
    actor: { type: 'user', id: `u-${role}`, role },
    now,
  })
  const newOrg = async (name: string) =>
    scopeOf((await createOrganisation(ctx.store.db, name, T0)).id)

  beforeAll(async () => {
    other = await newOrg('Other')
  })

  it('stores a one-click correction, shows it at once and audits it; refuses bad input', async () => {
    const scope = await newOrg('One click')
    const { feedback } = await createFeedback(scope, {
      kind: 'complaint',
      text: '排队排了很久，工作人员态度还行',
    })
    const saved = await correctAnalysis(scope, feedback.id, { sentiment: 'negative' })
    expect(saved).toMatchObject({
      feedbackId: feedback.id,
      sentiment: 'negative',
      topics: null,
      previousSentiment: feedback.analysis!.sentiment,
    })
    // Topics corrected later keep the sentiment correction.
    const both = await correctAnalysis(scope, feedback.id, { topics: ['wait_time'] })
    expect(both).toMatchObject({ sentiment: 'negative', topics: ['wait_time'] })
    const listed = await listFeedback(scope, {})
    expect(listed).toEqual([
      expect.objectContaining({ id: feedback.id, sentiment: 'negative', topics: ['wait_time'] }),
    ])
    // The record is analysed again at the next run, without waiting for a retrained model: its
    // stored analysis (what the insights count) takes the correction.
    expect((await runTextReanalysis(ctx.store.db, T0)).analysed).toBeGreaterThanOrEqual(1)
    expect((await getFeedback(scope, feedback.id)).analysis).toMatchObject({
      sentiment: 'negative',
      topics: ['wait_time'],
    })
    const audit = await pageAudit(scopeOf(scope.orgId, 'admin'), {
      action: 'text_correction.create',
    })
    expect(audit.entries).toHaveLength(2)

    await expect(correctAnalysis(scope, feedback.id, {})).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
    })
    await expect(correctAnalysis(scope, feedback.id, { sentiment: 'angry' })).rejects.toMatchObject(
      { code: 'VALIDATION_FAILED' },
    )
    await expect(
      correctAnalysis(scope, feedback.id, { topics: ['no_such_topic'] }),
    ).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      details: [{ path: 'topics.0', reason: 'not a topic of this organisation' }],
    })
    await expect(
      correctAnalysis(scopeOf(scope.orgId, 'viewer'), feedback.id, { sentiment: 'positive' }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' })
    // Another organisation's record is not found, never corrected.
    await expect(
      correctAnalysis(other, feedback.id, { sentiment: 'positive' }),
    ).rejects.toMatchObject({ code: 'FEEDBACK_NOT_FOUND' })
    expect((await getSentimentLearning(scope)).corrections).toBe(1)
    expect((await getSentimentLearning(other)).corrections).toBe(0)
  })

  it("retrains the organisation's own model in the background and shows the improvement", async () => {
    const scope = await newOrg('Learning')
    const ids: Array<{ id: string; label: 'negative' | 'positive' }> = []
    for (const text of COMPLAINTS)
      ids.push({
        id: (await createFeedback(scope, { kind: 'complaint', text })).feedback.id,
        label: 'negative',
      })
    for (const text of PRAISE)
      ids.push({
        id: (await createFeedback(scope, { kind: 'praise', text })).feedback.id,
        label: 'positive',
      })
    const probe = '今天碰上甩单'
    const before = await analyzeOneText(scope, { text: probe })
    expect(before.sentiment).not.toBe('negative')

    // Fewer than the minimum: nothing is trained.
    for (const { id, label } of ids.slice(0, MIN_CORRECTIONS - 1))
      await correctAnalysis(scope, id, { sentiment: label })
    // (The run may train the first test's organisation, whose topic correction teaches topics.)
    await runSentimentTraining(ctx.store.db, T0 + 1000)
    expect((await getSentimentLearning(scope)).model).toBeNull()

    for (const { id, label } of ids.slice(MIN_CORRECTIONS - 1))
      await correctAnalysis(scope, id, { sentiment: label })
    const learningBefore = await getSentimentLearning(scope)
    expect(learningBefore).toMatchObject({ corrections: 24, pending: true, model: null })

    const trainedAt = T0 + 2000
    expect((await runSentimentTraining(ctx.store.db, trainedAt)).trained).toBe(1)
    const learning = await getSentimentLearning(scope)
    expect(learning.pending).toBe(false)
    expect(learning.model).toMatchObject({
      corrections: 24,
      folds: 5,
      trainedAt: new Date(trainedAt).toISOString(),
    })
    expect(learning.model!.accuracyAfter).toBeGreaterThan(learning.model!.accuracyBefore)
    expect(learning.model!.accuracyAfter).toBeGreaterThanOrEqual(0.9)

    // The organisation's comments are read with its model now; another organisation's are not.
    expect((await analyzeOneText(scope, { text: probe })).sentiment).toBe('negative')
    expect((await analyzeOneText(other, { text: probe })).sentiment).toBe(before.sentiment)

    // Its stored feedback is analysed again; corrected records keep their corrections.
    await runTextReanalysis(ctx.store.db, trainedAt + 1)
    const record = await getFeedback(scope, ids[0]!.id)
    expect(record.analysis!.sentiment).toBe('negative')

    // Nothing new: nothing retrained; a new correction within five minutes waits.
    expect((await runSentimentTraining(ctx.store.db, trainedAt + 10)).trained).toBe(0)
    await correctAnalysis(scopeOf(scope.orgId, 'agent', trainedAt + 20), ids[1]!.id, {
      sentiment: 'negative',
    })
    expect((await runSentimentTraining(ctx.store.db, trainedAt + 30)).trained).toBe(0)
    expect((await runSentimentTraining(ctx.store.db, trainedAt + RETRAIN_EVERY_MS)).trained).toBe(1)
  })
})
