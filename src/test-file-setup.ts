import { restartIdSequence } from './shared/ids.js'

// Workers keep their modules from one test file to the next (vitest.config.ts, isolate: false).
// Ids are dated by the clock of the file that made them, and a file's clock may run far ahead.
restartIdSequence()
