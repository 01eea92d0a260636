import { copyFileSync, mkdtempSync, rmSync } from 'node:fs'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import type { FastifyInstance } from 'fastify'
import { bootstrapFirstAdmin } from '../src/auth/bootstrap.js'
import { loadConfig } from '../src/config.js'
import { connectStore, type Store } from '../src/db/connect.js'
import { createTestStore, testFileDir } from '../src/db/test-store.js'
import { nameFirstOrganisationAtStart } from '../src/organisations/organisation-profile.service.js'
import { buildApp } from '../src/server/app.js'

export const E2E_ADMIN = { email: 'admin@e2e.local', password: 'e2e-password-123' }
export const E2E_ORG_NAME = 'E2E 测试机构'

export interface RunningServer {
  url: string
  store: Store
  stop(): Promise<void>
}

export interface TestServerOptions {
  /** A SQLite file the server's store starts as a copy of (e.g. demo-store.ts's), not an empty one. */
  storeFrom?: string
  /** The server's clock (epoch ms), for a spec that moves time on; the real time unless given. */
  clock?: () => number
}

/** The first administrator, and the organisation named as `manyi serve --org-name` would. */
export async function prepareE2eStore(store: Store, orgName: string | undefined): Promise<void> {
  await bootstrapFirstAdmin(store.db, E2E_ADMIN.email, E2E_ADMIN.password, Date.now())
  if (orgName) await nameFirstOrganisationAtStart(store.db, orgName, Date.now())
}

/** A store on its own copy of a SQLite file, removed when the store closes. */
export function copiedSqliteStore(file: string): Store {
  const dir = mkdtempSync(join(testFileDir(), 'manyi-e2e-'))
  const copy = join(dir, 'test.db')
  copyFileSync(file, copy)
  const store = connectStore({ url: `sqlite:${copy}` })
  return {
    ...store,
    close: async () => {
      await store.close()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

/**
 * A real Manyi on a real port, serving the built admin app from dist/web, or from E2E_WEB_DIR when
 * set (an admin app built elsewhere with a private `vite build --outDir`, so that a build in progress
 * in dist/web does not break a running spec).
 */
export async function startTestServer(
  overrides: Record<string, unknown> = {},
  options: TestServerOptions = {},
): Promise<RunningServer> {
  const store = options.storeFrom
    ? copiedSqliteStore(options.storeFrom)
    : await createTestStore('sqlite')
  // Pass orgName: undefined for a new installation's first sign-in.
  const config = loadConfig(
    {},
    {
      logLevel: 'silent',
      webDir: process.env.E2E_WEB_DIR ?? 'dist/web',
      port: 0,
      orgName: E2E_ORG_NAME,
      ...overrides,
    },
  )
  // Nothing is done again on a copied store that has its administrator and name already.
  await prepareE2eStore(store, config.orgName)
  const app: FastifyInstance = await buildApp({
    store,
    config,
    clock: options.clock ?? (() => Date.now()),
  })
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
