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
  ['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16], ['172.16.0.0', 12],
  ['192.0.0.0', 24], ['192.0.2.0', 24], ['192.88.99.0', 24], ['192.168.0.0', 16], ['198.18.0.0', 15], ['198.51.100.0', 24],
  ['203.0.113.0', 24], ['224.0.0.0', 4], ['240.0.0.0', 4],
] as const) NOT_PUBLIC.addSubnet(network, prefix, 'ipv4')
for (const [network, prefix] of [
  ['::', 128], ['::1', 128], ['64:ff9b:1::', 48], ['100::', 64], ['2001::', 23], ['2001:db8::', 32], ['fc00::', 7], ['fe80::', 10], ['ff00::', 8],
] as const) NOT_PUBLIC.addSubnet(network, prefix, 'ipv6')

/** Whether `address` (an IP literal) is on the public internet. IPv4 inside IPv6 is judged as IPv4. */
export function isPublicAddress(address: string): boolean {
  const family = isIP(address)
  if (family === 0) return false
  if (family === 6) {
    const embedded = embeddedIpv4(address)
    if (embedded) return isPublicAddress(embedded)
  }
  return !NOT_PUBLIC.check(address, family === 4 ? 'ipv4' : 'ipv6')
}

/** The IPv4 address inside an IPv4-mapped (::ffff:a.b.c.d), IPv4-compatible or NAT64 (64:ff9b::/96) address. */
function embeddedIpv4(address: string): string | null {
  const lower = address.toLowerCase()
  const dotted = /^(?:::ffff:|::|64:ff9b::)(\d+\.\d+\.\d+\.\d+)$/.exec(lower)
  if (dotted) return dotted[1]!
  const hex = /^(?:::ffff:|64:ff9b::)([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(lower)
  if (!hex) return null
  const [high, low] = [parseInt(hex[1]!, 16), parseInt(hex[2]!, 16)]
  return [high >> 8, high & 255, low >> 8, low & 255].join('.')
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
  const what = host === address ? `${host} is not a public address` : `${host} is ${address}, not a public address`
  return new OutboundAddressError(`${what}; an operator can allow it with MANYI_WEBHOOK_ALLOWED_HOSTS`)
}

/** Checks a URL's host when it is an IP literal (no lookup happens for those). */
export function checkLiteralHost(url: URL, policy: OutboundPolicy): void {
  const host = url.hostname.replace(/^\[|\]$/g, '')
  if (isIP(host) !== 0 && !hostAllowed(host, policy) && !isPublicAddress(host)) throw refusal(host, host)
}

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void

/**
 * A `lookup` for http.request that resolves the name and refuses it if any of
 * its addresses is not public. The connection then goes to the address that
 * was checked, so a name that changes its answer between check and connect
 * (DNS rebinding) gains nothing.
 */
export function guardedLookup(policy: OutboundPolicy) {
  return (hostname: string, options: { all?: boolean; family?: number | string }, callback: LookupCallback): void => {
    dnsLookup(hostname, { all: true, ...(options.family ? { family: Number(options.family) || 0 } : {}) }, (error, addresses) => {
      if (error) return callback(error, '')
      if (!hostAllowed(hostname, policy)) {
        const blocked = addresses.find((a) => !isPublicAddress(a.address))
        if (blocked) return callback(Object.assign(refusal(hostname, blocked.address), { errno: 0, syscall: 'lookup' }), '')
      }
      if (options.all) return callback(null, addresses)
      callback(null, addresses[0]!.address, addresses[0]!.family)
    })
  }
}
