import type { TextAnalysis } from '../text/text-analysis.service.js'

/** What a customer's free message is, for the channels that do not say (WeChat texts). */
export type MessageKind = 'complaint' | 'inquiry' | 'suggestion' | 'praise'

// Cue words of the kinds in customers' messages to a utility or service counter (the labels of
// feedback imports: 投诉 / 表扬 / 建议 / 咨询, and how people ask).
const COMPLAINT_CUE = /投诉|举报|曝光|12345|95598|差评/
const PRAISE_CUE = /表扬|点赞|好评|锦旗|感谢信|致谢|赞扬|称赞/
const SUGGESTION_CUE = /建议|提议|希望(能|可以|你们|贵)|最好(能|可以)|要是能/
const INQUIRY_CUE =
  /请问|咨询|想问|问一下|[?？]|[吗呢]\s*$|几点|多少|多久|怎么(办|交|缴|查|申请|预约|开通|办理)|如何|哪里|哪儿|能不能|可不可以|是否/

/**
 * The kind of a message by the product's own text analysis (the sentiment that feedback intake
 * stores, whose Chinese complaint patterns — 没人管, 等了两个小时, 凭什么 — score negative) and cue
 * words. A complaint first: a complaint cue or a negative message, whatever else it holds
 * ("请问为什么停电三天没人管" is a complaint put as a question); then a praise, suggestion or
 * inquiry cue; then a positive message is praise. A message with none of these stays a complaint,
 * as before: a fault report such as "电费账单金额不对" must not go without a case.
 */
export function messageKindOf(
  text: string,
  analysis: Pick<TextAnalysis, 'sentiment'>,
): MessageKind {
  if (COMPLAINT_CUE.test(text) || analysis.sentiment === 'negative') return 'complaint'
  if (PRAISE_CUE.test(text)) return 'praise'
  if (SUGGESTION_CUE.test(text)) return 'suggestion'
  if (INQUIRY_CUE.test(text)) return 'inquiry'
  return analysis.sentiment === 'positive' ? 'praise' : 'complaint'
}
