import { requirePermission } from '../auth/permission.service.js'
import { recordAudit } from '../audit/audit.service.js'
import type { Db } from '../db/database.js'
import type { Scope } from '../db/scope.js'
import { organisationTimezone } from '../organisations/organisation.service.js'
import { ConflictError, NotFoundError, ValidationError } from '../shared/errors.js'
import { newId } from '../shared/ids.js'
import { localDayOf } from '../shared/timezone.js'
import { parseInput } from '../shared/validation.js'
import { requireSegment, segmentMembers } from '../customers/customer-segment.service.js'
import { getSurvey } from '../surveys/survey.service.js'
import { unitById, unitSubtreeIds } from '../units/unit.service.js'
import { assertContactListExists } from './contact-list.service.js'
import {
  deleteEmptyUnsentLists,
  findContactListIdByName,
  insertContactList,
  insertContacts,
  listContactAddresses,
  listContactAddressesInUnits,
} from './contact.repository.js'
import { skipCounts } from './contact-rules.repository.js'
import { insertDistribution } from './distribution.repository.js'
import type { DistributionSettings } from './distribution.schema.js'
import { insertPendingInvitations, invitationFunnels } from './invitation.repository.js'
import { webhookHostProblem, type OutboundPolicy } from './outbound-address.js'
import {
  findProgramme,
  insertProgramme,
  insertRunOnce,
  lastRunListId,
  listActiveProgrammes,
  listOrgProgrammes,
  listRuns,
  setProgrammeStatus,
  setRunOutcome,
  type ProgrammeRecord,
} from './programme.repository.js'
import {
  ProgrammeInputSchema,
  ProgrammeStatusInputSchema,
  type Programme,
  type ProgrammeAudience,
  type ProgrammeSchedule,
} from './programme.schema.js'

// Recurring relational programmes (issue 18): a survey sent every month, quarter or year to a
// contact list, to the contacts of a unit and the units below it, or to a saved customer segment. The background job fires each
// programme once per calendar period of the organisation's time zone (the unique programme and
// period decides which instance does it); the run is a distribution like any other, so every
// invitation passes the contact rules in the sender, and each run's funnel and skip reasons show.

/** The contact list a unit audience's distributions name (contacts come from every list). */
const UNIT_AUDIENCE_LIST = '周期调研对象 / Programme audience'
/** The start of the name of the list a segment programme's runs write their contacts to. */
const SEGMENT_AUDIENCE_LIST = '周期调研分群 / Segment audience'
const SKIPPED_NO_EMAIL = 'the contact has no e-mail address'

/** The calendar period holding a local date: 2026-06, 2026-Q2 or 2026. */
export function periodOf(schedule: ProgrammeSchedule, localDate: string): string {
  const [year, month] = localDate.split('-') as [string, string]
  if (schedule === 'monthly') return `${year}-${month}`
  if (schedule === 'quarterly') return `${year}-Q${Math.floor((Number(month) - 1) / 3) + 1}`
  return year
}

function localDateOf(at: number, timeZone: string): string {
  return new Date(localDayOf(at, timeZone) * 86_400_000).toISOString().slice(0, 10)
}

type AudienceContact = { id: string; email: string | null; phone: string | null }

/** The audience's contacts, one per address (the same person in two lists is asked once). */
async function audienceContacts(
  db: Db,
  orgId: string,
  audience: Exclude<ProgrammeAudience, { kind: 'segment' }>,
  now: number,
): Promise<AudienceContact[]> {
  const contacts =
    audience.kind === 'list'
      ? await listContactAddresses(db, orgId, audience.listId)
      : await listContactAddressesInUnits(
          db,
          orgId,
          await unitSubtreeIds({ db, orgId, now }, [audience.unitId]),
        )
  const seen = new Set<string>()
  return contacts.filter((c) => {
    const address = (c.email ?? c.phone ?? '').trim().toLowerCase()
    if (address === '' || !seen.has(address)) {
      if (address !== '') seen.add(address)
      return true
    }
    return false
  })
}

const EMPTY_AUDIENCE: Record<ProgrammeAudience['kind'], [string, string]> = {
  list: ['The contact list has no contacts.', 'audience.listId'],
  unit: ['No contact belongs to this unit or the units below it.', 'audience.unitId'],
  segment: ['No member of the segment has a phone or an e-mail.', 'audience.segmentId'],
}

