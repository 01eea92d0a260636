import { readFileSync } from 'node:fs'
import type { InjectOptions, LightMyRequestResponse } from 'fastify'
import { afterAll, beforeAll, expect, it, vi } from 'vitest'
import { login } from '../../auth/auth.service.js'
import { describeEachDialect } from '../../db/test-dialects.js'
import { ErrorBodySchema } from '../../shared/error-schema.js'
import {
  createTestApp,
  otherOrganisationAdmin,
  SAMPLE_SURVEY,
  TEST_ADMIN,
  type TestApp,
} from '../test-app.js'

/**
 * Bounded, seeded fuzzing of every operation in the OpenAPI document: for each
 * one, REQUESTS_PER_OPERATION requests as the administrator and
 * ANONYMOUS_PER_OPERATION without a credential, with inputs generated from the
 * operation's own schemas and then broken — wrong types, missing and unknown
 * fields, huge strings, unicode, negative and huge numbers, `__proto__` keys,
 * deeply nested arrays, ids that do not exist or belong to another
 * organisation, over-long path parameters, odd content types. No answer may be
 * a 5xx, and every 4xx must be the documented error body with a documented
 * code and a status the document lists for the operation.
 *
 * Reproduce a failure with the seed it prints: MANYI_FUZZ_SEED=<seed> npx vitest run src/server/security/api-fuzz.test.ts
 * Each operation draws from its own generator seeded by (seed, method, path), so
 * operations added later do not change what the others are sent.
 * MANYI_FUZZ_DEBUG=1 prints each operation's time and the answers it got.
 */

const SEED = Number(process.env.MANYI_FUZZ_SEED ?? 20_260_615)
const REQUESTS_PER_OPERATION = 30
const ANONYMOUS_PER_OPERATION = 2
/**
 * Operations that take a file (a `contentBase64` field, or a raw upload) get
 * fewer requests: each file is parsed in a worker thread, which under vitest
 * compiles its TypeScript on start — about a second per request.
 */
const FILE_REQUESTS_PER_OPERATION = 6

/**
 * Operations not called as the administrator, and why. They are still called
 * anonymously and with bodies of a content-type they refuse (both answered
 * before the handler runs).
 * - POST /api/v1/demo loads 20,000 answers and ~120 cases: seconds to minutes per call.
 */
const ADMIN_SKIPPED = new Set(['POST /api/v1/demo'])

const documentedCodes = new Set(
  [...readFileSync('docs/errors.md', 'utf8').matchAll(/^\| `([A-Z_]+)` \|/gm)].map((m) => m[1]!),
)

// ---- a small deterministic PRNG (mulberry32) and helpers ----

type Rng = () => number

function mulberry32(seed: number): Rng {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

function hashString(text: string): number {
  let h = 0x811c9dc5
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193)
  return h >>> 0
}

const pick = <T>(rng: Rng, items: readonly T[]): T => items[Math.floor(rng() * items.length)]!
const chance = (rng: Rng, p: number) => rng() < p
const int = (rng: Rng, min: number, max: number) => min + Math.floor(rng() * (max - min + 1))

// ---- hostile values ----

function nestedArrays(depth: number): unknown {
  let value: unknown = []
  for (let i = 0; i < depth; i++) value = [value]
  return value
}

const HOSTILE_STRINGS = [
  '',
  ' ',
  'x'.repeat(5_000),
  '满意😀'.repeat(500),
  '\u202e\u200b\ufeff',
  '<script>alert(1)</script>',
  "'; DROP TABLE surveys; --",
  '=HYPERLINK("http://x")',
  '../../../etc/passwd',
  '%00%ff',
  '__proto__',
  'constructor',
  'toString',
  'hasOwnProperty',
  '2026-02-30',
  '9999-12-31T23:59:59.999Z',
  '-271821-04-20T00:00:00Z',
  'NaN',
  '-1',
  '1e400',
]

const HOSTILE_VALUES: readonly unknown[] = [
  ...HOSTILE_STRINGS,
  -1,
  0,
  -0.5,
  1.5,
  1e308,
  -1e308,
  2 ** 53 + 2,
  true,
  false,
  null,
  [],
  {},
  [[[[]]]],
  nestedArrays(400),
  { toString: 'x', valueOf: 1, constructor: 'x', hasOwnProperty: null },
  Object.fromEntries(Array.from({ length: 200 }, (_, i) => [`k${i}`, i])),
  Array.from({ length: 2_000 }, (_, i) => i),
]

