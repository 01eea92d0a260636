import { expect } from 'vitest'
import type { E2eHarness } from './harness.js'
import { E2E_ADMIN } from './server.js'

/**
 * Test-only: the HTTP API of a spec's server, for seeding what a browser journey is not about.
 * `apiSession` signs in (the e2e administrator unless told otherwise) and answers the session's
 * cookies; `api` calls /api/v1 with them and expects a 2xx answer.
 */
export function adminApi(harness: E2eHarness) {
  const base = () => harness.server.url
  return {
    async apiSession(email = E2E_ADMIN.email, password = E2E_ADMIN.password): Promise<string> {
      const response = await fetch(`${base()}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: base() },
        body: JSON.stringify({ email, password }),
      })
      expect(response.status).toBe(200)
      return response.headers
        .getSetCookie()
        .map((c) => c.split(';')[0])
        .join('; ')
    },
    async api(cookie: string, method: string, path: string, body?: unknown) {
      const response = await fetch(`${base()}/api/v1${path}`, {
        method,
        headers: {
          cookie,
          origin: base(),
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      })
      expect(response.status, await response.clone().text()).toBeLessThan(300)
      return response.json()
    },
  }
}