function emptyAudience(audience: ProgrammeAudience): ValidationError {
  const [message, path] = EMPTY_AUDIENCE[audience.kind]
  return new ValidationError('PROGRAMME_AUDIENCE_EMPTY', message, [
    { path, reason: 'no contact to invite' },
  ])
}

/** How many the audience would ask now (a segment's reachable members, a list's or unit's contacts). */
async function audienceSize(scope: Scope, audience: ProgrammeAudience): Promise<number> {
  if (audience.kind === 'segment') return (await segmentMembers(scope, audience.segmentId)).length
  return (await audienceContacts(scope.db, scope.orgId, audience, scope.now)).length
}

export async function createProgramme(
  scope: Scope,
  input: unknown,
  outbound: OutboundPolicy & { emailConfigured: boolean },
): Promise<Programme> {
  requirePermission(scope.actor, 'distributions:write')
  const parsed = parseInput(ProgrammeInputSchema, input, 'programme')
  await getSurvey(scope, parsed.surveyId)
  if (parsed.audience.kind === 'list') await assertContactListExists(scope, parsed.audience.listId)
  else if (parsed.audience.kind === 'segment')
    await requireSegment(scope, parsed.audience.segmentId).catch((error: unknown) => {
      throw error instanceof NotFoundError
        ? new NotFoundError('SEGMENT_NOT_FOUND', error.message, [
            { path: 'audience.segmentId', reason: 'unknown segment' },
          ])
        : error
    })
  else if (!(await unitById(scope, parsed.audience.unitId)))
    throw new NotFoundError('UNIT_NOT_FOUND', `No unit ${parsed.audience.unitId}.`, [
      { path: 'audience.unitId', reason: 'unknown unit' },
    ])
  if ((await audienceSize(scope, parsed.audience)) === 0) throw emptyAudience(parsed.audience)
  if (parsed.channel === 'email' && !outbound.emailConfigured)
    throw new ConflictError(
      'MAIL_NOT_CONFIGURED',
      'No mail server is configured (MANYI_SMTP_URL): e-mail invitations cannot be sent.',
      [{ path: 'channel', reason: 'e-mail needs a mail server (MANYI_SMTP_URL)' }],
    )
  const problem = parsed.webhook ? webhookHostProblem(parsed.webhook.url, outbound) : null
  if (problem)
    throw new ValidationError(
      'WEBHOOK_ADDRESS_NOT_ALLOWED',
      `Webhooks go to public addresses only: ${problem}.`,
      [{ path: 'webhook.url', reason: problem, allowed: 'a public address' }],
    )
  const settings: DistributionSettings = {
    locale: parsed.locale,
    // A relational survey is asked once a period: no reminders.
    reminders: { afterHours: 72, max: 0 },
    ...(parsed.email ? { email: parsed.email } : {}),
    ...(parsed.webhook ? { webhook: parsed.webhook } : {}),
  }
  const record: ProgrammeRecord = {
    id: newId(scope.now),
    orgId: scope.orgId,
    name: parsed.name,
    surveyId: parsed.surveyId,
    channel: parsed.channel,
    schedule: parsed.schedule,
    startDate: parsed.startDate,
    audience: parsed.audience,
    settings,
    status: 'active',
    createdAt: scope.now,
    updatedAt: scope.now,
  }
  await scope.db.transaction().execute(async (trx) => {
    await insertProgramme(trx, record)
    await recordAudit(trx, scope, {
      action: 'programme.create',
      entity: 'programme',
      entityId: record.id,
      detail: { surveyId: record.surveyId, schedule: record.schedule, audience: record.audience },
    })
  })
  return (await programmesWithRuns(scope, [record]))[0]!
}

async function programmesWithRuns(
  scope: Scope,
  records: readonly ProgrammeRecord[],
): Promise<Programme[]> {
  const runs = await listRuns(
    scope.db,
    scope.orgId,
    records.map((r) => r.id),
  )
  const distributionIds = runs.flatMap((r) => (r.distributionId ? [r.distributionId] : []))
  const funnels = await invitationFunnels(scope.db, scope.orgId, distributionIds)
  const skips = await skipCounts(scope.db, scope.orgId, distributionIds)
  return records.map((r) => ({
    id: r.id,
    name: r.name,
    surveyId: r.surveyId,
    channel: r.channel,
    schedule: r.schedule,
    startDate: r.startDate,
    audience: r.audience,
    status: r.status,
    createdAt: new Date(r.createdAt).toISOString(),
    runs: runs
      .filter((run) => run.programmeId === r.id)
      .map((run) => ({
        id: run.id,
        period: run.period,
        firedAt: new Date(run.firedAt).toISOString(),
        distributionId: run.distributionId,
        error: run.error,
        funnel: run.distributionId ? funnels.get(run.distributionId)! : null,
        skips: run.distributionId ? skips.get(run.distributionId)! : null,
      })),
  }))
}

