import ldap from 'ldapjs'

/**
 * Test-only: an LDAP directory (ldapjs's server) on 127.0.0.1 with a service account and the
 * people the test gives, each with a password; binds are checked, searches answer the entries
 * that match the filter. Every bind DN and search filter is recorded.
 */

export interface DirectoryPerson {
  uid: string
  cn: string
  mail: string
  password: string
  memberOf: string[]
}

export interface LdapStandIn {
  url: string
  bindDn: string
  bindPassword: string
  searchBase: string
  people: DirectoryPerson[]
  binds: string[]
  filters: string[]
  close(): Promise<void>
}

const BASE = 'ou=people,dc=corp,dc=example'

/** What the handlers use of ldapjs's requests and responses (its types leave them untyped). */
interface BindRequest {
  dn: { toString(): string }
  credentials: unknown
}
interface SearchRequest {
  filter: { toString(): string; matches(attributes: object): boolean }
}
interface Response {
  send(entry: object): void
  end(): void
}
type Next = (error?: Error) => void

export async function startLdapStandIn(people: DirectoryPerson[]): Promise<LdapStandIn> {
  const bindDn = 'cn=manyi-reader,dc=corp,dc=example'
  const bindPassword = 'reader-secret-0123'
  const binds: string[] = []
  const filters: string[] = []
  const dnOf = (p: DirectoryPerson) => `uid=${p.uid},${BASE}`
  const server = ldap.createServer()
  server.bind('dc=corp,dc=example', (req: BindRequest, res: Response, next: Next) => {
    const dn = req.dn.toString().replace(/\s/g, '')
    const password = String(req.credentials)
    binds.push(dn)
    const person = people.find((p) => dnOf(p) === dn)
    if ((dn === bindDn && password === bindPassword) || (person && person.password === password)) {
      res.end()
      return next()
    }
    return next(new ldap.InvalidCredentialsError() as unknown as Error)
  })
  server.search(BASE, (req: SearchRequest, res: Response, next: Next) => {
    filters.push(req.filter.toString())
    for (const p of people) {
      const attributes = { uid: p.uid, cn: p.cn, mail: p.mail, memberOf: p.memberOf }
      if (req.filter.matches(attributes)) res.send({ dn: dnOf(p), attributes })
    }
    res.end()
    return next()
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()))
  const url = server.url
  return {
    url,
    bindDn,
    bindPassword,
    searchBase: BASE,
    people,
    binds,
    filters,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}
