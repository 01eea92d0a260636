import { existsSync, readFileSync } from 'node:fs'
import { parse } from 'csv-parse/sync'
import { describe, expect, it } from 'vitest'
import { normalizeForAnalysis } from './normalize-text.js'
import { segment } from './segmenter.js'
import { scoreSentiment } from './sentiment.js'
import { englishSentimentModel, chineseSentimentModel } from './sentiment-model.js'
import { analyzeText } from './text-analysis.js'
import { strictMetrics, stratifiedSplit } from './train-sentiment-model.js'

const sentiment = (text: string) => analyzeText(text).sentiment

describe('English customer posts', () => {
  it('reads the complaints that carry no opinion word as negative', () => {
    expect(sentiment('still waiting for my refund')).toBe('negative')
    expect(sentiment('I have been on hold for 2 hours')).toBe('negative')
    expect(sentiment('My flight was cancelled and nobody told me')).toBe('negative')
    expect(sentiment('Where is my refund? Where is my refund? Where is my refund?')).toBe(
      'negative',
    )
  })

  it('does not let a negator reach past a possessive, nor sarcastic thanks read as praise', () => {
    expect(sentiment('NOT your terrible service')).toBe('negative')
    expect(sentiment('thanks for nothing')).toBe('negative')
    expect(sentiment('Lost my luggage, thanks a lot American')).toBe('negative')
    expect(sentiment('Great, another delay. Love it.')).toBe('negative')
    expect(sentiment('Thanks, but still no reply from your team')).toBe('negative')
    // The failure first, the praise word after it; and litotes, which praises (issue 21).
    expect(sentiment('late flight again, awesome')).toBe('negative')
    expect(sentiment('Bag lost again. Thanks!')).toBe('negative')
    expect(sentiment('not bad at all')).toBe('positive')
    // Plain thanks and plain negation still read as before.
    expect(sentiment('Thank you so much, the crew were wonderful')).toBe('positive')
    expect(sentiment('The food was not good')).toBe('negative')
  })

  it('gives the service topics Manyi serves', () => {
    expect(analyzeText('My flight was cancelled and nobody told me').topics).toContain(
      'cancellation_delay',
    )
    expect(analyzeText('They lost my bag at the transfer').topics).toEqual(['baggage_lost'])
    expect(analyzeText('still waiting for my refund').topics).toEqual([
      'wait_time',
      'billing',
      'after_sales',
    ])
    expect(analyzeText('I was on hold for an hour').topics).toEqual(['wait_time'])
    expect(analyzeText('The customer service agent hung up on me').topics).toEqual([
      'service_attitude',
    ])
    expect(analyzeText('The app crashed while I was booking').topics).toEqual(['app_website'])
    // Complaints that named no topic before: the service itself, food, a product that fails, money wasted.
    expect(analyzeText('Service sucks.').topics).toEqual(['service_attitude'])
    expect(analyzeText('We were treated so rudely by our waitress').topics).toEqual([
      'service_attitude',
    ])
    expect(analyzeText('The burger had absolutely no flavor').topics).toEqual(['food_drink'])
    expect(analyzeText('早餐的菜品很难吃').topics).toEqual(['food_drink'])
    expect(analyzeText("Mic doesn't work.").topics).toEqual(['product_quality'])
    expect(analyzeText('Terrible product, and waste of money!').topics).toEqual(['price'])
    expect(analyzeText('We sat there for 20 minutes').topics).toEqual(['wait_time'])
  })

  it('leaves a question with no evaluation neutral', () => {
    expect(analyzeText('What time do you open?')).toMatchObject({ sentiment: 'neutral', score: 0 })
  })
})