export async function listProgrammes(scope: Scope): Promise<Programme[]> {
  requirePermission(scope.actor, 'distributions:read')
  return programmesWithRuns(scope, await listOrgProgrammes(scope.db, scope.orgId))
}

/** Pause a programme (no further runs) or take it up again. */
export async function updateProgrammeStatus(
  scope: Scope,
  programmeId: string,
  input: unknown,
): Promise<Programme> {
  requirePermission(scope.actor, 'distributions:write')
  const { status } = parseInput(ProgrammeStatusInputSchema, input, 'programme status')
  const record = await findProgramme(scope.db, scope.orgId, programmeId)
  if (!record)
    throw new NotFoundError('PROGRAMME_NOT_FOUND', `No programme ${programmeId}.`, [
      { path: 'id', reason: 'unknown programme' },
    ])
  await scope.db.transaction().execute(async (trx) => {
    await setProgrammeStatus(trx, scope.orgId, programmeId, status, scope.now)
    await recordAudit(trx, scope, {
      action: status === 'paused' ? 'programme.pause' : 'programme.resume',
      entity: 'programme',
      entityId: programmeId,
      detail: {},
    })
  })
  return (await programmesWithRuns(scope, [{ ...record, status, updatedAt: scope.now }]))[0]!
}

const SYSTEM_ACTOR = { type: 'system', id: 'programme-runs', role: 'admin' } as const

/**
 * The background job: each active programme whose period has begun (on or after its start date,
 * in the organisation's time zone) and has no run yet fires once — the run's row, its
 * distribution and its invitations written in one transaction, so a run is whole or absent.
 */
export async function runProgrammes(
  db: Db,
  features: Scope['features'],
  now: number,
): Promise<{ fired: number }> {
  let fired = 0
  for (const programme of await listActiveProgrammes(db))
    if (await fireIfDue(db, features, programme, now)) fired++
  return { fired }
}

/**
 * A programme just made (or resumed) whose period has begun runs at once rather than at the
 * job's next look; `wakeJobs` then lets the sender deliver. Still once per period.
 */
export async function fireProgrammeNow(
  scope: Scope,
  programmeId: string,
  wakeJobs: () => void,
): Promise<void> {
  const programme = await findProgramme(scope.db, scope.orgId, programmeId)
  if (
    programme?.status === 'active' &&
    (await fireIfDue(scope.db, scope.features, programme, scope.now))
  )
    wakeJobs()
}

async function fireIfDue(
  db: Db,
  features: Scope['features'],
  programme: ProgrammeRecord,
  now: number,
): Promise<boolean> {
  const timeZone = await organisationTimezone({ db, orgId: programme.orgId })
  const today = localDateOf(now, timeZone)
  if (today < programme.startDate) return false
  const period = periodOf(programme.schedule, today)
  return db.transaction().execute(async (trx) => {
    const runId = newId(now)
    const claimed = await insertRunOnce(trx, {
      id: runId,
      orgId: programme.orgId,
      programmeId: programme.id,
      period,
      distributionId: null,
      error: null,
      firedAt: now,
    })
    if (!claimed) return false
    const scope: Scope = { db: trx, features, orgId: programme.orgId, actor: SYSTEM_ACTOR, now }
    await setRunOutcome(trx, runId, await fireRun(scope, programme, period))
    return true
  })
}

