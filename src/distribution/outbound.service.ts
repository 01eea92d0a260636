/**
 * Sending to addresses outside Manyi, for other domains (the notifications' chat robots): the
 * same server-side-request-forgery policy as the distribution's webhooks.
 */
export { postJsonReadingReply } from './webhook-request.js'
export { webhookSignature } from './invitation-delivery.js'
export {
  isIpLiteral,
  isPublicAddress,
  OutboundAddressError,
  type OutboundPolicy,
  webhookHostProblem,
} from './outbound-address.js'
