import { describe, expect, it } from 'vitest';
import { mergeNodeOptions, PRODUCTION_NODE_OPTIONS } from './node-entries';

describe('mergeNodeOptions', () => {
  it.each([
    {
      name: 'own options alone',
      own: ['--max-semi-space-size=1'],
      inherited: undefined,
      want: '--max-semi-space-size=1',
    },
    { name: 'nothing at all', own: [], inherited: undefined, want: undefined },
    { name: 'blank inherited counts as none', own: [], inherited: '  ', want: undefined },
    { name: "the user's alone", own: [], inherited: '--trace-warnings', want: '--trace-warnings' },
    {
      name: "the user's after the own, so theirs win",
      own: ['--max-semi-space-size=1'],
      inherited: ' --max-semi-space-size=16 ',
      want: '--max-semi-space-size=1 --max-semi-space-size=16',
    },
  ])('$name', ({ own, inherited, want }) => {
    expect(mergeNodeOptions(own, inherited)).toBe(want);
  });

  it('production options are ones NODE_OPTIONS accepts', () => {
    // Node refuses to start when NODE_OPTIONS holds an option it does not allow there.
    for (const option of PRODUCTION_NODE_OPTIONS) {
      expect(process.allowedNodeEnvironmentFlags.has(option.split('=')[0] as string), option).toBe(true);
    }
  });
});
