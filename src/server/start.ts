import { bootstrapFirstAdmin, systemScopeOfFirstOrg } from '../auth/bootstrap.js'
import type { Config } from '../config.js'
import { loadDemoData } from '../db/seed/demo.js'
import { openStore } from '../cli/open-store.js'
import { printLoginHint } from '../cli/commands/login-hint.js'
import { PgBossTrigger } from '../jobs/pg-boss-trigger.js'
import { buildApp, jobsOf } from './app.js'

/** The only place that binds a port: migrate, bootstrap, listen, and close cleanly on signals. */
export async function startServer(overrides: Partial<Record<keyof Config, unknown>>, options: { demo: boolean }): Promise<void> {
  const { config, store } = await openStore(overrides)
  const clock = () => Date.now()
  const created = await bootstrapFirstAdmin(store.db, config.adminEmail, config.adminPassword, clock())
  if (created && options.demo) {
    const scope = (await systemScopeOfFirstOrg(store.db, store.features, clock()))!
    const result = await loadDemoData(scope, {})
    console.log(`Loaded demo data: ${result.responses} responses in ${result.surveys.length} surveys, ${result.cases} complaint cases, ${result.comments} analysed comments.`)
  }
  const deps = { store, config, clock }
  const app = await buildApp(deps)
  const jobs = jobsOf(deps)
  if (store.features.name === 'postgres') {
    // Several instances share PostgreSQL: pg-boss schedules the sweeps once for all of them.
    const trigger = new PgBossTrigger({ connectionString: config.dbUrl, ...(store.pgSchema ? { schema: `pgboss_${store.pgSchema}` } : {}) }, () => jobs.runOnce(), app.log)
    await trigger.start()
    jobs.useTrigger(trigger)
  } else {
    jobs.start(config.jobIntervalMs)
  }
  const close = async () => {
    await app.close()
    await store.close()
    process.exit(0)
  }
  process.once('SIGINT', close)
  process.once('SIGTERM', close)
  await app.listen({ host: config.host, port: config.port })
  const url = config.publicUrl ?? `http://${config.host}:${config.port}`
  console.log(`Manyi is running at ${url}/app/  (API docs: ${url}/api/docs, database: ${config.dbUrl.replace(/\/\/[^@]*@/, '//***@')})`)
  if (created) {
    printLoginHint(config, created)
    if (!options.demo) console.log('  Demo data: click “加载演示数据 / Load demo data” on the surveys page, or run `npm run manyi -- demo`.')
  }
}
