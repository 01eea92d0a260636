import { useParams } from 'react-router'
import { useSharedDateRange } from '../../components/shell/date-range'
import { usePageWords } from '../../i18n/page-words'
import { FindingPlanStrip } from './finding-plan-button'
import { roundFigure } from './plan-draft'
import { PLANS_EN, PLANS_ZH } from './plans-words'

/** A point of the importance–performance quadrants, picked: an action plan from it. */
export function IpaFinding({
  attribute,
  crosshair,
  source = 'dashboard',
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
  source?: 'dashboard' | 'workbench'
}) {
  const { t } = usePageWords(PLANS_ZH, PLANS_EN)
  const { id: surveyId } = useParams()
  const [range] = useSharedDateRange()
  const period = { from: range[0].format('YYYY-MM-DD'), to: range[1].format('YYYY-MM-DD') }
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
  return (
    <FindingPlanStrip
      summary={`${attribute.name}: ${t('plans.figure.importance')} ${figures.importance} · ${t('plans.figure.performance')} ${figures.performance}`}
      draft={{
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
          ...(source === 'dashboard' ? { period } : {}),
          filters: {
            ...(surveyId ? { survey: surveyId } : {}),
            attribute: attribute.key,
            quadrant: attribute.quadrant,
            page: source,
          },
          figures,
          link:
            source === 'dashboard' && surveyId
              ? `/app/surveys/${surveyId}?${new URLSearchParams(period)}`
              : `/app/${source}`,
        },
      }}
    />
  )
}
