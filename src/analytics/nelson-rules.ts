/**
 * Nelson's eight tests for special causes (Nelson, L. S. (1984). The Shewhart control chart —
 * tests for special causes. Journal of Quality Technology 16(4), 237–239; the same eight as
 * Montgomery, Introduction to Statistical Quality Control, §5.3.6, and Minitab's "tests for
 * special causes"). Zones are in σ units around the centre line. Each list holds the 0-based
 * index of every point that completes the pattern (the last point of the window), so a run that
 * goes on flags each further point too.
 */

export interface NelsonSignals {
  /** 1: one point more than 3σ from the centre. */
  beyond3Sigma: number[]
  /** 2: nine points in a row on the same side of the centre. */
  nineOnOneSide: number[]
  /** 3: six points in a row steadily increasing or decreasing. */
  sixTrending: number[]
  /** 4: fourteen points in a row alternating up and down. */
  fourteenAlternating: number[]
  /** 5: two of three points in a row more than 2σ from the centre, on the same side. */
  twoOfThreeBeyond2Sigma: number[]
  /** 6: four of five points in a row more than 1σ from the centre, on the same side. */
  fourOfFiveBeyond1Sigma: number[]
  /** 7: fifteen points in a row within 1σ of the centre (either side). */
  fifteenWithin1Sigma: number[]
  /** 8: eight points in a row more than 1σ from the centre, on either side. */
  eightBeyond1Sigma: number[]
}

export function nelsonRules(
  values: readonly number[],
  center: number,
  sigma: number,
): NelsonSignals {
  const z = values.map((v) => (v - center) / sigma)
  const out: NelsonSignals = {
    beyond3Sigma: [],
    nineOnOneSide: [],
    sixTrending: [],
    fourteenAlternating: [],
    twoOfThreeBeyond2Sigma: [],
    fourOfFiveBeyond1Sigma: [],
    fifteenWithin1Sigma: [],
    eightBeyond1Sigma: [],
  }
  const window = (i: number, length: number) =>
    i + 1 >= length ? z.slice(i + 1 - length, i + 1) : null
  z.forEach((x, i) => {
    if (Math.abs(x) > 3) out.beyond3Sigma.push(i)
    const nine = window(i, 9)
    if (nine && (nine.every((y) => y > 0) || nine.every((y) => y < 0))) out.nineOnOneSide.push(i)
    const six = window(i, 6)
    if (six) {
      const steps = six.slice(1).map((y, j) => Math.sign(y - six[j]!))
      if (steps.every((d) => d > 0) || steps.every((d) => d < 0)) out.sixTrending.push(i)
    }
    const fourteen = window(i, 14)
    if (fourteen) {
      const steps = fourteen.slice(1).map((y, j) => Math.sign(y - fourteen[j]!))
      if (steps.every((d, j) => d !== 0 && (j === 0 || d === -steps[j - 1]!)))
        out.fourteenAlternating.push(i)
    }
    const three = window(i, 3)
    if (three && [1, -1].some((side) => three.filter((y) => side * y > 2).length >= 2))
      out.twoOfThreeBeyond2Sigma.push(i)
    const five = window(i, 5)
    if (five && [1, -1].some((side) => five.filter((y) => side * y > 1).length >= 4))
      out.fourOfFiveBeyond1Sigma.push(i)
    const fifteen = window(i, 15)
    if (fifteen?.every((y) => Math.abs(y) < 1)) out.fifteenWithin1Sigma.push(i)
    const eight = window(i, 8)
    if (eight?.every((y) => Math.abs(y) > 1)) out.eightBeyond1Sigma.push(i)
  })
  return out
}
