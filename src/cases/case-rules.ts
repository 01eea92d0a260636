import { conditionHolds } from '../surveys/survey-answering.service.js'
import type { CaseConfig, Priority } from './case-config.js'
import { type CaseKind, isWorkItemKind } from './case-kinds.js'

/**
 * Which feedback becomes a case, with what priority, routed where. Pure:
 * configuration and feedback in, decisions out.
 */

export interface FeedbackFacts {
  kind: string
  nps: number | null
  csat: number | null
  /** The survey answers, when the feedback is a survey response. */
  answers?: Record<string, unknown>
}

export interface CaseOpening {
  reason: string
  priority: Priority
  /** The kind of work item; absent = complaint. */
  kind?: CaseKind
}

/** Which rule of the configuration opens each work item kind. */
const KIND_RULE = { inquiry: 'inquiries', suggestion: 'suggestions', praise: 'praise' } as const

/**
 * The first rule that fires: a complaint, an inquiry, suggestion or praise (each a work item of
 * its kind), a detractor, a low CSAT, or a configured condition.
 */
export function caseOpeningFor(
  facts: FeedbackFacts,
  rules: CaseConfig['rules'],
): CaseOpening | null {
  if (rules.complaints && facts.kind === 'complaint')
    return { reason: 'complaint', priority: 'high' }
  if (isWorkItemKind(facts.kind) && rules[KIND_RULE[facts.kind]])
    return { reason: facts.kind, priority: 'normal', kind: facts.kind }
  if (rules.detractor && facts.nps !== null && facts.nps <= 6)
    return { reason: 'detractor', priority: facts.nps <= 3 ? 'high' : 'normal' }
  if (rules.lowCsat && facts.csat !== null && facts.csat <= 2)
    return { reason: 'low_csat', priority: facts.csat === 1 ? 'high' : 'normal' }
  for (const condition of rules.conditions) {
    const answer = facts.answers?.[condition.question]
    if (answer !== undefined && conditionHolds(condition, answer))
      return { reason: `condition:${condition.name}`, priority: condition.priority }
  }
  return null
}

export interface RoutingFacts {
  store: string | null
  channel: string
  topic: string | null
}

export interface Route {
  department: string
  /** A user id, "round_robin", or none (the department's queue). */
  owner: string | null
}

/** The first routing rule whose given fields all match; else the default department's queue. */
export function routeFor(
  facts: RoutingFacts,
  config: Pick<CaseConfig, 'routing' | 'defaultDepartment'>,
): Route {
  for (const rule of config.routing) {
    if (rule.store !== undefined && rule.store !== facts.store) continue
    if (rule.channel !== undefined && rule.channel !== facts.channel) continue
    if (rule.topic !== undefined && rule.topic !== facts.topic) continue
    return { department: rule.department, owner: rule.owner ?? null }
  }
  return { department: config.defaultDepartment, owner: null }
}

/**
 * Whether a follow-up answer says the recovery worked: CSAT 4–5 when the
 * survey asks CSAT, else NPS 7–10 (not a detractor); null when it asks neither.
 */
export function followUpSatisfied(answer: {
  csat: number | null
  nps: number | null
}): boolean | null {
  if (answer.csat !== null) return answer.csat >= 4
  if (answer.nps !== null) return answer.nps >= 7
  return null
}
