// The installed package from plain JavaScript: start, read the documented batch, stop.
import { startMockServer } from 'techladder-mock'

const mock = await startMockServer({ clock: 'manual', batchesPerAccount: 1, callsPerBatch: 5 })
const res = await fetch(`${mock.url}/api/v1/public/call-batches/sched_7bac6f2a`, { headers: { authorization: `Bearer ${mock.keys.main}` } })
const body = await res.json()
await mock.close()
process.stdout.write(`${res.status} ${body.data.schedule_id} ${body.data.status} ${mock.port}\n`)
