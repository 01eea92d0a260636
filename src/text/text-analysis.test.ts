import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { detectLanguage, normalizeForAnalysis } from './normalize-text.js'
import { segment } from './segmenter.js'
import { NEUTRAL_BAND, scoreSentiment } from './sentiment.js'
import { sentimentModelFor } from './sentiment-model.js'
import { analyzeText } from './text-analysis.js'
import { binaryMetrics } from './train-sentiment-model.js'

describe('analyzeText', () => {
  it('reads sentiment per aspect across a contrast', () => {
    const a = analyzeText('服务态度很好，但是配送太慢了')
    expect(a.language).toBe('zh')
    expect(a.topics).toEqual(['service_attitude', 'wait_time', 'delivery'])
    expect(a.aspects.find((x) => x.topic === 'service_attitude')!.sentiment).toBe('positive')
    expect(a.aspects.find((x) => x.topic === 'delivery')!.sentiment).toBe('negative')
  })

  it('handles negation, degree adverbs and concession', () => {
    expect(analyzeText('服务不好').sentiment).toBe('negative')
    expect(analyzeText('不太满意').sentiment).toBe('negative')
    expect(analyzeText('并不满意').sentiment).toBe('negative')
    expect(analyzeText('非常满意').score).toBeGreaterThan(analyzeText('满意').score)
    expect(analyzeText('虽然价格贵，但是质量很好').sentiment).toBe('positive')
    expect(analyzeText('虽然环境不错，但是服务太慢了').sentiment).toBe('negative')
    expect(analyzeText('not good').sentiment).toBe('negative')
    expect(analyzeText('The staff could not have been more helpful.').sentiment).toBe('positive')
    expect(analyzeText('Nice place, but the service was painfully slow.').sentiment).toBe(
      'negative',
    )
  })

  it('reads a failed service as negative without an opinion word', () => {
    expect(analyzeText('快递三天了还没到').sentiment).toBe('negative')
    expect(analyzeText('They said they would call back but never did.').sentiment).not.toBe(
      'positive',
    )
  })

  it('folds Traditional Chinese to Simplified', () => {
    expect(analyzeText('服務態度很差')).toEqual(analyzeText('服务态度很差'))
  })

  it('tells Chinese, English and mixed text apart', () => {
    expect(detectLanguage('营业厅排队太久')).toBe('zh')
    expect(detectLanguage('The queue was long')).toBe('en')
    expect(detectLanguage('这个app还行 but the login keeps failing')).toBe('mixed')
    expect(detectLanguage('app 闪退了')).toBe('zh')
    expect(detectLanguage('👍👍 !!! 123')).toBe('none')
  })

  it('gives bad input a sensible label without failing', () => {
    expect(analyzeText('')).toEqual({
      language: 'none',
      sentiment: 'neutral',
      score: 0,
      topics: [],
      aspects: [],
      truncated: false,
    })
    expect(analyzeText('   ')).toMatchObject({ language: 'none', sentiment: 'neutral' })
    expect(analyzeText('😡😡')).toMatchObject({ language: 'none', sentiment: 'negative' })
    expect(analyzeText('🙂')).toMatchObject({ language: 'none', sentiment: 'positive' })
    const long = analyzeText('服务很好。'.repeat(20_000))
    expect(long).toMatchObject({ language: 'zh', sentiment: 'positive', truncated: true })
    expect(analyzeText('\uD800客服态度差\uDFFF')).toMatchObject({
      language: 'zh',
      sentiment: 'negative',
    })
    expect(normalizeForAnalysis('\uD800好').text).toBe('\uFFFD好')
    const html = analyzeText('<script>alert("x")</script><b>客服</b>态度很差')
    expect(html).toMatchObject({ sentiment: 'negative', topics: ['service_attitude'] })
    expect(segment(normalizeForAnalysis('<img src=x onerror=alert(1)>好').text)).not.toContain(
      'onerror',
    )
  })
})

/** Labelled sets written for Manyi (docs/text-analytics.md): development sets and blind sets. */
function accuracyOn(file: string) {
  const lines = readFileSync(new URL(`./__fixtures__/${file}`, import.meta.url), 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((l) => l.split('\t') as [string, string])
  const scores = lines.map(([, text]) => {
    const n = normalizeForAnalysis(text).text
    return scoreSentiment(n, segment(n), sentimentModelFor(detectLanguage(n))).score
  })
  return binaryMetrics(
    lines.map(([label]) => (label === '1' ? 1 : 0)),
    scores,
    NEUTRAL_BAND,
  )
}

describe('sentiment accuracy on held-out labelled text', () => {
  it('meets the goal on Chinese service feedback from domains the model never saw', () => {
    expect(accuracyOn('zh-blind.tsv').accuracy).toBeGreaterThanOrEqual(0.9)
    expect(accuracyOn('zh-service-reviews.tsv').accuracy).toBeGreaterThanOrEqual(0.9)
  })

  it('reads English feedback with the lexicon alone', () => {
    expect(accuracyOn('en-blind.tsv').accuracy).toBeGreaterThanOrEqual(0.8)
    expect(accuracyOn('en-service-reviews.tsv').accuracy).toBeGreaterThanOrEqual(0.9)
  })

  it('keeps the in-domain test figure the training script recorded', () => {
    const provenance = JSON.parse(
      readFileSync(new URL('./model/zh-sentiment.json', import.meta.url), 'utf8'),
    ).provenance
    expect(provenance.split).toEqual({ seed: 20261123, train: 6213, dev: 776, test: 776 })
    expect(provenance.heldOutHotelTest.accuracy).toBeGreaterThanOrEqual(0.85)
  })
})
