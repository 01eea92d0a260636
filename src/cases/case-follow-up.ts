import type { Db } from '../db/database.js'
import { newId, newSecret } from '../shared/ids.js'
import type { CaseConfig } from './case-config.js'
import { addCaseEvent, SYSTEM_ACTOR } from './case-events.js'
import { followUpSatisfied } from './case-rules.js'

/**
 * The follow-up (回访) after resolution: a personal link to the organisation's
 * follow-up survey, sent by the distribution machinery (e-mail or webhook),
 * and the answer linked back to the case.
 */

const FOLLOW_UP_LIST = '回访联系人 / Case follow-up contacts'
const FOLLOW_UP_DISTRIBUTION = '投诉回访 / Case follow-up'

async function followUpDistribution(
  db: Db,
  orgId: string,
  config: CaseConfig,
  now: number,
): Promise<string> {
  const { surveyId, channel } = config.followUp
  const existing = await db
    .selectFrom('distributions')
    .select('id')
    .where('org_id', '=', orgId)
    .where('survey_id', '=', surveyId!)
    .where('channel', '=', channel)
    .where('name', '=', FOLLOW_UP_DISTRIBUTION)
    .executeTakeFirst()
  if (existing) return existing.id
  let list = await db
    .selectFrom('contact_lists')
    .select('id')
    .where('org_id', '=', orgId)
    .where('name', '=', FOLLOW_UP_LIST)
    .executeTakeFirst()
  if (!list) {
    list = { id: newId(now) }
    await db
      .insertInto('contact_lists')
      .values({ id: list.id, org_id: orgId, name: FOLLOW_UP_LIST, created_at: now })
      .execute()
  }
  const id = newId(now)
  const settings = {
    locale: config.followUp.locale,
    reminders: { afterHours: 48, max: 1 },
    ...(config.followUp.webhook ? { webhook: config.followUp.webhook } : {}),
  }
  // Always "sending": the background job sends whatever invitation is added to it.
  await db
    .insertInto('distributions')
    .values({
      id,
      org_id: orgId,
      survey_id: surveyId!,
      list_id: list.id,
      name: FOLLOW_UP_DISTRIBUTION,
      channel,
      settings: JSON.stringify(settings),
      status: 'sending',
      send_at: null,
      created_at: now,
    })
    .execute()
  return id
}

export type FollowUpOutcome = { sent: true; invitationId: string } | { sent: false; reason: string }

/** Queue the follow-up survey for a resolved case; records on the timeline what happened. */
export async function queueCaseFollowUp(
  db: Db,
  orgId: string,
  caseId: string,
  config: CaseConfig,
  now: number,
): Promise<FollowUpOutcome> {
  const outcome = await followUpFor(db, orgId, caseId, config, now)
  await addCaseEvent(db, {
    orgId,
    caseId,
    type: outcome.sent ? 'follow_up_sent' : 'follow_up_skipped',
    actor: SYSTEM_ACTOR,
    now,
    detail: outcome.sent
      ? { invitationId: outcome.invitationId, channel: config.followUp.channel }
      : { reason: outcome.reason },
  })
  return outcome
}

async function followUpFor(
  db: Db,
  orgId: string,
  caseId: string,
  config: CaseConfig,
  now: number,
): Promise<FollowUpOutcome> {
  if (!config.followUp.surveyId) return { sent: false, reason: 'no follow-up survey is configured' }
  const survey = await db
    .selectFrom('surveys')
    .select('status')
    .where('org_id', '=', orgId)
    .where('id', '=', config.followUp.surveyId)
    .executeTakeFirst()
  if (survey?.status !== 'published')
    return { sent: false, reason: 'the follow-up survey is not published' }
  const row = await db
    .selectFrom('cases as c')
    .innerJoin('feedback as f', 'f.id', 'c.feedback_id')
    .select([
      'c.follow_up_invitation_id',
      'f.customer_email',
      'f.customer_phone',
      'f.customer_name',
      'f.customer_ref',
      'f.store',
    ])
    .where('c.id', '=', caseId)
    .executeTakeFirstOrThrow()
  if (row.follow_up_invitation_id) return { sent: true, invitationId: row.follow_up_invitation_id }
  const address = config.followUp.channel === 'email' ? row.customer_email : row.customer_phone
  if (!address)
    return {
      sent: false,
      reason:
        config.followUp.channel === 'email'
          ? 'the customer left no e-mail address'
          : 'the customer left no phone number',
    }
  const distributionId = await followUpDistribution(db, orgId, config, now)
  const list = await db
    .selectFrom('distributions')
    .select('list_id')
    .where('id', '=', distributionId)
    .executeTakeFirstOrThrow()
  const contactId = newId(now)
  const attributes = Object.fromEntries(
    Object.entries({ customer_id: row.customer_ref, store: row.store, case_id: caseId }).filter(
      ([, v]) => v,
    ),
  )
  await db
    .insertInto('contacts')
    .values({
      id: contactId,
      org_id: orgId,
      list_id: list.list_id,
      email: row.customer_email,
      phone: row.customer_phone,
      name: row.customer_name ?? '',
      attributes: JSON.stringify(attributes),
      created_at: now,
    })
    .execute()
  const invitationId = newId(now)
  await db
    .insertInto('invitations')
    .values({
      id: invitationId,
      org_id: orgId,
      distribution_id: distributionId,
      contact_id: contactId,
      token: newSecret(18),
      status: 'pending',
      error: null,
      attempts: 0,
      reminders_sent: 0,
      claimed_at: null,
      sent_at: null,
      last_sent_at: null,
      opened_at: null,
      started_at: null,
      completed_at: null,
      response_id: null,
    })
    .execute()
  await db
    .updateTable('distributions')
    .set({ status: 'sending' })
    .where('id', '=', distributionId)
    .execute()
  await db
    .updateTable('cases')
    .set({ follow_up_invitation_id: invitationId, updated_at: now })
    .where('id', '=', caseId)
    .execute()
  return { sent: true, invitationId }
}

/**
 * A follow-up answer arrived on a personal link: if it belongs to a resolved
 * case, link it, judge whether the customer is satisfied, and move the case to
 * followed-up. Anything else is left alone.
 */
export async function linkFollowUpAnswer(
  db: Db,
  invitationId: string,
  responseId: string,
  now: number,
): Promise<void> {
  const found = await db
    .selectFrom('cases')
    .select(['id', 'org_id', 'status'])
    .where('follow_up_invitation_id', '=', invitationId)
    .executeTakeFirst()
  if (found?.status !== 'resolved') return
  const response = await db
    .selectFrom('responses')
    .select(['nps', 'csat'])
    .where('id', '=', responseId)
    .executeTakeFirstOrThrow()
  const satisfied = followUpSatisfied(response)
  await db.transaction().execute(async (trx) => {
    const moved = await trx
      .updateTable('cases')
      .set({
        status: 'followed_up',
        followed_up_at: now,
        follow_up_response_id: responseId,
        follow_up_satisfied: satisfied === null ? null : satisfied ? 1 : 0,
        updated_at: now,
      })
      .where('id', '=', found.id)
      .where('status', '=', 'resolved')
      .executeTakeFirst()
    if (Number(moved.numUpdatedRows) === 0) return
    await addCaseEvent(trx, {
      orgId: found.org_id,
      caseId: found.id,
      type: 'follow_up_answered',
      actor: SYSTEM_ACTOR,
      now,
      detail: { responseId, nps: response.nps, csat: response.csat, satisfied },
    })
  })
}