describe('Chinese customer comments', () => {
  it('weighs degree words: 很, 非常 and 太 strengthen a verdict, 有点 softens it', () => {
    const score = (text: string) => analyzeText(text).score
    expect(score('服务很好')).toBeGreaterThan(score('服务好'))
    expect(score('服务非常好')).toBeGreaterThan(score('服务好'))
    expect(score('服务有点好')).toBeLessThan(score('服务很好'))
    expect(score('服务非常差')).toBeLessThan(score('服务差'))
    expect(score('服务太差了')).toBeLessThan(score('服务差'))
    expect(score('服务有点差')).toBeGreaterThan(score('服务差'))
    expect(sentiment('服务有点差')).toBe('negative')
  })

  it('reads a complaint repeated three times as negative, laughter as nothing', () => {
    expect(sentiment('退钱！退钱！退钱！')).toBe('negative')
    expect(sentiment('我要投诉我要投诉我要投诉')).toBe('negative')
    expect(sentiment('哈哈哈哈哈哈')).toBe('neutral')
  })

  it('reads service verbs under 没有/没/不, 还没 and 等了 as complaints', () => {
    expect(sentiment('还没退款')).toBe('negative')
    expect(sentiment('等了两个小时')).toBe('negative')
    expect(sentiment('客服一直没人接')).toBe('negative')
    expect(sentiment('凭什么不给退')).toBe('negative')
    expect(sentiment('没有人回复')).toBe('negative')
    // "Not ten minutes and it was fixed" is praise, not a failed arrival.
    expect(sentiment('没到十分钟就修好了')).toBe('positive')
  })

  it('reads rhetorical questions as complaints and plain questions as neutral', () => {
    expect(sentiment('难道你们就是这样服务的吗？')).toBe('negative')
    expect(sentiment('到底什么时候才能修好')).toBe('negative')
    // Without 吗: 难道…？, 这也叫…, 说好的…呢, 还好意思 (neutral, score 0, issue 21).
    expect(sentiment('难道这就是你们的服务？')).toBe('negative')
    expect(sentiment('这也叫五星级酒店？')).toBe('negative')
    expect(sentiment('说好的早餐呢？')).toBe('negative')
    expect(sentiment('还好意思收服务费')).toBe('negative')
    // A plain question that only names a service stays neutral.
    expect(analyzeText('早餐几点开始？')).toMatchObject({ sentiment: 'neutral', score: 0 })
    expect(analyzeText('请问你们几点开门？')).toMatchObject({ sentiment: 'neutral', score: 0 })
  })

  it('labels a contrast by its second half instead of calling it neutral', () => {
    expect(sentiment('服务不错，但是上菜太慢')).toBe('negative')
    expect(sentiment('价格有点贵，不过服务很到位')).toBe('positive')
  })
})

const labelOf = (text: string, model: ReturnType<typeof englishSentimentModel>) => {
  const n = normalizeForAnalysis(text).text
  return scoreSentiment(n, segment(n), model).label
}

describe('accuracy on public data the models never trained on (neutral on a polar text is a miss)', () => {
  it('English: 300 IMDb film-review sentences (UCI Sentiment Labelled Sentences, CC BY 4.0)', () => {
    const rows = readFileSync(
      new URL('./__fixtures__/public/imdb-sample.tsv', import.meta.url),
      'utf8',
    )
      .trim()
      .split('\n')
      .slice(1)
      .map((l) => l.split('\t') as [string, string])
    const model = englishSentimentModel()
    const m = strictMetrics(
      rows.map(([label]) => (label === '1' ? 1 : 0)),
      rows.map(([, text]) => labelOf(text, model)),
    )
    expect(m.n).toBe(300)
    // Measured 0.730 accuracy, 0.756 macro-F1, 7.3% neutral when written; the floor leaves room for lexicon edits.
    expect(m.accuracy).toBeGreaterThanOrEqual(0.7)
    expect(m.macroF1).toBeGreaterThanOrEqual(0.72)
    expect(m.neutral).toBeLessThanOrEqual(0.1)
  })

  const english = new URL('../../../shared/datasets/en-labelled-sentences/', import.meta.url)
  it.runIf(existsSync(english))(
    'English topics: complaints with no topic, on the half of each file not looked at when choosing keywords',
    () => {
      // Keywords were chosen reading the first 250 negative sentences of each file; these are the
      // other 250. Before: 70.0% (Amazon) and 69.2% (Yelp) had no topic; measured 60.8% and 39.6%.
      const noTopic = (file: string) => {
        const negative = readFileSync(new URL(file, english), 'utf8')
          .split(/\r?\n/)
          .filter((line) => line.endsWith('\t0'))
          .map((line) => line.slice(0, line.lastIndexOf('\t')))
          .slice(250)
        expect(negative).toHaveLength(250)
        return negative.filter((text) => analyzeText(text).topics.length === 0).length / 250
      }
      expect(noTopic('amazon_cells_labelled.txt')).toBeLessThanOrEqual(0.62)
      expect(noTopic('yelp_labelled.txt')).toBeLessThanOrEqual(0.42)
    },
  )

  const hotels = new URL(
    '../../../shared/datasets/zh-hotel-reviews/ChnSentiCorp_htl_all.csv',
    import.meta.url,
  )
  it.runIf(existsSync(hotels))(
    'Chinese: the 776 ChnSentiCorp reviews held out of training (seed 20261123)',
    () => {
      const rows = parse(readFileSync(hotels, 'utf8'), { columns: true, skip_empty_lines: true })
      const docs = (rows as Array<{ label: string; review: string }>)
        .filter((r) => (r.label === '0' || r.label === '1') && r.review?.trim())
        .map((r) => ({ label: Number(r.label) as 0 | 1, text: r.review, tokens: [] }))
      const { test } = stratifiedSplit(docs, 20261123)
      expect(test).toHaveLength(776)
      const model = chineseSentimentModel()
      const m = strictMetrics(
        test.map((d) => d.label),
        test.map((d) => labelOf(d.text, model)),
      )
      expect(m.accuracy).toBeGreaterThanOrEqual(0.84)
      expect(m.neutral).toBeLessThanOrEqual(0.05)
    },
  )
})
