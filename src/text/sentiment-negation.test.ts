import { describe, expect, it } from 'vitest'
import { segment } from './segmenter.js'
import { naiveBayesFeatures } from './sentiment.js'
import { analyzeText } from './text-analysis.js'

/**
 * A negated opinion word (issue 21): a negated complaint praises mildly, negated praise complains.
 * Each sentence below read otherwise at e07206c (the label it had then is in the comment); the
 * shipped models are the ones `npm run train:sentiment` writes.
 */

const sentiment = (text: string) => analyzeText(text).sentiment

describe('Chinese negation of a negative word reads positive', () => {
  it('没有…失望: the negator reaches 失望 past 让人 / 让我 (were negative)', () => {
    expect(sentiment('这次服务没有让人失望')).toBe('positive')
    expect(sentiment('没让我失望')).toBe('positive')
    expect(sentiment('不会让你失望的')).toBe('positive')
    expect(sentiment('毫不失望')).toBe('positive')
  })

  it('不算差 and 不算太贵 / 不算慢: litotes (were negative)', () => {
    expect(sentiment('不算差')).toBe('positive')
    expect(sentiment('服务不算差')).toBe('positive')
    expect(sentiment('不算太贵')).toBe('positive')
    expect(sentiment('排队不算慢')).toBe('positive')
  })

  it('也 / 都 before a negated opinion word is no "still not" complaint (were negative)', () => {
    expect(sentiment('一点都不难')).toBe('positive')
    expect(sentiment('一点也不后悔来这里')).toBe('positive')
  })

  it('挑不出毛病: nothing to find fault with (was neutral)', () => {
    expect(sentiment('挑不出毛病')).toBe('positive')
    expect(sentiment('房间挑不出什么毛病')).toBe('positive')
  })

  it('the litotes that already read positive stay positive', () => {
    expect(sentiment('房间不差')).toBe('positive')
    expect(sentiment('办手续不难')).toBe('positive')
    expect(sentiment('流程没什么问题')).toBe('positive')
    expect(sentiment('服务无可挑剔')).toBe('positive')
    expect(sentiment('不后悔')).toBe('positive')
    expect(sentiment('还不错吧')).toBe('positive')
  })
})

describe('Chinese negation of a positive word reads negative', () => {
  it('不太满意 and 没那么好 stay negative', () => {
    expect(sentiment('对处理结果不太满意')).toBe('negative')
    expect(sentiment('服务没那么好')).toBe('negative')
  })

  it('没有想象中好 falls short of expectation (was neutral); 没有想象中差 exceeds it', () => {
    expect(sentiment('没有想象中好')).toBe('negative')
    expect(sentiment('没有想象中差')).toBe('positive')
  })

  it('complaints of a service not done stay negative', () => {
    expect(sentiment('一直没人来修')).toBe('negative')
    expect(sentiment('还没到账')).toBe('negative')
    expect(sentiment('也不会再来了')).toBe('negative')
  })
})

describe('Chinese complaint words the lexicon lacked', () => {
  // Found among the neutral verdicts on the training split of ChnSentiCorp (never the held-out 10%).
  it('worn, cramped, noisy, poor value, worse than before are complaints (were neutral)', () => {
    expect(sentiment('这个酒店不怎么样')).toBe('negative')
    expect(sentiment('装修已经很陈旧了')).toBe('negative')
    expect(sentiment('房间太小了')).toBe('negative')
    expect(sentiment('周围非常嘈杂')).toBe('negative')
    expect(sentiment('性价比不高')).toBe('negative')
    expect(sentiment('明显不如以前了')).toBe('negative')
    expect(sentiment('早餐一般般')).toBe('negative')
  })
})

describe('English negated regret', () => {
  it("didn't regret reads positive (was negative)", () => {
    expect(sentiment("didn't regret it")).toBe('positive')
    expect(sentiment("I don't regret buying it")).toBe('positive')
  })
})

describe('naive Bayes features of a negated opinion word', () => {
  it('a Chinese negator marks the opinion word it reaches, not the words between', () => {
    expect(naiveBayesFeatures(segment('没有让人失望'))).toEqual(['NOT_失望'])
    expect(naiveBayesFeatures(segment('服务没那么好'))).toEqual(['服务', 'NOT_好'])
  })

  it('with no opinion word in reach, the next two tokens are marked as before', () => {
    expect(naiveBayesFeatures(segment('没有人理我'))).toEqual(['NOT_人理', 'NOT_我'])
  })

  it('English keeps the two-token mark', () => {
    expect(naiveBayesFeatures(segment("don't bother with this movie"))).toEqual([
      'NOT_bother',
      'NOT_with',
      'this',
      'movie',
    ])
  })
})
