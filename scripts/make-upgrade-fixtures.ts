/**
 * Regenerates the upgrade fixtures in src/db/upgrade/__fixtures__: for every
 * historical migration state of main (src/db/upgrade/history.ts) a SQLite and a
 * PostgreSQL database made by THAT commit's own code — its migrations, its demo
 * loader (a few dozen answers, and the cases its demo makes) and a short journey
 * through its own HTTP API (an answer, a contact list and an e-mail
 * distribution, a complaint worked as a case) where the version has them —
 * dumped to gzipped SQL.
 *
 *   npx tsx scripts/make-upgrade-fixtures.ts [--only s05-327e534,…]
 *
 * Needs git, PostgreSQL (MANYI_TEST_PG_URL or postgres://postgres:postgres@127.0.0.1:5432/postgres)
 * and pg_dump. Each state is checked out with `git worktree add` under a temp
 * directory (node_modules symlinked from this checkout) and removed afterwards.
 */
import { execFileSync, spawn } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'
import SqliteDatabase from 'better-sqlite3'
import pg from 'pg'
import { MIGRATION_HISTORY } from '../src/db/upgrade/history.js'
import { FIXTURE_ADMIN, FIXTURE_PG_SCHEMA, fixtureFile } from '../src/db/upgrade/fixtures.js'

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
      writeFixture(fixtureFile(state.id, 'sqlite'), dumpSqlite(sqlitePath))

      const database = `manyi_fixture_${state.id.replace(/-/g, '_')}`
      await adminQuery(`drop database if exists ${database}`)
      await adminQuery(`create database ${database}`)
      try {
        const url = new URL(PG_URL)
        url.pathname = `/${database}`
        await populate(tree, url.toString())
        writeFixture(fixtureFile(state.id, 'postgres'), await dumpPostgres(url))
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

function writeFixture(path: string, sqlText: string): void {
  const gz = gzipSync(sqlText, { level: 9 })
  writeFileSync(path, gz)
  console.log(`${path.replace(`${ROOT}/`, '')}: ${(gz.length / 1024).toFixed(0)} KB`)
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
  const env = {
    ...process.env,
    MANYI_ADMIN_EMAIL: FIXTURE_ADMIN.email,
    MANYI_ADMIN_PASSWORD: FIXTURE_ADMIN.password,
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

async function journey(base: string): Promise<void> {
  const login = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(FIXTURE_ADMIN),
  })
  if (login.status !== 200) throw new Error(`login failed: ${login.status} ${await login.text()}`)
  const cookie = login.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ')
  const call = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${base}${path}`, {
      method,
      headers: { cookie, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    })
    const text = await response.text()
    return {
      status: response.status,
      // biome-ignore lint/suspicious/noExplicitAny: reference JSON read from a fixture file, shape checked by the assertions.
      json: text.startsWith('{') ? (JSON.parse(text) as Record<string, any>) : {},
    }
  }
  const me = (await call('GET', '/api/v1/auth/me')).json
  const userId: string = me.user?.id ?? me.id
  type SurveyRow = { id: string; slug: string; status: string; questions: Array<{ type: string }> }
  const suitable = (s: SurveyRow) =>
    s.status === 'published' &&
    s.questions.some((q) => q.type === 'nps') &&
    s.questions.some((q) => q.type === 'csat')
  let survey = ((await call('GET', '/api/v1/surveys')).json.surveys as SurveyRow[]).find(suitable)
  if (!survey) {
    const created = await call('POST', '/api/v1/surveys', {
      title: { 'zh-CN': '升级前的调查', 'en-US': 'Survey before the upgrade' },
      questions: [
        {
          key: 'nps',
          type: 'nps',
          title: { 'zh-CN': '推荐可能性', 'en-US': 'Recommend?' },
          required: true,
        },
        {
          key: 'csat',
          type: 'csat',
          title: { 'zh-CN': '满意度', 'en-US': 'Satisfied?' },
          required: false,
        },
        { key: 'ces', type: 'ces', title: { 'zh-CN': '省力', 'en-US': 'Easy?' }, required: false },
        {
          key: 'comment',
          type: 'text',
          title: { 'zh-CN': '意见', 'en-US': 'Comments' },
          required: false,
        },
      ],
    })
    survey = (await call('POST', `/api/v1/surveys/${created.json.id}/publish`)).json as SurveyRow
  }
  // A few answers of our own through the public API, one of them unhappy.
  for (const [i, answers] of [
    { nps: 2, csat: 1, ces: 2, comment: '升级前的回答：排队太久' },
    { nps: 9, csat: 5, ces: 6, comment: 'Quick and friendly' },
    { nps: 7, csat: 4, ces: 5 },
    { nps: 10, csat: 5, ces: 7, comment: '非常满意' },
  ].entries()) {
    const answer = await fetch(`${base}/api/v1/public/surveys/${survey.slug}/responses`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ answers, clientResponseId: `fixture-answer-${i}` }),
    })
    if (answer.status >= 300)
      throw new Error(`answer refused: ${answer.status} ${await answer.text()}`)
  }

  const list = await call('POST', '/api/v1/contact-lists', {
    name: '升级前名单',
    file: {
      name: 'contacts.csv',
      contentBase64: Buffer.from('email,name\nli@example.com,李\nwang@example.com,王\n').toString(
        'base64',
      ),
    },
  })
  if (list.status < 300) {
    const distribution = await call('POST', `/api/v1/surveys/${survey.id}/distributions`, {
      name: '升级前邮件',
      listId: list.json.list?.id ?? list.json.id,
      channel: 'email',
    })
    if (distribution.status < 300)
      await call('POST', `/api/v1/distributions/${distribution.json.id}/send`)
    console.log(
      `  contact list ${list.status}, distribution ${distribution.status} ${distribution.status >= 300 ? JSON.stringify(distribution.json) : ''}`,
    )
  }

  const complaint = await call('POST', '/api/v1/feedback', {
    channel: 'api',
    kind: 'complaint',
    text: '升级前的投诉：快递三天没到',
    customer: { name: '赵女士', email: 'zhao@example.com' },
    externalId: 'fixture-complaint-1',
  })
  if (complaint.status < 300 && complaint.json.caseId) {
    const caseId = complaint.json.caseId as string
    const steps = [
      await call('POST', `/api/v1/cases/${caseId}/assign`, { ownerId: userId }),
      await call('POST', `/api/v1/cases/${caseId}/messages`, {
        visibility: 'internal',
        body: '已联系物流',
      }),
      await call('POST', `/api/v1/cases/${caseId}/messages`, {
        visibility: 'customer',
        body: '您好，包裹明天送达。',
      }),
      await call('POST', `/api/v1/cases/${caseId}/transitions`, { status: 'acknowledged' }),
      await call('POST', `/api/v1/cases/${caseId}/transitions`, { status: 'investigating' }),
    ]
    console.log(
      `  complaint ${complaint.status}, case steps ${steps.map((s) => s.status).join(' ')}`,
    )
  }
}

async function waitForServer(base: string): Promise<void> {
  for (let attempt = 0; attempt < 300; attempt++) {
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

/** A SQL text dump: tables with their rows (multi-row INSERTs), then indexes. */
function dumpSqlite(path: string): string {
  const db = new SqliteDatabase(path, { readonly: true })
  db.defaultSafeIntegers(true)
  const out = ['PRAGMA foreign_keys=OFF;', 'BEGIN;']
  const objects = db
    .prepare(
      "select type, name, sql from sqlite_master where sql is not null and name not like 'sqlite_%' order by rowid",
    )
    .all() as Array<{ type: string; name: string; sql: string }>
  for (const table of objects.filter((o) => o.type === 'table')) {
    out.push(`${table.sql};`)
    const rows = db.prepare(`select * from "${table.name}"`).raw().all() as unknown[][]
    for (let i = 0; i < rows.length; i += 50) {
      out.push(
        `INSERT INTO "${table.name}" VALUES\n${rows
          .slice(i, i + 50)
          .map((row) => `(${row.map(sqliteLiteral).join(',')})`)
          .join(',\n')};`,
      )
    }
  }
  for (const other of objects.filter((o) => o.type !== 'table')) out.push(`${other.sql};`)
  out.push('COMMIT;')
  db.close()
  return `${out.join('\n')}\n`
}

function sqliteLiteral(value: unknown): string {
  if (value === null) return 'NULL'
  if (typeof value === 'bigint' || typeof value === 'number') return String(value)
  if (Buffer.isBuffer(value)) return `X'${value.toString('hex')}'`
  return `'${String(value).replace(/'/g, "''")}'`
}

/** pg_dump of the database's one schema, renamed to the fixture placeholder first. */
async function dumpPostgres(url: URL): Promise<string> {
  const client = new pg.Client({ connectionString: url.toString() })
  await client.connect()
  await client.query(`alter schema public rename to ${FIXTURE_PG_SCHEMA}`)
  await client.end()
  const env = { ...process.env, PGPASSWORD: decodeURIComponent(url.password) }
  const dump = execFileSync(
    'pg_dump',
    [
      '-h',
      url.hostname,
      '-p',
      url.port || '5432',
      '-U',
      decodeURIComponent(url.username),
      '-d',
      url.pathname.slice(1),
      `--schema=${FIXTURE_PG_SCHEMA}`,
      '--no-owner',
      '--no-privileges',
      '--no-comments',
      '--inserts',
      '--rows-per-insert=50',
    ],
    { env, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 },
  )
  // psql meta-commands (\restrict, from newer pg_dump builds) mean nothing to a plain SQL client.
  return dump
    .split('\n')
    .filter((line) => !line.startsWith('\\'))
    .join('\n')
}
