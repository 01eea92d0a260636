import type { Db } from '../db/database.js'

/**
 * The invitations sent to any of a customer's addresses (matched on the contacts' blind indexes,
 * or their plaintext in a store without keys), with their funnel, for the customer page.
 */
export interface InvitationHistoryRow {
  id: string
  survey_id: string
  channel: string
  status: string
  unit_id: string | null
  sent_at: number | null
  opened_at: number | null
  started_at: number | null
  completed_at: number | null
  created_at: number
}

export async function invitationsToAddresses(
  db: Db,
  orgId: string,
  match: { emailKeys: readonly string[]; phoneKeys: readonly string[] },
  limit: number,
): Promise<InvitationHistoryRow[]> {
  const { emailKeys, phoneKeys } = match
  if (emailKeys.length === 0 && phoneKeys.length === 0) return []
  return db
    .selectFrom('invitations as i')
    .innerJoin('contacts as c', 'c.id', 'i.contact_id')
    .innerJoin('distributions as d', 'd.id', 'i.distribution_id')
    .select([
      'i.id',
      'd.survey_id',
      'd.channel',
      'i.status',
      'c.unit_id',
      'i.sent_at',
      'i.opened_at',
      'i.started_at',
      'i.completed_at',
      'c.created_at',
    ])
    .where('i.org_id', '=', orgId)
    .where('c.org_id', '=', orgId)
    .where((eb) =>
      eb.or([
        ...(emailKeys.length > 0
          ? [eb('c.email_index', 'in', [...emailKeys]), eb('c.email', 'in', [...emailKeys])]
          : []),
        ...(phoneKeys.length > 0
          ? [eb('c.phone_index', 'in', [...phoneKeys]), eb('c.phone', 'in', [...phoneKeys])]
          : []),
      ]),
    )
    .orderBy('c.created_at', 'desc')
    .orderBy('i.id', 'desc')
    .limit(limit)
    .execute()
}
