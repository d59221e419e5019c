/** The synthetic transcript and the WAV recording: deterministic, within the talk time, valid. */
import t from 'tap'
import { transcript } from '../../src/core/simulation/transcript.js'
import { wavFor } from '../../src/core/simulation/recording.js'
import { firstAttempt, notStartedCall, type CallRecord } from '../../src/core/model/records.js'

const call = (id: string, talk: number | null): CallRecord => ({
  batch_id: 'b', seq: 1, call_id: id, external_id: '1', phone_number: '+15550000001', name: 'Ada Lovelace',
  ...notStartedCall(), ...firstAttempt(), status: 'completed', answer_duration_seconds: talk, metadata: { 'Company Name': 'Acme' }
})

t.test('a transcript fills the talk time with alternating turns, the same every time', async t => {
  const turns = transcript(7, call('call_1', 95), 'Anna')
  t.ok(turns.length >= 2)
  t.same(transcript(7, call('call_1', 95), 'Anna'), turns, 'deterministic')
  t.not(JSON.stringify(transcript(8, call('call_1', 95), 'Anna')), JSON.stringify(turns), 'another seed says something else')
  turns.forEach((turn, i) => {
    t.equal(turn.role, i % 2 === 0 ? 'user' : 'agent')
    t.ok(turn.startSeconds >= 0 && turn.startSeconds < turn.endSeconds && turn.endSeconds <= 95, `turn ${i} within the call`)
    if (i > 0) t.ok(turn.startSeconds >= turns[i - 1].endSeconds, `turn ${i} after the one before`)
    t.ok(turn.text.length > 0)
  })
  t.match(turns[1].text, /Anna/, 'the agent introduces itself')
  t.same(transcript(7, call('call_2', 0), 'Anna'), [], 'a call that never talked has none')
  t.same(transcript(7, call('call_3', null), 'Anna'), [])
  t.ok(transcript(7, call('call_4', 3600), 'Anna').length <= 60, 'bounded')
})

t.test('a recording is a valid 8 kHz mono 16-bit WAV as long as the call', async t => {
  const wav = wavFor(2.5)
  t.equal(wav.toString('ascii', 0, 4), 'RIFF')
  t.equal(wav.toString('ascii', 8, 12), 'WAVE')
  t.equal(wav.readUInt32LE(4), wav.length - 8)
  t.equal(wav.readUInt16LE(20), 1, 'PCM')
  t.equal(wav.readUInt16LE(22), 1, 'mono')
  t.equal(wav.readUInt32LE(24), 8000)
  t.equal(wav.readUInt16LE(34), 16)
  const data = wav.readUInt32LE(40)
  t.equal(data, 2.5 * 8000 * 2)
  t.equal(data / wav.readUInt32LE(28), 2.5, 'duration = data / byte rate')
  t.equal(wavFor(-1).length, 44, 'nothing to play, still a valid file')
  t.equal(wavFor(Number.NaN).length, 44)
})
