import { describe, expect, it } from 'vitest';
import { formatStamp, parseStamp, requirementsHash, stampMatches } from './venv-stamp';

const REQUIREMENTS = 'Django==5.2.19\ngunicorn==27.0.1\n';

describe('venv stamp', () => {
  it('records the hash of the requirements and the interpreter version', () => {
    expect(parseStamp(formatStamp(REQUIREMENTS, '3.11.7'))).toEqual({
      requirementsSha256: requirementsHash(REQUIREMENTS),
      python: '3.11.7',
    });
  });

  it.each([
    { name: 'the same requirements', stamp: formatStamp(REQUIREMENTS, '3.11.7'), want: true },
    {
      name: 'a changed pin',
      stamp: formatStamp(REQUIREMENTS.replace('27.0.1', '26.2.0'), '3.11.7'),
      want: false,
    },
    { name: 'a changed comment', stamp: formatStamp(`# pins\n${REQUIREMENTS}`, '3.11.7'), want: false },
    { name: 'no stamp: an install that never finished', stamp: null, want: false },
    { name: 'a stamp that is not JSON', stamp: 'done\n', want: false },
    { name: 'a stamp without the hash', stamp: '{"python":"3.11.7"}', want: false },
  ])('$name: reuse is $want', ({ stamp, want }) => {
    expect(stampMatches(stamp, REQUIREMENTS)).toBe(want);
  });
});
