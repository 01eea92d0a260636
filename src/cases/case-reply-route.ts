/**
 * The way a reply reaches the customer, by the channel the case came from: a WeChat follower
 * (customer reference wechat:<openid>) through the Official Account, a hotline caller by SMS,
 * otherwise e-mail when there is an address and SMS when there is only a phone number.
 */
export const REPLY_ROUTES = ['email', 'sms', 'wechat'] as const
export type ReplyRoute = (typeof REPLY_ROUTES)[number]

export const WECHAT_REF_PREFIX = 'wechat:'

export function replyRouteOf(customer: {
  channel: string
  customerRef: string | null
  customerEmail: string | null
  customerPhone: string | null
}): ReplyRoute | null {
  if (customer.customerRef?.startsWith(WECHAT_REF_PREFIX)) return 'wechat'
  if (customer.channel === 'hotline' && customer.customerPhone) return 'sms'
  if (customer.customerEmail) return 'email'
  if (customer.customerPhone) return 'sms'
  return null
}

/** A stored reply's route; a reply queued before routes existed was always an e-mail. */
export function storedReplyRoute(detail: Record<string, unknown>): ReplyRoute {
  const via = detail.via
  return (REPLY_ROUTES as readonly unknown[]).includes(via) ? (via as ReplyRoute) : 'email'
}
