import type { FastifyInstance, LightMyRequestResponse } from 'fastify'
import { afterAll, beforeAll } from 'vitest'
import { createUser } from '../auth/auth.service.js'
import { applySignInPolicy } from '../auth/session-policy.service.js'
import { bootstrapFirstAdmin } from '../auth/bootstrap.js'
import { createOrganisation } from '../organisations/organisation.service.js'
import { createTestStore } from '../db/test-store.js'
import { loadConfig } from '../config.js'
import type { Store } from '../db/connect.js'
import type { Db } from '../db/database.js'
import type { JobRunner } from '../jobs/job-runner.js'
import { buildApp, composeApp } from './app.js'

/** Test-only helpers: a real app on a real store, driven through inject. */

export const TEST_ADMIN = { email: 'admin@test.local', password: 'correct-horse-battery' }

export interface TestApp {
  app: FastifyInstance
  clock: { now: number }
  /** Cookie header of a logged-in administrator. */
  adminCookie: string
  orgId: string
  /** The app's background jobs, to run them when a test wants (deterministically, on the test clock). */
  jobs: JobRunner
  /** The app's store handle (it carries the keyring), for calling services as a second instance would. */
  db: Db
}

export async function createTestApp(
  store: Store,
  overrides: Record<string, unknown> = {},
): Promise<TestApp> {
  const clock = { now: Date.parse('2026-06-15T04:00:00Z') }
  const config = loadConfig({}, { logLevel: 'silent', webDir: '/nonexistent', ...overrides })
  const created = await bootstrapFirstAdmin(
    store.db,
    TEST_ADMIN.email,
    TEST_ADMIN.password,
    clock.now,
  )
  // Tests move the clock by hours within one session: the test organisation's sessions never idle out.
  await applySignInPolicy(
    store.db,
    created!.orgId,
    { mfaRequired: false, idleMinutes: 1440, absoluteHours: 12 },
    clock.now,
  )
  const deps = composeApp({ store, config, clock: () => clock.now })
  const app = await buildApp(deps)
  const login = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: TEST_ADMIN })
  if (login.statusCode !== 200) throw new Error(`test login failed: ${login.body}`)
  return {
    app,
    clock,
    adminCookie: cookieHeader(login),
    orgId: created!.orgId,
    jobs: deps.jobs,
    db: deps.store.db,
  }
}

/**
 * Test-only: an administrator of a second organisation on the same store,
 * logged in — to check that nothing of the first organisation reaches them.
 */
export async function otherOrganisationAdmin(
  t: TestApp,
  store: Store,
  role = 'admin',
): Promise<{ cookie: string }> {
  const other = await createOrganisation(store.db, 'Other Co', t.clock.now)
  await createUser(
    { db: store.db, orgId: other.id },
    { email: 'eve@other.test', displayName: 'Eve', password: 'eve-password-123', role },
    t.clock.now,
  )
  const login = await t.app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { email: 'eve@other.test', password: 'eve-password-123' },
  })
  return { cookie: cookieHeader(login) }
}

export function cookieHeader(response: LightMyRequestResponse): string {
  return response.cookies.map((c) => `${c.name}=${c.value}`).join('; ')
}

export const SAMPLE_SURVEY = {
  title: { 'zh-CN': '门店服务调查', 'en-US': 'Store service survey' },
  questions: [
    {
      key: 'nps',
      type: 'nps',
      title: {
        'zh-CN': '您向朋友推荐我们的可能性有多大？',
        'en-US': 'How likely are you to recommend us?',
      },
      required: true,
    },
    {
      key: 'csat',
      type: 'csat',
      title: { 'zh-CN': '您对本次服务满意吗？', 'en-US': 'How satisfied are you?' },
      required: false,
    },
    {
      key: 'ces',
      type: 'ces',
      title: { 'zh-CN': '我们让办事变得很轻松。', 'en-US': 'We made it easy.' },
      required: false,
    },
    {
      key: 'comment',
      type: 'text',
      title: { 'zh-CN': '其他意见', 'en-US': 'Other comments' },
      required: false,
    },
  ],
}

/** Test-only: a fresh SQLite store and app for a test file, closed after it. */
export function useSqliteTestApp(): { current: TestApp } {
  const holder = {} as { current: TestApp; store: Store }
  beforeAll(async () => {
    holder.store = await createTestStore('sqlite')
    holder.current = await createTestApp(holder.store)
  })
  afterAll(async () => {
    await holder.current?.app.close()
    await holder.store?.close()
  })
  return holder
}
