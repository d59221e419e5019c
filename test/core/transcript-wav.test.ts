/** The provider-neutral call views: synthetic transcripts and silent WAV recordings. */
import t from 'tap'
import { syntheticTranscript, type TranscriptCall } from '../../src/core/simulation/transcript.js'
import { TELEPHONE_WAV, silentWav, wavHeader } from '../../src/core/simulation/wav.js'

const call = (fields: Partial<TranscriptCall> = {}): TranscriptCall => ({
  call_id: 'call_0001', duration_seconds: 95, answer_duration_seconds: 90, disconnect_reason: 'agent_hangup', name: 'Asha Rao', ...fields
})

t.test('a transcript is deterministic, alternates speakers and stays within the talk time', async t => {
  const turns = syntheticTranscript(7, call())
  t.same(syntheticTranscript(7, call()), turns, 'same seed and call: same transcript')
  t.not(JSON.stringify(syntheticTranscript(8, call())), JSON.stringify(turns), 'another seed: another transcript')
  t.not(JSON.stringify(syntheticTranscript(7, call({ call_id: 'call_0002' }))), JSON.stringify(turns), 'another call: another transcript')
  t.ok(turns.length >= 2)
  turns.forEach((turn, i) => {
    t.equal(turn.role, i % 2 === 0 ? 'agent' : 'user')
    t.ok(turn.text.length > 0)
    t.ok(turn.startSeconds >= 5 && turn.endSeconds <= 95 && turn.startSeconds < turn.endSeconds, `turn ${i} within 5..95 s`)
    if (i > 0) t.ok(turn.startSeconds >= turns[i - 1].endSeconds, `turn ${i} starts after the one before`)
  })
  t.match(turns[0].text, /Asha/, 'the agent greets the callee by first name')
  t.same(syntheticTranscript(7, call({ answer_duration_seconds: 0, disconnect_reason: 'no_answer' })), [], 'nothing said on an unanswered call')
  t.same(syntheticTranscript(7, call({ duration_seconds: null, answer_duration_seconds: null })), [], 'nothing for a call not yet measured')
  const voicemail = syntheticTranscript(7, call({ disconnect_reason: 'voicemail', duration_seconds: 25, answer_duration_seconds: 20 }))
  t.equal(voicemail.length, 1)
  t.equal(voicemail[0].role, 'agent')
  const long = syntheticTranscript(7, call({ duration_seconds: 600, answer_duration_seconds: 590 }))
  t.ok(long.length <= 60, 'long calls stay readable (at most 60 turns)')
  t.ok(long[long.length - 1].endSeconds <= 600)
})

t.test('the callee can speak first: the agent then introduces itself by name', async t => {
  const turns = syntheticTranscript(7, call(), { firstSpeaker: 'user', agentName: 'Anna' })
  t.same(syntheticTranscript(7, call(), { firstSpeaker: 'user', agentName: 'Anna' }), turns, 'deterministic')
  t.ok(turns.length >= 2)
  turns.forEach((turn, i) => t.equal(turn.role, i % 2 === 0 ? 'user' : 'agent', `turn ${i} alternates, callee first`))
  t.match(turns[0].text, /^(Hello|Hi|Yes)/, 'the callee answers the phone')
  t.match(turns[1].text, /Anna/, 'the agent says who it is')
  t.match(turns[1].text, /Asha/, 'and greets the callee by first name')
  t.ok(turns.every(turn => turn.startSeconds >= 5 && turn.endSeconds <= 95), 'within the talk time')
})

t.test('a silent WAV is a valid RIFF file of exactly the call\'s length', async t => {
  const h = wavHeader(16000)
  t.equal(h.length, 44)
  t.equal(h.toString('ascii', 0, 4), 'RIFF')
  t.equal(h.readUInt32LE(4), 36 + 16000)
  t.equal(h.toString('ascii', 8, 16), 'WAVEfmt ')
  t.equal(h.readUInt16LE(20), 1, 'PCM')
  t.equal(h.readUInt16LE(22), 1, 'mono')
  t.equal(h.readUInt32LE(24), 8000, '8 kHz')
  t.equal(h.readUInt32LE(28), 16000, 'byte rate')
  t.equal(h.readUInt16LE(32), 2, 'block align')
  t.equal(h.readUInt16LE(34), 16, '16-bit')
  t.equal(h.toString('ascii', 36, 40), 'data')

  const { bytes, stream } = silentWav(95)
  const chunks: Buffer[] = []
  for await (const c of stream) chunks.push(c as Buffer)
  const wav = Buffer.concat(chunks)
  t.equal(wav.length, bytes)
  t.equal(bytes, 44 + 95 * 8000 * 2)
  const data = wav.readUInt32LE(40)
  t.equal(data / (TELEPHONE_WAV.sampleRate * 2), 95, 'length in seconds = data bytes / byte rate')
  t.ok(wav.subarray(44).every(b => b === 0), 'silence')

  const empty = silentWav(0)
  t.equal(empty.bytes, 44)
  const eight = silentWav(1, { sampleRate: 8000, channels: 1, bitsPerSample: 8 })
  const e: Buffer[] = []
  for await (const c of eight.stream) e.push(c as Buffer)
  t.ok(Buffer.concat(e).subarray(44).every(b => b === 0x80), '8-bit silence is 0x80')
})