// ---- inputs from the operation's JSON schemas ----

type JsonSchema = {
  type?: string | string[]
  enum?: unknown[]
  const?: unknown
  anyOf?: JsonSchema[]
  oneOf?: JsonSchema[]
  allOf?: JsonSchema[]
  properties?: Record<string, JsonSchema>
  required?: string[]
  additionalProperties?: boolean | JsonSchema
  items?: JsonSchema | JsonSchema[]
  prefixItems?: JsonSchema[]
  minItems?: number
  maxItems?: number
  minLength?: number
  maxLength?: number
  minimum?: number
  maximum?: number
  exclusiveMinimum?: number | boolean
  exclusiveMaximum?: number | boolean
  pattern?: string
  format?: string
  nullable?: boolean
  default?: unknown
}

/** Strings likely to match a schema's pattern (file names, dates, keys). */
const PATTERN_CANDIDATES = [
  'answers.csv',
  'answers.xlsx',
  '2026-06-01',
  '2026-06-01T08:00:00Z',
  '12:30',
  'A12',
  'store',
  'q1',
  'nps',
  '13800138000',
  'x@example.test',
  'abc',
  '1',
]

/** Strings that are still strings of a fitting length, but odd inside: they pass validation and reach the services. */
const ODD_TEXT = [
  '满意😀',
  '\u0000',
  '\ud800',
  'a\u202eb',
  '<b>x</b>',
  "O'Brien",
  '=1+1',
  '%s%n',
  ' padded ',
  '\r\n',
  'Ω≈ç√',
  '١٢٣',
  'constructor',
  '__proto__',
]

function validString(rng: Rng, schema: JsonSchema): string {
  if (!schema.format && !schema.pattern && chance(rng, 0.2)) {
    const text = pick(rng, ODD_TEXT).repeat(chance(rng, 0.3) ? 1_000 : 1)
    const min = schema.minLength ?? 0
    const max = schema.maxLength ?? text.length
    if (text.length >= min) return text.slice(0, Math.max(max, min))
  }
  if (schema.format === 'date-time')
    return pick(rng, [
      '2026-06-01T08:00:00Z',
      '2026-06-14T23:59:59.000Z',
      '2025-07-01T00:00:00+08:00',
    ])
  if (schema.format === 'date') return pick(rng, ['2026-06-01', '2026-01-01'])
  if (schema.format === 'email') return pick(rng, ['fuzz@example.test', 'kehu@example.cn'])
  if (schema.format === 'uri' || schema.format === 'url') return 'https://example.com/hook'
  if (schema.pattern) {
    let regex: RegExp | null = null
    try {
      regex = new RegExp(schema.pattern)
    } catch {
      regex = null
    }
    const matching = regex ? PATTERN_CANDIDATES.filter((c) => regex.test(c)) : []
    if (matching.length > 0) return pick(rng, matching)
  }
  const min = schema.minLength ?? 1
  const max = Math.max(min, Math.min(schema.maxLength ?? 12, min + 12))
  const alphabet = pick(rng, [
    'abcdefghijklmnopqrstuvwxyz',
    '满意服务门店排队态度很好差',
    '0123456789',
  ])
  return Array.from({ length: int(rng, min, max) }, () => pick(rng, [...alphabet])).join('')
}

function validNumber(rng: Rng, schema: JsonSchema, integer: boolean): number {
  const low =
    typeof schema.exclusiveMinimum === 'number'
      ? schema.exclusiveMinimum + 1
      : (schema.minimum ?? 0)
  const high =
    typeof schema.exclusiveMaximum === 'number'
      ? schema.exclusiveMaximum - 1
      : (schema.maximum ?? Math.max(low + 10, 10))
  // The edges, which validation lets through: the bounds themselves, or a huge value where there is none.
  if (chance(rng, 0.2))
    return pick(rng, [
      schema.minimum ?? -(2 ** 31),
      schema.maximum ?? 2 ** 53 - 1,
      Number.MAX_SAFE_INTEGER,
      schema.minimum ?? -1e15,
    ])
  const lo = Math.max(low, -1e6)
  const hi = Math.min(high, lo + 1e6)
  const value = lo + rng() * (hi - lo)
  return integer ? Math.min(Math.ceil(value), Math.floor(hi)) : value
}

