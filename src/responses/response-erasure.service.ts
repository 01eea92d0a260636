import type { Db } from '../db/database.js'
import { surveyQuestionsByIds, surveyWeightFieldsByIds } from '../surveys/survey.service.js'
import { openContactAnswers } from './contact-answer-sealing.js'
import {
  deleteFilesOfResponses,
  fileNamesOfResponses,
  responsesByIds,
  responsesHoldingWordsBefore,
  writeErasedResponse,
  type ResponseErasureRow,
} from './response-erasure.repository.js'
import { respondentWeight, storedSegments } from './respondent-weight.js'
import { parseStoredAnswers } from './response.repository.js'
import { aggregateUnitRollups, type UnitRollupDelta } from './unit-daily-counts.js'

// A customer's data-rights request on their stored answers (src/customers/data-rights.service.ts
// drives it): everything the answers hold, for the export; and the erasure of the personal parts —
// the answers a person typed or that identify them (text, contact, location, signature, uploaded
// files), the comment, and hidden fields that carry a customer key — while scores, choices, unit,
// channel and times stay, so every count, score and interval built on the answers is unchanged.

/** Question types whose answers are the person's own words, whereabouts or identity. */
const PERSONAL_TYPES = new Set(['text', 'contact', 'location', 'signature', 'file_upload'])

/** An answer as the data-rights export shows it. */
export interface AnswerExport {
  id: string
  surveyId: string
  submittedAt: number
  channel: string
  locale: string
  unitId: string | null
  nps: number | null
  csat: number | null
  ces: number | null
  comment: string | null
  answers: Record<string, unknown>
  hiddenFields: Record<string, string>
  files: Array<{ filename: string; size: number }>
}

function parseObject(text: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(text)
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : {}
  } catch {
    return {}
  }
}

/** Everything stored with these answers (contact answers opened). */
export async function exportAnswers(
  db: Db,
  orgId: string,
  ids: readonly string[],
): Promise<AnswerExport[]> {
  const rows = await responsesByIds(db, orgId, ids)
  const files = await fileNamesOfResponses(
    db,
    orgId,
    rows.map((r) => r.id),
  )
  return rows.map((r) => ({
    id: r.id,
    surveyId: r.survey_id,
    submittedAt: Number(r.submitted_at),
    channel: r.channel,
    locale: r.locale,
    unitId: r.unit_id,
    nps: r.nps,
    csat: r.csat,
    ces: r.ces,
    comment: r.comment,
    answers: openContactAnswers(db, parseObject(r.answers)),
    hiddenFields: parseObject(r.segments) as Record<string, string>,
    files: files
      .filter((f) => f.response_id === r.id)
      .map((f) => ({ filename: f.filename, size: Number(f.size) })),
  }))
}

/**
 * Erase the personal parts of these answers: answers of personal question types (and any string
 * answer to a question the survey no longer has), the comment, the hidden fields named in
 * `keyFields`, and the uploaded files. Returns how many answers were rewritten.
 */
export async function eraseAnswers(
  db: Db,
  orgId: string,
  ids: readonly string[],
  keyFields: readonly string[],
): Promise<number> {
  const rows = await responsesByIds(db, orgId, ids)
  const surveyIds = [...new Set(rows.map((r) => r.survey_id))]
  const questions = await surveyQuestionsByIds(db, surveyIds)
  const weightFields = await surveyWeightFieldsByIds(db, surveyIds)
  const dropFields = new Set(keyFields)
  for (const row of rows) {
    const types = new Map((questions.get(row.survey_id) ?? []).map((q) => [q.key, q.type]))
    const answers = parseObject(row.answers)
    const kept: Record<string, unknown> = {}
    for (const [key, value] of Object.entries(answers)) {
      const type = types.get(key)
      if (type === undefined ? typeof value === 'string' : PERSONAL_TYPES.has(type)) continue
      kept[key] = value
    }
    const segments = parseObject(row.segments)
    const keptSegments: Record<string, unknown> = {}
    for (const [key, value] of Object.entries(segments))
      if (!dropFields.has(key)) keptSegments[key] = value
    const erased = {
      answers: JSON.stringify(kept),
      comment: null,
      segments: JSON.stringify(keptSegments),
    }
    const weightField = weightFields.get(row.survey_id)
    await writeErasedResponse(db, orgId, row.id, erased, {
      before: segmentSums(orgId, row, weightField),
      after: segmentSums(orgId, { ...row, ...erased }, weightField),
    })
  }
  await deleteFilesOfResponses(
    db,
    orgId,
    rows.map((r) => r.id),
  )
  return rows.length
}

/**
 * What an answer adds to the weighted segment sums (the insert path's own aggregation; without a
 * unit, so only those sums): nothing for an unweighted survey.
 */
function segmentSums(
  orgId: string,
  row: Pick<
    ResponseErasureRow,
    'survey_id' | 'answers' | 'segments' | 'local_day' | 'quality_flags' | 'nps' | 'csat' | 'ces'
  >,
  weightField: string | undefined,
): UnitRollupDelta[] {
  if (weightField === undefined) return []
  return aggregateUnitRollups([
    {
      org_id: orgId,
      survey_id: row.survey_id,
      local_day: Number(row.local_day),
      nps: row.nps,
      csat: row.csat,
      ces: row.ces,
      quality_flags: row.quality_flags,
      unit_id: null,
      segments: row.segments,
      weight: respondentWeight(
        weightField,
        storedSegments(row.segments),
        parseStoredAnswers(row.answers),
      ),
      weight_field: weightField,
    },
  ])
}

/**
 * The retention policy on answers: the personal parts of up to `limit` answers given before
 * `before` erased (as by a customer's request). Returns how many.
 */
export async function expireAnswers(
  db: Db,
  orgId: string,
  before: number,
  keyFields: readonly string[],
  limit: number,
): Promise<number> {
  const ids = await responsesHoldingWordsBefore(db, orgId, before, limit)
  return eraseAnswers(db, orgId, ids, keyFields)
}
