import { createHmac } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { UnauthorizedError, ValidationError } from '../shared/errors.js'
import { chatMessageFeedback, checkChatSignature, parseChatMessage } from './chat-webhook.js'
import { FeedbackInputSchema } from './feedback.schema.js'

const SECRET = 'chat-secret-0123456789'
const NOW = Date.parse('2026-11-27T08:30:05Z')
const TIMESTAMP = String(NOW / 1000)
const BODY = JSON.stringify({
  channel: 'wecom',
  externalUserId: 'wmABC123',
  messageId: 'm-778',
  text: '营业厅排队一个小时',
  sentAt: '2026-11-27T16:29:00+08:00',
})
const sign = (body: string, timestamp = TIMESTAMP, secret = SECRET) =>
  `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`

describe('inbound chat webhook', () => {
  it('accepts a signed, fresh message and makes feedback with a platform-scoped external id', () => {
    expect(() =>
      checkChatSignature(SECRET, { timestamp: TIMESTAMP, signature: sign(BODY) }, BODY, NOW),
    ).not.toThrow()
    const message = parseChatMessage(BODY)
    // No kind from the platform: the kind read from the text is taken.
    expect(message.kind).toBeUndefined()
    const feedback = chatMessageFeedback(message, 'complaint')
    expect(feedback).toEqual({
      channel: 'social',
      kind: 'complaint',
      text: '营业厅排队一个小时',
      customer: { ref: 'wecom:wmABC123' },
      receivedAt: '2026-11-27T08:29:00.000Z',
      externalId: 'wecom:m-778',
    })
    // The feedback service's own schema takes it as it is.
    expect(FeedbackInputSchema.safeParse(feedback).success).toBe(true)
  })

  it.each([
    [
      'another secret',
      { timestamp: TIMESTAMP, signature: sign(BODY, TIMESTAMP, 'other-secret') },
      BODY,
    ],
    [
      'a changed body',
      { timestamp: TIMESTAMP, signature: sign(BODY) },
      BODY.replace('一个', '两个'),
    ],
    ['a changed timestamp', { timestamp: String(NOW / 1000 + 1), signature: sign(BODY) }, BODY],
    [
      'a replay 6 minutes old',
      { timestamp: String(NOW / 1000 - 360), signature: sign(BODY, String(NOW / 1000 - 360)) },
      BODY,
    ],
    ['no signature', { timestamp: TIMESTAMP }, BODY],
  ])('refuses %s with UNAUTHENTICATED', (_what, headers, body) => {
    expect(() => checkChatSignature(SECRET, headers, body, NOW)).toThrow(UnauthorizedError)
  })

  it('names each bad field of a malformed message', () => {
    const error = (() => {
      try {
        parseChatMessage(
          JSON.stringify({
            channel: 'We Com',
            externalUserId: '',
            messageId: 'x',
            text: 'hi',
            sentAt: 'yesterday',
            extra: 1,
          }),
        )
      } catch (caught) {
        return caught
      }
    })() as ValidationError
    expect(error).toBeInstanceOf(ValidationError)
    expect(error.details.map((issue) => issue.path).sort()).toEqual(
      ['body', 'channel', 'externalUserId', 'sentAt'].sort(),
    )
    expect(() => parseChatMessage('not json')).toThrow(ValidationError)
  })

  it("keeps the platform's own kind over the kind read from the text", () => {
    const named = parseChatMessage(BODY.replace('"text"', '"kind":"praise","text"'))
    expect(chatMessageFeedback(named, 'complaint').kind).toBe('praise')
    expect(chatMessageFeedback(parseChatMessage(BODY), 'inquiry').kind).toBe('inquiry')
  })
})