/** A value that (mostly) satisfies the schema, so that requests also reach the code behind validation. */
function validValue(rng: Rng, schema: JsonSchema | undefined, depth = 0): unknown {
  if (!schema || depth > 8) return pick(rng, ['x', 1, true])
  if (schema.const !== undefined) return schema.const
  if (schema.enum?.length) return pick(rng, schema.enum)
  const branches = schema.anyOf ?? schema.oneOf
  if (branches?.length) return validValue(rng, pick(rng, branches), depth + 1)
  if (schema.allOf?.length) return validValue(rng, schema.allOf[0], depth + 1)
  const types = Array.isArray(schema.type)
    ? schema.type
    : schema.type
      ? [schema.type]
      : schema.properties
        ? ['object']
        : ['string', 'number', 'boolean']
  const type = pick(
    rng,
    types.filter((t) => t !== 'null').length > 0 ? types.filter((t) => t !== 'null') : types,
  )
  switch (type) {
    case 'object': {
      const out: Record<string, unknown> = {}
      const required = new Set(schema.required ?? [])
      for (const [key, child] of Object.entries(schema.properties ?? {})) {
        if (required.has(key) || chance(rng, 0.5)) out[key] = validValue(rng, child, depth + 1)
      }
      if (typeof schema.additionalProperties === 'object' && !schema.properties) {
        for (let i = int(rng, 0, 2); i > 0; i--)
          out[pick(rng, PATTERN_CANDIDATES.slice(5))] = validValue(
            rng,
            schema.additionalProperties,
            depth + 1,
          )
      }
      return out
    }
    case 'array': {
      if (schema.prefixItems)
        return schema.prefixItems.map((item) => validValue(rng, item, depth + 1))
      const itemSchema = Array.isArray(schema.items) ? schema.items[0] : schema.items
      const min = schema.minItems ?? 0
      const max = Math.min(schema.maxItems ?? min + 3, min + 3)
      return Array.from({ length: int(rng, min, max) }, () =>
        validValue(rng, itemSchema, depth + 1),
      )
    }
    case 'string':
      return validString(rng, schema)
    case 'integer':
      return validNumber(rng, schema, true)
    case 'number':
      return validNumber(rng, schema, false)
    case 'boolean':
      return chance(rng, 0.5)
    case 'null':
      return null
    default:
      return null
  }
}

/** A hostile value of the same JSON type, so that it more often gets past validation. */
function sameType(rng: Rng, value: unknown, hostileIds: readonly string[]): unknown {
  if (typeof value === 'string')
    return chance(rng, 0.3) && hostileIds.length > 0
      ? pick(rng, hostileIds)
      : pick(rng, [...HOSTILE_STRINGS, ...ODD_TEXT])
  if (typeof value === 'number')
    return pick(rng, [-1, 0, -0, 0.5, 1e308, -1e308, Number.MAX_SAFE_INTEGER + 2, Number.MIN_VALUE])
  if (Array.isArray(value))
    return chance(rng, 0.5) ? [] : Array.from({ length: 500 }, () => value[0] ?? null)
  return pick(rng, HOSTILE_VALUES)
}

/** Break one thing in a value: a node replaced by a hostile value, a key removed or added, the whole thing swapped. */
function mutate(rng: Rng, value: unknown, hostileIds: readonly string[]): unknown {
  const hostile = () =>
    chance(rng, 0.2) && hostileIds.length > 0 ? pick(rng, hostileIds) : pick(rng, HOSTILE_VALUES)
  if (value === null || typeof value !== 'object' || chance(rng, 0.1)) return hostile()
  const copy: Record<string, unknown> | unknown[] = Array.isArray(value)
    ? [...value]
    : { ...(value as Record<string, unknown>) }
  const keys = Object.keys(copy)
  const roll = rng()
  if (keys.length > 0 && roll < 0.45) {
    const key = pick(rng, keys)
    const current = (copy as Record<string, unknown>)[key]
    ;(copy as Record<string, unknown>)[key] = chance(rng, 0.5)
      ? mutate(rng, current, hostileIds)
      : chance(rng, 0.5)
        ? sameType(rng, current, hostileIds)
        : hostile()
  } else if (keys.length > 0 && roll < 0.65) {
    const key = pick(rng, keys)
    if (Array.isArray(copy)) copy.splice(Number(key), 1)
    else delete copy[key]
  } else if (!Array.isArray(copy)) {
    copy[
      pick(rng, [
        'toString',
        'constructor',
        'valueOf',
        'hasOwnProperty',
        'unknownField',
        '满意',
        '',
      ])
    ] = hostile()
  } else {
    copy.push(hostile())
  }
  return copy
}

