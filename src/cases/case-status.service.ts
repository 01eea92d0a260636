import { requirePermission } from '../auth/permission.service.js'
import type { Db } from '../db/database.js'
import type { Scope } from '../db/scope.js'
import { findOrganisation, isOrganisationSuspended } from '../organisations/organisation.service.js'
import { NotFoundError } from '../shared/errors.js'
import { parseInput } from '../shared/validation.js'
import { type LinkSecretCache, organisationLinkSecret } from '../surveys/signed-link.service.js'
import { caseStatusKey, isCaseStatusKey } from './case-status-key.js'
import { CaseStatusQuerySchema } from './case-status.schema.js'
import { customerReplies, findCaseByNumber } from './case-status.repository.js'
import { loadCase } from './case-query.service.js'
import { caseNumber, nextDeadline } from './case-summary.js'
import type { CaseStatus } from './case-workflow.js'

/**
 * The public case status lookup (/case-status/<organisation>): a customer reads where their case
 * stands with its number and its status key (src/cases/case-status-key.ts), without signing in.
 * Only what the customer should see: the status, when it was opened, the deadline still running
 * and the replies sent to them; never the owner, notes, priority, cause or any other case.
 */

export interface PublicCaseStatus {
  number: string
  status: CaseStatus
  openedAt: number
  /** The deadline still running: the first response, then the resolution; none once resolved. */
  nextDue: { kind: 'response' | 'resolution'; at: number } | null
  resolvedAt: number | null
  replies: Array<{ at: number; text: string }>
}

export interface CaseStatusOrganisation {
  name: string
  timezone: string
}

/** The organisation whose lookup page is at this address; an unknown or suspended one is not found. */
export async function caseStatusOrganisation(
  db: Db,
  orgId: string,
): Promise<CaseStatusOrganisation> {
  const organisation = await findOrganisation({ db, orgId })
  if (!organisation || (await isOrganisationSuspended(db, orgId)))
    throw new NotFoundError('ORGANISATION_NOT_FOUND', 'No case status lookup at this address.')
  return { name: organisation.name, timezone: organisation.timezone }
}

/**
 * The case with this number and key. A missing field is VALIDATION_FAILED; an unknown number
 * and a wrong key answer alike (CASE_NOT_FOUND), so a guess learns nothing of which cases exist.
 */
export async function lookUpCaseStatus(
  db: Db,
  orgId: string,
  input: unknown,
  linkSecrets?: LinkSecretCache,
): Promise<PublicCaseStatus> {
  const query = parseInput(CaseStatusQuerySchema, input)
  const number = Number(query.number.replace(/^C-?/i, ''))
  const found = await findCaseByNumber(db, orgId, number)
  const secret = await organisationLinkSecret({ db, orgId }, linkSecrets)
  // A key is derived even for a number no case has, so both answers take the same work.
  const expected = caseStatusKey(secret, found?.id ?? `no-case:${number}`)
  if (!found || !isCaseStatusKey(query.key, expected))
    throw new NotFoundError('CASE_NOT_FOUND', 'No case with this number and key.')
  const due = nextDeadline(found)
  const replies = await customerReplies(db, orgId, found.id)
  return {
    number: caseNumber(found.number),
    status: found.status,
    openedAt: found.createdAt,
    nextDue:
      due === null
        ? null
        : { kind: found.firstRespondedAt === null ? 'response' : 'resolution', at: due },
    resolvedAt: found.resolvedAt,
    replies: replies.map((r) => ({ at: r.createdAt, text: r.body })),
  }
}

/**
 * The number and status key of a case the member may read, for them to give the customer (on the
 * phone, in a reply) with the lookup page's address.
 */
export async function statusKeyOfCase(
  scope: Scope,
  caseId: string,
  linkSecrets?: LinkSecretCache,
): Promise<{ number: string; key: string }> {
  requirePermission(scope.actor, 'cases:read')
  const found = await loadCase(scope, caseId)
  const secret = await organisationLinkSecret(scope, linkSecrets)
  return { number: caseNumber(found.number), key: caseStatusKey(secret, found.id) }
}
