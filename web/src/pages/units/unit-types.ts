import { type MessageKey, useI18n } from '../../i18n/i18n'

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
  const { t } = useI18n()
  return (type) =>
    (UNIT_TYPES as readonly string[]).includes(type) ? t(`units.type.${type}` as MessageKey) : type
}
