import { bootstrapFirstAdmin, systemScopeOfFirstOrg } from '../auth/bootstrap.js'
import type { Config } from '../config.js'
import { loadDemoData } from '../demo/demo.js'
import { openStore } from '../db/open-store.js'
import { printLoginHint } from './login-hint.js'
import { nameFirstOrganisationAtStart } from '../organisations/organisation-profile.service.js'
import { hostname } from 'node:os'
import { randomBytes } from 'node:crypto'
import { JobLease } from '../jobs/job-lease.repository.js'
import { LeasedSweeps } from '../jobs/leased-sweeps.js'
import { SWEEP_LEASE } from '../jobs/sweep-tasks.js'
import { buildApp, composeApp } from './app.js'
import { warmReportRendering } from '../reports/report-warm-up.js'

/** How long a stopping instance lets its running background task reach a safe point before it hands the sweep over. */
const SHUTDOWN_GRACE_MS = 5_000

/** The only place that binds a port: migrate, bootstrap, listen, and close cleanly on signals. */
export async function startServer(
  overrides: Partial<Record<keyof Config, unknown>>,
  options: { demo: boolean },
): Promise<void> {
  const { config, store } = await openStore(overrides)
  const clock = () => Date.now()
  const created = await bootstrapFirstAdmin(
    store.db,
    config.adminEmail,
    config.adminPassword,
    clock(),
  )
  // Named from the setting, never asked on the terminal: `npm start` runs unattended.
  if (config.orgName) await nameFirstOrganisationAtStart(store.db, config.orgName, clock())
  if (created && options.demo) {
    const scope = (await systemScopeOfFirstOrg(store.db, store.features, clock()))!
    const result = await loadDemoData(scope, {})
    console.log(
      `Loaded demo data: ${result.responses} responses in ${result.surveys.length} surveys, ${result.cases} complaint cases, ${result.comments} analysed comments.`,
    )
  }
  const deps = composeApp({ store, config, clock })
  const app = await buildApp(deps)
  const { jobs } = deps
  // One sweep at a time across every instance on this database, under a lease in the database:
  // an instance that dies mid-sweep blocks the others for at most jobLeaseMs. A single SQLite
  // instance takes the same lease uncontested.
  const holder = `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`
  const lease = new JobLease(store.db, store.features.name, SWEEP_LEASE, holder, config.jobLeaseMs)
  const sweeps = new LeasedSweeps(lease, (signal) => jobs.runOnce(signal), deps.log, {
    intervalMs: config.jobIntervalMs,
    leaseMs: config.jobLeaseMs,
    shutdownGraceMs: SHUTDOWN_GRACE_MS,
  })
  jobs.useTrigger(sweeps)
  let closing = false
  const close = async () => {
    if (closing) return
    closing = true
    // Bounded: the sweep gets SHUTDOWN_GRACE_MS to reach a safe point, requests a little more to drain.
    setTimeout(() => process.exit(1), SHUTDOWN_GRACE_MS + 10_000).unref()
    await app.close()
    await store.close()
    process.exit(0)
  }
  process.once('SIGINT', close)
  process.once('SIGTERM', close)
  await app.listen({ host: config.host, port: config.port })
  sweeps.start()
  // The report renderers' first use costs seconds (src/reports/report-warm-up.ts): paid now, in
  // the background, not by the first person to ask for a report.
  void warmReportRendering().then(
    ({ ms }) => app.log.info({ ms }, 'report renderers ready'),
    (error: unknown) => app.log.warn({ err: error }, 'report renderers could not be readied'),
  )
  app.log.info({ holder }, 'background sweeps start; this instance takes the sweep lease as')
  const url = config.publicUrl ?? `http://${config.host}:${config.port}`
  console.log(
    `Manyi is running at ${url}/app/  (API docs: ${url}/api/docs, database: ${config.dbUrl.replace(/\/\/[^@]*@/, '//***@')})`,
  )
  if (created) {
    printLoginHint(config, created)
    if (!options.demo)
      console.log(
        '  Demo data: click “加载演示数据 / Load demo data” on the surveys page, or run `npm run manyi -- demo`.',
      )
  }
}
