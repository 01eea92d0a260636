import { beforeAll, expect, it } from 'vitest'
import type { Scope } from '../db/scope.js'
import { describeEachDialect } from '../db/test-dialects.js'
import { createOrganisation } from '../organisations/organisation.service.js'
import { createSurvey, publishSurvey } from '../surveys/survey.service.js'
import { runDistributionJobs } from './distribution-jobs.js'
import { findDistribution, setDistributionStatus } from './distribution.repository.js'
import { listInvitations } from './distribution.service.js'
import type { OutgoingInvitation } from './invitation-delivery.js'
import {
  enqueuePersonalInvitation,
  type PersonalInvitationRequest,
} from './personal-invitation.service.js'

// Personal invitations the system sends (a case's follow-up) join one standing distribution per
// survey, channel and name, made on first use; the sender delivers whatever is added to it, also
// after it had finished ("sent") once.

const NOW = Date.UTC(2026, 5, 2, 3, 0)

describeEachDialect('personal invitations', (ctx) => {
  let scope: Scope
  let surveyId: string

  const request = (email: string, caseId: string): PersonalInvitationRequest => ({
    surveyId,
    channel: 'email',
    distributionName: '投诉回访 / Case follow-up',
    listName: '回访联系人 / Case follow-up contacts',
    settings: { locale: 'zh-CN', reminders: { afterHours: 48, max: 1 } },
    contact: { email, phone: null, name: '陈女士', attributes: { case_id: caseId } },
  })

  beforeAll(async () => {
    const organisation = await createOrganisation(ctx.store.db, 'Follow-up test', NOW)
    scope = {
      db: ctx.store.db,
      features: ctx.store.features,
      orgId: organisation.id,
      actor: { type: 'system', id: 'test', role: 'admin' },
      now: NOW,
    }
    const survey = await createSurvey(scope, {
      title: { 'zh-CN': '回访' },
      questions: [{ key: 'nps', type: 'nps', title: { 'zh-CN': '推荐意愿' } }],
    })
    await publishSurvey(scope, survey.id)
    surveyId = survey.id
  })

  it('adds each invitation to one standing distribution, which the sender delivers and takes up again', async () => {
    const first = await enqueuePersonalInvitation(scope, request('chen@example.com', 'c1'))
    const second = await enqueuePersonalInvitation(scope, request('li@example.com', 'c2'))
    expect(second.distributionId).toBe(first.distributionId)
    expect(second.invitationId).not.toBe(first.invitationId)

    const distribution = await findDistribution(scope.db, scope.orgId, first.distributionId)
    expect(distribution).toMatchObject({
      surveyId,
      channel: 'email',
      name: '投诉回访 / Case follow-up',
      status: 'sending',
      settings: { locale: 'zh-CN', reminders: { afterHours: 48, max: 1 } },
    })

    const sent: OutgoingInvitation[] = []
    const channels = {
      email: async (invitation: OutgoingInvitation) => {
        sent.push(invitation)
      },
      webhook: async () => {
        throw new Error('no webhook expected')
      },
      mail: async () => {},
    }
    const report = await runDistributionJobs(
      { db: scope.db, channels, baseUrl: 'https://survey.example.com' },
      NOW + 1000,
    )
    expect(report).toMatchObject({ sent: 2, failed: 0 })
    expect(sent.map((s) => s.contact.email).sort()).toEqual(['chen@example.com', 'li@example.com'])
    expect(sent.find((s) => s.contact.email === 'chen@example.com')!.contact.attributes).toEqual({
      case_id: 'c1',
    })
    expect((await findDistribution(scope.db, scope.orgId, first.distributionId))!.status).toBe(
      'sent',
    )

    // A finished standing distribution sends a later invitation again.
    const third = await enqueuePersonalInvitation(
      { ...scope, now: NOW + 5000 },
      request('zhang@example.com', 'c3'),
    )
    expect(third.distributionId).toBe(first.distributionId)
    expect((await findDistribution(scope.db, scope.orgId, first.distributionId))!.status).toBe(
      'sending',
    )
    const page = await listInvitations(scope, first.distributionId)
    expect(page.total).toBe(3)
    expect(page.items.map((i) => [i.address, i.status]).sort()).toEqual([
      ['chen@example.com', 'sent'],
      ['li@example.com', 'sent'],
      ['zhang@example.com', 'pending'],
    ])
  })

  it('moves a distribution only from the status it is asked to move from', async () => {
    const { distributionId } = await enqueuePersonalInvitation(
      scope,
      request('wu@example.com', 'c4'),
    )
    expect(await setDistributionStatus(scope.db, distributionId, 'sent', 'draft')).toBe(false)
    expect(await setDistributionStatus(scope.db, distributionId, 'sent', 'sending')).toBe(true)
    expect((await findDistribution(scope.db, scope.orgId, distributionId))!.status).toBe('sent')
  })
})
