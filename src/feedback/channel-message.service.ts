// The feedback domain's public face for messages customers send through their own channels: the
// WeChat Official Account protocol (plain and safe mode) and the generic signed chat webhook, pure, as
// src/channels calls them before storing the message through feedback.service.ts.
import type { Db } from '../db/database.js'
import { analyzeText, loadTextConfig } from '../text/text-analysis.service.js'
import { type MessageKind, messageKindOf } from './message-kind.js'
export {
  CHAT_MAX_SKEW_SECONDS,
  chatMessageFeedback,
  checkChatSignature,
  parseChatMessage,
} from './chat-webhook.js'
export {
  checkWechatSignature,
  parseWechatMessage,
  WECHAT_MAX_BODY_BYTES,
  WECHAT_MAX_SKEW_SECONDS,
  type WechatSignedQuery,
  wechatAcknowledgement,
  wechatTextReply,
} from './wechat-official-account.js'
export {
  checkWechatMessageSignature,
  decryptWechatMessage,
  encryptedWechatReply,
  encryptWechatMessage,
  wechatAesKey,
  wechatEncryptedPart,
  wechatMessageSignature,
  wechatReplyRandom,
} from './wechat-message-crypto.js'

/**
 * A customer's free message as complaint, inquiry, suggestion or praise, by the organisation's
 * own text analysis (its topics and learned sentiment, as feedback intake stores it).
 */
export async function messageKindFor(db: Db, orgId: string, text: string): Promise<MessageKind> {
  return messageKindOf(text, analyzeText(text, await loadTextConfig({ db, orgId })))
}