// ---- the operations of the document ----

interface Parameter {
  name: string
  in: 'path' | 'query' | 'header' | 'cookie'
  required?: boolean
  schema?: JsonSchema
}

interface Operation {
  method: string
  path: string
  key: string
  parameters: Parameter[]
  body?: JsonSchema
  secured: boolean
  statuses: Set<number>
  /** Requests as the administrator. */
  requests: number
}

function operationsOf(spec: {
  paths: Record<
    string,
    Record<
      string,
      {
        parameters?: Parameter[]
        requestBody?: { content: Record<string, { schema: JsonSchema }> }
        security?: unknown[]
        responses: Record<string, unknown>
      }
    >
  >
}): Operation[] {
  return Object.entries(spec.paths).flatMap(([path, ops]) =>
    Object.entries(ops).map(([method, op]) => ({
      method: method.toUpperCase(),
      path,
      key: `${method.toUpperCase()} ${path}`,
      parameters: op.parameters ?? [],
      body: op.requestBody?.content['application/json']?.schema,
      secured: (op.security?.length ?? 0) > 0,
      statuses: new Set(Object.keys(op.responses).map(Number)),
      requests: takesFile(path, op.requestBody?.content['application/json']?.schema)
        ? FILE_REQUESTS_PER_OPERATION
        : REQUESTS_PER_OPERATION,
    })),
  )
}

function takesFile(path: string, body: JsonSchema | undefined): boolean {
  return path.endsWith('/import-jobs') || JSON.stringify(body ?? {}).includes('"contentBase64"')
}

/** Bodies of the wrong kind, and JSON that is broken or too large. */
const ODD_BODIES: Array<{ type: string | undefined; payload: () => string | Buffer }> = [
  { type: 'text/plain', payload: () => '{"answers":{}}' },
  { type: 'text/plain;charset=UTF-8', payload: () => 'hello' },
  {
    type: 'application/x-www-form-urlencoded',
    payload: () => 'title=x&questions[0]=y&__proto__[admin]=1',
  },
  {
    type: 'multipart/form-data; boundary=zz',
    payload: () =>
      '--zz\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\n\r\nnps\n9\r\n--zz--\r\n',
  },
  { type: 'application/xml', payload: () => '<?xml version="1.0"?><survey/>' },
  { type: 'application/octet-stream', payload: () => Buffer.from('nps,comment\n9,好\n11,"\n') },
  { type: 'application/json', payload: () => '{"title":' },
  { type: 'application/json', payload: () => '' },
  { type: 'application/json', payload: () => '{"__proto__":{"admin":true}}' },
  { type: 'application/json', payload: () => '{"constructor":{"prototype":{"admin":true}}}' },
  { type: 'application/json', payload: () => JSON.stringify({ padding: 'x'.repeat(70_000) }) },
  { type: 'application/json', payload: () => '9'.repeat(400) },
  { type: 'application/json; charset=utf-16', payload: () => '{}' },
  { type: 'APPLICATION/JSON', payload: () => '[]' },
  { type: '', payload: () => '{}' },
  { type: 'application/json', payload: () => '"\\ud800\\u0000"' },
]

interface Fixtures {
  adminUserId: string
  ownIds: Set<string>
  foreignIds: Set<string>
  slugs: Set<string>
  logoutSessions: string[]
}

function pathValue(rng: Rng, param: Parameter, fx: Fixtures): { raw: string } | { value: string } {
  const roll = rng()
  if (roll < 0.06) return { value: 'x'.repeat(pick(rng, [101, 1_000, 10_000])) }
  if (roll < 0.1) return { raw: pick(rng, ['%E0%A4%A', '%', '%ZZ', '%C0%AF']) }
  if (roll < 0.3)
    return {
      value: pick(rng, [
        ...HOSTILE_STRINGS.filter((s) => s.length > 0 && s.length <= 100),
        'x'.repeat(100),
        '00000000-0000-0000-0000-000000000000',
        '调查😀',
        '.',
        '..',
      ]),
    }
  if (param.schema?.enum?.length && roll < 0.7)
    return { value: String(pick(rng, param.schema.enum)) }
  if (roll < 0.45 && fx.foreignIds.size > 0) return { value: pick(rng, [...fx.foreignIds]) }
  const own = param.name === 'slug' ? [...fx.slugs] : [...fx.ownIds]
  return { value: own.length > 0 ? pick(rng, own) : 'nope' }
}

