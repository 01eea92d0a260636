import Fastify from 'fastify'

// Baseline: the cheapest JSON POST Fastify can answer, on the same machine and in the same run.
const app = Fastify({ logger: false })
app.post('/echo', async () => ({ ok: true }))
await app.listen({ host: '127.0.0.1', port: 0 })
const address = app.server.address()
process.stdout.write(`READY ${typeof address === 'object' && address ? address.port : 0}\n`)
