import { beforeAll, describe, expect, it } from 'vitest'
import type { Scope } from '../db/scope.js'
import { describeEachDialect } from '../db/test-dialects.js'
import { createOrganisation } from '../organisations/organisation.service.js'
import { importUnits } from './unit-import.service.js'
import { openingHoursText, parseOpeningHoursText, UnitGeoSchema } from './unit-place.schema.js'
import { createUnit, listUnits, unitByCode, updateUnit } from './unit.service.js'

// A unit's geography (division codes, address, position) and opening hours: checked when
// edited and imported, stored, read back, and imported idempotently. On both stores.

const T0 = Date.UTC(2026, 5, 6, 3, 0)

describe('opening hours as text', () => {
  it('reads day ranges, split days and closed days, in English or Chinese', () => {
    expect(parseOpeningHoursText('mon-fri 08:30-17:30; sat 9:00-12:00; sun closed')).toEqual({
      hours: {
        mon: [{ open: '08:30', close: '17:30' }],
        tue: [{ open: '08:30', close: '17:30' }],
        wed: [{ open: '08:30', close: '17:30' }],
        thu: [{ open: '08:30', close: '17:30' }],
        fri: [{ open: '08:30', close: '17:30' }],
        sat: [{ open: '09:00', close: '12:00' }],
        sun: [],
      },
    })
    const chinese = parseOpeningHoursText('周一至周五 08:30-12:00,14:00-17:30；周日 休息')
    expect(chinese).toEqual({
      hours: {
        mon: [
          { open: '08:30', close: '12:00' },
          { open: '14:00', close: '17:30' },
        ],
        tue: [
          { open: '08:30', close: '12:00' },
          { open: '14:00', close: '17:30' },
        ],
        wed: [
          { open: '08:30', close: '12:00' },
          { open: '14:00', close: '17:30' },
        ],
        thu: [
          { open: '08:30', close: '12:00' },
          { open: '14:00', close: '17:30' },
        ],
        fri: [
          { open: '08:30', close: '12:00' },
          { open: '14:00', close: '17:30' },
        ],
        sun: [],
      },
    })
    expect(openingHoursText('hours' in chinese ? chinese.hours : {})).toBe(
      'mon-fri 08:30-12:00,14:00-17:30; sun closed',
    )
  })

  it('says what is wrong: a span closing before it opens, overlapping spans, a day twice, no weekday', () => {
    expect(parseOpeningHoursText('mon 17:30-08:30')).toEqual({
      error: 'mon.0.close: must close after it opens',
    })
    expect(parseOpeningHoursText('mon 08:00-12:00,11:00-17:00')).toEqual({
      error: 'mon.1.open: must come after the span before it, without overlapping',
    })
    expect(parseOpeningHoursText('mon-fri 08:00-17:00; fri closed')).toEqual({
      error: 'fri is given twice',
    })
    expect(parseOpeningHoursText('daily 08:00-17:00')).toEqual({
      error: '"daily 08:00-17:00" does not start with a weekday (mon…sun, 周一…周日)',
    })
    expect(parseOpeningHoursText('mon 8h-17h')).toEqual({
      error: '"8h-17h" is not a span like 08:30-17:30',
    })
  })

  it('checks a city’s code against its province’s and a county’s against its city’s', () => {
    expect(
      UnitGeoSchema.safeParse({ provinceCode: '430000', cityCode: '430100', countyCode: '430102' })
        .success,
    ).toBe(true)
    const wrong = UnitGeoSchema.safeParse({ cityCode: '430100', countyCode: '440103' })
    expect(wrong.error?.issues.map((i) => [i.path.join('.'), i.message])).toEqual([
      ['countyCode', 'is not a county of city 430100'],
    ])
    const half = UnitGeoSchema.safeParse({ lat: 28.2 })
    expect(half.error?.issues.map((i) => i.path.join('.'))).toEqual(['lng'])
  })
})

