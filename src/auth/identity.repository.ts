import type { Selectable, Updateable } from 'kysely'
import type { Db } from '../db/database.js'
import type { IdentityTable } from './identity.table.js'

/** The `identities` table (people, above the organisations): the only code that queries it. */

export interface IdentityRecord {
  id: string
  email: string
  displayName: string
  /** Null for people who sign in only through single sign-on. */
  passwordHash: string | null
  locale: string
  isOperator: boolean
  createdAt: number
}

function toRecord(row: Selectable<IdentityTable>): IdentityRecord {
  return {
    id: row.id,
    email: row.email,
    displayName: row.display_name,
    passwordHash: row.password_hash,
    locale: row.locale,
    isOperator: Number(row.is_operator) === 1,
    createdAt: Number(row.created_at),
  }
}

/**
 * Insert the identity unless one has its e-mail already (two organisations adding the same new
 * person at once): the statement never fails on the e-mail, so the caller's transaction goes on
 * and reads back whichever identity holds it.
 */
export async function insertIdentity(db: Db, identity: IdentityRecord): Promise<void> {
  await db
    .insertInto('identities')
    .values({
      id: identity.id,
      email: identity.email,
      display_name: identity.displayName,
      password_hash: identity.passwordHash,
      locale: identity.locale,
      is_operator: identity.isOperator ? 1 : 0,
      created_at: identity.createdAt,
    })
    .onConflict((oc) => oc.column('email').doNothing())
    .execute()
}

/** The identity of this (lower-cased) e-mail. */
export async function findIdentityByEmail(
  db: Db,
  email: string,
): Promise<IdentityRecord | undefined> {
  const row = await db
    .selectFrom('identities')
    .selectAll()
    .where('email', '=', email)
    .executeTakeFirst()
  return row && toRecord(row)
}

export async function findIdentityById(db: Db, id: string): Promise<IdentityRecord | undefined> {
  const row = await db.selectFrom('identities').selectAll().where('id', '=', id).executeTakeFirst()
  return row && toRecord(row)
}

export interface IdentityChanges {
  passwordHash?: string | null
  isOperator?: boolean
}

export async function updateIdentityRow(
  db: Db,
  id: string,
  changes: IdentityChanges,
): Promise<void> {
  const set: Updateable<IdentityTable> = {}
  if (changes.passwordHash !== undefined) set.password_hash = changes.passwordHash
  if (changes.isOperator !== undefined) set.is_operator = changes.isOperator ? 1 : 0
  if (Object.keys(set).length === 0) return
  await db.updateTable('identities').set(set).where('id', '=', id).execute()
}
