/**
 * Test phone numbers, the way payment APIs have test card numbers: calls to these always end the
 * same way, on every provider (each surface writes them in its own number format; they match on
 * their digits). Every other number keeps the seeded draws of the call-outcome model.
 */
export type TestNumberOutcome = 'unreachable' | 'no_answer' | 'busy' | 'voicemail' | 'short_call' | 'full_call'

/** Country code and number, digits only (written +1 500 555 000N). */
export const TEST_NUMBERS: Readonly<Record<string, TestNumberOutcome>> = {
  15005550001: 'unreachable',
  15005550002: 'no_answer',
  15005550003: 'busy',
  15005550004: 'voicemail',
  15005550005: 'short_call',
  15005550006: 'full_call'
}

/** What a test number always does, or undefined for any other number. */
export function testNumberOutcome (phone: string): TestNumberOutcome | undefined {
  return TEST_NUMBERS[phone.replace(/\D/g, '')]
}
