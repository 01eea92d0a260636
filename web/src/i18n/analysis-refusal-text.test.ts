import { describe, expect, it } from 'vitest'
import { enUS } from './en-US'
import { formatError } from './error-text'
import { zhCN } from './zh-CN'

// How an analysis refusal reads in the admin app (issue 21): too little data in its own words,
// and a command-line option named by its workbench field in Chinese rather than not at all.
// Every analysis refusal code's words: src/analyses/analysis-refusal-words.test.ts.

describe('analysis refusals as the admin app words them', () => {
  it('shows a refusal of too little data in Chinese and English words', () => {
    const error = {
      code: 'NOT_ENOUGH_DATA',
      details: [{ path: 'input', reason: '3 complete rows', allowed: '5 or more' }],
    }
    expect(formatError(error, zhCN, 'zh-CN')).toBe(
      '数据太少，无法进行该分析：去掉空白后完整的行、题目或数据点不够（例如回归需要多于自变量个数的完整行）；请增加数据或减少变量后重试',
    )
    expect(formatError(error, enUS, 'en-US')).toBe(
      `${enUS['error.NOT_ENOUGH_DATA']} (input: 3 complete rows)`,
    )
  })

  it('names a command-line option by its workbench field in Chinese', () => {
    const error = {
      code: 'OPTION_INVALID',
      details: [{ path: '--importance-columns', reason: 'one column per attribute' }],
    }
    expect(formatError(error, zhCN, 'zh-CN')).toBe(
      `${zhCN['error.OPTION_INVALID']}（${zhCN['field.importanceColumns']}）`,
    )
    const required = {
      code: 'VALIDATION_FAILED',
      details: [{ path: '--column', reason: 'required', rule: 'required' }],
    }
    expect(formatError(required, zhCN, 'zh-CN')).toBe(
      `${zhCN['error.VALIDATION_FAILED']}（${zhCN['field.column']}：${zhCN['fieldRule.required']}）`,
    )
  })
})
