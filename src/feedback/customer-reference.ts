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

/**
 * Column headings of a hotline or social-media import that hold the customer's reference (lower
 * case), in the same order of preference: the survey's field names — so one export of the
 * customer system feeds both — and what such files call them in Chinese, a utility's 户号 among them.
 */
export const CUSTOMER_REFERENCE_HEADERS = [
  'customer',
  'customer_id',
  '客户编号',
  '客户号',
  'customer_no',
  'account',
  '户号',
  '用户编号',
  '用户号',
  'account_no',
  'account_id',
  'member_id',
  '会员号',
  '会员编号',
] as const

/** The column of `headers` holding the customer's reference, the most preferred if several; -1 if none. */
export function customerReferenceColumn(headers: readonly string[]): number {
  const names = headers.map((h) => h.trim().toLowerCase())
  for (const heading of CUSTOMER_REFERENCE_HEADERS) {
    const index = names.indexOf(heading)
    if (index >= 0) return index
  }
  return -1
}
