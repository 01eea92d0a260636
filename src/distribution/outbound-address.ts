import { lookup as dnsLookup, type LookupAddress } from 'node:dns'
import { BlockList, isIP } from 'node:net'

/**
 * Where Manyi may send webhooks. An organisation's administrator types the
 * gateway URL, so without a check it could point Manyi at the machine itself
 * (127.0.0.1, the database), the internal network or a cloud metadata service
 * (169.254.169.254) — server-side request forgery. Only public addresses are
 * reached, unless the operator names a host in MANYI_WEBHOOK_ALLOWED_HOSTS
 * (an internal SMS gateway, say).
 */

/** Special-purpose ranges (RFC 6890 and the IANA registries) that are never a public gateway. */
const NOT_PUBLIC = new BlockList()
for (const [network, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.88.99.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const)
  NOT_PUBLIC.addSubnet(network, prefix, 'ipv4')
for (const [network, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['64:ff9b:1::', 48],
  ['100::', 64],
  ['2001::', 23],
  ['2001:db8::', 32],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const)
  NOT_PUBLIC.addSubnet(network, prefix, 'ipv6')

/**
 * Whether `address` (an IP literal) is on the public internet. Every spelling
 * of an address is judged by its value: IPv4 in the legacy forms inet_aton
 * takes (2130706433, 0x7f.1, 017700000001, 127.1), IPv6 with a zone id
 * (fe80::1%eth0), and IPv6 that carries an IPv4 address a host or router
 * would reach instead (mapped, compatible, translated, NAT64, 6to4, ISATAP)
 * is judged as that IPv4 address too. Teredo (2001::/32) is never public.
 */
export function isPublicAddress(address: string): boolean {
  const literal = address.trim().replace(/^\[|\]$/g, '')
  const v4 = parseIpv4(literal)
  if (v4 !== null) return isPublicIpv4(v4)
  const v6 = parseIpv6(literal)
  if (v6 === null || NOT_PUBLIC.check(ipv6Text(v6), 'ipv6')) return false
  const embedded = embeddedIpv4(v6)
  return embedded === null || isPublicIpv4(embedded)
}

function isPublicIpv4(value: number): boolean {
  return !NOT_PUBLIC.check(ipv4Text(value), 'ipv4')
}

const ipv4Text = (value: number) =>
  [value >>> 24, (value >>> 16) & 255, (value >>> 8) & 255, value & 255].join('.')
const ipv6Text = (hextets: readonly number[]) => hextets.map((h) => h.toString(16)).join(':')

/**
 * An IPv4 address as inet_aton reads it (what getaddrinfo and many HTTP
 * clients accept): one to four parts, each decimal, 0x-hex or 0-octal, the
 * last filling the remaining bytes. Null when it is not one.
 */
function parseIpv4(text: string): number | null {
  const parts = text.replace(/\.$/, '').split('.')
  if (parts.length > 4 || parts.some((p) => !/^(0x[0-9a-f]*|0[0-7]*|[1-9][0-9]*)$/i.test(p)))
    return null
  const values = parts.map((p) =>
    /^0x/i.test(p)
      ? p.length === 2
        ? 0
        : parseInt(p.slice(2), 16)
      : p.length > 1 && p.startsWith('0')
        ? parseInt(p, 8)
        : Number(p),
  )
  const last = values.pop()!
  if (values.some((v) => v > 255) || last >= 256 ** (4 - values.length)) return null
  return values.reduce((sum, v, i) => sum + v * 256 ** (3 - i), 0) + last
}

/** The eight 16-bit groups of an IPv6 literal (zone id dropped), or null when it is not one. */
function parseIpv6(text: string): number[] | null {
  const address = text.replace(/%.*$/, '')
  if (isIP(address) !== 6) return null
  let head = address
  const tail: number[] = []
  const dotted = /^(.*:)(\d+\.\d+\.\d+\.\d+)$/.exec(address)
  if (dotted) {
    const v4 = dotted[2]!.split('.').map(Number)
    tail.push((v4[0]! << 8) | v4[1]!, (v4[2]! << 8) | v4[3]!)
    head = dotted[1]!.endsWith('::') ? dotted[1]! : dotted[1]!.slice(0, -1)
  }
  const groups = (part: string) => (part === '' ? [] : part.split(':').map((h) => parseInt(h, 16)))
  const [left, right] = head.includes('::') ? head.split('::') : [head, undefined]
  const before = groups(left!)
  const after = [...(right === undefined ? [] : groups(right)), ...tail]
  const missing = 8 - before.length - after.length
  if (right === undefined ? missing !== 0 : missing < 0) return null
  return [...before, ...new Array<number>(missing).fill(0), ...after]
}

/**
 * The IPv4 address an IPv6 address leads to, when it embeds one: IPv4-mapped
 * ::ffff:a.b.c.d, IPv4-compatible ::a.b.c.d, SIIT ::ffff:0:a.b.c.d, NAT64
 * 64:ff9b::a.b.c.d, 6to4 2002:aabb:ccdd:: and ISATAP …:0:5efe:a.b.c.d. Teredo
 * (2001:0::/32) needs none: 2001::/23 is refused as a whole.
 */
function embeddedIpv4(h: readonly number[]): number | null {
  const low = ((h[6]! << 16) >>> 0) + h[7]!
  const zeros = (from: number, to: number) => h.slice(from, to).every((x) => x === 0)
  // The whole of ::/96 (:: and ::1 included, as 0.0.0.0/8, which is refused) and ::ffff:0:0/96.
  if (zeros(0, 5) && (h[5] === 0xffff || h[5] === 0)) return low
  if (zeros(0, 4) && h[4] === 0xffff && h[5] === 0) return low
  if (h[0] === 0x64 && h[1] === 0xff9b && zeros(2, 6)) return low
  if (h[0] === 0x2002) return ((h[1]! << 16) >>> 0) + h[2]!
  if ((h[4] === 0 || h[4] === 0x200) && h[5] === 0x5efe) return low
  return null
}

/** Raised before connecting to an address the policy does not allow. */
export class OutboundAddressError extends Error {
  readonly code = 'OUTBOUND_ADDRESS_NOT_ALLOWED'
}

export interface OutboundPolicy {
  /** Host names or IP literals reached even when they are not public (lower case). */
  allowedHosts: readonly string[]
}

function hostAllowed(host: string, policy: OutboundPolicy): boolean {
  return policy.allowedHosts.includes(host.toLowerCase().replace(/^\[|\]$/g, ''))
}

function refusal(host: string, address: string): OutboundAddressError {
  const what =
    host === address
      ? `${host} is not a public address`
      : `${host} is ${address}, not a public address`
  return new OutboundAddressError(
    `${what}; an operator can allow it with MANYI_WEBHOOK_ALLOWED_HOSTS`,
  )
}

/**
 * Why a webhook URL may not be saved, or null: its host is an IP literal
 * (in any spelling) that is not public, or a `localhost` name, and the
 * operator did not allow it. Other names are checked on every delivery,
 * against the addresses they resolve to then.
 */
export function webhookHostProblem(url: string, policy: OutboundPolicy): string | null {
  let host: string
  try {
    host = new URL(url).hostname.replace(/^\[|\]$/g, '').toLowerCase()
  } catch {
    return 'is not a URL'
  }
  if (hostAllowed(host, policy)) return null
  if (isIpLiteral(host) && !isPublicAddress(host)) return `${host} is not a public address`
  if (host === 'localhost' || host.endsWith('.localhost') || host === 'localhost.')
    return `${host} is this machine`
  return null
}

/** Checks a URL's host when it is an IP literal (no lookup happens for those). */
export function checkLiteralHost(url: URL, policy: OutboundPolicy): void {
  const host = url.hostname.replace(/^\[|\]$/g, '')
  if (isIpLiteral(host) && !hostAllowed(host, policy) && !isPublicAddress(host))
    throw refusal(host, host)
}

/** Whether a host is an IP address in any spelling isPublicAddress reads (so no name lookup decides it). */
export function isIpLiteral(host: string): boolean {
  const literal = host.replace(/^\[|\]$/g, '')
  return parseIpv4(literal) !== null || parseIpv6(literal) !== null
}

type LookupCallback = (
  error: NodeJS.ErrnoException | null,
  address: string | LookupAddress[],
  family?: number,
) => void

/**
 * A `lookup` for http.request that resolves the name and refuses it if any of
 * its addresses is not public. The connection then goes to the address that
 * was checked, so a name that changes its answer between check and connect
 * (DNS rebinding) gains nothing.
 */
export function guardedLookup(policy: OutboundPolicy) {
  return (
    hostname: string,
    options: { all?: boolean; family?: number | string },
    callback: LookupCallback,
  ): void => {
    dnsLookup(
      hostname,
      { all: true, ...(options.family ? { family: Number(options.family) || 0 } : {}) },
      (error, addresses) => {
        if (error) return callback(error, '')
        if (!hostAllowed(hostname, policy)) {
          const blocked = addresses.find((a) => !isPublicAddress(a.address))
          if (blocked)
            return callback(
              Object.assign(refusal(hostname, blocked.address), { errno: 0, syscall: 'lookup' }),
              '',
            )
        }
        if (options.all) return callback(null, addresses)
        callback(null, addresses[0]!.address, addresses[0]!.family)
      },
    )
  }
}
