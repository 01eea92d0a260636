import { beforeAll, expect, it } from 'vitest'
import { pageAudit } from '../audit/audit.service.js'
import type { Role, Scope } from '../db/scope.js'
import { describeEachDialect } from '../db/test-dialects.js'
import { createFeedback } from '../feedback/feedback.service.js'
import { createOrganisation } from '../organisations/organisation.service.js'
import { TtlCache } from '../shared/ttl-cache.js'
import type { TextConfig } from './text-config.schema.js'
import {
  analyzeOneText,
  getTextConfig,
  listFeedback,
  runTextReanalysis,
  updateTextConfig,
} from './text.service.js'

// The text service on both stores: an organisation's own taxonomy replaces the default one for
// the "try it" box at once (the app's cache forgets the old one), all its stored feedback is
// analysed again by the job it wakes, the feedback behind a chart is filtered by topic,
// sentiment and keyword — and nothing of it crosses to another organisation.

const T0 = Date.UTC(2026, 6, 10, 2, 0)

const PARKING: TextConfig = {
  topics: [
    {
      key: 'parking',
      label: { 'zh-CN': '停车', 'en-US': 'Parking' },
      keywords: ['停车位', '停车'],
      examples: [],
    },
  ],
  userWords: ['停车位'],
}

describeEachDialect('text service', (ctx) => {
  let otherScope: Scope

  const scopeOf = (orgId: string, role: Role = 'admin', now = T0): Scope => ({
    db: ctx.store.db,
    features: ctx.store.features,
    orgId,
    actor: { type: 'user', id: `u-${role}`, role },
    now,
  })
  /** An organisation of its own for each test, so they hold in any order. */
  const newOrg = async (name: string) =>
    scopeOf((await createOrganisation(ctx.store.db, name, T0)).id)

  beforeAll(async () => {
    otherScope = await newOrg('Other')
    await createFeedback(otherScope, { kind: 'complaint', text: '停车位太少了，很不方便' })
  })

  it("analyses with the organisation's own taxonomy as soon as it is saved", async () => {
    const scope = await newOrg('Taxonomy')
    const cache = new TtlCache<string, TextConfig>({ ttlMs: 60_000, max: 10, clock: () => T0 })
    const text = { text: '停车位太少了，很不方便' }
    expect((await analyzeOneText(scope, text, cache)).topics).not.toContain('parking')

    let wakes = 0
    const saved = await updateTextConfig(scope, PARKING, () => void wakes++, cache)
    expect(saved).toEqual(PARKING)
    expect(wakes).toBe(1)
    expect(await getTextConfig(scope, cache)).toEqual(PARKING)
    const analysis = await analyzeOneText(scope, text, cache)
    expect(analysis).toMatchObject({ language: 'zh', sentiment: 'negative', topics: ['parking'] })
    expect(analysis.score).toBeLessThan(0)

    // Another organisation keeps the default taxonomy.
    expect((await getTextConfig(otherScope)).topics.map((t) => t.key)).not.toContain('parking')
    const audit = await pageAudit(scope, { action: 'text_config.update' })
    expect(audit.entries).toEqual([
      expect.objectContaining({ entityId: scope.orgId, detail: { topics: 1, userWords: 1 } }),
    ])
  })

  it('refuses a taxonomy with a key used twice, and a role that may not configure', async () => {
    const scope = await newOrg('Refusals')
    const twice = { topics: [PARKING.topics[0], { ...PARKING.topics[0], keywords: ['车位'] }] }
    await expect(updateTextConfig(scope, twice)).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      details: [{ path: 'topics.1.key', reason: 'duplicate topic key' }],
    })
    await expect(updateTextConfig(scopeOf(scope.orgId, 'agent'), PARKING)).rejects.toMatchObject({
      code: 'FORBIDDEN',
    })
    expect((await getTextConfig(scope)).topics.map((t) => t.key)).not.toContain('parking')
  })

  it('analyses stored feedback again after a change, and lists it by topic, sentiment and keyword', async () => {
    const scope = await newOrg('Reanalysis')
    await createFeedback(scope, { kind: 'complaint', text: '停车位太少了，很不方便' })
    await createFeedback(scope, { kind: 'praise', text: '服务很好，非常满意' })
    expect(await listFeedback(scope, { topic: 'parking' })).toEqual([])

    await updateTextConfig(scope, PARKING)
    const later = T0 + 60_000
    const { analysed } = await runTextReanalysis(ctx.store.db, later)
    expect(analysed).toBeGreaterThanOrEqual(2)

    const parking = await listFeedback(scope, { topic: 'parking' })
    expect(parking).toEqual([
      expect.objectContaining({
        kind: 'complaint',
        text: '停车位太少了，很不方便',
        sentiment: 'negative',
        topics: ['parking'],
      }),
    ])
    const positive = await listFeedback(scope, { sentiment: 'positive' })
    expect(positive.map((f) => f.text)).toEqual(['服务很好，非常满意'])
    expect((await listFeedback(scope, { keyword: '满意' })).map((f) => f.kind)).toEqual(['praise'])
    expect(await listFeedback(scope, { limit: '1' })).toHaveLength(1)
    // The other organisation's parking complaint is not among them, nor tagged with this taxonomy.
    expect(await listFeedback(otherScope, { topic: 'parking' })).toEqual([])
  })
})
