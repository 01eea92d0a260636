/** An amount in cents as yuan, as cases show compensation. */
export const yuan = (cents: number) => `¥${(cents / 100).toFixed(2)}`
