import { sql } from 'kysely'
import { expect, it } from 'vitest'
import { describeEachDialect } from '../db/test-dialects.js'
import { dataKeysOf, withDataKeys } from './data-keys-binding.js'
import { parseDataKeys } from './keyring.js'
import { lookupIndexes, readField, storeField, storeIndex } from './personal-field.service.js'

const KEYRING = parseDataKeys(`a:${Buffer.alloc(32, 7).toString('base64')}`)

describeEachDialect('the keyring rides on the store handle', (ctx) => {
  it('is found on the handle and on a transaction begun from it, and changes no query', async () => {
    expect(dataKeysOf(ctx.store.db)).toBeNull()
    const db = withDataKeys(ctx.store.db, KEYRING)
    expect(dataKeysOf(db)).toBe(KEYRING)
    await db.transaction().execute(async (trx) => {
      expect(dataKeysOf(trx)).toBe(KEYRING)
      const { rows } = await sql<{ one: number }>`select 1 as one`.execute(trx)
      expect(Number(rows[0]!.one)).toBe(1)
    })
  })

  it('stores a value sealed with keys and plain without, and reads both', () => {
    const db = withDataKeys(ctx.store.db, KEYRING)
    const sealed = storeField(db, '13812345678')
    expect(sealed.plain).toBeNull()
    expect(sealed.sealed).toMatch(/^pd1:a:/)
    expect(readField(db, null, sealed.sealed)).toBe('13812345678')
    expect(storeField(ctx.store.db, '13812345678')).toEqual({ plain: '13812345678', sealed: null })
    expect(readField(db, '13812345678', null)).toBe('13812345678')
    expect(() => readField(ctx.store.db, null, sealed.sealed)).toThrow(/without keys/)
    expect(storeIndex(db, 'phone', '+86 138 1234 5678')).toBe(
      lookupIndexes(db, 'phone', '13812345678')[0],
    )
    expect(storeIndex(ctx.store.db, 'phone', '13812345678')).toBeNull()
  })
})
