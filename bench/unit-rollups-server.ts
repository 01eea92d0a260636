import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { bootstrapFirstAdmin, systemScopeOfFirstOrg } from '../src/auth/bootstrap.js'
import { loadConfig } from '../src/config.js'
import { connectStore } from '../src/db/connect.js'
import { migrateToLatest } from '../src/db/migrate.js'
import { buildApp } from '../src/server/app.js'
import { createSurvey, publishSurvey } from '../src/surveys/survey.service.js'
import { createUnit } from '../src/units/unit.service.js'

// Manyi as deployed by default (SQLite file, WAL, synchronous=FULL, group commit) with a utility
// hierarchy of 73 units (a province, 12 cities, 60 counties) and a survey whose links carry the
// `unit` hidden field, for bench/unit-rollups.bench.ts.
const dir = mkdtempSync(join(tmpdir(), 'manyi-bench-units-'))
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
const system = (await systemScopeOfFirstOrg(store.db, store.features, Date.now()))!
const scope = { ...system, actor: { ...system.actor, role: 'admin' as const } }
const province = await createUnit(scope, { code: 'HN', nameZh: '省公司', type: 'province' })
for (let c = 1; c <= 12; c++) {
  const city = await createUnit(scope, {
    code: `C${c}`,
    nameZh: `地市${c}`,
    type: 'city',
    parentId: province.id,
  })
  for (let k = 1; k <= 5; k++)
    await createUnit(scope, {
      code: `C${c}-${k}`,
      nameZh: `县${c}-${k}`,
      type: 'county',
      parentId: city.id,
    })
}
const survey = await createSurvey(scope, {
  title: { 'zh-CN': '压测问卷' },
  questions: [
    { key: 'nps', type: 'nps', title: { 'zh-CN': '推荐意愿' }, required: true },
    { key: 'comment', type: 'text', title: { 'zh-CN': '意见' } },
  ],
  settings: { hiddenFields: ['unit'] },
})
await publishSurvey(scope, survey.id)
const app = await buildApp({ store, config, clock: () => Date.now() })
await app.listen({ host: '127.0.0.1', port: 0 })
const address = app.server.address()
process.stdout.write(
  `READY ${typeof address === 'object' && address ? address.port : 0} ${survey.slug} ${join(dir, 'bench.db')}\n`,
)
