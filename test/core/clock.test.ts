/** The clock: manual time moves only when told, never backwards, never past 9999; realtime runs at its speed. */
import t from 'tap'
import { DomainError } from '../../src/core/model/errors.js'
import { MAX_CLOCK_MS, SimClock, initialClockTime, isoSeconds } from '../../src/core/simulation/clock.js'

const T0 = Date.parse('2026-06-01T09:00:00Z')

t.test('manual: advance and advanceTo hand the target to the driver, then read it', async t => {
  const clock = new SimClock({ mode: 'manual', speed: 1, time: T0 })
  const targets: number[] = []
  clock.driver = async (target) => { targets.push(target); return true }
  t.equal(clock.now(), T0)
  await clock.advance(90_000)
  t.equal(clock.nowIso(), '2026-06-01T09:01:30Z')
  await clock.advanceTo(T0 + 3_600_000)
  t.same(targets, [T0 + 90_000, T0 + 3_600_000])
  t.equal(clock.now(), T0 + 3_600_000)
})

t.test('never backwards, never past the end of time: domain conflicts', async t => {
  const clock = new SimClock({ mode: 'manual', speed: 1, time: T0 })
  for (const move of [() => clock.advance(-1), () => clock.advanceTo(T0 - 1), () => clock.set({ time: T0 - 1 }), () => clock.advanceTo(MAX_CLOCK_MS + 1)]) {
    const err = await move().then(() => null, (e: unknown) => e)
    t.ok(err instanceof DomainError && err.kind === 'conflict', String((err as Error)?.message))
  }
  t.equal(isoSeconds(MAX_CLOCK_MS + 10_000), '9999-12-31T23:59:59Z')
})

t.test('realtime runs at its speed from where it was set; switching modes does not jump', async t => {
  const clock = new SimClock({ mode: 'realtime', speed: 1000, time: T0 })
  const before = clock.now()
  await new Promise(resolve => setTimeout(resolve, 20))
  t.ok(clock.now() - before >= 15_000, 'about 1000x wall time')
  await clock.set({ mode: 'manual' })
  const frozen = clock.now()
  await new Promise(resolve => setTimeout(resolve, 10))
  t.equal(clock.now(), frozen, 'manual: stands still')
})

t.test('where the clock starts', async t => {
  t.equal(initialClockTime('2026-05-14T10:30:00Z', null), Date.parse('2026-05-14T10:30:00Z'))
  t.equal(initialClockTime(null, T0, 'manual'), T0, 'manual goes on from the saved time')
  t.ok(initialClockTime(null, T0, 'realtime') >= Date.now() - 1000, 'realtime: wall time when the saved time is past')
})
