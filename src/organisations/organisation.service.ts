import type { Db } from '../db/database.js'
import type { OrgScope, Scope } from '../db/scope.js'
import { currentSealPrefix } from '../personal-data/personal-field.service.js'
import { openSecret, sealSecret } from '../personal-data/sealed-secret.service.js'
import { newId, newSecret } from '../shared/ids.js'
import {
  countOrganisationRows,
  ensureLinkSecret,
  resealLinkSecret,
  findOrganisationRecord,
  firstOrganisationId,
  insertOrganisation,
  listOrganisationRecords,
  findSuspendedAt,
  listOrganisationStatusRecords,
  lockOrganisationRow,
  setSuspendedAt,
  type OrganisationRecord,
  type OrganisationStatusRecord,
} from './organisation.repository.js'

export type Organisation = OrganisationRecord

export const DEFAULT_TIMEZONE = 'Asia/Shanghai'

export async function createOrganisation(
  db: Db,
  name: string,
  now: number,
  timezone = DEFAULT_TIMEZONE,
): Promise<Organisation> {
  const organisation = { id: newId(), name, timezone }
  await insertOrganisation(db, organisation, now)
  return organisation
}

/** The organisation's name and time zone; undefined when there is no such organisation. */
export async function findOrganisation(scope: OrgScope): Promise<Organisation | undefined> {
  return findOrganisationRecord(scope.db, scope.orgId)
}

/** Every organisation (background jobs that work per organisation, in its time zone). */
export async function listOrganisations(db: Db): Promise<Organisation[]> {
  return listOrganisationRecords(db)
}

/** The scope's organisation's time zone (the local day of dates in filters). */
export async function organisationTimezone(scope: Pick<Scope, 'db' | 'orgId'>): Promise<string> {
  const organisation = await findOrganisationRecord(scope.db, scope.orgId)
  if (!organisation) throw new Error(`No organisation ${scope.orgId}`)
  return organisation.timezone
}

export async function countOrganisations(db: Db): Promise<number> {
  return countOrganisationRows(db)
}

/** The oldest organisation's id (a single-organisation install), or `orgId` if it exists. */
export async function firstOrganisation(db: Db, orgId?: string): Promise<string | undefined> {
  return firstOrganisationId(db, orgId)
}

/**
 * Serialise changes to who administers an organisation: taken first in their transaction
 * (`scope.db` is the transaction). Nothing to take where the dialect has no row locks (SQLite
 * serialises writers anyway).
 */
export async function lockOrganisation(scope: Pick<Scope, 'db' | 'orgId' | 'features'>) {
  if (!scope.features.rowLocks) return
  await lockOrganisationRow(scope.db, scope.orgId)
}

/**
 * The HMAC key of the organisation's signed links, created on first use. It is kept sealed with
 * the keyring like every other secret Manyi keeps (sealSecret; as is on a store without keys): a
 * copy of the database alone cannot forge survey, case-status or booking links. A key stored
 * before it was sealed (or under an older key) is sealed again on its first read here, and by the
 * sealing sweep (ORGANISATION_SEALING); the key itself never changes, so links signed before go
 * on verifying.
 */
export async function linkSecretOf(scope: Pick<Scope, 'db' | 'orgId'>): Promise<string> {
  const stored = await ensureLinkSecret(scope.db, scope.orgId, sealSecret(scope.db, newSecret(32)))
  const secret = openSecret(scope.db, stored)
  const prefix = currentSealPrefix(scope.db)
  if (prefix !== null && !stored.startsWith(prefix))
    await resealLinkSecret(scope.db, scope.orgId, stored, sealSecret(scope.db, secret))
  return secret
}

export type OrganisationStatus = OrganisationStatusRecord

/**
 * Organisations with their creation and suspension times, oldest first: every one (the
 * operator's list) or those of `ids` (a person's memberships). Takes the store handle: it reads
 * across organisations.
 */
export async function organisationStatuses(
  db: Db,
  ids?: readonly string[],
): Promise<OrganisationStatus[]> {
  return listOrganisationStatusRecords(db, ids)
}

/** Whether the organisation is suspended (a missing one counts as suspended: nothing may use it). */
export async function isOrganisationSuspended(db: Db, orgId: string): Promise<boolean> {
  return (await findSuspendedAt(db, orgId)) !== null
}

/** Suspend (a time) or resume (null) an organisation; the operator's service checks who may. */
export async function setOrganisationSuspended(
  db: Db,
  orgId: string,
  suspendedAt: number | null,
): Promise<void> {
  await setSuspendedAt(db, orgId, suspendedAt)
}
