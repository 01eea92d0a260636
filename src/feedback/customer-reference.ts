/**
 * The link parameters (hidden fields) that name the customer in the organisation's own systems,
 * in order of preference: an explicit customer id, then a utility's account number (户号) and
 * the like. A survey link such as `/s/power?account=8800123` carries it; the answer's feedback and
 * its case keep it as the customer's reference, which the case search finds.
 */
export const CUSTOMER_REFERENCE_FIELDS = [
  'customer_id',
  'customer_no',
  'account',
  'account_no',
  'account_id',
  'member_id',
] as const

/** The customer's reference among an answer's hidden fields, or null. */
export function customerReferenceOf(segments: Readonly<Record<string, string>>): string | null {
  for (const field of CUSTOMER_REFERENCE_FIELDS) {
    const value = segments[field]?.trim()
    if (value) return value
  }
  return null
}
