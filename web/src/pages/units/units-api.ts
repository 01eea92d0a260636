import type {
  UnitImportMode,
  UnitImportReport,
  UnitLinks,
  UnitRecord,
} from '../../../../src/units/unit.schema'
import type { OpeningHours, UnitGeo } from '../../../../src/units/unit-place.schema'
import { api } from '../../api/client'

/** The units API (src/server/routes/units.routes.ts). */

export type { UnitImportReport, UnitLinks, UnitRecord }

export const fetchUnits = () => api<{ units: UnitRecord[] }>('GET', '/units').then((r) => r.units)
export const createUnit = (input: {
  code: string
  nameZh: string
  nameEn?: string | null
  type?: string
  parentId?: string | null
}) => api<UnitRecord>('POST', '/units', input)
export const updateUnit = (
  id: string,
  input: {
    nameZh?: string
    nameEn?: string | null
    type?: string
    geo?: UnitGeo | null
    openingHours?: OpeningHours | null
  },
) => api<UnitRecord>('PATCH', `/units/${id}`, input)
export const moveUnit = (id: string, parentId: string | null) =>
  api<UnitRecord>('POST', `/units/${id}/move`, { parentId })
export const mergeUnit = (id: string, intoId: string) =>
  api<UnitRecord>('POST', `/units/${id}/merge`, { intoId })
export const closeUnit = (id: string) => api<UnitRecord>('POST', `/units/${id}/close`)
export const importUnits = (file: { name: string; contentBase64: string }, mode: UnitImportMode) =>
  api<UnitImportReport>('POST', '/units/import', { file, mode })
export const fetchUnitLinks = (surveyId: string, root: string | null) =>
  api<UnitLinks>(
    'GET',
    `/surveys/${surveyId}/unit-links${root ? `?root=${encodeURIComponent(root)}` : ''}`,
  )
export const unitQrSheetUrl = (surveyId: string, root: string | null) =>
  `/api/v1/surveys/${surveyId}/unit-qr-sheet${root ? `?root=${encodeURIComponent(root)}` : ''}`
/**
 * Each limited member's units within the reader's own (all for an organisation-wide reader), and
 * the members also limited to units outside them (`elsewhere`), which the server keeps on a change.
 */
export const fetchMembershipUnits = () =>
  api<{ memberships: Record<string, string[]>; elsewhere: string[] }>('GET', '/memberships/units')
export const setMembershipUnits = (userId: string, unitIds: string[]) =>
  api<{ membershipId: string; unitIds: string[]; elsewhere: boolean }>(
    'PUT',
    `/users/${userId}/units`,
    { unitIds },
  )

/** Unit records as tree nodes: children by parent id (null = the top), each list by code. */
export function childrenByParent(units: readonly UnitRecord[]): Map<string | null, UnitRecord[]> {
  const ids = new Set(units.map((u) => u.id))
  const out = new Map<string | null, UnitRecord[]>()
  for (const unit of units) {
    const parent = unit.parentId && ids.has(unit.parentId) ? unit.parentId : null
    const list = out.get(parent)
    if (list) list.push(unit)
    else out.set(parent, [unit])
  }
  return out
}
