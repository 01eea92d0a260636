import { beforeAll, expect, it } from 'vitest'
import { pageAudit } from '../audit/audit.service.js'
import type { Role, Scope } from '../db/scope.js'
import { describeEachDialect } from '../db/test-dialects.js'
import { createOrganisation } from '../organisations/organisation.service.js'
import {
  createSignedLinkToken,
  organisationLinkSecret,
  revealLinkSecret,
  verifyLinkToken,
} from './signed-link.service.js'
import { createSurvey } from './survey.service.js'

// Signed links through their service on both stores: a token names only the survey's declared
// hidden fields, verifies with its own organisation's secret (never another's) until it
// expires, and revealing the secret is for administrators and audited.

const T0 = Date.UTC(2026, 6, 14, 2, 0)

describeEachDialect('signed link service', (ctx) => {
  let orgId: string
  let otherOrgId: string
  let surveyId: string
  let slug: string

  const as = (role: Role, org = orgId): Scope => ({
    db: ctx.store.db,
    features: ctx.store.features,
    orgId: org,
    actor: { type: 'user', id: `u-${role}`, role },
    now: T0,
  })

  beforeAll(async () => {
    orgId = (await createOrganisation(ctx.store.db, 'Signed links', T0)).id
    otherOrgId = (await createOrganisation(ctx.store.db, 'Other', T0)).id
    const survey = await createSurvey(as('admin'), {
      title: { 'zh-CN': '会员回访' },
      questions: [{ key: 'nps', type: 'nps', title: { 'zh-CN': '推荐意愿' } }],
      settings: { hiddenFields: ['member', 'store'], signedFields: ['member'] },
    })
    surveyId = survey.id
    slug = survey.slug
  })

  it("signs declared hidden fields; the token verifies with its organisation's secret only", async () => {
    const expiresAt = new Date(T0 + 3_600_000).toISOString()
    const made = await createSignedLinkToken(as('admin'), surveyId, {
      fields: { member: 'M-1001', store: '南京路' },
      expiresAt,
    })
    expect(made.slug).toBe(slug)
    const secret = await organisationLinkSecret({ db: ctx.store.db, orgId })
    expect(verifyLinkToken(secret, made.token, T0)).toEqual({ member: 'M-1001', store: '南京路' })
    // After it expires, or under another organisation's secret, it is no signature.
    expect(() => verifyLinkToken(secret, made.token, T0 + 3_600_001)).toThrow(
      expect.objectContaining({ code: 'LINK_TOKEN_INVALID' }),
    )
    const otherSecret = await organisationLinkSecret({ db: ctx.store.db, orgId: otherOrgId })
    expect(otherSecret).not.toBe(secret)
    expect(() => verifyLinkToken(otherSecret, made.token, T0)).toThrow(
      expect.objectContaining({ code: 'LINK_TOKEN_INVALID' }),
    )
    // The secret stays the same between reads.
    expect(await organisationLinkSecret({ db: ctx.store.db, orgId })).toBe(secret)
  })

  it('refuses undeclared fields, another organisation, and a role that may not write surveys', async () => {
    await expect(
      createSignedLinkToken(as('admin'), surveyId, { fields: { coupon: 'FREE' } }),
    ).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      details: [
        {
          path: 'fields.coupon',
          reason: 'not a hidden field of this survey',
          allowed: 'member, store',
        },
      ],
    })
    await expect(
      createSignedLinkToken(as('admin'), surveyId, { fields: {} }),
    ).rejects.toMatchObject({ code: 'VALIDATION_FAILED' })
    await expect(
      createSignedLinkToken(as('admin', otherOrgId), surveyId, { fields: { member: 'M-1' } }),
    ).rejects.toMatchObject({ code: 'SURVEY_NOT_FOUND' })
    await expect(
      createSignedLinkToken(as('viewer'), surveyId, { fields: { member: 'M-1' } }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' })
  })

  it('reveals the secret to an administrator only, and audits each reveal', async () => {
    const revealed = await revealLinkSecret(as('admin'))
    expect(revealed.secret).toBe(await organisationLinkSecret({ db: ctx.store.db, orgId }))
    expect(revealed.algorithm).toContain('HMAC-SHA256')
    await expect(revealLinkSecret(as('analyst'))).rejects.toMatchObject({ code: 'FORBIDDEN' })
    const audit = await pageAudit(as('admin'), { action: 'link_secret.read' })
    expect(audit.entries.map((e) => [e.entityId, e.actorId])).toEqual([[orgId, 'u-admin']])
  })
})
