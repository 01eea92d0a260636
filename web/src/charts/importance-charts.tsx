import { escapeHtml } from '../components/escape-html'
import { useI18n } from '../i18n/i18n'
import { Chart } from './chart'
import { round } from './chart-round'
import { besidePoints } from './label-placement'

/** What matters most: importance–performance quadrants and key-driver shares. */

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
  const colours: Record<string, string> = {
    I_concentrate_here: '#f04438',
    II_keep_up_the_good_work: '#12b76a',
    III_low_priority: '#98a2b3',
    IV_possible_overkill: '#fdb022',
  }
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
        grid: { left: 56, right: 16, top: 16, bottom: 48 },
        xAxis: {
          type: 'value',
          name: performance,
          nameLocation: 'middle',
          nameGap: 28,
          scale: true,
        },
        yAxis: {
          type: 'value',
          name: importance,
          nameLocation: 'middle',
          nameGap: 40,
          scale: true,
        },
        series: [
          {
            type: 'scatter',
            symbolSize: 14,
            data: attributes.map((a) => ({
              name: a.name,
              value: [round(a.performance), round(a.importance)],
              itemStyle: { color: colours[a.quadrant] },
            })),
            label: { show: true, formatter: '{b}', width: 140, overflow: 'break' },
            // Names beside their points, none over another, inside the plot (label-placement.ts).
            labelLayout: besidePoints(
              (i) => attributes[i]!.performance > crosshair.performance,
              56,
            ),
            markLine: {
              silent: true,
              symbol: 'none',
              lineStyle: { type: 'dashed' },
              data: [
                { xAxis: round(crosshair.performance) },
                { yAxis: round(crosshair.importance) },
              ],
            },
          },
        ],
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
