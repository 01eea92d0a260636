import { describe, expect, it } from 'vitest'
import {
  dingTalkSignature,
  feishuSignature,
  robotAccepted,
  robotRequest,
} from './robot-messages.js'

// Signatures computed independently with Python's hmac/base64/urllib (the robots' own examples):
// DingTalk quote_plus(b64encode(hmac.new(secret, f"{ts}\n{secret}", sha256))),
// Feishu b64encode(hmac.new(f"{ts}\n{secret}", b"", sha256)).
const SECRET = 'SECabc123'

describe('robot messages', () => {
  it('signs DingTalk and Feishu as their documentation says', () => {
    expect(encodeURIComponent(dingTalkSignature(SECRET, 1_700_000_000_000))).toBe(
      'N5P09a4%2Bp1AMJIJWnIvQd2Yxw9%2Bfu%2FoEBnPrjCcsLXk%3D',
    )
    expect(feishuSignature(SECRET, 1_700_000_000)).toBe(
      'UqhI0v4zAkSwI4hNYBuHQvnrAqshA0UaeBGHCUMPX70=',
    )
  })

  const message = {
    title: '新案件',
    text: '案件 C-0001 分配给您 [点我](http://evil)',
    link: 'https://manyi.example/app/cases/c1',
  }

  it('puts the DingTalk timestamp and signature in the URL, keeping its access token', () => {
    const request = robotRequest(
      'dingtalk',
      'https://oapi.dingtalk.com/robot/send?access_token=t0k',
      SECRET,
      message,
      1_700_000_000_000,
    )
    const url = new URL(request.url)
    expect(url.searchParams.get('access_token')).toBe('t0k')
    expect(url.searchParams.get('timestamp')).toBe('1700000000000')
    expect(url.searchParams.get('sign')).toBe(dingTalkSignature(SECRET, 1_700_000_000_000))
    expect(request.url).toContain('sign=N5P09a4%2Bp1AMJIJWnIvQd2Yxw9%2Bfu%2FoEBnPrjCcsLXk%3D')
    expect(JSON.parse(request.body)).toEqual({
      msgtype: 'text',
      text: {
        content:
          '【新案件】\n案件 C-0001 分配给您 [点我](http://evil)\nhttps://manyi.example/app/cases/c1',
      },
    })
  })

  it('puts the Feishu timestamp (seconds) and signature in the body', () => {
    const request = robotRequest(
      'feishu',
      'https://open.feishu.cn/open-apis/bot/v2/hook/abc',
      SECRET,
      message,
      1_700_000_000_999,
    )
    expect(request.url).toBe('https://open.feishu.cn/open-apis/bot/v2/hook/abc')
    const body = JSON.parse(request.body)
    expect(body.timestamp).toBe('1700000000')
    expect(body.sign).toBe('UqhI0v4zAkSwI4hNYBuHQvnrAqshA0UaeBGHCUMPX70=')
    expect(body.msg_type).toBe('text')
    expect(body.content.text).toContain('【新案件】')
  })

  it('sends WeCom (and unsigned robots) plain text to the URL as given', () => {
    const wecom = robotRequest(
      'wecom',
      'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k',
      null,
      message,
      1,
    )
    expect(wecom.url).toBe('https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k')
    expect(JSON.parse(wecom.body).msgtype).toBe('text')
    const unsigned = robotRequest(
      'feishu',
      'https://open.feishu.cn/open-apis/bot/v2/hook/abc',
      null,
      message,
      1,
    )
    expect(JSON.parse(unsigned.body).sign).toBeUndefined()
  })

  it('cuts a long text to the robots’ limit', () => {
    const long = robotRequest(
      'wecom',
      'https://x.example/',
      null,
      { title: 't', text: '长'.repeat(5000) },
      1,
    )
    expect(JSON.parse(long.body).text.content.length).toBe(1800)
  })

  it('reads the robots’ replies: an error code in a 200 answer is a refusal', () => {
    expect(robotAccepted('dingtalk', 200, '{"errcode":0,"errmsg":"ok"}')).toBe(true)
    expect(robotAccepted('dingtalk', 200, '{"errcode":310000,"errmsg":"sign not match"}')).toBe(
      false,
    )
    expect(robotAccepted('feishu', 200, '{"code":0,"msg":"success"}')).toBe(true)
    expect(robotAccepted('feishu', 200, '{"StatusCode":0}')).toBe(true)
    expect(robotAccepted('feishu', 200, '{"code":19021,"msg":"sign match fail"}')).toBe(false)
    expect(robotAccepted('wecom', 200, 'not json')).toBe(false)
    expect(robotAccepted('wecom', 500, '{"errcode":0}')).toBe(false)
  })
})
