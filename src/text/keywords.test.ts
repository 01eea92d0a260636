import { expect, it } from 'vitest'
import { clusterUnmatched, keywordFrequencies, keywordsOf } from './keywords.js'

it('keeps the words that name something, not counts, fillers or degree words', () => {
  expect(keywordsOf('办理过户要跑三次，材料要求不清楚')).toEqual([
    '办理',
    '过户',
    '材料',
    '要求',
    '清楚',
  ])
  expect(keywordsOf('店里人比较多，希望能多开几个窗口。')).not.toContain('几个')
  expect(keywordsOf('会员积分兑换很方便，下次还来。')).toEqual(['会员', '积分', '兑换', '方便'])
  expect(keywordsOf('其他都很满意')).toEqual(['满意'])
  expect(keywordsOf('等了好几趟，不到十分钟又走了')).toEqual([])
  expect(keywordsOf('The staff were friendly, but the queue took ages')).toEqual([
    'staff',
    'friendly',
    'queue',
    'took',
    'ages',
  ])
})

it('clusters unmatched comments by a shared content word, not by a count', () => {
  const texts = [
    '办理过户要跑三次，材料要求不清楚',
    '补办材料跑了三次',
    '材料清单写得不清楚',
    '等了三次电梯',
  ]
  const clusters = clusterUnmatched(texts)
  expect(clusters[0]).toMatchObject({ keyword: '材料', count: 3 })
  expect(clusters.map((c) => c.keyword)).not.toContain('三次')
  expect(keywordFrequencies(texts, 3).map((k) => k.word)).toEqual(['材料', '清楚', '办理'])
})