async function fireRun(
  scope: Scope,
  programme: ProgrammeRecord,
  period: string,
): Promise<{ distributionId: string | null; error: string | null }> {
  const survey = await getSurvey(scope, programme.surveyId).catch(() => null)
  if (!survey) return { distributionId: null, error: 'survey_missing' }
  if (survey.status !== 'published') return { distributionId: null, error: 'survey_not_published' }
  const { listId, contacts } = await runAudience(scope, programme)
  if (contacts.length === 0) return { distributionId: null, error: 'audience_empty' }
  const distributionId = newId(scope.now)
  await insertDistribution(scope.db, {
    id: distributionId,
    orgId: scope.orgId,
    surveyId: programme.surveyId,
    listId,
    name: `${programme.name} · ${period}`,
    channel: programme.channel,
    settings: programme.settings,
    status: 'sending',
    sendAt: null,
    createdAt: scope.now,
  })
  const unreachable = (c: AudienceContact) => programme.channel === 'email' && !c.email
  await insertPendingInvitations(
    scope.db,
    scope.orgId,
    distributionId,
    contacts.filter((c) => !unreachable(c)).map((c) => c.id),
    contacts.filter(unreachable).map((c) => ({ contactId: c.id, reason: SKIPPED_NO_EMAIL })),
  )
  await recordAudit(scope.db, scope, {
    action: 'programme.run',
    entity: 'programme',
    entityId: programme.id,
    detail: { period, distributionId, contacts: contacts.length },
  })
  return { distributionId, error: null }
}

/** The run's contacts and the list its distribution names. */
async function runAudience(
  scope: Scope,
  programme: ProgrammeRecord,
): Promise<{ listId: string; contacts: AudienceContact[] }> {
  const audience = programme.audience
  if (audience.kind === 'list')
    return {
      listId: audience.listId,
      contacts: await audienceContacts(scope.db, scope.orgId, audience, scope.now),
    }
  if (audience.kind === 'unit')
    return {
      listId: await unitAudienceList(scope),
      contacts: await audienceContacts(scope.db, scope.orgId, audience, scope.now),
    }
  return segmentAudience(scope, programme, audience.segmentId)
}

/**
 * A segment's members as they are at this run, written as contacts (invitations belong to
 * contacts) of the programme's one list: the list its earlier runs used, or a new one at the
 * first run. A member already in the list keeps their contact, a new member is added; members
 * who left the segment stay in the list but are not invited. Each run's invitations show whom
 * it asked, and the contact-list picker does not offer programme lists (listContactLists).
 */
async function segmentAudience(
  scope: Scope,
  programme: ProgrammeRecord,
  segmentId: string,
): Promise<{ listId: string; contacts: AudienceContact[] }> {
  const members = await segmentMembers(scope, segmentId).catch(() => [])
  let listId = await lastRunListId(scope.db, scope.orgId, programme.id)
  // Lists a run with nobody to ask made and no run sent to (earlier runs of an empty segment
  // wrote one each, visible in the picker since no distribution marks them as a programme's)
  // are removed; lists with contacts or a distribution are earlier runs' history and stay.
  await deleteEmptyUnsentLists(
    scope.db,
    scope.orgId,
    `${SEGMENT_AUDIENCE_LIST} · `,
    (await listOrgProgrammes(scope.db, scope.orgId)).flatMap((p) =>
      p.audience.kind === 'list' ? [p.audience.listId] : [],
    ),
  )
  // Nobody to ask: no list is made (the run records audience_empty).
  if (members.length === 0) return { listId: listId ?? '', contacts: [] }
  if (!listId) {
    listId = newId(scope.now)
    await insertContactList(scope.db, {
      id: listId,
      orgId: scope.orgId,
      name: `${SEGMENT_AUDIENCE_LIST} · ${programme.name}`,
      createdAt: scope.now,
    })
  }
  const addressKey = (c: { email: string | null; phone: string | null }) =>
    `${c.email ?? ''}|${c.phone ?? ''}`
  const known = new Map(
    (await listContactAddresses(scope.db, scope.orgId, listId)).map((c) => [addressKey(c), c.id]),
  )
  const fresh = members.filter((m) => !known.has(addressKey(m)))
  const ids = await insertContacts(
    scope.db,
    scope.orgId,
    listId,
    fresh.map((m) => ({ email: m.email, phone: m.phone, name: '', attributes: {} })),
    scope.now,
  )
  fresh.forEach((m, i) => known.set(addressKey(m), ids[i]!))
  return {
    listId,
    contacts: members.map((m) => ({
      id: known.get(addressKey(m))!,
      email: m.email,
      phone: m.phone,
    })),
  }
}

async function unitAudienceList(scope: Scope): Promise<string> {
  const existing = await findContactListIdByName(scope.db, scope.orgId, UNIT_AUDIENCE_LIST)
  if (existing) return existing
  const id = newId(scope.now)
  await insertContactList(scope.db, {
    id,
    orgId: scope.orgId,
    name: UNIT_AUDIENCE_LIST,
    createdAt: scope.now,
  })
  return id
}
