import { XMLParser } from 'fast-xml-parser'
import { describe, expect, it } from 'vitest'
import { UnauthorizedError, ValidationError } from '../shared/errors.js'
import {
  checkWechatSignature,
  parseWechatMessage,
  wechatAcknowledgement,
  wechatSignature,
  wechatTextReply,
} from './wechat-official-account.js'

const TOKEN = 'manyi-token'
const NOW = 1764232205 * 1000

describe('WeChat server verification signature', () => {
  it('is SHA-1 of the sorted token, timestamp and nonce (value from Python hashlib)', () => {
    expect(wechatSignature(TOKEN, '1764232205', 'n0nce42')).toBe(
      '4d985590ac736e2d83c9f6eef28b011fe02ba2af',
    )
  })

  it('accepts the signed request, in any letter case', () => {
    const signature = '4D985590AC736E2D83C9F6EEF28B011FE02BA2AF'
    expect(() =>
      checkWechatSignature(TOKEN, { signature, timestamp: '1764232205', nonce: 'n0nce42' }, NOW),
    ).not.toThrow()
  })

  it.each([
    [
      'a forged signature',
      { signature: '0'.repeat(40), timestamp: '1764232205', nonce: 'n0nce42' },
    ],
    [
      'another nonce',
      {
        signature: '4d985590ac736e2d83c9f6eef28b011fe02ba2af',
        timestamp: '1764232205',
        nonce: 'n0nce43',
      },
    ],
    ['no signature', { timestamp: '1764232205', nonce: 'n0nce42' }],
    ['a timestamp that is not a number', { signature: 'x', timestamp: '12a', nonce: 'n' }],
  ])('refuses %s with UNAUTHENTICATED', (_what, query) => {
    expect(() => checkWechatSignature(TOKEN, query, NOW)).toThrow(UnauthorizedError)
  })

  it('refuses a correctly signed request replayed six minutes later', () => {
    const timestamp = String(1764232205 - 360)
    const signature = wechatSignature(TOKEN, timestamp, 'n')
    expect(() => checkWechatSignature(TOKEN, { signature, timestamp, nonce: 'n' }, NOW)).toThrow(
      UnauthorizedError,
    )
    const fresh = String(1764232205 - 240)
    expect(() =>
      checkWechatSignature(
        TOKEN,
        { signature: wechatSignature(TOKEN, fresh, 'n'), timestamp: fresh, nonce: 'n' },
        NOW,
      ),
    ).not.toThrow()
  })
})

// The shape of the documented "文本消息" example.
const TEXT_MESSAGE = `<xml>
  <ToUserName><![CDATA[gh_7f083739789a]]></ToUserName>
  <FromUserName><![CDATA[oia2TjjewbmiOUlr6X-1crbLOvLw]]></FromUserName>
  <CreateTime>1764232200</CreateTime>
  <MsgType><![CDATA[text]]></MsgType>
  <Content><![CDATA[昨天停电没有提前通知 <b>&amp;</b> 抢修太慢]]></Content>
  <MsgId>24602814232918017</MsgId>
</xml>`

describe('WeChat messages', () => {
  it('reads a text message: follower, account, time, text as written and the 17-digit MsgId as a string', () => {
    expect(parseWechatMessage(TEXT_MESSAGE)).toEqual({
      type: 'text',
      openid: 'oia2TjjewbmiOUlr6X-1crbLOvLw',
      account: 'gh_7f083739789a',
      sentAt: new Date('2025-11-27T08:30:00Z'),
      text: '昨天停电没有提前通知 <b>&amp;</b> 抢修太慢',
      msgId: '24602814232918017',
    })
  })

  it('reads an event as another kind, not as feedback', () => {
    const event = TEXT_MESSAGE.replace('[CDATA[text]]', '[CDATA[event]]')
    expect(parseWechatMessage(event)).toEqual({
      type: 'other',
      openid: 'oia2TjjewbmiOUlr6X-1crbLOvLw',
      account: 'gh_7f083739789a',
      msgType: 'event',
    })
  })

  it.each([
    ['a document type (entity expansion)', `<!DOCTYPE xml [<!ENTITY a "aaaa">]>${TEXT_MESSAGE}`],
    ['no <xml> root', '<message><Content>hi</Content></message>'],
    ['not XML', '{"Content":"hi"}'],
    ['a text without MsgId', TEXT_MESSAGE.replace(/<MsgId>.*<\/MsgId>/, '')],
    [
      'an empty text',
      TEXT_MESSAGE.replace(/<Content>.*<\/Content>/, '<Content><![CDATA[  ]]></Content>'),
    ],
    ['an openid with markup', TEXT_MESSAGE.replace('oia2TjjewbmiOUlr6X-1crbLOvLw', '<script>')],
    ['a text over 2,048 characters', TEXT_MESSAGE.replace('抢修太慢', '慢'.repeat(2050))],
  ])('refuses %s with VALIDATION_FAILED', (_what, body) => {
    expect(() => parseWechatMessage(body)).toThrow(ValidationError)
  })

  it('replies in the follower language, and text holding "]]>" survives the CDATA', () => {
    expect(wechatAcknowledgement('zh-CN')).toBe('您的留言已收到，我们会尽快处理并回复您。')
    expect(wechatAcknowledgement('en-US')).toBe(
      'We have received your message and will get back to you soon.',
    )
    const reply = wechatTextReply(
      { openid: 'oia2Tj', account: 'gh_7f08' },
      'a ]]> b <x>',
      new Date('2025-11-27T08:30:05Z'),
    )
    const parsed = new XMLParser({ parseTagValue: false }).parse(reply) as {
      xml: Record<string, string>
    }
    expect(parsed.xml).toEqual({
      ToUserName: 'oia2Tj',
      FromUserName: 'gh_7f08',
      CreateTime: '1764232205',
      MsgType: 'text',
      Content: 'a ]]> b <x>',
    })
  })
})
