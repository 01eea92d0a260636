import { describe, expect, it } from 'vitest'
import { invitationMessage } from './invitation-message.js'

const base = {
  baseUrl: 'https://s.example.cn',
  surveySlug: 'abc123',
  surveyTitle: '服务 <评价>',
  token: 'tok_0123456789abcdef',
  reminder: false,
}

describe('invitationMessage', () => {
  it('fills the default zh-CN template with the personal link and an unsubscribe link', () => {
    const m = invitationMessage({
      ...base,
      settings: { locale: 'zh-CN', reminders: { afterHours: 72, max: 1 } },
      contactName: '李雷',
    })
    expect(m.subject).toBe('邀请您参与「服务 <评价>」')
    expect(m.link).toBe('https://s.example.cn/s/abc123?i=tok_0123456789abcdef&lang=zh-CN')
    expect(m.text).toContain('李雷您好')
    expect(m.text).toContain(m.link)
    expect(m.text).toContain('https://s.example.cn/u/tok_0123456789abcdef')
  })

  it('escapes names and titles in the HTML body; only the link becomes markup', () => {
    const m = invitationMessage({
      ...base,
      settings: {
        locale: 'en-US',
        reminders: { afterHours: 72, max: 1 },
        email: { subject: 'Hi {name}\r\nBcc: x@y.z', body: 'Dear {name}, answer {survey}: {link}' },
      },
      contactName: '<script>alert(1)</script>',
    })
    expect(m.html).toContain(
      'Dear &lt;script&gt;alert(1)&lt;/script&gt;, answer 服务 &lt;评价&gt;: <a href="https://s.example.cn/s/abc123?i=tok_0123456789abcdef&amp;lang=en-US">',
    )
    expect(m.html).not.toContain('<script>')
    // No header injection through a template or a name.
    expect(m.subject).toBe('Hi <script>alert(1)</script> Bcc: x@y.z')
  })

  it('marks reminders in the subject', () => {
    const m = invitationMessage({
      ...base,
      reminder: true,
      settings: { locale: 'en-US', reminders: { afterHours: 72, max: 1 } },
      contactName: '',
    })
    expect(m.subject).toBe('Reminder: Your opinion on “服务 <评价>”')
    expect(m.text).toContain('Dear customer')
  })
})
