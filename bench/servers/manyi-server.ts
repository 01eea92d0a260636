import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { bootstrapFirstAdmin, systemScopeOfFirstOrg } from '../../src/auth/bootstrap.js'
import { loadConfig } from '../../src/config.js'
import { connectStore } from '../../src/db/connect.js'
import { migrateToLatest } from '../../src/db/migrate.js'
import { buildApp } from '../../src/server/app.js'
import { createSurvey, publishSurvey } from '../../src/surveys/survey.service.js'
import { createUnit } from '../../src/units/unit.service.js'

// Manyi as deployed by default: SQLite file, WAL, synchronous=FULL with group commit.
const dir = mkdtempSync(join(tmpdir(), 'manyi-bench-'))
const config = loadConfig(
  {},
  {
    dbUrl: `sqlite:${join(dir, 'bench.db')}`,
    logLevel: 'silent',
    publicRateLimit: 100_000_000,
    webDir: '/nonexistent',
  },
)
const store = connectStore({ url: config.dbUrl })
await migrateToLatest(store)
await bootstrapFirstAdmin(store.db, 'bench@manyi.local', 'bench-password-1', Date.now())
const scope = (await systemScopeOfFirstOrg(store.db, store.features, Date.now()))!
const survey = await createSurvey(scope, {
  title: { 'zh-CN': '压测问卷' },
  questions: [
    { key: 'nps', type: 'nps', title: { 'zh-CN': '推荐意愿' }, required: true },
    { key: 'comment', type: 'text', title: { 'zh-CN': '意见' } },
  ],
  // A per-unit link's hidden field: answers posted with segments { unit: 'H1' } belong to the
  // service hall H1 and are added to the unit roll-ups; answers without it are not.
  settings: { hiddenFields: ['unit'], signedFields: [], pilot: false },
})
await createUnit(scope, { code: 'H1', nameZh: '营业厅 H1', type: 'hall' })
await publishSurvey(scope, survey.id)
const app = await buildApp({ store, config, clock: () => Date.now() })
await app.listen({ host: '127.0.0.1', port: 0 })
const address = app.server.address()
process.stdout.write(
  `READY ${typeof address === 'object' && address ? address.port : 0} ${survey.slug} ${join(dir, 'bench.db')}\n`,
)
