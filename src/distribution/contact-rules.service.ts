import { requirePermission } from '../auth/permission.service.js'
import { recordAudit } from '../audit/audit.service.js'
import { contactCustomers } from '../customers/customer-consent.service.js'
import type { Db } from '../db/database.js'
import type { Scope } from '../db/scope.js'
import { minutesOf, quietHoursEnd, timeOf } from '../shared/quiet-hours.js'
import { organisationTimezone } from '../organisations/organisation.service.js'
import { ValidationError } from '../shared/errors.js'
import { parseInput } from '../shared/validation.js'
import { isUnsubscribed } from './contact.repository.js'
import {
  deferPendingInvitations,
  deleteTouches,
  findContactRules,
  insertTouches,
  lastTouchSince,
  lockContactRules,
  markInvitationSkipped,
  saveContactRules,
  type StoredContactRules,
} from './contact-rules.repository.js'
import { ContactRulesInputSchema, type ContactRules } from './contact-rules.schema.js'

// Contact rules (issue 18): the one place every invitation passes before it is sent — by a
// distribution, a system's personal invitation (case follow-up) or a recurring programme, on any
// channel (they all go through the sender in distribution-jobs.ts). An organisation's frequency
// cap (no customer or address asked more than once in N days, across surveys and channels),
// its quiet hours (what falls inside waits until they end, never dropped) and opt-outs
// (an unsubscribed address, consent for survey invitations withdrawn) are applied here, and the
// reason for every invitation held back is written on it.

const DAY_MS = 86_400_000
const LOCAL_TIME = /^([01]\d|2[0-3]):[0-5]\d$/

export async function getContactRules(scope: Scope): Promise<ContactRules> {
  requirePermission(scope.actor, 'distributions:read')
  return wireRules(await findContactRules(scope.db, scope.orgId), await organisationTimezone(scope))
}

function wireRules(rules: StoredContactRules, timeZone: string): ContactRules {
  return {
    capDays: rules.capDays,
    quietFrom: rules.quietFrom === null ? null : timeOf(rules.quietFrom),
    quietTo: rules.quietTo === null ? null : timeOf(rules.quietTo),
    timeZone,
  }
}

/** The rules checked one by one, each wrong value refused with its own code. */
function checkedRules(input: unknown): StoredContactRules {
  const body = parseInput(ContactRulesInputSchema, input, 'contact rules')
  const { capDays, quietFrom, quietTo } = body
  if (capDays !== null && (!Number.isInteger(capDays) || capDays < 1 || capDays > 3650))
    throw new ValidationError(
      'CONTACT_CAP_INVALID',
      'The contact cap is a whole number of days from 1 to 3650.',
      [
        {
          path: 'capDays',
          reason: `${capDays} is not 1–3650 whole days`,
          allowed: '1–3650, or null',
        },
      ],
    )
  if ((quietFrom === null) !== (quietTo === null))
    throw new ValidationError(
      'QUIET_HOURS_INCOMPLETE',
      'Quiet hours need both a start and an end time, or neither.',
      [{ path: quietFrom === null ? 'quietFrom' : 'quietTo', reason: 'missing', allowed: 'HH:MM' }],
    )
  for (const [path, value] of [
    ['quietFrom', quietFrom],
    ['quietTo', quietTo],
  ] as const) {
    if (value !== null && !LOCAL_TIME.test(value))
      throw new ValidationError('QUIET_HOURS_MALFORMED', `Quiet hours: "${value}" is not HH:MM.`, [
        { path, reason: 'not a local time', allowed: 'HH:MM, 00:00–23:59' },
      ])
  }
  if (quietFrom !== null && quietFrom === quietTo)
    throw new ValidationError(
      'QUIET_HOURS_MALFORMED',
      'Quiet hours start and end at the same time.',
      [{ path: 'quietTo', reason: 'same as the start', allowed: 'a time other than quietFrom' }],
    )
  return {
    capDays,
    quietFrom: quietFrom === null ? null : minutesOf(quietFrom),
    quietTo: quietTo === null ? null : minutesOf(quietTo),
  }
}

export async function updateContactRules(scope: Scope, input: unknown): Promise<ContactRules> {
  requirePermission(scope.actor, 'distributions:write')
  const rules = checkedRules(input)
  await scope.db.transaction().execute(async (trx) => {
    await saveContactRules(trx, scope.orgId, rules, scope.now)
    await recordAudit(trx, scope, {
      action: 'contact-rules.update',
      entity: 'organisation',
      entityId: scope.orgId,
      detail: { ...rules },
    })
  })
  return wireRules(rules, await organisationTimezone(scope))
}

