import { describe, expect, it } from 'vitest'
import { inboxErrorCode, readMail } from './email-inbox.service.js'

// How the inbox reads one message (no IMAP, no store): the text, the answer above the quoted
// history, the references threading uses, and what counts as machine-sent or unreadable.
const raw = (headers: string[], body: string) =>
  Buffer.from(`${headers.join('\r\n')}\r\n\r\n${body.replace(/\n/g, '\r\n')}\r\n`, 'utf8')

describe('readMail', () => {
  it('reads an HTML-only mail as text, and the references of an answer', async () => {
    const mail = await readMail(
      raw(
        [
          'From: "Amy Chen" <Amy@Example.com>',
          'Subject: Re: About your feedback (C-000042)',
          'In-Reply-To: <case-reply.a.b.0123@case.manyi>',
          'References: <first@example.com> <case-reply.a.b.0123@case.manyi>',
          'Content-Type: text/html; charset=utf-8',
        ],
        '<p>The power is <b>back</b>, thank you.</p>',
      ),
    )
    expect(mail).toMatchObject({
      from: 'amy@example.com',
      name: 'Amy Chen',
      subject: 'Re: About your feedback (C-000042)',
      body: 'The power is back, thank you.',
      automatic: false,
    })
    expect(mail!.references).toEqual([
      '<case-reply.a.b.0123@case.manyi>',
      '<first@example.com>',
      '<case-reply.a.b.0123@case.manyi>',
    ])
  })

  it('keeps the answer above an Outlook or Chinese client’s quoted history', async () => {
    const outlook = await readMail(
      raw(
        ['From: a@example.com', 'Subject: Re: x', 'Content-Type: text/plain; charset=utf-8'],
        'Still no power.\n\n-----Original Message-----\nFrom: Manyi\nWe are on our way.',
      ),
    )
    expect(outlook!.reply).toBe('Still no power.')
    const qq = await readMail(
      raw(
        ['From: a@example.com', 'Subject: 回复：x', 'Content-Type: text/plain; charset=utf-8'],
        '还是没来电。\n\n------------------ 原始邮件 ------------------\n发件人: 满意',
      ),
    )
    expect(qq!.reply).toBe('还是没来电。')
  })

  it('tells machine-sent mail by its headers, not a person’s mail that says Auto-Submitted: no', async () => {
    const auto = (headers: string[]) =>
      readMail(raw(['From: a@example.com', 'Subject: hello', ...headers], 'text')).then(
        (m) => m!.automatic,
      )
    expect(await auto(['Auto-Submitted: no'])).toBe(false)
    expect(await auto(['Auto-Submitted: auto-generated'])).toBe(true)
    expect(await auto(['X-Autoreply: yes'])).toBe(true)
    expect(await auto(['Precedence: bulk'])).toBe(true)
    expect(
      await readMail(raw(['From: postmaster@mx.example', 'Subject: hi'], 'x')).then(
        (m) => m!.automatic,
      ),
    ).toBe(true)
  })

  it('reads a mail in a charset it does not know without failing, and refuses one with no sender', async () => {
    const odd = await readMail(
      raw(
        ['From: a@example.com', 'Subject: hi', 'Content-Type: text/plain; charset=x-unknown-9'],
        'plain words',
      ),
    )
    expect(odd!.body).toBe('plain words')
    expect(await readMail(Buffer.from('\u0000\u0001 not a mail at all'))).toBeNull()
    expect(await readMail(raw(['From: not an address', 'Subject: hi'], 'x'))).toBeNull()
  })
})

describe('inboxErrorCode', () => {
  it('names imapflow’s and Node’s failures by stable codes', () => {
    expect(inboxErrorCode({ authenticationFailed: true })).toBe('IMAP_AUTH_FAILED')
    expect(inboxErrorCode({ code: 'ECONNREFUSED' })).toBe('IMAP_UNREACHABLE')
    expect(inboxErrorCode({ code: 'CONNECT_TIMEOUT' })).toBe('IMAP_UNREACHABLE')
    expect(inboxErrorCode({ code: 'DEPTH_ZERO_SELF_SIGNED_CERT' })).toBe('IMAP_TLS_FAILED')
    expect(inboxErrorCode(new Error('something else'))).toBe('IMAP_FAILED')
  })
})
