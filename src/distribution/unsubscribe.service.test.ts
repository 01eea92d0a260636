import { beforeAll, expect, it } from 'vitest'
import type { Scope } from '../db/scope.js'
import { describeEachDialect } from '../db/test-dialects.js'
import { createOrganisation } from '../organisations/organisation.service.js'
import { createSurvey, publishSurvey } from '../surveys/survey.service.js'
import { importContactList } from './contact-list.service.js'
import { isUnsubscribed } from './contact.repository.js'
import { createDistribution, startDistribution } from './distribution.service.js'
import { maskAddress, unsubscribeByToken, unsubscribeTarget } from './unsubscribe.service.js'

// Opting out through a personal link's token, on both stores: the token names its invitation's
// organisation and address; the opt-out holds for that organisation only, repeating it is
// harmless, and a malformed or unknown token is one 404 (never told apart).

const T0 = Date.UTC(2026, 6, 16, 2, 0)

describeEachDialect('unsubscribe service', (ctx) => {
  let scope: Scope
  let otherOrgId: string
  const tokens = new Map<string, string>()

  beforeAll(async () => {
    const orgId = (await createOrganisation(ctx.store.db, 'Opt-outs', T0)).id
    otherOrgId = (await createOrganisation(ctx.store.db, 'Other', T0)).id
    scope = {
      db: ctx.store.db,
      features: ctx.store.features,
      orgId,
      actor: { type: 'user', id: 'u-admin', role: 'admin' },
      now: T0,
    }
    const { list } = await importContactList(scope, '会员', {
      file: 'members.csv',
      headers: ['email', 'phone', 'name'],
      rows: [
        ['Li.Na@Example.com', '', '李'],
        ['wang@example.com', '13800138000', '王'],
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
    // The tokens are the personal links' (sent by the jobs); tests may read the table.
    const rows = await ctx.store.db
      .selectFrom('invitations')
      .select('token')
      .where('distribution_id', '=', draft.id)
      .execute()
    for (const r of rows)
      tokens.set((await unsubscribeTarget(ctx.store.db, r.token)).address, r.token)
    expect([...tokens.keys()].sort()).toEqual(['li.na@example.com', 'wang@example.com'])
  })

  it("names the invitation's organisation and address, lower-cased", async () => {
    const target = await unsubscribeTarget(ctx.store.db, tokens.get('li.na@example.com')!)
    expect(target).toEqual({
      orgId: scope.orgId,
      invitationId: expect.any(String),
      address: 'li.na@example.com',
    })
    expect(maskAddress(target.address)).toBe('l****@example.com')
    expect(maskAddress('13800138000')).toBe('138****8000')
    expect(maskAddress('12345')).toBe('****')
  })

  it('records the opt-out for its organisation only, once however often', async () => {
    const token = tokens.get('wang@example.com')!
    expect(await isUnsubscribed(ctx.store.db, scope.orgId, 'wang@example.com')).toBe(false)
    expect(await unsubscribeByToken(ctx.store.db, token, T0 + 1_000)).toEqual({
      address: 'wang@example.com',
    })
    expect(await unsubscribeByToken(ctx.store.db, token, T0 + 2_000)).toEqual({
      address: 'wang@example.com',
    })
    expect(await isUnsubscribed(ctx.store.db, scope.orgId, 'WANG@example.com')).toBe(true)
    expect(await isUnsubscribed(ctx.store.db, otherOrgId, 'wang@example.com')).toBe(false)
    // The other contact of the list is still invited.
    expect(await isUnsubscribed(ctx.store.db, scope.orgId, 'li.na@example.com')).toBe(false)
    const rows = await ctx.store.db
      .selectFrom('unsubscribes')
      .select(['org_id', 'created_at'])
      .where('address', '=', 'wang@example.com')
      .execute()
    expect(rows.map((r) => [r.org_id, Number(r.created_at)])).toEqual([[scope.orgId, T0 + 1_000]])
  })

  it('answers a malformed and an unknown token with the same 404', async () => {
    for (const token of ['short', 'x'.repeat(40), '../../etc/passwd'])
      await expect(unsubscribeByToken(ctx.store.db, token, T0)).rejects.toMatchObject({
        code: 'INVITATION_NOT_FOUND',
        details: [{ path: 'token', reason: 'unknown invitation' }],
      })
  })
})
