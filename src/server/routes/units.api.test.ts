import { beforeAll, expect, it } from 'vitest'
import { describeEachDialect } from '../../db/test-dialects.js'
import {
  cookieHeader,
  createTestApp,
  otherOrganisationAdmin,
  SAMPLE_SURVEY,
  type TestApp,
} from '../test-app.js'

function csv(lines: string[]): string {
  return Buffer.from(`\uFEFF${lines.join('\r\n')}\r\n`, 'utf8').toString('base64')
}

/** Province → 3 cities → 2 counties each. */
const TREE = [
  'code,parent_code,name,name_en,type',
  'GD,,广东省电力公司,Guangdong,province',
  'GZ,GD,广州供电局,Guangzhou,city',
  'SZ,GD,深圳供电局,Shenzhen,city',
  'FS,GD,佛山供电局,Foshan,city',
  'GZ-01,GZ,天河供电分局,Tianhe,county',
  'GZ-02,GZ,越秀供电分局,Yuexiu,county',
  'SZ-01,SZ,福田供电分局,Futian,county',
  'SZ-02,SZ,南山供电分局,Nanshan,county',
  'FS-01,FS,禅城供电分局,Chancheng,county',
  'FS-02,FS,南海供电分局,Nanhai,county',
]

describeEachDialect('units API', (ctx) => {
  let t: TestApp
  const admin = () => ({ cookie: t.adminCookie })
  let surveyId = ''

  beforeAll(async () => {
    t = await createTestApp(ctx.store)
    surveyId = (
      await t.app.inject({
        method: 'POST',
        url: '/api/v1/surveys',
        headers: admin(),
        payload: { ...SAMPLE_SURVEY, settings: { hiddenFields: ['unit'] } },
      })
    ).json().id
  })

  it('imports the tree idempotently and lists it', async () => {
    const first = await t.app.inject({
      method: 'POST',
      url: '/api/v1/units/import',
      headers: admin(),
      payload: { file: { name: 'units.csv', contentBase64: csv(TREE) } },
    })
    expect(first.statusCode).toBe(200)
    expect(first.json()).toMatchObject({ applied: true, created: 10, updated: 0, invalid: 0 })
    const again = await t.app.inject({
      method: 'POST',
      url: '/api/v1/units/import',
      headers: admin(),
      payload: { file: { name: 'units.csv', contentBase64: csv(TREE) } },
    })
    expect(again.json()).toMatchObject({ created: 0, updated: 0, unchanged: 10 })
    const list = (
      await t.app.inject({ method: 'GET', url: '/api/v1/units', headers: admin() })
    ).json().units as Array<{ code: string; parentId: string | null; nameEn: string }>
    expect(list.map((u) => u.code)).toEqual([
      'FS',
      'FS-01',
      'FS-02',
      'GD',
      'GZ',
      'GZ-01',
      'GZ-02',
      'SZ',
      'SZ-01',
      'SZ-02',
    ])
    const gd = list.find((u) => u.code === 'GD')!
    expect(list.find((u) => u.code === 'GZ')).toMatchObject({ nameEn: 'Guangzhou' })
    expect(gd.parentId).toBeNull()
  })

  it('a bad file is reported per row and writes nothing', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/units/import',
      headers: admin(),
      payload: {
        file: {
          name: 'bad.csv',
          contentBase64: csv(['code,parent_code,name', 'ZQ,GD,肇庆供电局', 'ZQ-01,NOPE,端州']),
        },
      },
    })
    expect(res.json()).toMatchObject({ applied: false, created: 1, invalid: 1 })
    expect(res.json().rows[1]).toMatchObject({
      line: 3,
      code: 'ZQ-01',
      outcome: 'invalid',
      error: 'UNIT_PARENT_NOT_FOUND',
    })
    const codes = (await t.app.inject({ method: 'GET', url: '/api/v1/units', headers: admin() }))
      .json()
      .units.map((u: { code: string }) => u.code)
    expect(codes).not.toContain('ZQ')
  })

  it('skip-invalid writes the good rows and reports each bad one (duplicate, missing parent, cycle)', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/units/import',
      headers: admin(),
      payload: {
        mode: 'skip-invalid',
        file: {
          name: 'skip.csv',
          contentBase64: csv([
            'code,parent_code,name',
            'JM,GD,江门供电局',
            'JM,GD,江门again',
            'JM-01,NOPE,蓬江',
            'YJ-A,YJ-B,阳江甲',
            'YJ-B,YJ-A,阳江乙',
          ]),
        },
      },
    })
    expect(res.statusCode).toBe(200)
    expect(res.json()).toMatchObject({
      mode: 'skip-invalid',
      applied: true,
      created: 1,
      invalid: 4,
    })
    expect(
      res
        .json()
        .rows.map((r: { line: number; code: string; outcome: string; error?: string }) => [
          r.line,
          r.code,
          r.outcome,
          r.error ?? null,
        ]),
    ).toEqual([
      [2, 'JM', 'created', null],
      [3, 'JM', 'invalid', 'UNIT_CODE_TAKEN'],
      [4, 'JM-01', 'invalid', 'UNIT_PARENT_NOT_FOUND'],
      [5, 'YJ-A', 'invalid', 'UNIT_CYCLE'],
      [6, 'YJ-B', 'invalid', 'UNIT_CYCLE'],
    ])
    const units = (
      await t.app.inject({ method: 'GET', url: '/api/v1/units', headers: admin() })
    ).json().units as Array<{ code: string; nameZh: string }>
    expect(units.filter((u) => ['JM', 'JM-01', 'YJ-A', 'YJ-B'].includes(u.code))).toEqual([
      expect.objectContaining({ code: 'JM', nameZh: '江门供电局' }),
    ])
  })

  it('moves, refuses a cycle, and answers the tree as it stood before the move', async () => {
    const units = (
      await t.app.inject({ method: 'GET', url: '/api/v1/units', headers: admin() })
    ).json().units as Array<{ id: string; code: string; parentId: string | null }>
    const id = (code: string) => units.find((u) => u.code === code)!.id
    const cycle = await t.app.inject({
      method: 'POST',
      url: `/api/v1/units/${id('GD')}/move`,
      headers: admin(),
      payload: { parentId: id('GZ-01') },
    })
    expect(cycle.statusCode).toBe(400)
    expect(cycle.json().error.code).toBe('UNIT_CYCLE')
    const before = t.clock.now
    t.clock.now += 60_000
    const moved = await t.app.inject({
      method: 'POST',
      url: `/api/v1/units/${id('GZ-02')}/move`,
      headers: admin(),
      payload: { parentId: id('SZ') },
    })
    expect(moved.json()).toMatchObject({ code: 'GZ-02', parentId: id('SZ') })
    const then = (
      await t.app.inject({ method: 'GET', url: `/api/v1/units?at=${before}`, headers: admin() })
    ).json().units as Array<{ code: string; parentId: string }>
    expect(then.find((u) => u.code === 'GZ-02')?.parentId).toBe(id('GZ'))
    const taken = await t.app.inject({
      method: 'POST',
      url: '/api/v1/units',
      headers: admin(),
      payload: { code: 'GZ', nameZh: '重复' },
    })
    expect(taken.statusCode).toBe(409)
    expect(taken.json().error.code).toBe('UNIT_CODE_TAKEN')
  })

  it('gives per-unit links and a PDF of QR sheets for a subtree', async () => {
    const units = (
      await t.app.inject({ method: 'GET', url: '/api/v1/units', headers: admin() })
    ).json().units as Array<{ id: string; code: string }>
    const fs = units.find((u) => u.code === 'FS')!
    const links = await t.app.inject({
      method: 'GET',
      url: `/api/v1/surveys/${surveyId}/unit-links?root=${fs.id}`,
      headers: admin(),
    })
    expect(links.statusCode).toBe(200)
    const body = links.json()
    expect(body.signed).toBe(false)
    expect(body.links.map((l: { code: string; depth: number }) => [l.code, l.depth])).toEqual([
      ['FS', 0],
      ['FS-01', 1],
      ['FS-02', 1],
    ])
    expect(body.links[1].url).toMatch(
      /^http:\/\/localhost:80\/s\/[a-z0-9]+\?unit=FS-01&channel=qr$/,
    )
    const pdf = await t.app.inject({
      method: 'GET',
      url: `/api/v1/surveys/${surveyId}/unit-qr-sheet?root=${fs.id}`,
      headers: admin(),
    })
    expect(pdf.statusCode).toBe(200)
    expect(pdf.headers['content-type']).toBe('application/pdf')
    expect(pdf.rawPayload.subarray(0, 5).toString('latin1')).toBe('%PDF-')
    expect(pdf.rawPayload.toString('latin1').match(/\/Type \/Page\b/g)?.length).toBe(3)
  })

  it('limits a membership to units; another organisation cannot see or use the units', async () => {
    const units = (
      await t.app.inject({ method: 'GET', url: '/api/v1/units', headers: admin() })
    ).json().units as Array<{ id: string; code: string }>
    const agent = await t.app.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: admin(),
      payload: {
        email: 'county@test.local',
        displayName: '县公司经理',
        password: 'county-password-1',
        role: 'supervisor',
      },
    })
    const agentId = agent.json().id
    const gz01 = units.find((u) => u.code === 'GZ-01')!.id
    const set = await t.app.inject({
      method: 'PUT',
      url: `/api/v1/users/${agentId}/units`,
      headers: admin(),
      payload: { unitIds: [gz01] },
    })
    expect(set.json()).toEqual({ membershipId: agentId, unitIds: [gz01], elsewhere: false })
    const all = await t.app.inject({
      method: 'GET',
      url: '/api/v1/memberships/units',
      headers: admin(),
    })
    expect(all.json().memberships[agentId]).toEqual([gz01])

    const other = await otherOrganisationAdmin(t, ctx.store)
    const theirs = await t.app.inject({ method: 'GET', url: '/api/v1/units', headers: other })
    expect(theirs.json().units).toEqual([])
    const foreign = await t.app.inject({
      method: 'POST',
      url: '/api/v1/units',
      headers: other,
      payload: { code: 'X', nameZh: '外单位', parentId: gz01 },
    })
    expect(foreign.json().error.code).toBe('UNIT_OF_OTHER_ORGANISATION')
    const ownUnit = await t.app.inject({
      method: 'POST',
      url: '/api/v1/units',
      headers: other,
      payload: { code: 'X', nameZh: '外单位' },
    })
    const refused = await t.app.inject({
      method: 'PUT',
      url: `/api/v1/users/${agentId}/units`,
      headers: admin(),
      payload: { unitIds: [ownUnit.json().id] },
    })
    expect(refused.statusCode).toBe(400)
    expect(refused.json().error.code).toBe('UNIT_OF_OTHER_ORGANISATION')
  })

  it('lists for pickers only the units a sibling-limited supervisor may see', async () => {
    const units = (
      await t.app.inject({ method: 'GET', url: '/api/v1/units', headers: admin() })
    ).json().units as Array<{ id: string; code: string }>
    const id = (code: string) => units.find((u) => u.code === code)!.id
    const email = `shenzhen-${Date.now()}@test.local`
    const made = await t.app.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: admin(),
      payload: {
        email,
        displayName: '深圳经理',
        password: 'shenzhen-password-1',
        role: 'supervisor',
      },
    })
    await t.app.inject({
      method: 'PUT',
      url: `/api/v1/users/${made.json().id}/units`,
      headers: admin(),
      payload: { unitIds: [id('SZ')] },
    })
    const login = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email, password: 'shenzhen-password-1' },
    })
    const supervisor = { cookie: cookieHeader(login) }
    const codes = async (headers: { cookie: string }, query: string) =>
      (await t.app.inject({ method: 'GET', url: `/api/v1/units${query}`, headers }))
        .json()
        .units.map((u: { code: string }) => u.code)

    // GZ-02 was moved under SZ above; GZ and GZ-01 (the sibling city's) are not offered.
    expect(await codes(supervisor, '?scope=visible')).toEqual(['GZ-02', 'SZ', 'SZ-01', 'SZ-02'])
    expect(await codes(admin(), '?scope=visible')).toEqual(await codes(admin(), ''))
    expect((await codes(admin(), '?scope=visible')).length).toBe(units.length)
    // The plain listing is the same for them: no sibling branch's (or ancestor's) name.
    expect(await codes(supervisor, '')).toEqual(['GZ-02', 'SZ', 'SZ-01', 'SZ-02'])
    const wrong = await t.app.inject({
      method: 'GET',
      url: '/api/v1/units?scope=mine',
      headers: supervisor,
    })
    expect(wrong.statusCode).toBe(400)
  })
})
