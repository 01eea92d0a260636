import type { CheckedAnswer } from '../surveys/survey-answers.js'
import type { Question, Survey } from '../surveys/survey.schema.js'
import { newId } from '../shared/ids.js'
import { localDayOf } from '../shared/timezone.js'
import { type SealPersonal, sealContactAnswers } from './contact-answer-sealing.js'
import { itemScoresOf } from './item-scores.js'
import { respondentWeight } from './respondent-weight.js'
import { qualityFlags } from './response-quality.js'
import type { ResponseRow } from './response.table.js'

export interface ResponseRowInput {
  survey: Pick<Survey, 'id' | 'version' | 'questions'> & {
    settings?: Pick<Survey['settings'], 'quality' | 'weightField'>
  }
  orgId: string
  timezone: string
  /** Checked answers (checkAnswers). */
  answers: Record<string, CheckedAnswer>
  /** Idempotency key; the new id when absent. */
  clientResponseId?: string
  locale: string
  channel: string
  segments: Record<string, string>
  submittedAt: number
  /** How long the form was open, when the page told us. */
  durationMs?: number | null
  /** Answered while the survey was in pilot mode. */
  pilot?: boolean
  /** The personal invitation answered (its link's token was checked); null or absent otherwise. */
  invitationId?: string | null
  /** The organisation unit the answer belongs to (unit-attribution.ts); null or absent: none. */
  unitId?: string | null
  /** The employee who served (src/employees/employee-attribution.service.ts); null or absent: not known. */
  employeeId?: string | null
  /** Seals contact answers' personal values (contact-answer-sealing.ts); absent: stored as given. */
  sealPersonal?: SealPersonal
}

/** The stored form of one answer set: the one place that lays out a responses row. */
export function buildResponseRow(input: ResponseRowInput): ResponseRow {
  const id = newId(input.submittedAt)
  return {
    id,
    org_id: input.orgId,
    survey_id: input.survey.id,
    survey_version: input.survey.version,
    client_response_id: input.clientResponseId ?? id,
    answers: JSON.stringify(
      input.sealPersonal
        ? sealContactAnswers(input.answers, input.survey.questions, input.sealPersonal)
        : input.answers,
    ),
    ...metricColumns(input.survey.questions, input.answers),
    locale: input.locale,
    channel: input.channel,
    segments: JSON.stringify(input.segments),
    submitted_at: input.submittedAt,
    local_day: localDayOf(input.submittedAt, input.timezone),
    duration_ms: input.durationMs ?? null,
    quality_flags: [
      ...(input.pilot ? ['pilot'] : []),
      ...qualityFlags(
        input.survey.questions,
        input.answers,
        input.durationMs ?? null,
        input.survey.settings?.quality,
      ),
    ].join(','),
    invitation_id: input.invitationId ?? null,
    unit_id: input.unitId ?? null,
    employee_id: input.employeeId ?? null,
    item_scores: itemScoresOf(input.survey.questions, input.answers),
    ...weightOf(input.survey.settings?.weightField, input.segments, input.answers),
  }
}

/** The respondent's weight, only on a weighted survey's rows (unweighted rows stay as they were). */
function weightOf(
  weightField: string | undefined,
  segments: Record<string, string>,
  answers: Readonly<Record<string, unknown>>,
): { weight?: number | null; weight_field?: string } {
  const weight = respondentWeight(weightField, segments, answers)
  return weight === undefined || weightField === undefined
    ? {}
    : { weight, weight_field: weightField }
}

/** Copy the metric answers into their columns; the first text answer becomes the comment. */
function metricColumns(questions: readonly Question[], answers: Record<string, CheckedAnswer>) {
  const answerOfType = (type: Question['type']) => {
    const question = questions.find((q) => q.type === type && answers[q.key] !== undefined)
    return question ? answers[question.key]! : null
  }
  return {
    nps: answerOfType('nps') as number | null,
    csat: answerOfType('csat') as number | null,
    ces: answerOfType('ces') as number | null,
    comment: answerOfType('text') as string | null,
  }
}
