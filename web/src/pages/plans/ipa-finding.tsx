import { useParams } from 'react-router'
import { useSharedDateRange } from '../../components/shell/date-range'
import { usePageWords } from '../../i18n/page-words'
import { FindingPlanStrip } from './finding-plan-button'
import { ipaDraft } from './finding-drafts'
import { PLANS_EN, PLANS_ZH } from './plans-words'

/** A point of the importance–performance quadrants, picked: an action plan from it. */
export function IpaFinding({
  attribute,
  crosshair,
  page = 'dashboard',
}: {
  /** `key` is the question's (or column's) own name, `name` the words shown. */
  attribute: {
    key: string
    name: string
    importance: number
    performance: number
    quadrant: string
  }
  crosshair: { importance: number; performance: number }
  /** A survey's dashboard (its id in the address), or the analysis workbench. */
  page?: 'dashboard' | 'analyses'
}) {
  const { t } = usePageWords(PLANS_ZH, PLANS_EN)
  const { id: surveyId } = useParams()
  const [range] = useSharedDateRange()
  const period = { from: range[0].format('YYYY-MM-DD'), to: range[1].format('YYYY-MM-DD') }
  const draft = ipaDraft(
    t,
    attribute,
    crosshair,
    page === 'dashboard' && surveyId ? { page, surveyId, period } : { page: 'analyses' },
  )
  const figures = draft.evidence.figures ?? {}
  return (
    <FindingPlanStrip
      summary={`${attribute.name}: ${t('plans.figure.importance')} ${figures.importance} · ${t('plans.figure.performance')} ${figures.performance}`}
      draft={draft}
    />
  )
}
