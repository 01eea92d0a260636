/**
 * Regenerates the upgrade fixtures in src/db/upgrade/__fixtures__: for every
 * historical migration state of main (src/db/upgrade/history.ts) a SQLite and a
 * PostgreSQL database made by THAT commit's own code — its migrations, its demo
 * loader (a few dozen answers, and the cases its demo makes) and a short journey
 * through its own HTTP API (an answer, a contact list and an e-mail
 * distribution, a complaint worked as a case) where the version has them —
 * dumped to gzipped SQL (the journey: upgrade-fixtures/journey.ts; the dumps:
 * upgrade-fixtures/dump.ts).
 *
 *   npx tsx scripts/make-upgrade-fixtures.ts [--only s05-327e534,…]
 *
 * Needs git, PostgreSQL (MANYI_TEST_PG_URL or postgres://postgres:postgres@127.0.0.1:5432/postgres)
 * and pg_dump. Each state is checked out with `git worktree add` under a temp
 * directory (node_modules symlinked from this checkout) and removed afterwards.
 */
import { execFileSync, spawn } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import pg from 'pg'
import { FIXTURE_ADMIN, FIXTURE_DATA_KEYS, fixtureFile } from '../src/db/upgrade/fixtures.js'
import { MIGRATION_HISTORY } from '../src/db/upgrade/history.js'
import { dumpPostgres, dumpSqlite, writeFixture } from './upgrade-fixtures/dump.js'
import { journey } from './upgrade-fixtures/journey.js'

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const PG_URL =
  process.env.MANYI_TEST_PG_URL ?? 'postgres://postgres:postgres@127.0.0.1:5432/postgres'
const onlyArg = process.argv.indexOf('--only')
const only = onlyArg >= 0 ? new Set(process.argv[onlyArg + 1]!.split(',')) : null

const work = mkdtempSync(join(tmpdir(), 'manyi-upgrade-fixtures-'))
mkdirSync(join(ROOT, 'src/db/upgrade/__fixtures__'), { recursive: true })

try {
  for (const state of MIGRATION_HISTORY) {
    if (only && !only.has(state.id)) continue
    const tree = join(work, state.id)
    execFileSync('git', ['worktree', 'add', '--detach', tree, state.commit], {
      cwd: ROOT,
      stdio: 'ignore',
    })
    try {
      symlinkSync(join(ROOT, 'node_modules'), join(tree, 'node_modules'))
      const sqlitePath = join(work, `${state.id}.db`)
      await populate(tree, `sqlite:${sqlitePath}`)
      writeFixture(fixtureFile(state.id, 'sqlite'), dumpSqlite(sqlitePath), ROOT)

      const database = `manyi_fixture_${state.id.replace(/-/g, '_')}`
      await adminQuery(`drop database if exists ${database}`)
      await adminQuery(`create database ${database}`)
      try {
        const url = new URL(PG_URL)
        url.pathname = `/${database}`
        await populate(tree, url.toString())
        writeFixture(fixtureFile(state.id, 'postgres'), await dumpPostgres(url), ROOT)
      } finally {
        await adminQuery(`drop database if exists ${database} with (force)`)
      }
    } finally {
      execFileSync('git', ['worktree', 'remove', '--force', tree], { cwd: ROOT, stdio: 'ignore' })
    }
  }
} finally {
  rmSync(work, { recursive: true, force: true })
  execFileSync('git', ['worktree', 'prune'], { cwd: ROOT, stdio: 'ignore' })
}

async function adminQuery(text: string): Promise<void> {
  const client = new pg.Client({ connectionString: PG_URL })
  await client.connect()
  try {
    await client.query(text)
  } finally {
    await client.end()
  }
}

/** That version's CLI and server, driven as a user would: demo data, then its HTTP API. */
async function populate(tree: string, dbUrl: string): Promise<void> {
  // Versions whose bin/manyi.js runs the built server (dist/server) need it built first.
  if (readFileSync(join(tree, 'bin/manyi.js'), 'utf8').includes('dist/server')) {
    execFileSync('node', ['scripts/build.mjs', 'server'], { cwd: tree, stdio: 'pipe' })
  }
  const env = {
    ...process.env,
    MANYI_ADMIN_EMAIL: FIXTURE_ADMIN.email,
    MANYI_ADMIN_PASSWORD: FIXTURE_ADMIN.password,
    // Releases that seal personal values seal them with the keys the upgrade test reads with.
    MANYI_DATA_KEYS: FIXTURE_DATA_KEYS,
    MANYI_LOG_LEVEL: 'silent',
    MANYI_WEB_DIR: join(tree, 'no-web'),
  }
  try {
    execFileSync(
      'node',
      ['bin/manyi.js', 'demo', '--db', dbUrl, '--responses', '40', '--seed', '11'],
      { cwd: tree, env, stdio: 'pipe' },
    )
  } catch (error) {
    // 757b158's demo gives every survey's answers the same ids; the journey below makes its own survey then.
    console.log(
      `  demo failed: ${String((error as { stderr?: Buffer }).stderr ?? error).split('\n')[0]}`,
    )
  }
  const port = await freePort()
  const server = spawn('node', ['bin/manyi.js', 'serve', '--db', dbUrl, '--port', String(port)], {
    cwd: tree,
    env,
    stdio: 'ignore',
  })
  const exited = new Promise((done) => server.once('exit', done))
  try {
    const base = `http://127.0.0.1:${port}`
    await waitForServer(base)
    await journey(base)
  } finally {
    server.kill('SIGTERM')
    await exited
  }
}

// Two minutes: on a loaded two-core machine a release's server took over the 30 s this once allowed.
async function waitForServer(base: string): Promise<void> {
  const deadline = Date.now() + 120_000
  while (Date.now() < deadline) {
    try {
      await fetch(`${base}/api/v1/auth/me`)
      return
    } catch {
      await new Promise((r) => setTimeout(r, 100))
    }
  }
  throw new Error(`server at ${base} did not start`)
}

function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const probe = createServer()
    probe.once('error', fail)
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number }
      probe.close(() => done(port))
    })
  })
}
