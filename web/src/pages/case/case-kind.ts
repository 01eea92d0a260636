/** The kinds of request a case handles (src/cases/case-kinds.ts), each with its colour on lists and pages. */
export const CASE_KINDS = ['complaint', 'inquiry', 'suggestion', 'praise'] as const

export const KIND_COLOR: Record<string, string> = {
  complaint: 'red',
  inquiry: 'blue',
  suggestion: 'gold',
  praise: 'green',
}
