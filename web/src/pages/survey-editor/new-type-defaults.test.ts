import { describe, expect, it } from 'vitest'
import { NEW_TYPE_QUESTIONS } from '../../../../src/surveys/new-type-questions'
import { QuestionSchema, QUESTION_TYPES } from '../../../../src/surveys/survey.schema'
import { defaultQuestion } from './new-question'
import { linesToTree, treeToLines } from './new-type-defaults'

describe('the editor’s new question types', () => {
  it('starts every type as a question that can be saved as it is', () => {
    for (const type of QUESTION_TYPES) {
      const parsed = QuestionSchema.safeParse(defaultQuestion(type, []))
      expect(parsed.success, `${type}: ${JSON.stringify(parsed.error?.issues)}`).toBe(true)
    }
  })

  it('edits a cascade as lines and keeps the keys of unchanged names', () => {
    const tree = NEW_TYPE_QUESTIONS.find((q) => q.type === 'cascade')!.tree!
    const lines = treeToLines(tree)
    expect(lines.split('\n')[0]).toBe('广东省|Guangdong / 深圳市|Shenzhen / 南山区|Nanshan')
    expect(linesToTree(lines, tree)).toEqual(tree)
    // A new county under Shenzhen gets a fresh key; the others keep theirs (stored answers name them).
    const added = linesToTree(`${lines}\n广东省 / 深圳市 / 宝安区|Bao'an`, tree)
    expect(added[0]!.children![0]!.children!.map((n) => n.key)).toEqual(['ns', 'ft', 'n3'])
    expect(added[0]!.children![0]!.children![2]!.label).toEqual({
      'zh-CN': '宝安区',
      'en-US': "Bao'an",
    })
  })
})
