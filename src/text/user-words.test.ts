import { describe, expect, it } from 'vitest'
import { segment } from './segmenter.js'
import { analyzeText } from './text-analysis.js'
import { keywordsOf } from './keywords.js'
import { compileUserWords, splitOnUserWords } from './user-words.js'

describe("an organisation's own words", () => {
  it('are kept whole by segmentation, only where they are given', () => {
    expect(segment('网上营业厅登录不了')).toEqual(['网上', '营业厅', '登录', '不了'])
    expect(segment('网上营业厅登录不了', compileUserWords(['网上营业厅']))).toEqual([
      '网上营业厅',
      '登录',
      '不了',
    ])
    expect(segment('丰巢快递柜取件慢', compileUserWords(['丰巢快递柜']))).toEqual([
      '丰巢快递柜',
      '取件',
      '慢',
    ])
    // The shared dictionary is untouched: without the words, the old split again.
    expect(segment('丰巢快递柜取件慢')).toEqual(['丰巢', '快递', '柜', '取件', '慢'])
  })

  it('match the longest word first, ignore case, and do not match inside a Latin word', () => {
    const words = compileUserWords(['满意宝', '满意宝App', 'ETC'])
    expect(splitOnUserWords('满意宝app闪退了', words)).toEqual([
      { text: '满意宝app', word: true },
      { text: '闪退了', word: false },
    ])
    expect(splitOnUserWords('fetch ETC卡', words)).toEqual([
      { text: 'fetch ', word: false },
      { text: 'ETC', word: true },
      { text: '卡', word: false },
    ])
    expect(segment('满意宝App闪退', words)).toEqual(['满意宝app', '闪退'])
  })

  it('are normalised like comments, so traditional characters find them', () => {
    expect(keywordsOf('網上營業廳登錄不了', compileUserWords(['網上營業廳']))).toEqual([
      '网上营业厅',
      '登录',
      '不了',
    ])
  })

  it('reach keywords and analysis through the settings', () => {
    expect(keywordsOf('网上营业厅登录不了', compileUserWords(['网上营业厅']))).toContain(
      '网上营业厅',
    )
    expect(keywordsOf('网上营业厅登录不了')).not.toContain('网上营业厅')
    const topics = [
      { key: 'app', label: { 'zh-CN': '线上渠道' }, keywords: ['网上营业厅'], examples: [] },
    ]
    expect(
      analyzeText('网上营业厅登录不了，很失望', { topics, userWords: ['网上营业厅'] }),
    ).toMatchObject({ sentiment: 'negative', topics: ['app'] })
  })
})
