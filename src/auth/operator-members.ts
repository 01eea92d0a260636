import { recordAudit } from '../audit/audit.service.js'
import type { Db } from '../db/database.js'
import { newSecret } from '../shared/ids.js'
import { parseInput } from '../shared/validation.js'
import { createUser } from './auth.service.js'
import { type AddedOperatorMember, OperatorMemberSchema } from './auth.schema.js'
import { findIdentityOfEmail } from './identity.service.js'
import { oneOrganisationForOperator, type OperatorCaller } from './operator.js'

/** Add an administrator, security administrator or auditor to an organisation. Audited there. */
export async function addMemberAsOperator(
  db: Db,
  caller: OperatorCaller,
  orgId: string,
  input: unknown,
): Promise<AddedOperatorMember> {
  const values = parseInput(OperatorMemberSchema, input, 'member')
  await oneOrganisationForOperator(db, orgId)
  const existingPerson = (await findIdentityOfEmail(db, values.email)) !== undefined
  const generated = values.password === undefined ? newSecret(12) : undefined
  const id = await db.transaction().execute(async (trx) => {
    const userId = await createUser(
      { db: trx, orgId },
      { ...values, password: values.password ?? generated },
      caller.now,
    )
    await recordAudit(
      trx,
      { orgId, actor: caller.actor, now: caller.now },
      // Ids and the role, never the e-mail (erasure stays complete).
      { action: 'user.create', entity: 'user', entityId: userId, detail: { role: values.role } },
    )
    return userId
  })
  return {
    member: { id, email: values.email, role: values.role },
    ...(generated && !existingPerson ? { generatedPassword: generated } : {}),
    existingPerson,
  }
}
