import dayjs from 'dayjs'
import { WORK_ITEM_KINDS, type WorkItemKind } from '../../../../src/cases/case-kinds'
import type { CaseConfigView } from '../../api/types'

/** The case configuration as the settings form holds it, and back: minutes, yuan, dates as text. */

export const PRIORITIES = ['urgent', 'high', 'normal', 'low'] as const
export type Priority = (typeof PRIORITIES)[number]

/** A survey answer that opens a case: its question, then a range and/or a list of values. */
export interface AnswerCondition {
  name: string
  question: string
  min?: number
  max?: number
  anyOf?: Array<string | number>
  priority: Priority
}

export type CaseConfig = CaseConfigView

/** The form fields of a work-item kind: whether it opens work items, and its two deadlines. */
export const kindField = {
  on: (kind: WorkItemKind) => `kind_${kind}_on`,
  first: (kind: WorkItemKind) => `kind_${kind}_first`,
  resolve: (kind: WorkItemKind) => `kind_${kind}_resolve`,
}

/** Which rule switch turns a kind's work items on (case-config.schema.ts). */
const KIND_RULE = { inquiry: 'inquiries', suggestion: 'suggestions', praise: 'praise' } as const

const atTime = (hhmm: string) => {
  const [h, m] = hhmm.split(':').map(Number)
  return dayjs()
    .hour(h ?? 0)
    .minute(m ?? 0)
    .second(0)
}

/** Empty cells are left out; values typed as numbers are compared as numbers. */
const cleanCondition = (condition: AnswerCondition): AnswerCondition => ({
  name: condition.name,
  question: condition.question,
  priority: condition.priority,
  ...(condition.min === undefined || condition.min === null ? {} : { min: condition.min }),
  ...(condition.max === undefined || condition.max === null ? {} : { max: condition.max }),
  ...(condition.anyOf && condition.anyOf.length > 0
    ? {
        anyOf: condition.anyOf.map((x) =>
          /^-?\d+(\.\d+)?$/.test(String(x)) ? Number(x) : String(x),
        ),
      }
    : {}),
})

const dates = (text: string) =>
  text
    .split(/[\s,，]+/)
    .map((d) => d.trim())
    .filter(Boolean)

/** The form's initial values from the stored configuration. */
export function formValuesOf(c: CaseConfig) {
  return {
    detractor: c.rules.detractor,
    lowCsat: c.rules.lowCsat,
    complaints: c.rules.complaints,
    statusNotices: c.statusNotices,
    defaultDepartment: c.defaultDepartment,
    ...Object.fromEntries(
      PRIORITIES.flatMap((p) => [
        [`sla_${p}_first`, c.sla[p].firstResponseMinutes],
        [`sla_${p}_resolve`, c.sla[p].resolutionMinutes],
      ]),
    ),
    ...Object.fromEntries(
      WORK_ITEM_KINDS.flatMap((k) => [
        [kindField.on(k), c.rules[KIND_RULE[k]]],
        [kindField.first(k), c.kindSla[k].firstResponseMinutes],
        [kindField.resolve(k), c.kindSla[k].resolutionMinutes],
      ]),
    ),
    // The calendar's zone is the organisation's unless it keeps its own on purpose.
    ownTimezone: c.calendar.ownTimezone,
    timezone: c.calendar.timezone,
    workdays: c.calendar.workdays,
    hours: [atTime(c.calendar.start), atTime(c.calendar.end)],
    holidays: c.calendar.holidays.join(', '),
    extraWorkdays: c.calendar.extraWorkdays.join(', '),
    agentLimit: c.authority.agent === null ? null : c.authority.agent / 100,
    supervisorLimit: c.authority.supervisor === null ? null : c.authority.supervisor / 100,
    adminLimit: c.authority.admin === null ? null : c.authority.admin / 100,
    followUpSurveyId: c.followUp.surveyId,
    routing: c.routing,
    causes: c.causes,
    conditions: c.rules.conditions,
  }
}

/** The configuration to store from the form's values; the public form key stays the server's. */
export function caseConfigOf(
  c: CaseConfig,
  v: Record<string, unknown>,
): Omit<CaseConfig, 'publicFormKey'> {
  const sla = Object.fromEntries(
    PRIORITIES.map((p) => [
      p,
      {
        firstResponseMinutes: v[`sla_${p}_first`] as number,
        resolutionMinutes: v[`sla_${p}_resolve`] as number,
      },
    ]),
  )
  const cents = (yuan: unknown) =>
    yuan === null || yuan === undefined || yuan === '' ? null : Math.round(Number(yuan) * 100)
  // The form key is the server's: it is left out, so a save never undoes a rotation made meanwhile.
  const { publicFormKey: _key, ...rest } = c
  return {
    ...rest,
    rules: {
      // Settings the form does not show (the case horizon, set through the API) are kept.
      ...c.rules,
      detractor: Boolean(v.detractor),
      lowCsat: Boolean(v.lowCsat),
      complaints: Boolean(v.complaints),
      ...(Object.fromEntries(
        WORK_ITEM_KINDS.map((k) => [KIND_RULE[k], Boolean(v[kindField.on(k)])]),
      ) as Record<(typeof KIND_RULE)[WorkItemKind], boolean>),
      conditions: ((v.conditions as AnswerCondition[] | undefined) ?? []).map(cleanCondition),
    },
    statusNotices: v.statusNotices === true,
    defaultDepartment: String(v.defaultDepartment),
    sla: sla as CaseConfig['sla'],
    kindSla: Object.fromEntries(
      WORK_ITEM_KINDS.map((k) => [
        k,
        {
          firstResponseMinutes: v[kindField.first(k)] as number,
          resolutionMinutes: v[kindField.resolve(k)] as number,
        },
      ]),
    ) as CaseConfig['kindSla'],
    calendar: {
      ...c.calendar,
      ownTimezone: v.ownTimezone === true,
      timezone: v.ownTimezone === true ? String(v.timezone).trim() : c.calendar.timezone,
      workdays: v.workdays as number[],
      start: (v.hours as [dayjs.Dayjs, dayjs.Dayjs])[0].format('HH:mm'),
      end: (v.hours as [dayjs.Dayjs, dayjs.Dayjs])[1].format('HH:mm'),
      holidays: dates(String(v.holidays ?? '')),
      extraWorkdays: dates(String(v.extraWorkdays ?? '')),
    },
    authority: {
      agent: cents(v.agentLimit),
      supervisor: cents(v.supervisorLimit),
      admin: cents(v.adminLimit),
    },
    followUp: {
      ...c.followUp,
      ...(v.followUpSurveyId ? { surveyId: String(v.followUpSurveyId) } : { surveyId: undefined }),
    },
    // Empty cells mean "any": they are left out of the rule.
    routing: ((v.routing as CaseConfig['routing'] | undefined) ?? []).map((r) =>
      Object.fromEntries(
        Object.entries(r).filter(([, x]) => x !== undefined && x !== null && x !== ''),
      ),
    ) as CaseConfig['routing'],
    causes: (v.causes as CaseConfig['causes'] | undefined) ?? c.causes,
  }
}
