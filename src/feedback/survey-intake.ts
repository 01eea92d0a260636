import type { Db } from '../db/database.js'
import { loadCaseConfig, type CaseConfig } from '../cases/case-config.js'
import { SYSTEM_ACTOR } from '../cases/case-events.js'
import { caseOpeningFor } from '../cases/case-rules.js'
import { storeFeedbackBatch, type FeedbackToStore } from './feedback.service.js'
import { parseJsonRecord } from '../shared/own-keys.js'

/**
 * Survey responses become feedback: every answer with a comment, and every
 * answer a case rule fires on (a detractor, a low CSAT, a configured
 * condition). Runs as a background job over the responses table in id order
 * (UUIDv7 ids sort by time), so the public answer path stays as fast as it
 * was and nothing is lost if a process stops: the next run resumes from the
 * stored cursor.
 *
 * Answers from several instances may commit a little out of id order, so the
 * cursor never moves past "now − SAFETY_MS": the last few seconds are read
 * again next time (rows this process already took are skipped in memory; the
 * unique response id makes storing idempotent across instances). Each run
 * takes at most MAX_ROWS_PER_RUN rows and yields to the event loop as it goes,
 * so a burst of answers is worked off over several runs without starving the
 * HTTP server.
 */

const CURSOR = 'survey-responses'
const SAFETY_MS = 5_000
/** A new installation starts this far back, so answers given just before the first run are not missed. */
const START_BACK_MS = 60_000
const BATCH = 500
export const MAX_ROWS_PER_RUN = 1_000

