import type { AddressInfo } from 'node:net'
import type { FastifyInstance } from 'fastify'
import { bootstrapFirstAdmin } from '../src/auth/bootstrap.js'
import { loadConfig } from '../src/config.js'
import type { Store } from '../src/db/connect.js'
import { createTestStore } from '../src/db/test-store.js'
import { nameFirstOrganisationAtStart } from '../src/organisations/organisation-profile.service.js'
import { buildApp } from '../src/server/app.js'

export const E2E_ADMIN = { email: 'admin@e2e.local', password: 'e2e-password-123' }

export interface RunningServer {
  url: string
  store: Store
  stop(): Promise<void>
}

/** A real Manyi on a real port, serving the built admin app from dist/web. */
export async function startTestServer(
  overrides: Record<string, unknown> = {},
): Promise<RunningServer> {
  const store = await createTestStore('sqlite')
  // Named as `manyi serve --org-name` would (pass orgName: undefined for a new installation's first sign-in).
  const config = loadConfig(
    {},
    { logLevel: 'silent', webDir: 'dist/web', port: 0, orgName: 'E2E 测试机构', ...overrides },
  )
  await bootstrapFirstAdmin(store.db, E2E_ADMIN.email, E2E_ADMIN.password, Date.now())
  if (config.orgName) await nameFirstOrganisationAtStart(store.db, config.orgName, Date.now())
  const app: FastifyInstance = await buildApp({ store, config, clock: () => Date.now() })
  await app.listen({ host: '127.0.0.1', port: 0 })
  const { port } = app.server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    store,
    stop: async () => {
      await app.close()
      await store.close()
    },
  }
}
