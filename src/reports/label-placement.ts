/**
 * Places scatter-point names (the IPA and Kano charts of analysis-chart-options.ts, on the page and
 * in the PDF) so that none covers another: each name goes beside its point (to
 * the left for points in the plot's right half, so it stays inside the chart), and, where that
 * place is taken, one line higher or lower, up to three lines away, then on the other side — never
 * left of the plot (`plotLeft`, the grid's left edge in pixels), where the axis labels are. ECharts calls the returned
 * function once per label in data order on every layout, so a layout starts afresh at index 0.
 */
interface Rect {
  x: number
  y: number
  width: number
  height: number
}

interface LayoutParams {
  dataIndex: number
  rect: Rect
  labelRect: Rect
}

const intersects = (a: Rect, b: Rect) =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height

export function besidePoints(leftOfPoint: (dataIndex: number) => boolean, plotLeft: number) {
  const placed: Rect[] = []
  return (params: unknown) => {
    const { dataIndex, rect: host, labelRect } = params as LayoutParams
    if (dataIndex === 0) placed.length = 0
    const { width, height } = labelRect
    const cx = host.x + host.width / 2
    const cy = host.y + host.height / 2
    const gap = host.width / 2 + 4
    const sides = leftOfPoint(dataIndex) ? ['left', 'right'] : ['right', 'left']
    let chosen: Rect | undefined
    // The preferred side a few lines up or down before the other side; never left of the plot.
    for (const side of sides) {
      for (const lines of [0, -1, 1, -2, 2, -3, 3]) {
        const candidate = {
          x: side === 'right' ? cx + gap : cx - gap - width,
          y: cy + lines * (height + 2) - height / 2,
          width,
          height,
        }
        if (candidate.x >= plotLeft && !placed.some((p) => intersects(p, candidate))) {
          chosen = candidate
          break
        }
      }
      if (chosen) break
    }
    const rect = chosen ?? {
      x: sides[0] === 'right' ? cx + gap : cx - gap - width,
      y: cy - height / 2,
      width,
      height,
    }
    placed.push(rect)
    return {
      x: rect.x,
      y: rect.y + height / 2,
      align: 'left' as const,
      verticalAlign: 'middle' as const,
    }
  }
}
