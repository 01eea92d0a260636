import { DEFAULT_MIN_GROUP } from '../analytics/cell-suppression.js'
import { ValidationError } from '../shared/errors.js'

/**
 * The smallest group an anonymous survey may show (issue 19). It is a floor, not a default: a
 * survey may ask for larger groups (settings.anonymity.minGroup), never for smaller ones, since a
 * group of fewer than five lets colleagues tell who answered (analytics/cell-suppression.ts).
 */
export const ANONYMITY_FLOOR = DEFAULT_MIN_GROUP

/**
 * Refuses survey settings (as sent, before parsing) whose anonymity asks for groups below the
 * floor, with ANONYMITY_BELOW_FLOOR rather than a general validation failure, so the editor can
 * say why. The settings schema keeps the same minimum as a second line.
 */
export function requireAnonymityFloor(input: unknown): void {
  const settings = (input as { settings?: { anonymity?: { minGroup?: unknown } } } | null)?.settings
  const minGroup = settings?.anonymity?.minGroup
  if (typeof minGroup !== 'number' || minGroup >= ANONYMITY_FLOOR) return
  throw new ValidationError(
    'ANONYMITY_BELOW_FLOOR',
    `An anonymous survey shows no group of fewer than ${ANONYMITY_FLOOR} people; minGroup ${minGroup} is below that floor.`,
    [
      {
        path: 'settings.anonymity.minGroup',
        reason: `must be at least ${ANONYMITY_FLOOR}`,
        rule: 'too_small',
        limit: ANONYMITY_FLOOR,
      },
    ],
    { minGroup, floor: ANONYMITY_FLOOR },
  )
}
