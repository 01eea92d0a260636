import type { OrgScope } from '../db/scope.js'
import { listOrgProgrammes } from './programme.repository.js'

/**
 * The programmes, active or paused, that ask a saved customer segment: a segment one of them
 * names cannot be deleted (a paused programme taken up again would find its audience gone).
 */
export async function programmesAskingSegment(
  scope: OrgScope,
  segmentId: string,
): Promise<{ id: string; name: string; status: string }[]> {
  return (await listOrgProgrammes(scope.db, scope.orgId))
    .filter((p) => p.audience.kind === 'segment' && p.audience.segmentId === segmentId)
    .map((p) => ({ id: p.id, name: p.name, status: p.status }))
}
