import { useQuery } from '@tanstack/react-query'
import { api } from '../../api/client'
import type { UnitRecord } from './units-api'

/**
 * The units the signed-in user's records may be of (GET /units?scope=visible): a unit-limited
 * supervisor's own subtrees, the whole tree for an organisation-wide user. Every unit picker
 * outside the tree editor offers these, so none offers a unit that answers UNIT_NOT_FOUND.
 */
export const fetchVisibleUnits = () =>
  api<{ units: UnitRecord[] }>('GET', '/units?scope=visible').then((r) => r.units)

/** Under ['units'], so the tree editor's invalidation refreshes the pickers too. */
export function useVisibleUnits(options: { enabled?: boolean } = {}) {
  return useQuery({
    queryKey: ['units', 'visible'],
    queryFn: fetchVisibleUnits,
    enabled: options.enabled ?? true,
  })
}
