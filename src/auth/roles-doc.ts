import { ROLES } from '../shared/role.js'
import { areaOf, PERMISSION_NAMES, permissionsOfRole } from './roles.js'

/** Where the generated matrix sits in docs/roles.md. */
export const MATRIX_BEGIN = '<!-- role-matrix:begin (generated from src/auth/roles.ts) -->'
export const MATRIX_END = '<!-- role-matrix:end -->'

/** The built-in role matrix as a Markdown table: a row per permission, a column per role. */
export function roleMatrixMarkdown(): string {
  const held = new Map(ROLES.map((role) => [role, new Set(permissionsOfRole(role))]))
  const lines = [
    `| Permission | Area | ${ROLES.map((r) => `\`${r}\``).join(' | ')} |`,
    `|---|---|${ROLES.map(() => ':-:').join('|')}|`,
    ...PERMISSION_NAMES.map(
      (p) =>
        `| \`${p}\` | ${areaOf(p)} | ${ROLES.map((r) => (held.get(r)!.has(p) ? '✓' : '')).join(' | ')} |`,
    ),
  ]
  return lines.join('\n')
}
