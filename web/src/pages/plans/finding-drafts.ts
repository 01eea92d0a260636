import type { PlanDraft } from './plan-draft'
import { roundFigure } from './plan-draft'
import type { PlansWord } from './plans-words'

/**
 * The plan drafts of the findings beyond the Pareto bar and the IPA point: a key driver, an
 * emerging text topic, a control-chart signal and a unit off its target. Each carries the figures
 * as the page showed them, the period and filters, and a link back to the page.
 */

type Words = (key: PlansWord, vars?: Record<string, string | number>) => string
type Period = { from: string; to: string }

const PLAN_METRICS = new Set(['nps', 'csat', 'ces'])

/** Where an IPA point was picked: a survey's dashboard, or the analysis workbench (/app/analyses). */
export type IpaPlace =
  | { page: 'dashboard'; surveyId: string; period: Period }
  | { page: 'analyses' }

/**
 * A point of the importance–performance quadrants: its importance and performance against the
 * crosshair (the means). The link leads back to the chart: the survey's dashboard over the period,
 * or the workbench, whose analysis of an uploaded file has no address of its own.
 */
export function ipaDraft(
  t: Words,
  attribute: {
    key: string
    name: string
    importance: number
    performance: number
    quadrant: string
  },
  crosshair: { importance: number; performance: number },
  place: IpaPlace,
): PlanDraft {
  const figures = {
    importance: roundFigure(attribute.importance),
    performance: roundFigure(attribute.performance),
    crosshairImportance: roundFigure(crosshair.importance),
    crosshairPerformance: roundFigure(crosshair.performance),
  }
  const words = {
    label: attribute.name,
    importance: figures.importance,
    performance: figures.performance,
    ci: figures.crosshairImportance,
    cp: figures.crosshairPerformance,
  }
  const onDashboard = place.page === 'dashboard'
  return {
    title: t('plans.draft.ipa.title', { label: attribute.name }),
    problem: t(
      attribute.quadrant === 'I_concentrate_here'
        ? 'plans.draft.ipa.problem'
        : 'plans.draft.ipa.problemOther',
      words,
    ),
    evidence: {
      source: 'ipa',
      label: attribute.name,
      ...(onDashboard ? { period: place.period } : {}),
      filters: {
        ...(onDashboard ? { survey: place.surveyId } : {}),
        attribute: attribute.key,
        quadrant: attribute.quadrant,
        page: place.page,
      },
      figures,
      link: onDashboard
        ? `/app/surveys/${place.surveyId}?${new URLSearchParams(place.period)}`
        : '/app/analyses',
    },
  }
}

/** A driver of the workbench's key-driver analysis (relative weights): share of R², its rank. */
export function keyDriverDraft(
  t: Words,
  d: { name: string; share: number; rank: number; of: number; r2?: number | null },
): PlanDraft {
  const share = roundFigure(d.share)
  return {
    title: t('plans.draft.driver.title', { label: d.name }),
    problem: t('plans.draft.driver.problem', { label: d.name, share, rank: d.rank, of: d.of }),
    evidence: {
      source: 'key_drivers',
      label: d.name,
      filters: { page: 'analyses', driver: d.name },
      figures: {
        share,
        rank: d.rank,
        drivers: d.of,
        ...(typeof d.r2 === 'number' ? { r2: roundFigure(d.r2) } : {}),
      },
      link: '/app/analyses',
    },
  }
}

/** An emerging topic of the comments: its share lately against before. */
export function emergingTopicDraft(
  t: Words,
  e: {
    topic: string
    label: string
    recentShare: number
    baselineShare: number
    pValue: number
  },
  period: Period,
): PlanDraft {
  const recent = roundFigure(100 * e.recentShare)
  const baseline = roundFigure(100 * e.baselineShare)
  return {
    title: t('plans.draft.topic.title', { label: e.label }),
    problem: t('plans.draft.topic.problem', { label: e.label, recent, baseline, ...period }),
    evidence: {
      source: 'emerging_topic',
      label: e.label,
      period,
      filters: { topic: e.topic },
      figures: {
        recentShare: recent,
        baselineShare: baseline,
        pValue: Number(e.pValue.toPrecision(2)),
      },
      link: `/app/text?${new URLSearchParams(period)}`,
    },
  }
}

/** The latest signal of a survey's daily detractor-share control chart (p chart). */
export function controlSignalDraft(
  t: Words,
  s: {
    surveyId: string
    date: string
    value: number
    ucl: number
    lcl: number
    center: number
    signals: number
    unitId?: string | null
  },
  period: Period,
): PlanDraft {
  const value = roundFigure(100 * s.value)
  const centre = roundFigure(100 * s.center)
  const above = s.value > s.ucl
  const link = new URLSearchParams(period)
  if (s.unitId) link.set('unit', s.unitId)
  return {
    title: t('plans.draft.signal.title', { date: s.date }),
    problem: t(above ? 'plans.draft.signal.problemAbove' : 'plans.draft.signal.problemRun', {
      date: s.date,
      value,
      ucl: roundFigure(100 * s.ucl),
      centre,
      signals: s.signals,
    }),
    metric: 'nps',
    ...(s.unitId ? { unitIds: [s.unitId] } : {}),
    evidence: {
      source: 'control_chart',
      label: s.date,
      period,
      filters: {
        survey: s.surveyId,
        chart: 'detractor_share',
        ...(s.unitId ? { unit: s.unitId } : {}),
      },
      figures: {
        detractorShare: value,
        ucl: roundFigure(100 * s.ucl),
        lcl: roundFigure(100 * s.lcl),
        centre,
        signals: s.signals,
      },
      link: `/app/surveys/${s.surveyId}?${link}`,
    },
  }
}

/** A unit's target of the period with its figure so far and the chance of meeting it. */
export function offTargetDraft(
  t: Words,
  r: {
    unitId: string
    unitName: string
    metric: string
    metricName: string
    period: string
    value: number
    current: number | null
    gap: number | null
    probability: number | null
    n: number
  },
): PlanDraft {
  const figures: Record<string, number> = { target: roundFigure(r.value), n: r.n }
  if (r.current !== null) figures.current = roundFigure(r.current)
  if (r.gap !== null) figures.gap = roundFigure(r.gap)
  if (r.probability !== null) figures.probability = roundFigure(100 * r.probability)
  const words = {
    unit: r.unitName,
    metric: r.metricName,
    period: r.period,
    target: figures.target!,
    current: figures.current ?? '–',
    probability: figures.probability ?? '–',
  }
  return {
    title: t('plans.draft.target.title', words),
    problem: t('plans.draft.target.problem', words),
    ...(PLAN_METRICS.has(r.metric) ? { metric: r.metric as 'nps' | 'csat' | 'ces' } : {}),
    unitIds: [r.unitId],
    evidence: {
      source: 'target',
      label: r.unitName,
      filters: { unit: r.unitId, metric: r.metric, period: r.period },
      figures,
      link: `/app/units/league?${new URLSearchParams({ metric: r.metric, period: r.period, tab: 'targets' })}`,
    },
  }
}
