import { createServer, type Socket } from 'node:net'
import type { AddressInfo } from 'node:net'

/** One message in the stand-in's folder. */
interface StoredMessage {
  uid: number
  flags: Set<string>
  source: Buffer
  messageId: string | null
}

/**
 * Test-only: a local IMAP server (RFC 3501) speaking just what imapflow sends to read a folder —
 * CAPABILITY, LOGIN, LIST, SELECT / EXAMINE, UID SEARCH, UID FETCH (UID, FLAGS, RFC822.SIZE,
 * ENVELOPE with the Message-ID, BODY.PEEK[]), UID STORE, NOOP, CLOSE and LOGOUT — one user, one
 * password and one folder, plain TCP. No npm IMAP test server is kept up to date (hoodiecrow,
 * the one imapflow's own tests once used, was archived). `commands` keeps every command line
 * received (a LOGIN's password masked), which is how this list was found.
 */
export async function startImapStandIn(account: {
  user: string
  password: string
  folder?: string
}) {
  const folder = account.folder ?? 'INBOX'
  const uidValidity = 1_700_000_000 + Math.floor(Math.random() * 1000)
  const messages: StoredMessage[] = []
  const commands: string[] = []
  let nextUid = 1
  const sockets = new Set<Socket>()

  const server = createServer((socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
    socket.on('error', () => {})
    let buffer = ''
    let selected = false
    const write = (line: string | Buffer) => {
      if (!socket.destroyed) socket.write(line)
    }
    write('* OK [CAPABILITY IMAP4rev1 UIDPLUS] Manyi IMAP stand-in ready\r\n')
    socket.on('data', (chunk: Buffer) => {
      buffer += chunk.toString('latin1')
      let end = buffer.indexOf('\r\n')
      while (end >= 0) {
        const line = buffer.slice(0, end)
        buffer = buffer.slice(end + 2)
        handle(line)
        end = buffer.indexOf('\r\n')
      }
    })

    function handle(line: string) {
      const match = /^(\S+) (?:(UID) )?(\S+)(?: (.*))?$/i.exec(line)
      if (!match) return write('* BAD unreadable command\r\n')
      const [, tag, uidPrefix, verb, rest = ''] = match
      const command = verb!.toUpperCase()
      commands.push(command === 'LOGIN' ? `${tag} LOGIN ***` : line)
      const ok = (text = `${command} completed`) => write(`${tag} OK ${text}\r\n`)
      switch (command) {
        case 'CAPABILITY':
          write('* CAPABILITY IMAP4rev1 UIDPLUS\r\n')
          return ok()
        case 'NOOP':
        case 'CHECK':
          return ok()
        case 'LOGIN': {
          const [user, password] = strings(rest)
          if (user === account.user && password === account.password)
            return ok('[CAPABILITY IMAP4rev1 UIDPLUS] Logged in')
          return write(`${tag} NO [AUTHENTICATIONFAILED] Invalid credentials\r\n`)
        }
        case 'LIST':
        case 'LSUB': {
          const [, pattern] = strings(rest)
          if (pattern === '') write(`* ${command} (\\Noselect) "/" ""\r\n`)
          else if (pattern === folder || pattern === '*' || pattern === '%')
            write(`* ${command} (\\HasNoChildren) "/" "${folder}"\r\n`)
          return ok()
        }
        case 'SELECT':
        case 'EXAMINE': {
          const [name] = strings(rest)
          if (name !== folder) {
            selected = false
            return write(`${tag} NO [NONEXISTENT] Unknown Mailbox\r\n`)
          }
          selected = true
          write('* FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft)\r\n')
          write(
            '* OK [PERMANENTFLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft \\*)] Flags permitted\r\n',
          )
          write(`* ${messages.length} EXISTS\r\n`)
          write('* 0 RECENT\r\n')
          write(`* OK [UIDVALIDITY ${uidValidity}] UIDs valid\r\n`)
          write(`* OK [UIDNEXT ${nextUid}] Predicted next UID\r\n`)
          return ok(`[${command === 'SELECT' ? 'READ-WRITE' : 'READ-ONLY'}] ${command} completed`)
        }
        case 'CLOSE':
        case 'UNSELECT':
          selected = false
          return ok()
        case 'LOGOUT':
          write('* BYE Logging out\r\n')
          ok()
          return socket.end()
        case 'SEARCH': {
          if (!selected) return write(`${tag} BAD no folder selected\r\n`)
          const criteria = rest.toUpperCase()
          const found = messages.filter((m) =>
            /\bUNSEEN\b/.test(criteria) ? !m.flags.has('\\Seen') : true,
          )
          const ids = found.map((m) => (uidPrefix ? m.uid : messages.indexOf(m) + 1))
          write(`* SEARCH${ids.map((id) => ` ${id}`).join('')}\r\n`)
          return ok()
        }
        case 'FETCH': {
          if (!selected) return write(`${tag} BAD no folder selected\r\n`)
          const [set = '', ...itemParts] = rest.split(' ')
          const items = itemParts.join(' ').toUpperCase()
          for (const m of inSet(set, Boolean(uidPrefix))) {
            const seq = messages.indexOf(m) + 1
            const parts: Array<string | Buffer> = [`UID ${m.uid}`]
            if (items.includes('FLAGS')) parts.push(`FLAGS (${[...m.flags].join(' ')})`)
            if (items.includes('RFC822.SIZE')) parts.push(`RFC822.SIZE ${m.source.length}`)
            if (items.includes('INTERNALDATE'))
              parts.push('INTERNALDATE "01-Jan-2026 00:00:00 +0000"')
            if (items.includes('ENVELOPE'))
              parts.push(
                `ENVELOPE (NIL NIL NIL NIL NIL NIL NIL NIL NIL ${m.messageId ? quoted(m.messageId) : 'NIL'})`,
              )
            if (/BODY(\.PEEK)?\[\]/.test(items)) {
              parts.push(Buffer.from(`BODY[] {${m.source.length}}\r\n`, 'latin1'))
              parts.push(m.source)
              if (!items.includes('.PEEK')) m.flags.add('\\Seen')
            }
            write(`* ${seq} FETCH (`)
            parts.forEach((part, i) => {
              const previous = parts[i - 1]
              // A literal's bytes follow its {n} line without a separating space.
              if (i > 0 && !(Buffer.isBuffer(previous) && Buffer.isBuffer(part))) write(' ')
              write(part)
            })
            write(')\r\n')
          }
          return ok()
        }
        case 'STORE': {
          if (!selected) return write(`${tag} BAD no folder selected\r\n`)
          const storeMatch = /^(\S+) ([+-]?)FLAGS(\.SILENT)? \(([^)]*)\)/i.exec(rest)
          if (!storeMatch) return write(`${tag} BAD unreadable STORE\r\n`)
          const [, set = '', sign, silent, flagList = ''] = storeMatch
          const flags = flagList.split(' ').filter(Boolean)
          for (const m of inSet(set, Boolean(uidPrefix))) {
            if (sign === '+') for (const f of flags) m.flags.add(f)
            else if (sign === '-') for (const f of flags) m.flags.delete(f)
            else m.flags = new Set(flags)
            if (!silent)
              write(
                `* ${messages.indexOf(m) + 1} FETCH (UID ${m.uid} FLAGS (${[...m.flags].join(' ')}))\r\n`,
              )
          }
          return ok()
        }
        default:
          return write(`${tag} BAD ${command} not supported by the stand-in\r\n`)
      }
    }
  })

  function inSet(set: string, byUid: boolean): StoredMessage[] {
    const max = byUid ? nextUid - 1 : messages.length
    const wanted = new Set<number>()
    for (const range of set.split(',')) {
      const [from = '', to] = range.split(':')
      const a = from === '*' ? max : Number(from)
      const b = to === undefined ? a : to === '*' ? max : Number(to)
      for (let n = Math.min(a, b); n <= Math.max(a, b); n++) wanted.add(n)
    }
    return messages.filter((m, i) => wanted.has(byUid ? m.uid : i + 1))
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    host: '127.0.0.1',
    port,
    commands,
    /** Puts a raw message (RFC 5322 bytes) in the folder, unseen; returns its UID. */
    deliver(source: string | Buffer): number {
      const bytes =
        typeof source === 'string' ? Buffer.from(source.replace(/\r?\n/g, '\r\n'), 'utf8') : source
      const header = bytes.toString('latin1').split('\r\n\r\n')[0] ?? ''
      const messageId = /^message-id:\s*(<[^>]+>)/im.exec(header)?.[1] ?? null
      const uid = nextUid++
      messages.push({ uid, flags: new Set(), source: bytes, messageId })
      return uid
    },
    /** Whether the message with this UID carries \Seen. */
    seen(uid: number): boolean {
      return messages.find((m) => m.uid === uid)?.flags.has('\\Seen') ?? false
    },
    async close(): Promise<void> {
      for (const socket of sockets) socket.destroy()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}

/** The strings of a command's arguments: quoted ("a \"b\""), or atoms. */
function strings(rest: string): string[] {
  const found: string[] = []
  const pattern = /"((?:[^"\\]|\\.)*)"|(\S+)/g
  for (const m of rest.matchAll(pattern))
    found.push(m[1] !== undefined ? m[1].replace(/\\(.)/g, '$1') : (m[2] ?? ''))
  return found
}

function quoted(value: string): string {
  return `"${value.replace(/(["\\])/g, '\\$1')}"`
}

export type ImapStandIn = Awaited<ReturnType<typeof startImapStandIn>>
