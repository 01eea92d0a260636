import { useState } from 'react'
import { useParams, useSearchParams } from 'react-router'
import { DriverBars, IpaQuadrants } from '../../charts/importance-charts'
import { useSharedDateRange } from '../../components/shell/date-range'
import { usePageWords } from '../../i18n/page-words'
import { FindingPlanStrip, PlanFromFindingButton } from './finding-plan-button'
import {
  controlSignalDraft,
  emergingTopicDraft,
  keyDriverDraft,
  offTargetDraft,
} from './finding-drafts'
import { IpaFinding } from './ipa-finding'
import { roundFigure } from './plan-draft'
import { PLANS_EN, PLANS_ZH } from './plans-words'

/** The workbench's key drivers: a bar picked begins an action plan from that driver. */
export function DriverFindingView({
  drivers,
  rSquared,
}: {
  drivers: Array<{ name: string; share: number }>
  rSquared?: number | null
}) {
  const { t } = usePageWords(PLANS_ZH, PLANS_EN)
  const [picked, setPicked] = useState<string | null>(null)
  const ranked = [...drivers].sort((a, b) => b.share - a.share)
  const rank = ranked.findIndex((d) => d.name === picked) + 1
  const driver = ranked[rank - 1]
  const d = driver && { name: driver.name, share: driver.share, rank, of: ranked.length }
  return (
    <>
      <DriverBars drivers={drivers} onPick={setPicked} />
      {d && (
        <FindingPlanStrip
          summary={t('plans.driver.picked', {
            label: d.name,
            share: roundFigure(d.share),
            rank,
            of: d.of,
          })}
          draft={keyDriverDraft(t, { ...d, r2: rSquared ?? null })}
        />
      )}
    </>
  )
}

/** The workbench's importance–performance quadrants: a point picked begins an action plan from it. */
export function IpaFindingView({
  attributes,
  crosshair,
}: {
  attributes: Array<{ name: string; importance: number; performance: number; quadrant: string }>
  crosshair: { importance: number; performance: number }
}) {
  const [picked, setPicked] = useState<string | null>(null)
  const attribute = attributes.find((a) => a.name === picked)
  return (
    <>
      <IpaQuadrants attributes={attributes} crosshair={crosshair} onPick={setPicked} />
      {attribute && (
        <IpaFinding
          attribute={{ ...attribute, key: attribute.name }}
          crosshair={crosshair}
          page="analyses"
        />
      )}
    </>
  )
}

/** An emerging topic of the comments, in its list: a plan from it. */
export function TopicPlanButton({
  topic,
  period,
}: {
  topic: {
    topic: string
    label: string
    recentShare: number
    baselineShare: number
    pValue: number
  }
  period: { from: string; to: string }
}) {
  const { t } = usePageWords(PLANS_ZH, PLANS_EN)
  return (
    <PlanFromFindingButton
      short
      testId={`plan-from-topic-${topic.topic}`}
      draft={emergingTopicDraft(t, topic, period)}
    />
  )
}

/** Under a control chart with signals: the latest one, and a plan from it. */
export function ControlSignalFinding({
  dates,
  points,
  signals,
  center,
}: {
  dates: string[]
  points: Array<{ value: number; lcl: number; ucl: number }>
  signals: number[]
  center: number
}) {
  const { t } = usePageWords(PLANS_ZH, PLANS_EN)
  // The survey's dashboard: its id, unit and period are in the address and the shared range.
  const { id: surveyId = '' } = useParams()
  const [search] = useSearchParams()
  const unitId = search.get('unit')
  const [range] = useSharedDateRange()
  const period = { from: range[0].format('YYYY-MM-DD'), to: range[1].format('YYYY-MM-DD') }
  const last = signals.length > 0 ? Math.max(...signals) : -1
  const point = points[last]
  const date = dates[last]
  if (!point || date === undefined) return null
  return (
    <div data-testid="detractor-control-finding">
      <FindingPlanStrip
        summary={t('plans.signal.latest', { date, value: roundFigure(100 * point.value) })}
        draft={controlSignalDraft(
          t,
          { surveyId, unitId, date, ...point, center, signals: signals.length },
          period,
        )}
      />
    </div>
  )
}

/** A row of the targets table: a plan for the unit to meet its target. */
export function TargetPlanButton({
  row,
  unitName,
  metricName,
}: {
  row: {
    unitId: string
    unitCode: string
    metric: string
    period: string
    value: number
    current: number | null
    gap: number | null
    probability: number | null
    n: number
  }
  unitName: string
  metricName: string
}) {
  const { t } = usePageWords(PLANS_ZH, PLANS_EN)
  return (
    <PlanFromFindingButton
      short
      testId={`plan-from-target-${row.unitCode}`}
      draft={offTargetDraft(t, { ...row, unitName, metricName })}
    />
  )
}

/** The title of a table's column of plan buttons. */
export function PlanColumnTitle() {
  const { t } = usePageWords(PLANS_ZH, PLANS_EN)
  return <>{t('plans.column')}</>
}
