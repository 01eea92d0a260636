import { recordAudit } from '../audit/audit.service.js'
import type { Db } from '../db/database.js'
import { ForbiddenError, NotFoundError } from '../shared/errors.js'
import { hashSecret } from '../shared/ids.js'
import { parseInput } from '../shared/validation.js'
import { openSession, suspendedError, type LoginContext, type Principal } from './auth.service.js'
import { SwitchOrganisationSchema } from './auth.schema.js'
import { activeOrganisationIds } from './identity.service.js'
import { deleteSession } from './session.repository.js'
import { listMembershipsOfIdentity } from './user.repository.js'

/**
 * The signed-in person moves to their membership in another organisation: the current session
 * ends and one for that membership begins (its secret is returned, sent only as a cookie).
 * Audited in both organisations, each entry naming only that organisation's membership, so
 * neither learns where else the person works.
 */
export async function switchOrganisation(
  db: Db,
  principal: Principal,
  sessionSecret: string,
  input: unknown,
  now: number,
  context: LoginContext,
): Promise<{ sessionSecret: string; principal: Principal }> {
  const { orgId } = parseInput(SwitchOrganisationSchema, input, 'switch')
  if (principal.actor.type !== 'user' || !principal.identity)
    throw new ForbiddenError(
      'TOKEN_NEEDS_SESSION',
      'Switching organisation needs a signed-in session, not an API token.',
    )
  const identity = principal.identity
  const target = (await listMembershipsOfIdentity(db, identity.id)).find(
    (m) => m.orgId === orgId && m.disabledAt === null,
  )
  if (!target)
    throw new NotFoundError(
      'MEMBERSHIP_NOT_FOUND',
      'You are not an active member of that organisation.',
      [{ path: 'orgId', reason: 'no active membership' }],
    )
  if (!(await activeOrganisationIds(db, [orgId])).has(orgId)) throw suspendedError()
  return openSession(
    db,
    target,
    identity,
    now,
    { action: 'auth.switch_in', detail: { address: context.address } },
    async (trx) => {
      await deleteSession(trx, hashSecret(sessionSecret))
      await recordAudit(
        trx,
        { orgId: principal.orgId, actor: principal.actor, now },
        { action: 'auth.switch_out', entity: 'user', entityId: principal.actor.id, detail: {} },
      )
    },
  )
}
