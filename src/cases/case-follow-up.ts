import type { Db } from '../db/database.js'
import type { Scope } from '../db/scope.js'
import { enqueuePersonalInvitation } from '../distribution/personal-invitation.service.js'
import { NotFoundError } from '../shared/errors.js'
import { getSurvey } from '../surveys/survey.service.js'
import type { CaseConfig } from './case-config.js'
import { addCaseEvent, SYSTEM_ACTOR } from './case-events.js'
import { caseByFollowUpInvitation, updateCase, type CaseRecord } from './case.repository.js'
import { followUpSatisfied } from './case-rules.js'
import { feedbackForCases } from '../feedback/feedback-lookup.service.js'

/**
 * The follow-up (回访) after resolution: a personal link to the organisation's
 * follow-up survey, sent by the distribution machinery (e-mail or webhook),
 * and the answer linked back to the case.
 */

const FOLLOW_UP_LIST = '回访联系人 / Case follow-up contacts'
const FOLLOW_UP_DISTRIBUTION = '投诉回访 / Case follow-up'

export type FollowUpOutcome = { sent: true; invitationId: string } | { sent: false; reason: string }

/**
 * Queue the follow-up survey for a resolved case; records on the timeline what happened. Runs on
 * `scope.db` (the resolving transaction).
 */
export async function queueCaseFollowUp(
  scope: Scope,
  resolved: CaseRecord,
  config: CaseConfig,
): Promise<FollowUpOutcome> {
  const outcome = await followUpFor(scope, resolved, config)
  await addCaseEvent(scope.db, {
    orgId: scope.orgId,
    caseId: resolved.id,
    type: outcome.sent ? 'follow_up_sent' : 'follow_up_skipped',
    actor: SYSTEM_ACTOR,
    now: scope.now,
    detail: outcome.sent
      ? { invitationId: outcome.invitationId, channel: config.followUp.channel }
      : { reason: outcome.reason },
  })
  return outcome
}

async function isPublished(scope: Scope, surveyId: string): Promise<boolean> {
  try {
    return (await getSurvey(scope, surveyId)).status === 'published'
  } catch (error) {
    if (error instanceof NotFoundError) return false
    throw error
  }
}

async function followUpFor(
  scope: Scope,
  resolved: CaseRecord,
  config: CaseConfig,
): Promise<FollowUpOutcome> {
  const { surveyId, channel } = config.followUp
  if (!surveyId) return { sent: false, reason: 'no follow-up survey is configured' }
  if (!(await isPublished(scope, surveyId)))
    return { sent: false, reason: 'the follow-up survey is not published' }
  // A case resolved again after reopening has had its invitation cleared; one still set was sent.
  if (resolved.followUpInvitationId)
    return { sent: true, invitationId: resolved.followUpInvitationId }
  const customer = (await feedbackForCases(scope.db, [resolved.feedbackId])).get(
    resolved.feedbackId,
  )
  const address = channel === 'email' ? customer?.customerEmail : customer?.customerPhone
  if (!customer || !address)
    return {
      sent: false,
      reason:
        channel === 'email'
          ? 'the customer left no e-mail address'
          : 'the customer left no phone number',
    }
  const attributes = Object.fromEntries(
    Object.entries({
      customer_id: customer.customerRef,
      store: customer.store,
      case_id: resolved.id,
    }).filter((entry): entry is [string, string] => Boolean(entry[1])),
  )
  const { invitationId } = await enqueuePersonalInvitation(scope, {
    surveyId,
    channel,
    distributionName: FOLLOW_UP_DISTRIBUTION,
    listName: FOLLOW_UP_LIST,
    settings: {
      locale: config.followUp.locale,
      reminders: { afterHours: 48, max: 1 },
      ...(config.followUp.webhook ? { webhook: config.followUp.webhook } : {}),
    },
    contact: {
      email: customer.customerEmail,
      phone: customer.customerPhone,
      name: customer.customerName ?? '',
      attributes,
    },
  })
  await updateCase(scope.db, resolved.id, {
    followUpInvitationId: invitationId,
    updatedAt: scope.now,
  })
  return { sent: true, invitationId }
}

/**
 * A follow-up answer arrived on a personal link: if it belongs to a resolved
 * case, link it, judge whether the customer is satisfied, and move the case to
 * followed-up. Anything else is left alone. Whether the invitation is a case's
 * follow-up at all (whatever the case's status): such an answer never opens a case.
 */
export async function linkFollowUpAnswer(
  db: Db,
  answer: { invitationId: string; responseId: string; nps: number | null; csat: number | null },
  now: number,
): Promise<boolean> {
  const found = await caseByFollowUpInvitation(db, answer.invitationId)
  if (!found) return false
  if (found.status !== 'resolved') return true
  const satisfied = followUpSatisfied(answer)
  await db.transaction().execute(async (trx) => {
    const moved = await updateCase(
      trx,
      found.id,
      {
        status: 'followed_up',
        followedUpAt: now,
        followUpResponseId: answer.responseId,
        followUpSatisfied: satisfied === null ? null : satisfied ? 1 : 0,
        updatedAt: now,
      },
      { status: 'resolved' },
    )
    if (!moved) return
    await addCaseEvent(trx, {
      orgId: found.orgId,
      caseId: found.id,
      type: 'follow_up_answered',
      actor: SYSTEM_ACTOR,
      now,
      detail: {
        responseId: answer.responseId,
        nps: answer.nps,
        csat: answer.csat,
        satisfied,
      },
    })
  })
  return true
}
