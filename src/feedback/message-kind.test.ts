import { describe, expect, it } from 'vitest'
import { analyzeText } from '../text/text-analysis.service.js'
import { type MessageKind, messageKindOf } from './message-kind.js'
import { HELD_OUT_MESSAGES, LABELLED_MESSAGES } from './message-kind.test-set.js'

const kindOf = (text: string) => messageKindOf(text, analyzeText(text))
const KINDS: readonly MessageKind[] = ['complaint', 'inquiry', 'suggestion', 'praise']
const isChinese = (text: string) => /\p{Script=Han}/u.test(text)

/** Right answers per kind, "right/all", over a labelled set. */
function rightPerKind(messages: readonly (readonly [string, MessageKind])[]) {
  return Object.fromEntries(
    KINDS.map((kind) => {
      const ofKind = messages.filter(([, label]) => label === kind)
      const right = ofKind.filter(([text]) => kindOf(text) === kind).length
      return [kind, `${right}/${ofKind.length}`]
    }),
  )
}

describe('the kind of a customer message', () => {
  it.each([
    ['表扬 王师傅 服务很好', 'praise'],
    ['谢谢你们及时抢修', 'praise'],
    ['请问营业厅几点关门？谢谢', 'inquiry'],
    // A question with a fault word scores mildly negative (−0.29) and is still a question.
    ['电费怎么交', 'inquiry'],
    ['欠费停电了怎么办', 'inquiry'],
    ['How do I pay my electricity bill?', 'inquiry'],
    ['建议营业厅周末也开门', 'suggestion'],
    ['Please consider adding more self-service payment machines', 'suggestion'],
    ['停电三天没人管', 'complaint'],
    // Complaints put as a question or as thanks.
    ['为什么又停电了？', 'complaint'],
    ['请问为什么停电三天没人管', 'complaint'],
    ['谢谢你们让我等了三天', 'complaint'],
    ['Thanks for making me wait three days for a technician', 'complaint'],
    ['客服态度很差，建议整改', 'complaint'],
    // Praise carrying a suggestion is praise.
    ['师傅很专业，建议公司给他发奖金', 'praise'],
    ['Wonderful staff, thank you! Maybe open a bit later on Fridays too', 'praise'],
    // No cue and no opinion: a fault report, filed as a complaint as before.
    ['电费账单金额不对', 'complaint'],
  ])('%s → %s', (text, kind) => {
    expect(kindOf(text)).toBe(kind)
  })

  it('sorts each message of the labelled set (16 Chinese and 8 English of each kind)', () => {
    const chinese = LABELLED_MESSAGES.filter(([text]) => isChinese(text))
    const english = LABELLED_MESSAGES.filter(([text]) => !isChinese(text))
    expect(rightPerKind(chinese)).toEqual({
      complaint: '16/16',
      inquiry: '16/16',
      suggestion: '16/16',
      praise: '16/16',
    })
    expect(rightPerKind(english)).toEqual({
      complaint: '8/8',
      inquiry: '8/8',
      suggestion: '8/8',
      praise: '8/8',
    })
  })

  it('reads 21 of the 24 held-out messages right, and these three wrong', () => {
    expect(rightPerKind(HELD_OUT_MESSAGES)).toEqual({
      complaint: '5/6',
      inquiry: '5/6',
      suggestion: '5/6',
      praise: '6/6',
    })
    const wrong = HELD_OUT_MESSAGES.filter(([text, label]) => kindOf(text) !== label)
    expect(wrong.map(([text]) => [text, kindOf(text)])).toEqual([
      // A rhetorical question with no complaint word.
      ['你们就是这样服务群众的吗？', 'inquiry'],
      // A question without a question word the cues know (什么) nor a question mark.
      ['过户需要带什么材料', 'complaint'],
      // 能否 followed by a verb the suggestion cues do not list.
      ['能否在社区开设缴费点', 'complaint'],
    ])
  })
})
