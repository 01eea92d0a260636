import { describe, expect, it } from 'vitest'
import { analyzeText } from '../text/text-analysis.service.js'
import { messageKindOf } from './message-kind.js'

const kindOf = (text: string) => messageKindOf(text, analyzeText(text))

describe('the kind of a customer message', () => {
  it.each([
    ['表扬 王师傅 服务很好', 'praise'],
    ['抄表员王师傅很负责，点赞', 'praise'],
    ['谢谢你们及时抢修', 'praise'],
    ['请问营业厅几点关门', 'inquiry'],
    ['请问营业厅几点关门？谢谢', 'inquiry'],
    ['怎么办理过户', 'inquiry'],
    ['新装电表需要多久', 'inquiry'],
    ['建议营业厅周末也开门', 'suggestion'],
    ['希望能增加自助缴费机', 'suggestion'],
    ['停电三天没人管', 'complaint'],
    ['这周停电三次了，要投诉', 'complaint'],
    ['请问为什么停电三天没人管', 'complaint'],
    ['客服态度很差，建议整改', 'complaint'],
    // No cue and no opinion: a fault report, filed as a complaint as before.
    ['电费账单金额不对', 'complaint'],
  ])('%s → %s', (text, kind) => {
    expect(kindOf(text)).toBe(kind)
  })
})