function queryString(rng: Rng, params: Parameter[], fx: Fixtures): string {
  const search = new URLSearchParams()
  for (const param of params) {
    if (!chance(rng, 0.6)) continue
    const roll = rng()
    if (roll < 0.55) search.append(param.name, String(validValue(rng, param.schema)))
    else if (roll < 0.85)
      search.append(param.name, String(pick(rng, [...HOSTILE_STRINGS, ...fx.foreignIds])))
    else
      for (let i = int(rng, 2, 4); i > 0; i--)
        search.append(param.name, String(validValue(rng, param.schema)))
  }
  if (chance(rng, 0.1))
    search.append(pick(rng, ['__proto__[admin]', 'constructor', 'x'.repeat(300)]), '1')
  const text = search.toString()
  return text ? `?${text}` : ''
}

function buildRequest(
  rng: Rng,
  op: Operation,
  fx: Fixtures,
  cookie: string | undefined,
): InjectOptions {
  const url =
    op.path.replace(/\{([^}]+)\}/g, (_, name: string) => {
      const param = op.parameters.find((p) => p.in === 'path' && p.name === name) ?? {
        name,
        in: 'path' as const,
      }
      const value = pathValue(rng, param, fx)
      return 'raw' in value ? value.raw : encodeURIComponent(value.value)
    }) +
    queryString(
      rng,
      op.parameters.filter((p) => p.in === 'query'),
      fx,
    )
  const headers: Record<string, string> = {}
  if (cookie) headers.cookie = cookie
  if (chance(rng, 0.05)) headers['idempotency-key'] = pick(rng, ['k-1', 'x'.repeat(2_000), '满意'])
  const request: InjectOptions = { method: op.method as InjectOptions['method'], url, headers }
  if (op.method === 'GET' || op.method === 'HEAD') return request
  if (chance(rng, 0.25)) {
    const odd = pick(rng, ODD_BODIES)
    if (odd.type !== undefined) headers['content-type'] = odd.type
    request.payload = odd.payload()
    return request
  }
  if (!op.body && chance(rng, 0.6)) return request
  const hostileIds = [...fx.foreignIds, ...fx.ownIds]
  const valid = validValue(rng, op.body)
  const body = chance(rng, 0.2)
    ? valid
    : mutate(rng, chance(rng, 0.3) ? mutate(rng, valid, hostileIds) : valid, hostileIds)
  headers['content-type'] = 'application/json'
  request.payload = JSON.stringify(body) ?? 'null'
  return request
}

/** Every string under a key named like an id, anywhere in a JSON answer. */
function collectIds(value: unknown, into: Set<string>, slugs?: Set<string>, depth = 0): void {
  if (depth > 12 || value === null || typeof value !== 'object') return
  for (const [key, child] of Object.entries(value)) {
    if (
      typeof child === 'string' &&
      child.length <= 100 &&
      (key === 'id' || /^[a-z]+Id$/.test(key))
    )
      into.add(child)
    if (slugs && key === 'slug' && typeof child === 'string') slugs.add(child)
    collectIds(child, into, slugs, depth + 1)
  }
}

function describeRequest(request: InjectOptions): string {
  const payload =
    request.payload === undefined
      ? ''
      : Buffer.isBuffer(request.payload)
        ? `<${request.payload.length} bytes>`
        : String(request.payload)
  const headers = { ...(request.headers as Record<string, string>) }
  if (headers.cookie) headers.cookie = '<session>'
  return `${request.method} ${String(request.url).slice(0, 300)} headers=${JSON.stringify(headers).slice(0, 200)} body=${payload.slice(0, 300)}`
}

