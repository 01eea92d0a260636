import { describe, expect, it } from 'vitest'
import { KANO_CATEGORY_COLOURS, kanoScatterOption } from './analysis-chart-options.js'

type Point = { value: [number, number, string, string]; itemStyle: { color: string } }
type Series = { name?: string; data: Point[]; itemStyle?: { color: string } }

const words = {
  better: 'Better',
  worse: '|Worse|',
  categories: { A: '魅力', O: '期望', M: '必备', I: '无差异', R: '反向', Q: '可疑' },
}

describe('kanoScatterOption', () => {
  const option = kanoScatterOption(
    [
      { feature: '次日达', better: 0.8, worse: -0.7, category: 'O' },
      { feature: '<b>礼品</b>', better: 0.6, worse: -0.1, category: 'A' },
      { feature: '发票', better: 0.1, worse: -0.9, category: 'M' },
      { feature: '无数据', better: null, worse: null, category: 'I' },
    ],
    words,
  )
  const series = option.series as Series[]

  it('colours each point by its Kano category', () => {
    expect(series[0]!.data.map((p) => [p.value[2], p.itemStyle.color])).toEqual([
      ['次日达', '#2e90fa'],
      ['<b>礼品</b>', '#12b76a'],
      ['发票', '#f04438'],
    ])
    expect(series[0]!.data[0]!.value).toEqual([0.7, 0.8, '次日达', 'O'])
  })

  it('keys the colours of the categories present, named in the reader language, not clickable', () => {
    expect(option.legend).toMatchObject({ selectedMode: false, data: ['魅力', '期望', '必备'] })
    expect(series.slice(1).map((s) => [s.name, s.itemStyle!.color, s.data.length])).toEqual([
      ['魅力', KANO_CATEGORY_COLOURS.A, 0],
      ['期望', KANO_CATEGORY_COLOURS.O, 0],
      ['必备', KANO_CATEGORY_COLOURS.M, 0],
    ])
  })
})
