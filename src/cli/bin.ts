// The CLI's process entry: scripts/build.mjs compiles it to dist/server/manyi.js, which bin/manyi.js runs.
import { runCli } from './main.js'

const code = await runCli(process.argv)
if (code !== 0) process.exit(code)
