import type { AddressInfo } from 'node:net'
import { simpleParser, type ParsedMail } from 'mailparser'
import { SMTPServer } from 'smtp-server'

/** Test-only: a real SMTP server on a free port that keeps every message it accepts. */
export interface TestSmtpServer {
  url: string
  messages: ParsedMail[]
  /** Recipients whose RCPT TO is refused with 550 (an unknown mailbox). */
  rejecting: Set<string>
  close(): Promise<void>
}

export async function startTestSmtpServer(): Promise<TestSmtpServer> {
  const messages: ParsedMail[] = []
  const rejecting = new Set<string>()
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onRcptTo(address, _session, callback) {
      if (rejecting.has(address.address.toLowerCase())) {
        const error = Object.assign(new Error('No such mailbox'), { responseCode: 550 })
        return callback(error)
      }
      callback()
    },
    onData(stream, _session, callback) {
      simpleParser(stream)
        .then((mail) => {
          messages.push(mail)
          callback()
        })
        .catch(callback)
    },
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.server.address() as AddressInfo
  return {
    url: `smtp://127.0.0.1:${port}`,
    messages,
    rejecting,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}
