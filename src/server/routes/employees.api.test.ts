import { beforeAll, expect, it } from 'vitest'
import { createUser } from '../../auth/auth.service.js'
import { describeEachDialect } from '../../db/test-dialects.js'
import { cookieHeader, createTestApp, otherOrganisationAdmin, type TestApp } from '../test-app.js'

function csv(lines: string[]): string {
  return Buffer.from(`\uFEFF${lines.join('\r\n')}\r\n`, 'utf8').toString('base64')
}

const UNITS = ['code,parent_code,name', 'GZ,,广州店', 'SZ,,深圳店']

describeEachDialect('employees API', (ctx) => {
  let t: TestApp
  const admin = () => ({ cookie: t.adminCookie })
  let unitId: Record<string, string> = {}
  let techUserId = ''
  let analystCookie = ''

  beforeAll(async () => {
    t = await createTestApp(ctx.store)
    await t.app.inject({
      method: 'POST',
      url: '/api/v1/units/import',
      headers: admin(),
      payload: { file: { name: 'units.csv', contentBase64: csv(UNITS) } },
    })
    const units = (
      await t.app.inject({ method: 'GET', url: '/api/v1/units', headers: admin() })
    ).json().units as Array<{ id: string; code: string }>
    unitId = Object.fromEntries(units.map((u) => [u.code, u.id]))
    const scope = { db: ctx.store.db, orgId: t.orgId }
    techUserId = await createUser(
      scope,
      {
        email: 'li@corp.test',
        displayName: '李师傅',
        password: 'employee-password-1',
        role: 'employee',
      },
      t.clock.now,
    )
    await createUser(
      scope,
      {
        email: 'ana@corp.test',
        displayName: 'Ana',
        password: 'analyst-password-1',
        role: 'analyst',
      },
      t.clock.now,
    )
    const login = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: 'ana@corp.test', password: 'analyst-password-1' },
    })
    analystCookie = cookieHeader(login)
  })

  it('creates an employee who never signs in and one linked to a member; codes and members are one each', async () => {
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/v1/employees',
      headers: admin(),
      payload: { code: 'E001', name: '王前台', unitId: unitId.GZ, position: '前台' },
    })
    expect(created.statusCode).toBe(201)
    expect(created.json()).toMatchObject({
      code: 'E001',
      name: '王前台',
      unitId: unitId.GZ,
      userId: null,
      position: '前台',
      status: 'active',
    })
    expect(created.json().id).toMatch(/^emp_/)
    const again = await t.app.inject({
      method: 'POST',
      url: '/api/v1/employees',
      headers: admin(),
      payload: { code: 'E001', name: '另一人' },
    })
    expect(again.statusCode).toBe(409)
    expect(again.json().error).toMatchObject({ code: 'EMPLOYEE_CODE_TAKEN', employeeCode: 'E001' })
    const linked = await t.app.inject({
      method: 'POST',
      url: '/api/v1/employees',
      headers: admin(),
      payload: { code: 'T007', name: '李师傅', unitId: unitId.GZ, userId: techUserId },
    })
    expect(linked.statusCode).toBe(201)
    expect(linked.json().userId).toBe(techUserId)
    const second = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/employees/${created.json().id}`,
      headers: admin(),
      payload: { userId: techUserId },
    })
    expect(second.statusCode).toBe(409)
    expect(second.json().error).toMatchObject({ code: 'EMPLOYEE_USER_TAKEN', employeeCode: 'T007' })
    const noUnit = await t.app.inject({
      method: 'POST',
      url: '/api/v1/employees',
      headers: admin(),
      payload: { code: 'E002', name: '赵', unitId: 'unit_none' },
    })
    expect(noUnit.statusCode).toBe(400)
    expect(noUnit.json().error.code).toBe('UNIT_NOT_FOUND')
    const noUser = await t.app.inject({
      method: 'POST',
      url: '/api/v1/employees',
      headers: admin(),
      payload: { code: 'E002', name: '赵', userId: 'usr_none' },
    })
    expect(noUser.json().error.code).toBe('USER_NOT_FOUND')
  })

  it('changes an employee (name, unit, status) and keeps the code; an analyst reads but may not write', async () => {
    const list = (
      await t.app.inject({ method: 'GET', url: '/api/v1/employees', headers: admin() })
    ).json().employees as Array<{ id: string; code: string }>
    const e001 = list.find((e) => e.code === 'E001')!
    const changed = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/employees/${e001.id}`,
      headers: admin(),
      payload: { name: '王小丽', unitId: unitId.SZ, status: 'left', position: null },
    })
    expect(changed.statusCode).toBe(200)
    expect(changed.json()).toMatchObject({
      code: 'E001',
      name: '王小丽',
      unitId: unitId.SZ,
      status: 'left',
      position: null,
    })
    const read = await t.app.inject({
      method: 'GET',
      url: `/api/v1/employees/${e001.id}`,
      headers: { cookie: analystCookie },
    })
    expect(read.statusCode).toBe(200)
    expect(read.json().name).toBe('王小丽')
    const write = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/employees/${e001.id}`,
      headers: { cookie: analystCookie },
      payload: { name: 'x' },
    })
    expect(write.statusCode).toBe(403)
    const left = await t.app.inject({
      method: 'GET',
      url: `/api/v1/employees?status=left&unitId=${unitId.SZ}`,
      headers: admin(),
    })
    expect(left.json().employees.map((e: { code: string }) => e.code)).toEqual(['E001'])
  })

  it('imports employees idempotently with a report per row; all-or-nothing writes nothing on an invalid row', async () => {
    const file = [
      '工号,姓名,所属单元,岗位,状态',
      'T101,张师傅,GZ,技师,在职',
      'T102,刘师傅,SZ,技师,在职',
      'F201,陈前台,SZ,前台,',
      'T007,李师傅,GZ,技师,在职',
    ]
    const first = await t.app.inject({
      method: 'POST',
      url: '/api/v1/employees/import',
      headers: admin(),
      payload: { file: { name: 'staff.csv', contentBase64: csv(file) } },
    })
    expect(first.statusCode).toBe(200)
    expect(first.json()).toMatchObject({
      applied: true,
      created: 3,
      updated: 1,
      unchanged: 0,
      invalid: 0,
    })
    expect(first.json().rows[3]).toEqual({ line: 5, code: 'T007', outcome: 'updated' })
    const again = await t.app.inject({
      method: 'POST',
      url: '/api/v1/employees/import',
      headers: admin(),
      payload: { file: { name: 'staff.csv', contentBase64: csv(file) } },
    })
    expect(again.json()).toMatchObject({ created: 0, updated: 0, unchanged: 4, invalid: 0 })
    const bad = [
      'code,name,unit_code,status',
      'T103,周师傅,GZ,active',
      'T104,吴师傅,XX,active',
      'T103,重复,GZ,active',
      'bad code,名字,GZ,active',
      'T105,郑师傅,GZ,retired',
    ]
    const refused = await t.app.inject({
      method: 'POST',
      url: '/api/v1/employees/import',
      headers: admin(),
      payload: { file: { name: 'staff.csv', contentBase64: csv(bad) } },
    })
    expect(refused.json()).toMatchObject({ applied: false, created: 1, invalid: 4 })
    expect(
      refused
        .json()
        .rows.map((r: { line: number; outcome: string; error?: string }) => [
          r.line,
          r.outcome,
          r.error ?? null,
        ]),
    ).toEqual([
      [2, 'created', null],
      [3, 'invalid', 'UNIT_NOT_FOUND'],
      [4, 'invalid', 'EMPLOYEE_CODE_TAKEN'],
      [5, 'invalid', 'VALIDATION_FAILED'],
      [6, 'invalid', 'VALIDATION_FAILED'],
    ])
    const none = (
      await t.app.inject({ method: 'GET', url: '/api/v1/employees', headers: admin() })
    ).json().employees as Array<{ code: string }>
    expect(none.map((e) => e.code)).not.toContain('T103')
    const skipped = await t.app.inject({
      method: 'POST',
      url: '/api/v1/employees/import',
      headers: admin(),
      payload: { file: { name: 'staff.csv', contentBase64: csv(bad) }, mode: 'skip-invalid' },
    })
    expect(skipped.json()).toMatchObject({ applied: true, created: 1, invalid: 4 })
    const gz = (
      await t.app.inject({
        method: 'GET',
        url: `/api/v1/employees?unitId=${unitId.GZ}`,
        headers: admin(),
      })
    ).json().employees as Array<{ code: string; position: string | null }>
    expect(gz.map((e) => e.code)).toEqual(['T007', 'T101', 'T103'])
    expect(gz[0]!.position).toBe('技师')
  })

  it('another organisation sees none of them', async () => {
    const other = await otherOrganisationAdmin(t, ctx.store)
    const list = await t.app.inject({ method: 'GET', url: '/api/v1/employees', headers: other })
    expect(list.json().employees).toEqual([])
  })
})
