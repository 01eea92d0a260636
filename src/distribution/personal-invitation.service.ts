import type { Scope } from '../db/scope.js'
import { newId } from '../shared/ids.js'
import {
  findContactListIdByName,
  insertContactList,
  insertContacts,
  type NewContact,
} from './contact.repository.js'
import {
  findNamedDistribution,
  insertDistribution,
  setDistributionStatus,
} from './distribution.repository.js'
import type { DistributionSettings } from './distribution.schema.js'
import { insertPendingInvitation } from './invitation.repository.js'

/**
 * One personal invitation sent by the system (a case's follow-up survey, 回访), not by a user
 * starting a distribution: it joins a standing distribution named `distribution.name` for the
 * survey and channel, made on first use (with a contact list named `listName`) and always
 * "sending", so the background sender delivers whatever is added to it.
 */
export interface PersonalInvitationRequest {
  surveyId: string
  channel: 'email' | 'webhook'
  /** The standing distribution's name (e.g. "投诉回访 / Case follow-up"). */
  distributionName: string
  /** The contact list its contacts are kept in. */
  listName: string
  /** Used only when the distribution is made; an existing one keeps its settings. */
  settings: DistributionSettings
  contact: NewContact
}

/**
 * The one way to create a personal invitation outside a distribution's start. Runs on
 * `scope.db` as given: pass a transaction's scope to make it part of one. The caller has
 * decided the invitation is wanted (survey published, address present); no permission is
 * checked here, since the system, not the acting user, sends it.
 */
export async function enqueuePersonalInvitation(
  scope: Scope,
  request: PersonalInvitationRequest,
): Promise<{ invitationId: string; distributionId: string }> {
  const { db, orgId, now } = scope
  let distribution = await findNamedDistribution(db, orgId, {
    surveyId: request.surveyId,
    channel: request.channel,
    name: request.distributionName,
  })
  if (!distribution) {
    let listId = await findContactListIdByName(db, orgId, request.listName)
    if (!listId) {
      listId = newId(now)
      await insertContactList(db, { id: listId, orgId, name: request.listName, createdAt: now })
    }
    distribution = {
      id: newId(now),
      orgId,
      surveyId: request.surveyId,
      listId,
      name: request.distributionName,
      channel: request.channel,
      settings: request.settings,
      status: 'sending',
      sendAt: null,
      createdAt: now,
    }
    await insertDistribution(db, distribution)
  }
  const [contactId] = await insertContacts(
    db,
    orgId,
    distribution.listId,
    [request.contact],
    now,
    now,
  )
  const invitationId = await insertPendingInvitation(db, orgId, distribution.id, contactId!, now)
  // A standing distribution the sender finished ("sent") takes up sending again.
  await setDistributionStatus(db, distribution.id, 'sending')
  return { invitationId, distributionId: distribution.id }
}
