import type { Evidence } from '../../../../src/actions/action-plan.schema'

/**
 * A plan begun from a finding on another page (a Pareto bar, an IPA point …): what the plan form
 * starts with, and the evidence as it was then. It travels in the plans page's address
 * (`/plans?draft=…`), so the finding's page needs no state of the plans page.
 */
export interface PlanDraft {
  title: string
  problem: string
  metric?: 'nps' | 'csat' | 'ces'
  unitIds?: string[]
  evidence: Evidence
}

export function planDraftPath(draft: PlanDraft): string {
  return `/plans?${new URLSearchParams({ draft: JSON.stringify(draft) })}`
}

/** The draft in a plans page address, or null when there is none or it is not one. */
export function readPlanDraft(search: URLSearchParams): PlanDraft | null {
  const text = search.get('draft')
  if (!text) return null
  try {
    const value = JSON.parse(text) as Partial<PlanDraft>
    if (typeof value.title !== 'string' || typeof value.problem !== 'string') return null
    if (!value.evidence || typeof value.evidence.source !== 'string') return null
    return value as PlanDraft
  } catch {
    return null
  }
}

/** A figure as shown with the evidence: at most three decimals. */
export function roundFigure(n: number): number {
  return Math.round(n * 1000) / 1000
}
