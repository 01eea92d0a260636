import { beforeAll, expect, it } from 'vitest'
import type { Scope } from '../db/scope.js'
import { describeEachDialect } from '../db/test-dialects.js'
import { createOrganisation } from '../organisations/organisation.service.js'
import { createSurvey, publishSurvey } from '../surveys/survey.service.js'
import { importContactList } from './contact-list.service.js'
import { createDistribution, getDistribution, startDistribution } from './distribution.service.js'
import { recordInvitationOpened } from './invitation-link.service.js'

// The open pixel through the invitation link service on both stores: the first load of an
// invitation's pixel counts it opened in its distribution's funnel, a second load does not count
// again, and an unknown or malformed token changes nothing (and says nothing).

const T0 = Date.UTC(2026, 6, 28, 2, 0)

describeEachDialect('invitation link service', (ctx) => {
  let scope: Scope
  let distributionId: string
  let tokens: string[]

  beforeAll(async () => {
    const orgId = (await createOrganisation(ctx.store.db, 'Open pixel', T0)).id
    scope = {
      db: ctx.store.db,
      features: ctx.store.features,
      orgId,
      actor: { type: 'user', id: 'u-admin', role: 'admin' },
      now: T0,
    }
    const { list } = await importContactList(scope, '会员', {
      file: 'members.csv',
      headers: ['email', 'name'],
      rows: [
        ['a@example.com', '甲'],
        ['b@example.com', '乙'],
      ],
    })
    const survey = await createSurvey(scope, {
      title: { 'zh-CN': '回访' },
      questions: [{ key: 'nps', type: 'nps', title: { 'zh-CN': '推荐意愿' } }],
    })
    await publishSurvey(scope, survey.id)
    const draft = await createDistribution(
      scope,
      survey.id,
      { name: '七月邮件', listId: list.id, channel: 'email' },
      { allowedHosts: [] },
    )
    await startDistribution(scope, draft.id, () => {}, { emailConfigured: true })
    distributionId = draft.id
    // The tokens are the personal links' (sent by the jobs); tests may read the table.
    const rows = await ctx.store.db
      .selectFrom('invitations')
      .select('token')
      .where('distribution_id', '=', draft.id)
      .orderBy('id')
      .execute()
    tokens = rows.map((r) => r.token)
    expect(tokens).toHaveLength(2)
  })

  it('counts an invitation opened once, however often its pixel loads', async () => {
    const opened = async () => (await getDistribution(scope, distributionId)).funnel.opened
    expect(await opened()).toBe(0)
    await recordInvitationOpened(ctx.store.db, tokens[0]!, T0 + 1_000)
    expect(await opened()).toBe(1)
    await recordInvitationOpened(ctx.store.db, tokens[0]!, T0 + 2_000)
    expect(await opened()).toBe(1)
    // Unknown and malformed tokens change nothing and throw nothing.
    for (const token of ['x'.repeat(32), 'bad token', '', `${tokens[1]}-`])
      await recordInvitationOpened(ctx.store.db, token, T0 + 3_000)
    expect(await opened()).toBe(1)
    await recordInvitationOpened(ctx.store.db, tokens[1]!, T0 + 4_000)
    expect(await opened()).toBe(2)
  })
})
