import type { Scope } from '../db/scope.js'
import { cascadeTarget, setTarget } from '../targets/target.service.js'
import { periodContaining } from '../targets/target-period.js'
import { localDayOf } from '../shared/timezone.js'
import type { OpeningHours, UnitGeo } from '../units/unit-place.schema.js'
import { createUnit, unitByCode } from '../units/unit.service.js'

/**
 * The demo's organisation tree: a provincial power-supply company (省公司) with four city
 * companies (地市公司), each with a city service hall (城区营业厅) and two county companies
 * (县公司) — the hierarchy a utility runs its customer service by. Each demo store answers as
 * one of the twelve leaves (codes in the style of administrative division codes: 53, 5301,
 * 530101 …), so the league tables and targets have real spread to show.
 */
const PROVINCE = { code: '53', nameZh: '云江省电力公司', nameEn: 'Yunjiang Provincial Power Co.' }

const CITIES = [
  { region: '华东', code: '5301', zh: '东陵', en: 'Dongling', counties: ['临河', '青山'] },
  { region: '华南', code: '5302', zh: '南浦', en: 'Nanpu', counties: ['白沙', '石湾'] },
  { region: '华北', code: '5303', zh: '北川', en: 'Beichuan', counties: ['柳林', '安平'] },
  { region: '西南', code: '5304', zh: '西岭', en: 'Xiling', counties: ['云台', '溪口'] },
] as const

/** A service hall's hours: weekdays 08:30–17:30, Saturday mornings, closed on Sunday. */
const HALL_HOURS: OpeningHours = {
  ...Object.fromEntries(
    (['mon', 'tue', 'wed', 'thu', 'fri'] as const).map((d) => [
      d,
      [{ open: '08:30', close: '17:30' }],
    ]),
  ),
  sat: [{ open: '09:00', close: '12:00' }],
  sun: [],
}

const PINYIN: Record<string, string> = {
  临河: 'Linhe',
  青山: 'Qingshan',
  白沙: 'Baisha',
  石湾: 'Shiwan',
  柳林: 'Liulin',
  安平: 'Anping',
  云台: 'Yuntai',
  溪口: 'Xikou',
}

/**
 * Create the tree (units that exist already by code are reused, so loading twice adds nothing)
 * and return the leaf unit of each demo store (`华东1号店` → 东陵城区营业厅, `华东2号店` → 临河县…).
 */
export async function loadDemoUnits(scope: Scope): Promise<Map<string, string>> {
  const ensure = async (
    code: string,
    nameZh: string,
    nameEn: string,
    type: string,
    parentId: string | null,
    place: { geo: UnitGeo; openingHours?: OpeningHours },
  ): Promise<string> => {
    const known = await unitByCode(scope, code)
    if (known) return known.id
    return (await createUnit(scope, { code, nameZh, nameEn, type, parentId, ...place })).id
  }
  // Division codes in the style of GB/T 2260: the province 530000, a city 530100, a county 530101.
  const division = (code: string) => code.padEnd(6, '0')
  const province = await ensure(PROVINCE.code, PROVINCE.nameZh, PROVINCE.nameEn, 'province', null, {
    geo: { provinceCode: division(PROVINCE.code) },
  })
  const storeUnits = new Map<string, string>()
  for (const city of CITIES) {
    const cityId = await ensure(
      city.code,
      `${city.zh}供电公司`,
      `${city.en} Power Supply Co.`,
      'city',
      province,
      { geo: { provinceCode: division(PROVINCE.code), cityCode: division(city.code) } },
    )
    const hall = await ensure(
      `${city.code}00`,
      `${city.zh}城区营业厅`,
      `${city.en} City Service Hall`,
      'station',
      cityId,
      {
        geo: {
          provinceCode: division(PROVINCE.code),
          cityCode: division(city.code),
          address: `${city.zh}市人民路 1 号`,
        },
        openingHours: HALL_HOURS,
      },
    )
    storeUnits.set(`${city.region}1号店`, hall)
    for (const [i, county] of city.counties.entries()) {
      const id = await ensure(
        `${city.code}${String(i + 1).padStart(2, '0')}`,
        `${county}县供电公司`,
        `${PINYIN[county]} County Power Supply Co.`,
        'county',
        cityId,
        {
          geo: {
            provinceCode: division(PROVINCE.code),
            cityCode: division(city.code),
            countyCode: `${city.code}${String(i + 1).padStart(2, '0')}`,
          },
          openingHours: HALL_HOURS,
        },
      )
      storeUnits.set(`${city.region}${i + 2}号店`, id)
    }
  }
  return storeUnits
}

/**
 * The demo's targets: this quarter's NPS target of 45 at the province, cascaded to the cities and
 * counties weighted by last quarter's answers (so their volume-weighted mean is the province's),
 * and this year's satisfaction (CSAT) target of 85% handed down unchanged.
 */
export async function loadDemoTargets(scope: Scope, timeZone: string): Promise<number> {
  const province = await unitByCode(scope, PROVINCE.code)
  if (!province) return 0
  const today = localDayOf(scope.now, timeZone)
  const quarter = await setTarget(scope, {
    unitId: province.id,
    metric: 'nps',
    period: periodContaining('quarter', today),
    value: 45,
  })
  const year = await setTarget(scope, {
    unitId: province.id,
    metric: 'csat',
    period: periodContaining('year', today),
    value: 85,
  })
  const a = await cascadeTarget(scope, quarter.id, { mode: 'weighted' })
  const b = await cascadeTarget(scope, year.id, { mode: 'same' })
  return a.length + b.length
}