describeEachDialect('unit geography and opening hours', (ctx) => {
  let scope: Scope
  beforeAll(async () => {
    const organisation = await createOrganisation(ctx.store.db, 'Unit places', T0)
    scope = {
      db: ctx.store.db,
      features: ctx.store.features,
      orgId: organisation.id,
      actor: { type: 'user', id: 'u-places', role: 'admin' },
      now: T0,
    }
  })

  it('stores what is edited, clears with null, and refuses hours that close before they open', async () => {
    const unit = await createUnit(scope, { code: 'FR-01', nameZh: '芙蓉区营业厅', type: 'county' })
    expect([unit.geo, unit.openingHours]).toEqual([null, null])
    const edited = await updateUnit(scope, unit.id, {
      geo: {
        provinceCode: '430000',
        cityCode: '430100',
        countyCode: '430102',
        address: '长沙市芙蓉区五一大道 1 号',
        lat: 28.1956,
        lng: 112.9823,
      },
      openingHours: { mon: [{ open: '08:30', close: '17:30' }], sun: [] },
    })
    expect(edited.geo).toMatchObject({ countyCode: '430102', lat: 28.1956 })
    const stored = await unitByCode(scope, 'FR-01')
    expect(stored).toMatchObject({
      nameZh: '芙蓉区营业厅',
      geo: { address: '长沙市芙蓉区五一大道 1 号', lng: 112.9823 },
      openingHours: { mon: [{ open: '08:30', close: '17:30' }], sun: [] },
    })
    await expect(
      updateUnit(scope, unit.id, { openingHours: { tue: [{ open: '18:00', close: '09:00' }] } }),
    ).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      details: [expect.objectContaining({ path: 'openingHours.tue.0.close' })],
    })
    await expect(
      updateUnit(scope, unit.id, { geo: { cityCode: '430100', countyCode: '440103' } }),
    ).rejects.toMatchObject({ code: 'VALIDATION_FAILED' })
    const cleared = await updateUnit(scope, unit.id, { geo: null })
    expect([cleared.geo, cleared.openingHours?.sun]).toEqual([null, []])
  })

  it('imports geography and hours columns, idempotently, with a bad cell that row’s problem', async () => {
    const table = {
      file: 'units.csv',
      headers: [
        '编码',
        '上级编码',
        '名称',
        '省编码',
        '市编码',
        '县编码',
        '纬度',
        '经度',
        '营业时间',
      ],
      rows: [
        ['HN', '', '湖南省电力', '430000', '', '', '', '', ''],
        ['CS', 'HN', '长沙供电', '430000', '430100', '', '', '', 'mon-fri 08:30-17:30'],
        [
          'CS-FR',
          'CS',
          '芙蓉区供电所',
          '430000',
          '430100',
          '430102',
          '28.1956',
          '112.9823',
          '周一至周五 08:30-17:30；周六 09:00-12:00；周日 休息',
        ],
        ['CS-BAD', 'CS', '坏行', '430000', '430100', '440103', '', '', ''],
        ['CS-HRS', 'CS', '坏营业时间', '', '', '', '', '', 'mon 17:30-08:30'],
      ],
    }
    const strict = await importUnits(scope, table)
    expect(strict.applied).toBe(false)
    expect(strict.rows.filter((r) => r.outcome === 'invalid')).toEqual([
      {
        line: 5,
        code: 'CS-BAD',
        outcome: 'invalid',
        error: 'VALIDATION_FAILED',
        message: 'Geography: countyCode: is not a county of city 430100.',
      },
      {
        line: 6,
        code: 'CS-HRS',
        outcome: 'invalid',
        error: 'VALIDATION_FAILED',
        message: 'Opening hours: mon.0.close: must close after it opens.',
      },
    ])
    const lenient = await importUnits(scope, table, { mode: 'skip-invalid' })
    expect([lenient.created, lenient.invalid]).toEqual([3, 2])
    const county = (await listUnits(scope)).find((u) => u.code === 'CS-FR')!
    expect(county.geo).toEqual({
      provinceCode: '430000',
      cityCode: '430100',
      countyCode: '430102',
      lat: 28.1956,
      lng: 112.9823,
    })
    expect(county.openingHours && openingHoursText(county.openingHours)).toBe(
      'mon-fri 08:30-17:30; sat 09:00-12:00; sun closed',
    )
    const again = await importUnits(scope, table, { mode: 'skip-invalid' })
    expect([again.created, again.updated, again.unchanged]).toEqual([0, 0, 3])
    const moved = await importUnits(scope, {
      ...table,
      rows: [['CS', 'HN', '长沙供电', '430000', '430100', '', '', '', 'mon-sat 08:30-17:30']],
    })
    expect([moved.updated, moved.unchanged]).toEqual([1, 0])
  })
})
