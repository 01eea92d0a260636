import { z } from 'zod'
import type { Db } from '../db/database.js'
import { CONTACT_PERSONAL_COLUMNS, openContact } from './contact-personal-fields.js'

/**
 * The queries of the answer path on invitations: a personal link's
 * invitation as the respondent page opens it, the funnel steps its answer
 * sets, and the contact the survey intake names as the customer. Separate
 * from invitation.repository.ts (the sending side) so the answer path's
 * reads stay in one place.
 */

/** contacts.attributes as stored: the list's other columns, by column name. */
const AttributesSchema = z.record(z.string(), z.string())
/** distributions.settings as far as the answer path reads it: the webhook's channel name. */
const SettingsSchema = z.looseObject({
  webhook: z.looseObject({ channelName: z.string().optional() }).optional(),
})

export interface InvitationForAnswer {
  id: string
  orgId: string
  surveyId: string
  /** The distribution's channel: email or webhook. */
  channel: string
  /** The webhook's channel name (sms, wechat …) when it names one. */
  webhookChannelName: string | null
  attributes: Record<string, string>
  completedAt: number | null
  responseId: string | null
  /** The contact's organisation unit (null: none). */
  contactUnitId: string | null
}

export async function findInvitationForAnswer(
  db: Db,
  token: string,
): Promise<InvitationForAnswer | undefined> {
  const row = await db
    .selectFrom('invitations as i')
    .innerJoin('distributions as d', 'd.id', 'i.distribution_id')
    .innerJoin('contacts as c', 'c.id', 'i.contact_id')
    .select([
      'i.id',
      'i.org_id',
      'd.survey_id',
      'd.channel',
      'd.settings',
      'c.attributes',
      'c.unit_id',
      'i.completed_at',
      'i.response_id',
    ])
    .where('i.token', '=', token)
    .executeTakeFirst()
  if (!row) return undefined
  const settings = SettingsSchema.parse(JSON.parse(row.settings))
  return {
    id: row.id,
    orgId: row.org_id,
    surveyId: row.survey_id,
    channel: row.channel,
    webhookChannelName: settings.webhook?.channelName ?? null,
    attributes: AttributesSchema.parse(JSON.parse(row.attributes)),
    completedAt: row.completed_at === null ? null : Number(row.completed_at),
    responseId: row.response_id,
    contactUnitId: row.unit_id,
  }
}

/** Funnel steps are set once, at their first occurrence; later visits change nothing. */
export async function setInvitationOpened(
  db: Db,
  invitationId: string,
  now: number,
): Promise<void> {
  await db
    .updateTable('invitations')
    .set({ opened_at: now })
    .where('id', '=', invitationId)
    .where('opened_at', 'is', null)
    .execute()
}

export async function setInvitationStarted(
  db: Db,
  invitationId: string,
  now: number,
): Promise<void> {
  await db
    .updateTable('invitations')
    .set({ started_at: now })
    .where('id', '=', invitationId)
    .where('started_at', 'is', null)
    .execute()
}

export async function setInvitationCompleted(
  db: Db,
  invitationId: string,
  responseId: string,
  now: number,
): Promise<void> {
  await db
    .updateTable('invitations')
    .set({ completed_at: now, response_id: responseId })
    .where('id', '=', invitationId)
    .where('completed_at', 'is', null)
    .execute()
}

export interface InvitedContact {
  name: string
  email: string | null
  phone: string | null
  attributes: Record<string, string>
}

/** The contacts behind invitations, by invitation id (one query for a batch of answers). */
export async function contactsOfInvitations(
  db: Db,
  invitationIds: readonly string[],
): Promise<Map<string, InvitedContact>> {
  if (invitationIds.length === 0) return new Map()
  const rows = await db
    .selectFrom('invitations as i')
    .innerJoin('contacts as c', 'c.id', 'i.contact_id')
    .select(['i.id', ...CONTACT_PERSONAL_COLUMNS, 'c.attributes'])
    .where('i.id', 'in', [...new Set(invitationIds)])
    .execute()
  return new Map(
    rows.map((r) => [
      r.id,
      {
        ...openContact(db, r),
        attributes: AttributesSchema.parse(JSON.parse(r.attributes)),
      },
    ]),
  )
}