/** The smallest UUIDv7 of an instant: ids compare as text in time order. */
export function idFloor(at: number): string {
  const hex = Math.max(0, at).toString(16).padStart(12, '0')
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-0000-0000-000000000000`
}

async function readCursor(db: Db, now: number): Promise<string> {
  const row = await db
    .selectFrom('intake_cursors')
    .select('position')
    .where('name', '=', CURSOR)
    .executeTakeFirst()
  if (row) return row.position
  // A new installation starts now: answers from before (imports, demo data) do not flood the case queue.
  const position = idFloor(now - START_BACK_MS)
  await db
    .insertInto('intake_cursors')
    .values({ name: CURSOR, position, updated_at: now })
    .onConflict((oc) => oc.column('name').doNothing())
    .execute()
  return (
    await db
      .selectFrom('intake_cursors')
      .select('position')
      .where('name', '=', CURSOR)
      .executeTakeFirstOrThrow()
  ).position
}

/** Ids this process took within the safety window, so re-reading them costs no queries. */
const recentlyTaken = new Set<string>()
const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve))

export async function runSurveyIntake(
  db: Db,
  now: number,
): Promise<{ feedback: number; more: boolean }> {
  const cursor = await readCursor(db, now)
  let after = cursor
  let stored = 0
  let read = 0
  let more = false
  let last = cursor
  const configs: Configs = new Map()
  for (;;) {
    const rows = await db
      .selectFrom('responses as r')
      .innerJoin('surveys as s', 's.id', 'r.survey_id')
      .select([
        'r.id',
        'r.org_id',
        'r.survey_id',
        'r.answers',
        'r.nps',
        'r.csat',
        'r.comment',
        'r.segments',
        'r.channel',
        'r.submitted_at',
        'r.client_response_id',
        'r.quality_flags',
        's.questions',
      ])
      .where('r.id', '>', after)
      .orderBy('r.id')
      .limit(BATCH)
      .execute()
    const batch: FeedbackToStore[] = []
    for (const row of rows) {
      last = row.id
      // Rows taken in an earlier run (re-read inside the safety window) cost nothing and do not count.
      if (recentlyTaken.has(row.id)) continue
      recentlyTaken.add(row.id)
      read++
      if (row.quality_flags.split(',').includes('pilot')) continue
      const item = await feedbackFromResponse(db, row, configs, now)
      if (item) batch.push(item)
    }
    // One transaction per slice of a hundred: a commit per answer would starve the answer writer.
    for (let i = 0; i < batch.length; i += 100) {
      const results = await storeFeedbackBatch(db, batch.slice(i, i + 100), SYSTEM_ACTOR, now)
      stored += results.filter((r) => r.created).length
      await yieldToEventLoop()
    }
    if (rows.length < BATCH) break
    after = last
    if (read >= MAX_ROWS_PER_RUN) {
      more = true
      break
    }
  }
  const safe = idFloor(now - SAFETY_MS)
  // Positions are strings (ULIDs): compared as strings, not with Math.max.
  const position = last < safe ? last : safe > cursor ? safe : cursor
  if (position > cursor)
    await db
      .updateTable('intake_cursors')
      .set({ position, updated_at: now })
      .where('name', '=', CURSOR)
      .where('position', '<', position)
      .execute()
  for (const id of recentlyTaken) if (id <= position) recentlyTaken.delete(id)
  return { feedback: stored, more }
}

interface ResponseForIntake {
  id: string
  org_id: string
  survey_id: string
  answers: string
  nps: number | null
  csat: number | null
  comment: string | null
  segments: string
  channel: string
  submitted_at: number
  client_response_id: string
  questions: string
}

type Configs = Map<string, CaseConfig>

/** The feedback an answer gives, or null when it neither comments nor fires a case rule. */
async function feedbackFromResponse(
  db: Db,
  row: ResponseForIntake,
  configs: Configs,
  now: number,
): Promise<FeedbackToStore | null> {
  const answers = parseJsonRecord(row.answers)
  const comment = row.comment?.trim() ?? ''
  let config = configs.get(row.org_id)
  if (!config) {
    config = await loadCaseConfig(db, row.org_id, now)
    configs.set(row.org_id, config)
  }
  const opens =
    caseOpeningFor({ kind: 'survey', nps: row.nps, csat: row.csat, answers }, config.rules) !== null
  if (!comment && !opens) return null
  if (await isCaseFollowUp(db, row.client_response_id)) return null
  const segments = parseJsonRecord<string>(row.segments)
  const questions = JSON.parse(row.questions) as Array<{ key: string; type: string }>
  const customer = await customerOf(db, row, answers, questions)
  return {
    values: {
      org_id: row.org_id,
      channel: 'survey',
      kind: 'survey',
      text: comment || '—',
      rating: row.csat,
      nps: row.nps,
      csat: row.csat,
      customer_ref: segments.customer_id ?? customer.ref,
      customer_name: customer.name,
      customer_email: customer.email,
      customer_phone: customer.phone,
      store: segments.store ?? null,
      department: null,
      survey_id: row.survey_id,
      response_id: row.id,
      external_id: null,
      created_by: 'system:intake',
      received_at: Number(row.submitted_at),
    },
    attachments: [],
    answers,
  }
}

/** A follow-up (回访) answer belongs to its case (which it closes); it never opens another. */
async function isCaseFollowUp(db: Db, clientResponseId: string): Promise<boolean> {
  if (!clientResponseId.startsWith('inv_')) return false
  return (
    (await db
      .selectFrom('cases')
      .select('id')
      .where('follow_up_invitation_id', '=', clientResponseId.slice(4))
      .executeTakeFirst()) !== undefined
  )
}

/** Who answered: the personal invitation's contact, else consented contact details in the answer. */
async function customerOf(
  db: Db,
  row: ResponseForIntake,
  answers: Record<string, unknown>,
  questions: Array<{ key: string; type: string }>,
) {
  if (row.client_response_id.startsWith('inv_')) {
    const contact = await db
      .selectFrom('invitations as i')
      .innerJoin('contacts as c', 'c.id', 'i.contact_id')
      .select(['c.name', 'c.email', 'c.phone', 'c.attributes'])
      .where('i.id', '=', row.client_response_id.slice(4))
      .executeTakeFirst()
    if (contact) {
      const attributes = JSON.parse(contact.attributes) as Record<string, string>
      return {
        ref: attributes.customer_id ?? null,
        name: contact.name || null,
        email: contact.email,
        phone: contact.phone,
      }
    }
  }
  const contactQuestion = questions.find((q) => q.type === 'contact')
  const given = (contactQuestion ? answers[contactQuestion.key] : undefined) as
    | { name?: string; email?: string; phone?: string }
    | undefined
  return {
    ref: null,
    name: given?.name ?? null,
    email: given?.email?.toLowerCase() ?? null,
    phone: given?.phone ?? null,
  }
}
