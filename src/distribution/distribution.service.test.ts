import { beforeAll, expect, it } from 'vitest'
import { pageAudit } from '../audit/audit.service.js'
import type { Scope } from '../db/scope.js'
import { describeEachDialect } from '../db/test-dialects.js'
import { createOrganisation } from '../organisations/organisation.service.js'
import { createSurvey, publishSurvey } from '../surveys/survey.service.js'
import { importContactList } from './contact-list.service.js'
import {
  createDistribution,
  getDistribution,
  listDistributions,
  listInvitations,
  SKIPPED_NO_EMAIL,
  startDistribution,
} from './distribution.service.js'

// Distributions through their service on both stores: a draft made for a survey and a contact
// list, started once (one invitation per reachable contact, the unreachable ones stored as
// skipped, the sender woken), its funnel and invitations as the API shows them, and the
// refusals (no mail server, a webhook to a private address, a second start, unknown ids).

const T0 = Date.UTC(2026, 5, 5, 2, 0)
const OUTBOUND = { allowedHosts: [] }
const MAIL = { emailConfigured: true }

describeEachDialect('distribution service', (ctx) => {
  let scope: Scope
  let listId: string

  const draftSurvey = async () =>
    (
      await createSurvey(scope, {
        title: { 'zh-CN': '到店回访' },
        questions: [{ key: 'nps', type: 'nps', title: { 'zh-CN': '推荐意愿' } }],
      })
    ).id

  beforeAll(async () => {
    const organisation = await createOrganisation(ctx.store.db, 'Distribution test', T0)
    scope = {
      db: ctx.store.db,
      features: ctx.store.features,
      orgId: organisation.id,
      actor: { type: 'user', id: 'u-dist', role: 'admin' },
      now: T0,
    }
    const report = await importContactList(scope, '会员', {
      file: 'members.csv',
      headers: ['email', 'phone', 'name'],
      rows: [
        ['li@example.com', '', '李'],
        ['wang@example.com', '13900139000', '王'],
        ['', '13700137000', '赵'],
      ],
    })
    expect(report.imported).toBe(3)
    listId = report.list.id
  })

  it('starts a draft once: an invitation per reachable contact, the others skipped, the sender woken', async () => {
    const surveyId = await draftSurvey()
    const draft = await createDistribution(
      scope,
      surveyId,
      { name: '六月邮件', listId, channel: 'email', reminders: { afterHours: 24, max: 2 } },
      OUTBOUND,
    )
    expect(draft).toMatchObject({
      surveyId,
      listId,
      name: '六月邮件',
      channel: 'email',
      status: 'draft',
      locale: 'zh-CN',
      reminders: { afterHours: 24, max: 2 },
      sendAt: null,
      createdAt: new Date(T0).toISOString(),
      funnel: { invited: 0, sent: 0, skipped: 0, completed: 0 },
    })

    // Not before the survey is published.
    let wakes = 0
    const wake = () => void wakes++
    await expect(startDistribution(scope, draft.id, wake, MAIL)).rejects.toMatchObject({
      code: 'SURVEY_NOT_PUBLISHED',
    })
    await publishSurvey(scope, surveyId)

    const started = await startDistribution({ ...scope, now: T0 + 1000 }, draft.id, wake, MAIL)
    expect(wakes).toBe(1)
    expect(started.status).toBe('sending')
    expect(started.funnel).toMatchObject({ invited: 3, sent: 0, skipped: 1, failed: 0 })
    expect(await getDistribution(scope, draft.id)).toEqual(started)

    const invitations = await listInvitations(scope, draft.id)
    expect(invitations.total).toBe(3)
    const byName = new Map(invitations.items.map((i) => [i.contactName, i]))
    expect(byName.get('李')).toMatchObject({
      address: 'li@example.com',
      status: 'pending',
      sentAt: null,
    })
    expect(byName.get('赵')).toMatchObject({
      address: '13700137000',
      status: 'skipped',
      error: SKIPPED_NO_EMAIL,
    })
    const skipped = await listInvitations(scope, draft.id, { status: 'skipped' })
    expect(skipped.items.map((i) => i.contactName)).toEqual(['赵'])

    // A second start changes nothing and wakes nobody.
    await expect(startDistribution(scope, draft.id, wake, MAIL)).rejects.toMatchObject({
      code: 'DISTRIBUTION_ALREADY_STARTED',
      extra: { status: 'sending' },
    })
    expect(wakes).toBe(1)
    expect((await listInvitations(scope, draft.id)).total).toBe(3)

    const audit = await pageAudit(scope, { action: 'distribution.*' })
    const own = audit.entries.filter((e) => e.entityId === draft.id)
    expect(own.map((e) => [e.action, e.detail])).toEqual([
      ['distribution.start', { contacts: 2, skipped: 1, status: 'sending' }],
      ['distribution.create', { surveyId, channel: 'email', listId }],
    ])
  })

  it('schedules a distribution with a later send time, and lists the survey’s distributions', async () => {
    const surveyId = await draftSurvey()
    await publishSurvey(scope, surveyId)
    const now = await createDistribution(
      scope,
      surveyId,
      { name: '六月邮件', listId, channel: 'email' },
      OUTBOUND,
    )
    await startDistribution(scope, now.id, () => {}, MAIL)
    const later = await createDistribution(
      scope,
      surveyId,
      { name: '七月邮件', listId, channel: 'email', sendAt: '2026-07-01T01:00:00.000Z' },
      OUTBOUND,
    )
    const scheduled = await startDistribution(scope, later.id, () => {}, MAIL)
    expect(scheduled).toMatchObject({
      status: 'scheduled',
      sendAt: '2026-07-01T01:00:00.000Z',
      funnel: { invited: 3, skipped: 1 },
    })
    const listed = await listDistributions(scope, surveyId)
    expect(listed.map((d) => [d.name, d.status]).sort()).toEqual([
      ['七月邮件', 'scheduled'],
      ['六月邮件', 'sending'],
    ])
  })

  it('refuses e-mail without a mail server, a private webhook address and unknown ids', async () => {
    const surveyId = await draftSurvey()
    const draft = await createDistribution(
      scope,
      surveyId,
      { name: '无邮件服务', listId, channel: 'email' },
      OUTBOUND,
    )
    await expect(
      startDistribution(scope, draft.id, () => {}, { emailConfigured: false }),
    ).rejects.toMatchObject({ code: 'MAIL_NOT_CONFIGURED' })
    expect((await getDistribution(scope, draft.id)).status).toBe('draft')

    const webhook = {
      name: '内网',
      listId,
      channel: 'webhook',
      webhook: { url: 'http://10.0.0.8/hook', secret: 'a-secret-of-some-length' },
    }
    await expect(createDistribution(scope, surveyId, webhook, OUTBOUND)).rejects.toMatchObject({
      code: 'WEBHOOK_ADDRESS_NOT_ALLOWED',
      details: [{ path: 'webhook.url' }],
    })
    // An operator may allow it.
    const allowed = await createDistribution(scope, surveyId, webhook, {
      allowedHosts: ['10.0.0.8'],
    })
    expect(allowed).toMatchObject({ channel: 'webhook', webhook: { url: 'http://10.0.0.8/hook' } })
    expect(allowed).not.toHaveProperty('webhook.secret')

    await expect(
      createDistribution(
        scope,
        surveyId,
        { name: 'x', listId: 'no-such-list', channel: 'email' },
        OUTBOUND,
      ),
    ).rejects.toMatchObject({ code: 'CONTACT_LIST_NOT_FOUND' })
    await expect(getDistribution(scope, 'no-such-distribution')).rejects.toMatchObject({
      code: 'DISTRIBUTION_NOT_FOUND',
    })
  })
})
