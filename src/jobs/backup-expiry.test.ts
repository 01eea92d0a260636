import { existsSync, mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import SqliteDatabase from 'better-sqlite3'
import { afterAll, expect, it } from 'vitest'
import { setRetentionPolicy } from '../customers/data-retention.service.js'
import type { Scope } from '../db/scope.js'
import { describeEachDialect } from '../db/test-dialects.js'
import { createOrganisation } from '../organisations/organisation.service.js'
import { backupExpiryJob, backupFiles } from './backup-expiry.js'
import { sweepJobs } from './sweep-jobs.js'

// Backups expire with the retention periods (issue 18) on both stores: the backups in the
// directory older than the shortest period any organisation set are removed by the backup-expiry
// job; newer ones, files that are not backups, the live database and subdirectories stay; with no
// period set nothing is removed.

const DAY = 86_400_000
const NOW = Date.parse('2026-11-27T12:00:00Z')
const dirs: string[] = []

afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true })
})

/** A backup directory: real SQLite files, a gzip'd export, a note and a subdirectory, each `days` old. */
function backupDir(): { dir: string; live: string } {
  const dir = mkdtempSync(join(tmpdir(), 'manyi-backups-'))
  dirs.push(dir)
  const sqliteFile = (name: string) => {
    const db = new SqliteDatabase(join(dir, name))
    db.exec('CREATE TABLE t (x INTEGER); INSERT INTO t VALUES (1)')
    db.close()
  }
  sqliteFile('manyi-2026-09-01.db')
  sqliteFile('manyi-2026-09-29.db')
  sqliteFile('live.db')
  writeFileSync(join(dir, 'manyi-2026-08-19.jsonl.gz'), gzipSync('{"format":"manyi"}\n'))
  writeFileSync(join(dir, 'notes.txt'), 'restore drill every quarter\n')
  mkdirSync(join(dir, 'archive'))
  const age: Record<string, number> = {
    'manyi-2026-09-01.db': 87,
    'manyi-2026-09-29.db': 59,
    'live.db': 400,
    'manyi-2026-08-19.jsonl.gz': 100,
    'notes.txt': 400,
  }
  for (const [name, days] of Object.entries(age)) {
    const at = (NOW - days * DAY) / 1000
    utimesSync(join(dir, name), at, at)
  }
  return { dir, live: join(dir, 'live.db') }
}

describeEachDialect('the backup-expiry job', (ctx) => {
  const scopeOf = (orgId: string): Scope => ({
    db: ctx.store.db,
    features: ctx.store.features,
    orgId,
    actor: { type: 'user', id: 'admin-1', role: 'admin' },
    now: NOW,
  })

  it('is registered only with a backup directory, removes nothing while no period is set, then the backups older than the shortest period of any organisation and nothing else', async () => {
    const { dir, live } = backupDir()
    const deps = {
      db: ctx.store.db,
      features: ctx.store.features,
      channels: {} as never,
      baseUrl: 'http://localhost',
      sweepAgain: () => {},
      testSweepPauseMs: 0,
      outbound: { allowedHosts: [] },
    }
    expect(sweepJobs(deps).names).not.toContain('backup-expiry')
    const registry = sweepJobs({ ...deps, backup: backupFiles(dir, `sqlite:${live}`) })
    const registered = registry.definitions.find((d) => d.name === 'backup-expiry')
    expect(registered?.everyMs).toBe(3_600_000)
    expect(await registered!.run(NOW, new AbortController().signal)).toEqual({
      removed: [],
      kept: 0,
    })
    expect(existsSync(join(dir, 'manyi-2026-08-19.jsonl.gz'))).toBe(true)

    // Then two organisations set their periods.
    const a = await createOrganisation(ctx.store.db, '甲公司', NOW)
    const b = await createOrganisation(ctx.store.db, '乙公司', NOW)
    await setRetentionPolicy(scopeOf(a.id), {
      policies: [
        { dataType: 'customers', days: 365 },
        { dataType: 'answers', days: 90 },
      ],
    })
    await setRetentionPolicy(scopeOf(b.id), { policies: [{ dataType: 'feedback', days: 60 }] })
    const job = backupExpiryJob(ctx.store.db, dir, backupFiles(dir, `sqlite:${live}`).liveFiles)
    const outcome = await job.run(NOW, new AbortController().signal)
    // 60 days (organisation B's feedback): the 87- and 100-day-old backups go, the 59-day-old stays.
    expect(outcome).toEqual({
      removed: ['manyi-2026-08-19.jsonl.gz', 'manyi-2026-09-01.db'],
      kept: 1,
    })
    for (const name of ['manyi-2026-09-29.db', 'live.db', 'notes.txt', 'archive'])
      expect(existsSync(join(dir, name)), name).toBe(true)
    expect(existsSync(join(dir, 'manyi-2026-09-01.db'))).toBe(false)

    // Once the 59-day-old backup is past 60 days it goes too.
    expect(await job.run(NOW + DAY + 1, new AbortController().signal)).toEqual({
      removed: ['manyi-2026-09-29.db'],
      kept: 0,
    })
  })
})
