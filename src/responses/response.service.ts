import type { Store } from '../db/connect.js'
import { findOpenSurveyCached } from '../surveys/open-survey-cache.js'
import { checkAnswers } from '../surveys/survey-answers.js'
import { ResponseSubmissionSchema, type Question } from '../surveys/survey.schema.js'
import { ValidationError } from '../shared/errors.js'
import { newId } from '../shared/ids.js'
import { DEFAULT_LOCALE } from '../shared/locale.js'
import { localDayOf } from '../shared/timezone.js'
import { parseInput } from '../shared/validation.js'
import { ResponseWriter, type ResponseRow } from './response-writer.js'

export interface SubmitResult {
  id: string
  surveyId: string
  submittedAt: string
  created: boolean
}

const writers = new WeakMap<Store, ResponseWriter>()

function writerFor(store: Store): ResponseWriter {
  let writer = writers.get(store)
  if (!writer) writers.set(store, (writer = new ResponseWriter(store)))
  return writer
}

/**
 * Store one public answer. `idempotencyKey` (the Idempotency-Key header) or the
 * body's clientResponseId makes retries safe: the same key returns the
 * response stored first and writes nothing.
 */
export async function submitResponse(store: Store, slug: string, body: unknown, idempotencyKey: string | undefined, now: number): Promise<SubmitResult> {
  const { survey, orgId, timezone } = await findOpenSurveyCached(store.db, slug, now)
  const submission = parseInput(ResponseSubmissionSchema, body, 'response')
  const key = idempotencyKey ?? submission.clientResponseId
  if (key !== undefined && !/^[A-Za-z0-9_-]{8,100}$/.test(key)) {
    throw new ValidationError('VALIDATION_FAILED', 'The idempotency key is not valid.', [
      { path: 'Idempotency-Key', reason: 'must be 8–100 characters of A–Z, a–z, 0–9, _ or -' },
    ])
  }
  const { answers, issues } = checkAnswers(survey.questions, submission.answers)
  if (issues.length > 0) throw new ValidationError('ANSWERS_INVALID', 'Some answers are missing or not allowed.', issues)
  const id = newId()
  const row: ResponseRow = {
    id,
    org_id: orgId,
    survey_id: survey.id,
    survey_version: survey.version,
    client_response_id: key ?? id,
    answers: JSON.stringify(answers),
    ...metricColumns(survey.questions, answers),
    locale: submission.locale ?? DEFAULT_LOCALE,
    channel: submission.channel,
    segments: JSON.stringify(submission.segments),
    submitted_at: now,
    local_day: localDayOf(now, timezone),
  }
  const stored = await writerFor(store).write(row)
  return { id: stored.id, surveyId: survey.id, submittedAt: new Date(stored.submittedAt).toISOString(), created: stored.created }
}

/** Copy the metric answers into their columns; the first text answer becomes the comment. */
function metricColumns(questions: readonly Question[], answers: Record<string, number | string>) {
  const valueOf = (type: Question['type']) => {
    const question = questions.find((q) => q.type === type && answers[q.key] !== undefined)
    return question ? answers[question.key]! : null
  }
  return {
    nps: valueOf('nps') as number | null,
    csat: valueOf('csat') as number | null,
    ces: valueOf('ces') as number | null,
    comment: valueOf('text') as string | null,
  }
}
