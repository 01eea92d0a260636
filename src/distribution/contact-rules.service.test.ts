import { beforeAll, expect, it } from 'vitest'
import { setCustomerConsent } from '../customers/customer-consent.service.js'
import { createCustomer } from '../customers/customer.service.js'
import type { Scope } from '../db/scope.js'
import { describeEachDialect } from '../db/test-dialects.js'
import { createOrganisation } from '../organisations/organisation.service.js'
import { createSurvey, publishSurvey } from '../surveys/survey.service.js'
import { importContactList } from './contact-list.service.js'
import { insertUnsubscribe } from './contact.repository.js'
import { getContactRules, updateContactRules } from './contact-rules.service.js'
import { runDistributionJobs } from './distribution-jobs.js'
import {
  createDistribution,
  getDistribution,
  listInvitations,
  startDistribution,
} from './distribution.service.js'
import type { InvitationChannels, OutgoingInvitation } from './invitation-delivery.js'

// Contact rules on both stores, through the sender every invitation passes: a customer known by
// an e-mail and a phone is asked by e-mail for one survey and then capped for another survey on the
// SMS webhook (matched by the customer, not the address); quiet hours hold a send until they end
// and it goes out then; an unsubscribed address and withdrawn consent hold on both channels; each
// held invitation carries its reason; bad rules are refused with their own codes.

// 2026-06-02 10:00 in Shanghai (UTC+8).
const T0 = Date.UTC(2026, 5, 2, 2, 0)
const DAY = 86_400_000
const MAIL = { emailConfigured: true }
const OUTBOUND = { allowedHosts: [] }

