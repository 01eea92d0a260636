/** A value rounded for a chart label or tooltip (d decimals, trailing zeros dropped). */
export const round = (v: number, d = 3) => Number(v.toFixed(d))
