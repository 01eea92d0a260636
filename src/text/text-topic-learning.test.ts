import { expect, it } from 'vitest'
import type { Scope } from '../db/scope.js'
import { describeEachDialect } from '../db/test-dialects.js'
import { createFeedback } from '../feedback/feedback.service.js'
import { createOrganisation } from '../organisations/organisation.service.js'
import {
  correctAnalysis,
  getSentimentLearning,
  runSentimentTraining,
} from './text-corrections.service.js'
import { analyzeOneText } from './text.service.js'

// Topic corrections teach the topic assignment, on both stores: one corrected comment, and the
// organisation's later comments that say nearly the same get its topic; another organisation's
// do not, and unrelated comments keep the taxonomy's answer.

const T0 = Date.UTC(2026, 10, 27, 1, 0)

describeEachDialect('topic corrections', (ctx) => {
  const scopeOf = (orgId: string): Scope => ({
    db: ctx.store.db,
    features: ctx.store.features,
    orgId,
    actor: { type: 'user', id: 'u-agent', role: 'agent' },
    now: T0,
  })
  const newOrg = async (name: string) =>
    scopeOf((await createOrganisation(ctx.store.db, name, T0)).id)

  it('one corrected comment changes the topics of later comments like it', async () => {
    const scope = await newOrg('Chargers')
    const other = await newOrg('Elsewhere')
    const later = '小区充电桩一直用不了，物业也不管'
    const unrelated = '快递员送货很及时'
    const before = await analyzeOneText(scope, { text: later })
    expect(before.topics).not.toContain('outage_repair')
    const taxonomy = (await analyzeOneText(scope, { text: unrelated })).topics

    const { feedback } = await createFeedback(scope, {
      kind: 'complaint',
      text: '充电桩一直用不了',
    })
    await correctAnalysis(scope, feedback.id, { topics: ['outage_repair'] })
    expect((await runSentimentTraining(ctx.store.db, T0 + 1000)).trained).toBe(1)

    expect((await analyzeOneText(scope, { text: later })).topics).toContain('outage_repair')
    expect((await analyzeOneText(scope, { text: unrelated })).topics).toEqual(taxonomy)
    expect((await analyzeOneText(other, { text: later })).topics).toEqual(before.topics)
    // No sentiment was corrected, so no sentiment model is reported as learned.
    expect((await getSentimentLearning(scope)).model).toBeNull()
  })
})
