/**
 * Unit figures (n, Σx, Σx² of a metric per unit and month over each unit's subtree, from the
 * roll-ups) for other domains — e.g. an action plan's effect in its units against comparable ones.
 */
export {
  descendantsOf,
  figureOf,
  rollupMonthlyFigures,
  type UnitFigure,
} from './unit-figures.js'
export { monthOfDay } from './unit-figures.js'
