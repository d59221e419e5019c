// A consumer's TypeScript: the package entry and its public types, nothing else installed but the
// package and @types/node. Compiled (not run) by test/package/pack.test.ts with skipLibCheck: false.
import {
  startMockServer, createControlClient, buildApp,
  type ApiErrorResponse, type BatchDetail, type CreateBatchBody, type CreateBatchResponse, type GetBatchResponse,
  type GetResultsResponse, type ListBatchesResponse, type ListCallsResponse, type MeResponse, type MockServer
} from 'techladder-mock'

export async function consumer (): Promise<void> {
  const mock: MockServer = await startMockServer({ clock: 'manual', batchesPerAccount: 1, callsPerBatch: 5 })
  const headers = { authorization: `Bearer ${mock.keys.main}`, 'content-type': 'application/json' }
  const get = await fetch(`${mock.url}/api/v1/public/call-batches/sched_7bac6f2a`, { headers })
  const batch: BatchDetail = ((await get.json()) as GetBatchResponse).data
  const body: CreateBatchBody = {
    agent_name: 'agt-57949b14',
    version_name: 'pmt-667ddf271b',
    start_mode: 'immediate',
    contacts: [{ contact_id: '101', phone_number: '919876543210' }]
  }
  const created = (await (await fetch(`${mock.url}/api/v1/public/call-batches`, { method: 'POST', headers, body: JSON.stringify(body) })).json()) as CreateBatchResponse
  await mock.admin.advanceClock({ seconds: 3600 })
  await mock.admin.addScenario({ action: { status: 429 }, times: 1 })
  const lists: Array<ListBatchesResponse | ListCallsResponse | GetResultsResponse | MeResponse | ApiErrorResponse> = []
  console.log(mock.port, batch.status, created.data.batch_id, lists.length)
  const other = createControlClient({ baseUrl: mock.url })
  await other.reset()
  const app = await buildApp({ logLevel: 'silent', batchesPerAccount: 1, callsPerBatch: 5 })
  await app.close()
  await mock.close()
}
