import type { MessageKey } from '../../i18n/i18n'
import { useUnitWords } from './unit-words'

/** The unit types the app words; others show as stored. */
export const UNIT_TYPES = [
  'province',
  'city',
  'county',
  'station',
  'group',
  'brand',
  'region',
  'store',
  'unit',
] as const

/** A unit's type in words when it is one of the common ones, else as stored. */
export function useUnitTypeLabel(): (type: string) => string {
  const { t } = useUnitWords()
  return (type) =>
    (UNIT_TYPES as readonly string[]).includes(type) ? t(`units.type.${type}` as MessageKey) : type
}
