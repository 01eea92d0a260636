/**
 * A respondent's weight for the weighted unit roll-ups (response_unit_monthly_weights, migration
 * 0057), read from the field the survey names in `settings.weightField`: a hidden field (a design
 * or post-stratification weight the sample frame carries into the link or invitation) or, when no
 * hidden field has that name, the answer to a numeric question of that key (a slider, e.g. the
 * household size of a per-household sample; survey.schema.ts refuses any other question type).
 *
 * - `undefined`: the survey is not weighted; nothing weighted is written (unweighted surveys pay
 *   nothing and their rows are as before).
 * - a number: a valid weight, finite and > 0.
 * - `null`: the survey is weighted but this answer's weight is missing, not a plain decimal
 *   number, ≤ 0 or not finite. Such an answer keeps its place in every unweighted count and is
 *   counted in the weighted roll-up's `answers`, but it is LEFT OUT of the weighted sums: giving it
 *   weight 1 would invent a weight on another scale than its neighbours' (weights are often far
 *   from 1, e.g. population/sample ratios), and refusing the submission would lose a real answer
 *   for a fault of the link. The league shows how many answers carry no valid weight
 *   (answers − weighted), so a reader sees the figure rests on fewer answers
 *   (Kish 1992, "Weighting for unequal Pᵢ", J. Official Statistics 8(2), on dropping cases
 *   without a weight rather than imputing one silently).
 */
export function respondentWeight(
  weightField: string | undefined,
  segments: Readonly<Record<string, unknown>>,
  answers: Readonly<Record<string, unknown>> = {},
): number | null | undefined {
  if (weightField === undefined) return undefined
  const raw = segments[weightField] ?? answers[weightField]
  const text = typeof raw === 'number' ? String(raw) : typeof raw === 'string' ? raw.trim() : ''
  // Plain decimal numbers only: '1.5', '2', '3e2'; not '', '0x10', 'Infinity' or '1,5'.
  if (!/^[+]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text)) return null
  const weight = Number(text)
  return Number.isFinite(weight) && weight > 0 ? weight : null
}

/** The segments a stored row keeps as JSON text, or {} when they cannot be read. */
export function storedSegments(text: string | null | undefined): Record<string, unknown> {
  if (!text) return {}
  try {
    const value: unknown = JSON.parse(text)
    return value && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : {}
  } catch {
    return {}
  }
}