/** An organisation's rules as the sender applies them (read once per distribution and run). */
export interface SendingRules extends StoredContactRules {
  orgId: string
  timeZone: string
}

export async function sendingRules(db: Db, orgId: string): Promise<SendingRules> {
  const rules = await findContactRules(db, orgId)
  return { ...rules, orgId, timeZone: await organisationTimezone({ db, orgId }) }
}

/** When the quiet hours around `now` end, or null outside them (or with none set). */
export function quietUntil(rules: SendingRules, now: number): number | null {
  if (rules.quietFrom === null || rules.quietTo === null) return null
  return quietHoursEnd(now, { from: rules.quietFrom, to: rules.quietTo }, rules.timeZone)
}

/**
 * Quiet hours for a whole distribution: while they last, its pending invitations are marked as
 * waiting until they end (not sent before); true when the sender should send nothing now.
 */
export async function deferForQuietHours(
  db: Db,
  rules: SendingRules,
  distributionId: string,
  now: number,
): Promise<boolean> {
  const until = quietUntil(rules, now)
  if (until === null) return false
  await deferPendingInvitations(db, distributionId, until)
  return true
}

export interface ContactAddresses {
  email: string | null
  phone: string | null
}

export type ContactVerdict =
  | { send: true; identities: string[] }
  | { send: false; reason: 'opted_out' | 'no_consent' | 'capped'; detail: string | null }

/**
 * Whether one contact may be asked now. Opt-outs hold on every channel: an unsubscribe of either
 * of the contact's addresses, or its customer's consent for survey invitations withdrawn. The cap
 * counts every earlier send to the same customer (by any of their keys) or the same address.
 * `reminder`: a reminder of an invitation already sent is not a new request (the cap is not read).
 */
export async function contactVerdict(
  db: Db,
  rules: SendingRules,
  contact: ContactAddresses,
  now: number,
  options: { reminder: boolean } = { reminder: false },
): Promise<ContactVerdict> {
  for (const address of [contact.email, contact.phone]) {
    if (address && (await isUnsubscribed(db, rules.orgId, address)))
      return { send: false, reason: 'opted_out', detail: null }
  }
  const who = await contactCustomers(db, rules.orgId, contact, 'survey_invitation')
  if (who.consentWithdrawn) return { send: false, reason: 'no_consent', detail: null }
  if (rules.capDays !== null && !options.reminder) {
    const last = await lastTouchSince(
      db,
      rules.orgId,
      who.identityLookups,
      now - rules.capDays * DAY_MS,
    )
    if (last !== null)
      return { send: false, reason: 'capped', detail: new Date(last).toISOString() }
  }
  return { send: true, identities: who.identities }
}

/** Write why the invitation is held back (final: it is not sent). */
export function recordSkip(
  db: Db,
  invitationId: string,
  verdict: Extract<ContactVerdict, { send: false }>,
): Promise<void> {
  return markInvitationSkipped(db, invitationId, verdict.reason, verdict.detail)
}

/**
 * Whether one (non-reminder) invitation may be sent now, and if so its send counted against the
 * cap in the same transaction, so a second invitation to the same person checked next — by this
 * instance or another on the same database at the same moment (another survey, another channel)
 * — is capped: with a cap, the check and the count run after the organisation's rules-row lock
 * (lockContactRules), so concurrent deciders queue instead of both reading "never asked".
 * `releaseSend` takes the count back when the message could not be delivered.
 */
export async function claimSend(
  db: Db,
  rules: SendingRules,
  contact: ContactAddresses,
  invitationId: string,
  now: number,
): Promise<ContactVerdict> {
  const decide = async (trx: Db): Promise<ContactVerdict> => {
    const verdict = await contactVerdict(trx, rules, contact, now)
    if (verdict.send) await insertTouches(trx, rules.orgId, invitationId, verdict.identities, now)
    return verdict
  }
  if (rules.capDays === null) return decide(db)
  return db.transaction().execute(async (trx) => {
    await lockContactRules(trx, rules.orgId)
    return decide(trx)
  })
}

export function releaseSend(db: Db, invitationId: string): Promise<void> {
  return deleteTouches(db, invitationId)
}
