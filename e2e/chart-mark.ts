import type { Locator, Page } from 'playwright-core'
import { expect } from 'vitest'

type Which = 'first' | 'widest'

/** Where the mark (a bar, a point) of a chart drawn in one of these fills is, chosen by `which`. */
export function findMark(page: Page, testId: string, fills: string[], which: Which) {
  return page.evaluate(
    ({ testId, fills, which }) => {
      const root = document.querySelector(`[data-testid="${testId}"]`)
      let best: DOMRect | null = null
      for (const el of root?.querySelectorAll('path') ?? []) {
        const fill = (el.getAttribute('fill') ?? '').replace(/\s/g, '').toLowerCase()
        if (!fills.includes(fill)) continue
        const box = el.getBoundingClientRect()
        if (box.width < 4 || box.height < 4) continue
        if (which === 'first') return { x: box.left + box.width / 2, y: box.top + box.height / 2 }
        if (!best || box.width > best.width) best = box
      }
      return best && { x: best.left + best.width / 2, y: best.top + best.height / 2 }
    },
    { testId, fills, which },
  )
}

/** Until the mark is drawn and stands still (the entry animation has ended). */
export async function markAtRest(page: Page, testId: string, fills: string[], which: Which) {
  // The pointer out of the way first: a mark under it (after a click the chart moved under, or
  // any earlier click at that place) is drawn in its hover colour, which echarts lightens from
  // the mark's own, and so matched none of `fills` (plans-findings never found the IPA's red
  // point in a clean-clone run).
  await page.mouse.move(0, 0)
  await page.getByTestId(testId).scrollIntoViewIfNeeded()
  await expect.poll(() => findMark(page, testId, fills, which), { timeout: 15_000 }).not.toBeNull()
  await expect
    .poll(async () => {
      const a = await findMark(page, testId, fills, which)
      await new Promise((resolve) => setTimeout(resolve, 0))
      const b = await findMark(page, testId, fills, which)
      return a !== null && b !== null && a.x === b.x && a.y === b.y
    })
    .toBe(true)
  return (await findMark(page, testId, fills, which))!
}

/**
 * Click a chart's mark as a person does, until what the click shows (`shows`) is on the page.
 * A click while the chart was still being laid out again (a late resize after scrolling, data
 * arriving) landed beside the mark and was lost: plans-findings failed both attempts of a CI run
 * waiting for the IPA point's finding strip. Picking the same mark twice shows the same thing, so
 * clicking again is safe.
 */
export async function clickChartMark(
  page: Page,
  testId: string,
  fills: string[],
  shows: Locator,
  which: Which = 'first',
): Promise<void> {
  for (let attempt = 0; attempt < 4; attempt++) {
    const at = await markAtRest(page, testId, fills, which)
    await page.mouse.click(at.x, at.y)
    try {
      await shows.waitFor({ timeout: 3_000 })
      return
    } catch {
      // Not shown: the mark moved under the click; find it again.
    }
  }
  await shows.waitFor()
}

type At = { x: number; y: number }

/** One animation frame of the page (a chart moves between frames, never within one). */
const nextFrame = (page: Page) =>
  page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => resolve(null))))

/** The points `where` reads, once they read the same across an animation frame (drawn, at rest). */
async function pointsAtRest(page: Page, where: () => Promise<At[]>): Promise<At[]> {
  let points: At[] = []
  await expect
    .poll(
      async () => {
        const a = await where()
        await nextFrame(page)
        points = await where()
        return a.length > 0 && JSON.stringify(a) === JSON.stringify(points)
      },
      { timeout: 15_000 },
    )
    .toBe(true)
  return points
}

/**
 * Hover a chart as a person does until what the hover shows is there (`shown`): the pointer comes
 * from outside the chart and moves along `path` (read again, at rest, on each attempt). One move
 * while the chart was still being drawn or laid out again (its entry animation, a late resize)
 * left the pointer beside the mark and showed nothing; hovering again shows the same tooltip, so
 * moving again is safe. What is asserted of the tooltip stays with the spec.
 */
export async function hoverChartUntil(
  page: Page,
  path: () => Promise<At[]>,
  shown: () => Promise<boolean>,
): Promise<void> {
  for (let attempt = 0; attempt < 4; attempt++) {
    // Out of the chart first: a mark under the pointer is drawn in its (lighter) hover colour.
    await page.mouse.move(0, 0)
    const points = await pointsAtRest(page, path)
    for (const [i, at] of points.entries())
      await page.mouse.move(at.x, at.y, i === 0 ? undefined : { steps: 4 })
    try {
      await expect.poll(shown, { timeout: 3_000 }).toBe(true)
      return
    } catch {
      // Nothing shown: the chart moved under the pointer; find the path again.
    }
  }
  await expect.poll(shown).toBe(true)
}
