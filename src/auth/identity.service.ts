import { hash } from '@node-rs/argon2'
import type { Db } from '../db/database.js'
import type { Actor, Role } from '../db/scope.js'
import { recordAudit } from '../audit/audit.service.js'
import { organisationStatuses } from '../organisations/organisation.service.js'
import { NotFoundError } from '../shared/errors.js'
import { newId } from '../shared/ids.js'
import {
  findIdentityByEmail,
  findIdentityById,
  insertIdentity,
  updateIdentityRow,
  type IdentityRecord,
} from './identity.repository.js'
import { listMembershipsOfIdentity, type UserRecord } from './user.repository.js'

/**
 * A person is one identity (e-mail unique across the instance, password, language, operator
 * flag); each users row is one of their memberships, in one organisation, with its own role.
 * These functions work across organisations and take the store handle `db`.
 */

export type Identity = IdentityRecord

export interface Membership {
  orgId: string
  /** The organisation's name. */
  name: string
  role: Role
}

/**
 * The identity a new membership joins: the existing one of this e-mail, or a new one with this
 * password. Whoever adds the member learns nothing either way (the same answer, the password
 * hashed either way so the time taken is the same), and an existing person's password stays
 * theirs: the one given is then not used.
 */
export async function identityForNewMember(
  db: Db,
  person: { email: string; displayName: string; password?: string | undefined; locale: string },
  now: number,
): Promise<string> {
  // No password: the person signs in only through single sign-on.
  const passwordHash = person.password === undefined ? null : await hash(person.password)
  const existing = await findIdentityByEmail(db, person.email)
  if (existing) return existing.id
  await insertIdentity(db, {
    id: newId(),
    email: person.email,
    displayName: person.displayName,
    passwordHash,
    locale: person.locale,
    isOperator: false,
    createdAt: now,
  })
  // Whichever identity holds the e-mail now: this one, or one added at the same moment.
  return (await findIdentityByEmail(db, person.email))!.id
}

export async function findIdentityOfEmail(db: Db, email: string): Promise<Identity | undefined> {
  return findIdentityByEmail(db, email.trim().toLowerCase())
}

export async function findIdentity(db: Db, identityId: string): Promise<Identity | undefined> {
  return findIdentityById(db, identityId)
}

/**
 * Make the person of this e-mail an operator of the instance (or no longer one), audited
 * (`identity.operator`) in each organisation they are a member of, naming that membership. Give
 * it a transaction (`db`), so the flag and its audit entries land together.
 */
export async function setOperator(
  db: Db,
  email: string,
  isOperator: boolean,
  by: { actor: Actor; now: number },
): Promise<Identity> {
  const identity = await findIdentityOfEmail(db, email)
  if (!identity)
    throw new NotFoundError('USER_NOT_FOUND', `No one signs in with ${email}.`, [
      { path: 'email', reason: 'unknown e-mail' },
    ])
  await updateIdentityRow(db, identity.id, { isOperator })
  for (const membership of await listMembershipsOfIdentity(db, identity.id))
    await recordAudit(
      db,
      { orgId: membership.orgId, actor: by.actor, now: by.now },
      {
        action: 'identity.operator',
        entity: 'user',
        entityId: membership.id,
        detail: { isOperator },
      },
    )
  return { ...identity, isOperator }
}

/**
 * The person's memberships that can be used now: not disabled, in an organisation that is not
 * suspended; the most recently used first (never used counts as oldest, then the newest).
 */
export async function usableMemberships(db: Db, identityId: string): Promise<UserRecord[]> {
  const memberships = (await listMembershipsOfIdentity(db, identityId)).filter(
    (m) => m.disabledAt === null,
  )
  const active = await activeOrganisationIds(
    db,
    memberships.map((m) => m.orgId),
  )
  return memberships.filter((m) => active.has(m.orgId)).sort(byLastUse)
}

/** Which of these organisations are not suspended. */
export async function activeOrganisationIds(
  db: Db,
  orgIds: readonly string[],
): Promise<Set<string>> {
  const statuses = await organisationStatuses(db, [...new Set(orgIds)])
  return new Set(statuses.filter((o) => o.suspendedAt === null).map((o) => o.id))
}

/** Most recently signed in first; never signed in counts as oldest, then the newest membership. */
export function byLastUse(a: UserRecord, b: UserRecord): number {
  return (b.lastLoginAt ?? -1) - (a.lastLoginAt ?? -1) || b.createdAt - a.createdAt
}

/** What `/auth/me` lists: the person's usable memberships, by organisation name. */
export async function membershipsOf(db: Db, identityId: string): Promise<Membership[]> {
  const memberships = await usableMemberships(db, identityId)
  const names = new Map(
    (
      await organisationStatuses(
        db,
        memberships.map((m) => m.orgId),
      )
    ).map((o) => [o.id, o.name]),
  )
  return memberships
    .map((m) => ({ orgId: m.orgId, name: names.get(m.orgId) ?? '', role: m.role }))
    .sort((a, b) => a.name.localeCompare(b.name, 'zh-CN') || a.orgId.localeCompare(b.orgId))
}