/** What is wrong with an answer, or null. */
function problemWith(
  op: Operation,
  response: LightMyRequestResponse,
  anonymous: boolean,
): string | null {
  const status = response.statusCode
  if (status >= 500) return `answered ${status}`
  if (anonymous && op.secured && status < 400)
    return `an anonymous caller got ${status} from an operation that needs a credential`
  if (status < 400) return null
  if (!String(response.headers['content-type'] ?? '').includes('application/json'))
    return `${status} with content-type ${response.headers['content-type']}`
  let json: unknown
  try {
    json = response.json()
  } catch {
    return `${status} with a body that is not JSON`
  }
  const parsed = ErrorBodySchema.safeParse(json)
  if (!parsed.success)
    return `${status} outside the documented error shape: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`
  if (!documentedCodes.has(parsed.data.error.code))
    return `${status} ${parsed.data.error.code}, a code not listed in docs/errors.md`
  if (!op.statuses.has(status))
    return `${status} ${parsed.data.error.code}, a status the OpenAPI document does not list for ${op.key}`
  return null
}

describeEachDialect('API fuzz over every OpenAPI operation', (ctx) => {
  let t: TestApp
  let operations: Operation[]
  const fx: Fixtures = {
    adminUserId: '',
    ownIds: new Set(),
    foreignIds: new Set(),
    slugs: new Set(),
    logoutSessions: [],
  }
  const importJobs: string[] = []

  beforeAll(async () => {
    t = await createTestApp(ctx.store)
    const admin = { cookie: t.adminCookie }
    const inject = (options: InjectOptions) => t.app.inject(options)
    fx.adminUserId = (
      await inject({ method: 'GET', url: '/api/v1/auth/me', headers: admin })
    ).json().user.id
    // Things of this organisation to aim at: surveys (a published one with answers), a feedback item and its case, a user.
    const published = (
      await inject({
        method: 'POST',
        url: '/api/v1/surveys',
        headers: admin,
        payload: SAMPLE_SURVEY,
      })
    ).json()
    await inject({ method: 'POST', url: `/api/v1/surveys/${published.id}/publish`, headers: admin })
    await inject({ method: 'POST', url: '/api/v1/surveys', headers: admin, payload: SAMPLE_SURVEY })
    for (const nps of [9, 3, 10]) {
      await inject({
        method: 'POST',
        url: `/api/v1/public/surveys/${published.slug}/responses`,
        payload: { answers: { nps, comment: '排队太久，服务态度很差' } },
      })
    }
    await inject({
      method: 'POST',
      url: '/api/v1/feedback',
      headers: admin,
      payload: {
        kind: 'complaint',
        channel: 'hotline',
        text: '排队太久，服务态度很差',
        customer: { email: 'kehu@example.cn' },
      },
    })
    await inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: admin,
      payload: {
        email: 'agent@test.local',
        displayName: 'Agent',
        password: 'Fuzz-agent-pass-7391',
        role: 'agent',
      },
    })
    // …and of another organisation, to check none of them is reachable.
    const other = await otherOrganisationAdmin(t, ctx.store)
    await inject({
      method: 'POST',
      url: '/api/v1/surveys',
      headers: { cookie: other.cookie },
      payload: SAMPLE_SURVEY,
    })
    await inject({
      method: 'POST',
      url: '/api/v1/feedback',
      headers: { cookie: other.cookie },
      payload: { kind: 'complaint', text: '别家的投诉' },
    })

    const spec = (await inject({ method: 'GET', url: '/api/docs/json' })).json()
    operations = operationsOf(spec)
    // Harvest ids from every list (GET without path parameters) of both organisations.
    for (const op of operations.filter((o) => o.method === 'GET' && !o.path.includes('{'))) {
      const own = await inject({ method: 'GET', url: op.path, headers: admin })
      if (own.statusCode === 200 && String(own.headers['content-type']).includes('json'))
        collectIds(own.json(), fx.ownIds, fx.slugs)
      const theirs = await inject({
        method: 'GET',
        url: op.path,
        headers: { cookie: other.cookie },
      })
      if (theirs.statusCode === 200 && String(theirs.headers['content-type']).includes('json'))
        collectIds(theirs.json(), fx.foreignIds)
    }
    for (const id of fx.ownIds) fx.foreignIds.delete(id)
    // The administrator's own id is left out: setting its password or role would end the fuzzing session.
    fx.ownIds.delete(fx.adminUserId)
    fx.foreignIds.delete(fx.adminUserId)
    // Logging out ends the session it is sent with: those requests get sessions of their own, made before any login is fuzzed.
    for (let i = 0; i < REQUESTS_PER_OPERATION; i++)
      fx.logoutSessions.push((await login(ctx.store.db, TEST_ADMIN, t.clock.now)).sessionSecret)
  }, 120_000)

  afterAll(async () => {
    await t?.app.close()
  })

  it(`no operation answers 5xx or an error outside the documented shape (seed ${SEED})`, async () => {
    expect(operations.length).toBeGreaterThan(40)
    expect(fx.ownIds.size).toBeGreaterThan(3)
    expect(fx.foreignIds.size).toBeGreaterThan(0)
    const failures: string[] = []
    let sent = 0
    const debug = process.env.MANYI_FUZZ_DEBUG
      ? new Map<string, { ms: number; statuses: Record<string, number> }>()
      : null
    for (const op of operations) {
      const started = Date.now()
      const rng = mulberry32(hashString(`${SEED}:${op.key}`))
      for (let i = 0; i < op.requests + ANONYMOUS_PER_OPERATION; i++) {
        const anonymous = i >= op.requests
        let cookie = anonymous ? undefined : t.adminCookie
        if (!anonymous && op.key === 'POST /api/v1/auth/logout')
          cookie = `manyi_session=${fx.logoutSessions[i]}`
        const request = buildRequest(rng, op, fx, cookie)
        // The second anonymous caller brings a credential that is not one: a made-up token or session.
        if (anonymous && i > op.requests) {
          const forged = pick(rng, [
            `mk_${'a'.repeat(40)}`,
            'x'.repeat(5_000),
            '满意',
            '',
            'Bearer',
          ])
          request.headers = {
            ...(request.headers as Record<string, string>),
            ...(chance(rng, 0.5)
              ? { authorization: `Bearer ${forged}` }
              : { cookie: `manyi_session=${encodeURIComponent(forged)}` }),
          }
        }
        if (!anonymous && ADMIN_SKIPPED.has(op.key)) {
          // Only what is refused before the handler: a body of a type the operation does not take.
          request.headers = {
            ...(request.headers as Record<string, string>),
            'content-type': 'text/plain',
          }
          request.payload = 'x'
        }
        const response = await t.app.inject(request)
        sent++
        const problem = problemWith(op, response, anonymous)
        if (problem)
          failures.push(
            `${op.key} #${i}: ${problem}\n    request: ${describeRequest(request)}\n    answer: ${response.body.slice(0, 400)}`,
          )
        if (
          response.statusCode < 300 &&
          String(response.headers['content-type']).includes('json')
        ) {
          const body = response.json()
          collectIds(body, fx.ownIds, fx.slugs)
          if (
            response.statusCode === 202 &&
            op.path.endsWith('/import-jobs') &&
            typeof body?.id === 'string'
          )
            importJobs.push(
              op.path.startsWith('/api/v1/customer-transactions/')
                ? `/api/v1/customer-transactions/import-jobs/${body.id}`
                : `/api/v1/import-jobs/${body.id}`,
            )
        }
        fx.ownIds.delete(fx.adminUserId)
        if (debug) {
          const entry = debug.get(op.key) ?? { ms: 0, statuses: {} }
          const code =
            response.statusCode >= 400
              ? `${response.statusCode} ${response.json().error?.code}`
              : String(response.statusCode)
          entry.statuses[code] = (entry.statuses[code] ?? 0) + 1
          debug.set(op.key, entry)
        }
      }
      if (debug) debug.get(op.key)!.ms = Date.now() - started
    }
    if (debug)
      for (const [key, entry] of debug) console.log(entry.ms, key, JSON.stringify(entry.statuses))
    // Import jobs run on after their 202; wait for them so none outlives the store.
    for (const url of importJobs) {
      await vi.waitFor(
        async () => {
          const job = (
            await t.app.inject({
              method: 'GET',
              url,
              headers: { cookie: t.adminCookie },
            })
          ).json()
          expect(['done', 'failed']).toContain(job.status)
        },
        { timeout: 30_000, interval: 50 },
      )
    }
    expect(sent).toBe(
      operations.reduce((sum, op) => sum + op.requests + ANONYMOUS_PER_OPERATION, 0),
    )
    expect(
      failures,
      `API fuzz with MANYI_FUZZ_SEED=${SEED} on ${ctx.dialect}: ${failures.length} bad answers\n${failures.slice(0, 15).join('\n')}`,
    ).toEqual([])
  }, 240_000)
})
