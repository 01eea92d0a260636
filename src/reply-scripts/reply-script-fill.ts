/**
 * A script's text with its variables filled in. A variable with no value (a case without a
 * customer name) becomes the given fallback rather than staying as `{customerName}` in a reply
 * a customer reads. Pure.
 */
export function fillReplyScript(
  text: string,
  values: Record<string, string | null>,
  fallback: Record<string, string>,
): string {
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = values[name]
    if (value !== undefined && value !== null && value.trim() !== '') return value
    return fallback[name] ?? whole
  })
}
