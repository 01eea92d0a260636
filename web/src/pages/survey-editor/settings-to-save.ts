import dayjs from 'dayjs'

/** The CSI parts the editor works out from the survey's questions (csi-card.tsx). */
export interface CsiSettings {
  csiWeights: Record<string, number> | undefined
  csi: object | undefined
}

/**
 * The settings a save sends: the survey's settings as stored (or as the template gave them) with the
 * editor's fields laid over them. A key the editor has no field for (e.g. `anonymity` of an
 * employee survey) is kept as it was: the server replaces settings with what it is sent, so leaving
 * a key out would remove it. Every key the editor does edit is sent, undefined when emptied, so
 * that clearing a field removes the stored value.
 */
export function settingsToSave(
  stored: Record<string, unknown>,
  edited: Record<string, unknown>,
  csiParts: CsiSettings,
): Record<string, unknown> {
  const iso = (v: unknown) =>
    dayjs.isDayjs(v) ? v.format() : typeof v === 'string' ? v : undefined
  const hiddenFields = (edited.hiddenFields as string[] | undefined) ?? []
  // A signed field must be one of the hidden fields kept.
  const signedFields = ((edited.signedFields as string[] | undefined) ?? []).filter((f) =>
    hiddenFields.includes(f),
  )
  const quality = (edited.quality ?? {}) as {
    minSecondsPerAnswer?: number | null
    straightLineMin?: number | null
  }
  return {
    ...stored,
    hiddenFields,
    signedFields,
    opensAt: iso(edited.opensAt),
    closesAt: iso(edited.closesAt),
    responseQuota: (edited.responseQuota as number | null) ?? undefined,
    pilot: edited.pilot === true,
    // The respondent weight: one of the hidden fields kept, or none.
    weightField:
      typeof edited.weightField === 'string' && hiddenFields.includes(edited.weightField)
        ? edited.weightField
        : undefined,
    // Empty boxes keep the defaults.
    quality: {
      minSecondsPerAnswer: quality.minSecondsPerAnswer ?? 1.5,
      straightLineMin: quality.straightLineMin ?? 4,
    },
    csiWeights: csiParts.csiWeights,
    csi: csiParts.csi,
  }
}
