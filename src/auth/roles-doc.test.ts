import { readFileSync } from 'node:fs'
import { expect, it } from 'vitest'
import { MATRIX_BEGIN, MATRIX_END, roleMatrixMarkdown } from './roles-doc.js'
import { areasOf, permissionsOfRole, ROLES } from './roles.js'

const doc = readFileSync(new URL('../../docs/roles.md', import.meta.url), 'utf8')

it('docs/roles.md shows the role matrix exactly as src/auth/roles.ts grants it', () => {
  const begin = doc.indexOf(MATRIX_BEGIN)
  const end = doc.indexOf(MATRIX_END)
  expect(begin).toBeGreaterThan(-1)
  expect(end).toBeGreaterThan(begin)
  // On a difference, paste roleMatrixMarkdown()'s table between the two markers.
  expect(doc.slice(begin + MATRIX_BEGIN.length, end).trim()).toBe(roleMatrixMarkdown())
})

it('no built-in role reaches all three separated areas; the three administrators one each', () => {
  for (const role of ROLES) expect(areasOf(permissionsOfRole(role)).length).toBeLessThan(3)
  expect(areasOf(permissionsOfRole('auditor'))).toEqual(['audit'])
  expect(areasOf(permissionsOfRole('security_admin'))).toEqual(['security'])
  expect(areasOf(permissionsOfRole('admin'))).toEqual(['system', 'security'])
  expect(permissionsOfRole('employee')).toEqual([])
})
