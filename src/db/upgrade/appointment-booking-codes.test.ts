import { expect, it } from 'vitest'
import { isUniqueViolation } from '../unique-violation.js'
import * as migration from '../migrations/0082-appointment-booking-codes.js'
import { describeEachDialect } from '../test-dialects.js'

const NOW = Date.parse('2026-10-12T00:00:00Z')

describeEachDialect(
  'migration 0082: booking codes stored, one per booking in an organisation',
  (ctx) => {
    it('keeps each booking’s code, gives later clashing bookings fresh ones, and refuses a clash after', async () => {
      const db = ctx.store.db
      // The store before 0082: no code column (the migration's own down), bookings as they were.
      await migration.down(db)
      // Codes were the ids' last six hexadecimal digits: two of organisation A end alike, and one of B.
      const bookings = [
        { id: '0199a000-0000-7000-8000-000000abc123', org: 'org-a', createdAt: NOW - 2_000 },
        { id: '0199a000-0000-7001-8000-000000abc123', org: 'org-a', createdAt: NOW - 1_000 },
        { id: '0199a000-0000-7002-8000-000000def456', org: 'org-a', createdAt: NOW - 1_500 },
        { id: '0199a000-0000-7003-8000-000000abc123', org: 'org-b', createdAt: NOW },
      ]
      for (const b of bookings)
        await db
          .insertInto('appointment_bookings')
          // The code column does not exist yet: the row is written as 0078 knew it.
          .values({
            id: b.id,
            org_id: b.org,
            unit_id: 'unit-1',
            slot_id: 'slot-1',
            starts_at: NOW + 86_400_000,
            name_sealed: 'sealed',
            phone_sealed: 'sealed',
            phone_masked: '139****0001',
            email_sealed: null,
            address_sealed: null,
            locale: 'zh-CN',
            token_hash: `hash-${b.id}`,
            status: 'booked',
            ticket: null,
            consent_at: b.createdAt,
            arrived_at: null,
            created_at: b.createdAt,
            updated_at: b.createdAt,
          } as never)
          .execute()
      await migration.up(db)

      const codes = new Map(
        (await db.selectFrom('appointment_bookings').select(['id', 'code']).execute()).map((r) => [
          r.id,
          r.code,
        ]),
      )
      // The first made keeps ABC123; the later clashing one gets another code; the rest unchanged.
      expect(codes.get(bookings[0]!.id)).toBe('ABC123')
      expect(codes.get(bookings[2]!.id)).toBe('DEF456')
      expect(codes.get(bookings[3]!.id)).toBe('ABC123')
      const fresh = codes.get(bookings[1]!.id)!
      expect(fresh).toMatch(/^[0-9A-F]{6}$/)
      expect(['ABC123', 'DEF456']).not.toContain(fresh)

      // From now on the index refuses a second booking with a code held in its organisation.
      const clash = await db
        .updateTable('appointment_bookings')
        .set({ code: 'ABC123' })
        .where('id', '=', bookings[2]!.id)
        .execute()
        .then(
          () => null,
          (error: unknown) => error,
        )
      expect(isUniqueViolation(clash)).toBe(true)
    })
  },
)