describeEachDialect('contact rules', (ctx) => {
  let scope: Scope
  const sent: Array<{ channel: string; to: string; surveyId: string }> = []
  const channels: InvitationChannels = {
    email: async (o: OutgoingInvitation) => {
      sent.push({ channel: 'email', to: o.contact.email!, surveyId: o.surveyId })
    },
    webhook: async (o: OutgoingInvitation) => {
      sent.push({ channel: 'sms', to: o.contact.phone!, surveyId: o.surveyId })
    },
    mail: async () => {},
  }
  const run = (now: number) =>
    runDistributionJobs({ db: ctx.store.db, channels, baseUrl: 'https://s.example.com' }, now)
  const at = (now: number): Scope => ({ ...scope, now })

  const publishedSurvey = async (title: string) => {
    const survey = await createSurvey(scope, {
      title: { 'zh-CN': title },
      questions: [{ key: 'nps', type: 'nps', title: { 'zh-CN': '推荐意愿' } }],
    })
    await publishSurvey(scope, survey.id)
    return survey.id
  }
  const list = async (name: string, rows: string[][]) =>
    (
      await importContactList(scope, name, {
        file: `${name}.csv`,
        headers: ['email', 'phone', 'name'],
        rows,
      })
    ).list.id
  const send = async (
    now: number,
    surveyId: string,
    listId: string,
    channel: 'email' | 'webhook',
  ) => {
    const s = at(now)
    const input =
      channel === 'email'
        ? {
            name: `e-mail ${now}`,
            listId,
            channel,
            reminders: { afterHours: 72, max: 0 },
            email: { subject: '请评价', body: '{name} 您好 {link}' },
          }
        : {
            name: `sms ${now}`,
            listId,
            channel,
            reminders: { afterHours: 72, max: 0 },
            webhook: { url: 'https://sms.example.com/send', secret: 'a-secret-of-16-chars' },
          }
    const d = await createDistribution(s, surveyId, input, OUTBOUND)
    await startDistribution(s, d.id, () => {}, MAIL)
    return d.id
  }
  const invitations = async (distributionId: string) =>
    (await listInvitations(scope, distributionId)).items

  beforeAll(async () => {
    const organisation = await createOrganisation(ctx.store.db, 'Contact rules test', T0)
    scope = {
      db: ctx.store.db,
      features: ctx.store.features,
      orgId: organisation.id,
      actor: { type: 'user', id: 'u-rules', role: 'admin' },
      now: T0,
    }
  })

  it('refuses a cap of 0 or less, malformed or one-sided quiet hours with their own codes', async () => {
    await expect(
      updateContactRules(scope, { capDays: 0, quietFrom: null, quietTo: null }),
    ).rejects.toMatchObject({ code: 'CONTACT_CAP_INVALID', details: [{ path: 'capDays' }] })
    await expect(
      updateContactRules(scope, { capDays: -3, quietFrom: null, quietTo: null }),
    ).rejects.toMatchObject({ code: 'CONTACT_CAP_INVALID' })
    await expect(
      updateContactRules(scope, { capDays: 2.5, quietFrom: null, quietTo: null }),
    ).rejects.toMatchObject({ code: 'CONTACT_CAP_INVALID' })
    await expect(
      updateContactRules(scope, { capDays: 30, quietFrom: '25:00', quietTo: '08:00' }),
    ).rejects.toMatchObject({ code: 'QUIET_HOURS_MALFORMED', details: [{ path: 'quietFrom' }] })
    await expect(
      updateContactRules(scope, { capDays: 30, quietFrom: '21:00', quietTo: '21:00' }),
    ).rejects.toMatchObject({ code: 'QUIET_HOURS_MALFORMED', details: [{ path: 'quietTo' }] })
    await expect(
      updateContactRules(scope, { capDays: 30, quietFrom: '21:00', quietTo: null }),
    ).rejects.toMatchObject({ code: 'QUIET_HOURS_INCOMPLETE' })
    expect(await getContactRules(scope)).toEqual({
      capDays: null,
      quietFrom: null,
      quietTo: null,
      timeZone: 'Asia/Shanghai',
    })
  })

  it('caps a customer across two surveys and two channels, matched by the customer, and lets them be asked after N days', async () => {
    await updateContactRules(scope, { capDays: 30, quietFrom: null, quietTo: null })
    await createCustomer(scope, {
      keys: [
        { kind: 'email', value: 'Chen@Example.com' },
        { kind: 'phone', value: '+86 139-0013-9000' },
      ],
    })
    const surveyA = await publishedSurvey('门店满意度')
    const surveyB = await publishedSurvey('季度关系调研')
    const byMail = await list('mail', [['chen@example.com', '', '陈']])
    const bySms = await list('sms', [
      ['', '13900139000', '陈'],
      ['', '13700137000', '赵'],
    ])

    const first = await send(T0, surveyA, byMail, 'email')
    await run(T0)
    const second = await send(T0 + DAY, surveyB, bySms, 'webhook')
    await run(T0 + DAY)
    expect(sent).toEqual([
      { channel: 'email', to: 'chen@example.com', surveyId: surveyA },
      { channel: 'sms', to: '13700137000', surveyId: surveyB },
    ])
    expect((await invitations(first)).map((i) => i.status)).toEqual(['sent'])
    const held = await invitations(second)
    expect(held.map((i) => [i.status, i.skipReason, i.skipDetail])).toEqual([
      ['skipped', 'capped', new Date(T0).toISOString()],
      ['sent', null, null],
    ])
    expect((await getDistribution(scope, second)).skips).toEqual({
      capped: 1,
      optedOut: 0,
      noConsent: 0,
      noAddress: 0,
      deferred: 0,
    })

    // 30 days after the last request (and not a millisecond sooner) each may be asked again.
    sent.length = 0
    const later = await send(T0 + 31 * DAY, surveyB, bySms, 'webhook')
    await run(T0 + 31 * DAY)
    expect(sent.map((s) => s.to)).toEqual(['13900139000', '13700137000'])
    expect((await invitations(later)).map((i) => i.status)).toEqual(['sent', 'sent'])
  })

  it('holds sends through the quiet hours and sends them when they end', async () => {
    await updateContactRules(scope, { capDays: null, quietFrom: '21:00', quietTo: '08:00' })
    const survey = await publishedSurvey('夜间测试')
    const listId = await list('night', [['night@example.com', '', '夜']])
    // 2026-07-10 22:30 in Shanghai; quiet until 2026-07-11 08:00 (00:00 UTC).
    const night = Date.UTC(2026, 6, 10, 14, 30)
    const morning = Date.UTC(2026, 6, 11, 0, 0)
    sent.length = 0
    const id = await send(night, survey, listId, 'email')
    const report = await run(night)
    expect(report.deferred).toBeGreaterThanOrEqual(1)
    expect(sent).toEqual([])
    const [waiting] = await invitations(id)
    expect(waiting).toMatchObject({
      status: 'pending',
      skipReason: 'quiet_hours',
      skipDetail: new Date(morning).toISOString(),
    })
    expect((await getDistribution(scope, id)).skips.deferred).toBe(1)
    await run(morning - 60_000)
    expect(sent).toEqual([])
    await run(morning)
    expect(sent).toEqual([{ channel: 'email', to: 'night@example.com', surveyId: survey }])
    expect((await invitations(id))[0]!.status).toBe('sent')
    expect((await getDistribution(scope, id)).skips.deferred).toBe(0)
    await updateContactRules(scope, { capDays: null, quietFrom: null, quietTo: null })
  })

  it('honours an unsubscribed address and withdrawn consent on e-mail and on the SMS webhook', async () => {
    const survey = await publishedSurvey('退订测试')
    const customer = await createCustomer(scope, {
      keys: [
        { kind: 'email', value: 'wu@example.com' },
        { kind: 'phone', value: '13600136000' },
      ],
    })
    // Opted out by e-mail: the SMS to the same contact's phone is held too.
    await insertUnsubscribe(scope.db, scope.orgId, 'zhou@example.com', T0)
    const contacts = [
      ['zhou@example.com', '13500135000', '周'],
      ['wu@example.com', '13600136000', '吴'],
    ]
    const mailList = await list('optout-mail', contacts)
    const smsList = await list('optout-sms', contacts)
    await setCustomerConsent(scope, customer.id, 'survey_invitation', {
      granted: false,
      source: 'hotline',
    })
    sent.length = 0
    const now = Date.UTC(2026, 8, 1, 2, 0)
    const byMail = await send(now, survey, mailList, 'email')
    const bySms = await send(now, survey, smsList, 'webhook')
    await run(now)
    expect(sent).toEqual([])
    for (const id of [byMail, bySms]) {
      expect((await invitations(id)).map((i) => [i.status, i.skipReason])).toEqual([
        ['unsubscribed', 'opted_out'],
        ['skipped', 'no_consent'],
      ])
      expect((await getDistribution(scope, id)).skips).toMatchObject({ optedOut: 1, noConsent: 1 })
    }
    await expect(
      setCustomerConsent(scope, customer.id, 'newsletter', { granted: false }),
    ).rejects.toMatchObject({ code: 'CONSENT_PURPOSE_UNKNOWN' })
  })
})
