import { ipaQuadrantOption } from '../../../src/reports/analysis-chart-options'
import { escapeHtml } from '../components/escape-html'
import { useI18n } from '../i18n/i18n'
import { Chart } from './chart'
import { round } from './chart-round'

/**
 * What matters most: importance–performance quadrants and key-driver shares. The quadrants'
 * option is the dashboard PDF's too (src/reports/analysis-chart-options.ts); the page adds the
 * tooltip and the click.
 */

export function IpaQuadrants({
  attributes,
  crosshair,
  onPick,
}: {
  attributes: Array<{ name: string; importance: number; performance: number; quadrant: string }>
  crosshair: { importance: number; performance: number }
  /** A point was clicked: its attribute's name (e.g. to begin an action plan from it). */
  onPick?: (name: string) => void
}) {
  const { t } = useI18n()
  const performance = t('result.performance')
  const importance = t('result.importance')
  return (
    <Chart
      testId="ipa-quadrants"
      height={360}
      {...(onPick ? { onClick: onPick } : {})}
      option={{
        tooltip: {
          formatter: (p: unknown) => {
            const d = (p as { data: { value: [number, number]; name: string } }).data
            return `${escapeHtml(d.name)}<br/>${escapeHtml(performance)} ${d.value[0]} · ${escapeHtml(importance)} ${d.value[1]}`
          },
        },
        ...ipaQuadrantOption({ attributes, crosshair }, { performance, importance }),
      }}
    />
  )
}

export function DriverBars({
  drivers,
  onPick,
}: {
  drivers: Array<{ name: string; share: number }>
  /** A bar was clicked: its driver's name (e.g. to begin an action plan from it). */
  onPick?: (name: string) => void
}) {
  const sorted = [...drivers].sort((a, b) => a.share - b.share)
  return (
    <Chart
      testId="driver-bars"
      {...(onPick ? { onClick: onPick } : {})}
      option={{
        tooltip: { trigger: 'axis' },
        grid: { left: 8, right: 48, top: 16, bottom: 32, containLabel: true },
        xAxis: { type: 'value', name: '% R²' },
        yAxis: { type: 'category', data: sorted.map((d) => d.name) },
        series: [
          {
            type: 'bar',
            data: sorted.map((d) => round(d.share, 1)),
            itemStyle: { color: '#1677ff' },
            label: { show: true, position: 'right', formatter: '{c}%' },
          },
        ],
      }}
    />
  )
}
