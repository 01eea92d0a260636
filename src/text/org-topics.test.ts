import { expect, it } from 'vitest'
import { analyzeText } from './text-analysis.js'
import { applyTopicExamples, contentWords, trainTopicExamples } from './org-topics.js'
import { segment } from './segmenter.js'

const ORDER = ['wait_time', 'billing', 'outage_repair', 'after_sales']

it('a corrected example adds its topics to a comment that says nearly the same, and takes away the removed ones', () => {
  const examples = trainTopicExamples([
    {
      tokens: segment('the charger in our car park has been dead since monday'),
      topics: ['outage_repair'],
      previousTopics: ['after_sales'],
    },
  ])
  expect(examples).toEqual([
    {
      words: ['car', 'charger', 'dead', 'monday', 'park', 'since'],
      topics: ['outage_repair'],
      removed: ['after_sales'],
    },
  ])
  // Nearly the same words: the example's topics.
  expect(
    applyTopicExamples(
      ['after_sales', 'billing'],
      segment('car park charger dead since monday again'),
      examples,
      ORDER,
    ),
  ).toEqual(['billing', 'outage_repair'])
  // Another subject: the taxonomy's answer stands.
  expect(
    applyTopicExamples(['billing'], segment('I was charged twice this month'), examples, ORDER),
  ).toEqual(['billing'])
  expect(contentWords(['的', 'The', 'ok', '充电桩'])).toEqual(['充电桩'])
})

it('analyzeText takes the organisation’s examples: the same comment before and after', () => {
  const text = '小区充电桩一直用不了'
  const before = analyzeText(text)
  expect(before.topics).not.toContain('outage_repair')
  const topicExamples = trainTopicExamples([
    { tokens: segment('充电桩一直用不了'), topics: ['outage_repair'], previousTopics: [] },
  ])
  const after = analyzeText(text, { orgModel: { weights: {}, bias: 0, topicExamples } })
  expect(after.topics).toContain('outage_repair')
  // Its sentiment is the shipped model's: topic examples teach topics only.
  expect(after.sentiment).toBe(before.sentiment)
})
