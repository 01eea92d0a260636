import { Typography } from 'antd'
import { segmentsEnUS } from '../../i18n/segments.en-US'
import { segmentsZhCN } from '../../i18n/segments.zh-CN'
import { usePageWords } from '../../i18n/page-words'
import type { SegmentComparisonView, SegmentMetric } from './segment-api'
import { formatFigure, heatColour } from './segment-figures'

/**
 * Segment × month as a table whose cells are coloured by score: a table rather than a canvas,
 * so every figure is text a screen reader and a browser test can read, and it scrolls sideways on a phone.
 */
export function SegmentHeatMap({
  metric,
  heatMap,
}: {
  metric: SegmentMetric
  heatMap: SegmentComparisonView['heatMap']
}) {
  const { t } = usePageWords(segmentsZhCN, segmentsEnUS)
  const monthName = (iso: string) =>
    t('seg.heatMonth', { year: iso.slice(0, 4), month: String(Number(iso.slice(5, 7))) })
  return (
    <div style={{ overflowX: 'auto' }} data-testid="segment-heat-map">
      <Typography.Paragraph type="secondary">{t('seg.heatHint')}</Typography.Paragraph>
      <table className="segment-heat-map">
        <thead>
          <tr>
            <th scope="col">{t('seg.segment')}</th>
            {heatMap.months.map((m) => (
              <th scope="col" key={m}>
                {monthName(m)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {heatMap.segments.map((segment, s) => (
            <tr key={segment}>
              <th scope="row">{segment}</th>
              {heatMap.cells[s]!.map((cell, m) => (
                <td
                  key={heatMap.months[m]}
                  style={{
                    background: cell.value === null ? undefined : heatColour(metric, cell.value),
                  }}
                  data-testid={`heat-${s}-${m}`}
                >
                  {cell.value === null ? '' : `${formatFigure(metric, cell.value)} (${cell.n})`}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}
