#!/usr/bin/env node
// Runs the TypeScript sources through tsx's loader, so no separate build step is needed for the server.
import { register } from 'tsx/esm/api'

register()
const { runCli } = await import('../src/cli/main.ts')
const code = await runCli(process.argv)
if (code !== 0) process.exit(code)
