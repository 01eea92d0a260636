// The feedback domain's public face for messages customers send through their own channels: the
// WeChat Official Account protocol (plain mode) and the generic signed chat webhook, pure, as
// src/channels calls them before storing the message through feedback.service.ts.
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
