// Preloaded (node --require) into the CLI process that bench/plspm.bench.ts times: at exit it writes
// the process's CPU time (all threads, the table worker's included) to stderr as one JSON line, so
// the benchmark can compare CPU seconds as well as wall time on a machine shared with other work.
process.on('exit', () => {
  const { user, system } = process.cpuUsage()
  process.stderr.write(`\n${JSON.stringify({ cpuMicros: user + system })}\n`)
})
