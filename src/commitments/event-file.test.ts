import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { z } from 'zod'
import type { Store } from '../db/connect.js'
import type { Scope } from '../db/scope.js'
import { createTestStore } from '../db/test-store.js'
import { createOrganisation } from '../organisations/organisation.service.js'
import { ValidationError } from '../shared/errors.js'
import { readEventFile } from './event-file.js'

// The event file reading both imports share (service events, queue events): columns by header,
// the file refused for a missing column, each row checked alone, zoneless times local.

const Row = z.object({ eventId: z.string().min(1), type: z.enum(['taken', 'called']) })
const spec = {
  kind: 'test events',
  columns: { eventId: 'ID', type: 'Event', occurredAt: 'Time' },
  required: ['eventId', 'type', 'occurredAt'] as const,
  parse: (cell: (f: 'eventId' | 'type' | 'occurredAt') => string) =>
    Row.safeParse({ eventId: cell('eventId'), type: cell('type').toLowerCase() }),
  toEvent: (e: z.infer<typeof Row>, row: number, occurredAt: number) => ({ ...e, row, occurredAt }),
}

describe('event file', () => {
  let store: Store
  let scope: Scope

  beforeAll(async () => {
    store = await createTestStore('sqlite')
    const org = await createOrganisation(store.db, 'Org', 0)
    scope = { db: store.db, orgId: org.id, now: 0 } as unknown as Scope
  })
  afterAll(async () => {
    await store.close()
  })

  it('reads rows by header in any case, a zoneless time in the organisation’s zone', async () => {
    const read = await readEventFile(
      scope,
      {
        file: 'q.csv',
        headers: [' time ', 'id', 'EVENT'],
        rows: [
          ['2026-10-12 09:00', 'a1', 'Taken'],
          ['2026-10-12T09:05:00Z', 'a2', 'called'],
        ],
      },
      spec,
    )
    expect(read.rejected).toEqual([])
    expect(read.events).toEqual([
      { eventId: 'a1', type: 'taken', row: 2, occurredAt: Date.parse('2026-10-12T09:00:00+08:00') },
      { eventId: 'a2', type: 'called', row: 3, occurredAt: Date.parse('2026-10-12T09:05:00Z') },
    ])
  })

  it('reports a faulty row by its spreadsheet row and reads the others', async () => {
    const read = await readEventFile(
      scope,
      {
        file: 'q.csv',
        headers: ['ID', 'Event', 'Time'],
        rows: [
          ['a1', 'served', 'soon'],
          ['a2', 'taken', '2026-10-12 09:00'],
        ],
      },
      spec,
    )
    expect(read.events.map((e) => e.eventId)).toEqual(['a2'])
    expect(read.rejected).toHaveLength(1)
    expect(read.rejected[0]!.row).toBe(2)
    expect(read.rejected[0]!.issues.map((i) => i.path)).toEqual(['type', 'Time'])
    expect(read.rejected[0]!.issues[1]!.reason).toBe('is not a date and time')
  })

  it('refuses a file without a needed column, naming it and the columns there are', async () => {
    const refused = await readEventFile(
      scope,
      { file: 'q.csv', headers: ['ID', 'Time'], rows: [] },
      spec,
    ).catch((e: unknown) => e)
    expect(refused).toBeInstanceOf(ValidationError)
    expect((refused as ValidationError).message).toBe(
      'The file does not have the columns of test events, or has too many rows.',
    )
    expect((refused as ValidationError).details).toEqual([
      { path: 'columns.type', reason: 'no column Event', allowed: 'ID, Time' },
    ])
  })
})
