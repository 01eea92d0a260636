import type { Db } from '../db/database.js'
import { lookupIndexes } from '../personal-data/personal-field.service.js'
import { invitationsToAddresses } from './invitation-history.repository.js'

// A customer's invitations with their funnel (sent, opened, started, completed), found by the
// customer's e-mail addresses and phone numbers, for the customer page's timeline.

export interface InvitationHistory {
  id: string
  surveyId: string
  channel: string
  /** The furthest the invitation got: completed, started, opened, sent — or pending, failed, unsubscribed. */
  stage: string
  unitId: string | null
  /** When it was sent, else when its contact was added. */
  at: number
  funnel: {
    sentAt: number | null
    openedAt: number | null
    startedAt: number | null
    completedAt: number | null
  }
}

const num = (v: number | null) => (v === null ? null : Number(v))

export async function invitationsOfAddresses(
  db: Db,
  orgId: string,
  addresses: { emails: readonly string[]; phones: readonly string[] },
  limit = 200,
): Promise<InvitationHistory[]> {
  const rows = await invitationsToAddresses(
    db,
    orgId,
    {
      emailKeys: addresses.emails.flatMap((e) => [e, ...lookupIndexes(db, 'email', e)]),
      phoneKeys: addresses.phones.flatMap((p) => [p, ...lookupIndexes(db, 'phone', p)]),
    },
    limit,
  )
  return rows.map((r) => {
    const funnel = {
      sentAt: num(r.sent_at),
      openedAt: num(r.opened_at),
      startedAt: num(r.started_at),
      completedAt: num(r.completed_at),
    }
    const stage = funnel.completedAt
      ? 'completed'
      : funnel.startedAt
        ? 'started'
        : funnel.openedAt
          ? 'opened'
          : r.status
    return {
      id: r.id,
      surveyId: r.survey_id,
      channel: r.channel,
      stage,
      unitId: r.unit_id,
      at: funnel.sentAt ?? Number(r.created_at),
      funnel,
    }
  })
}
