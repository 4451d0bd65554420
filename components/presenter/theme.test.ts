import { describe, expect, it } from 'vitest';
import { otherTheme, parseTheme } from './theme';

describe('parseTheme', () => {
  it.each([
    { stored: 'light', want: 'light' },
    { stored: 'dark', want: 'dark' },
    { stored: null, want: 'dark' },
    { stored: undefined, want: 'dark' },
    { stored: '', want: 'dark' },
    { stored: 'LIGHT', want: 'dark' },
    { stored: 'high-contrast', want: 'dark' },
  ])('$stored → $want', ({ stored, want }) => {
    expect(parseTheme(stored)).toBe(want);
  });
});

describe('otherTheme', () => {
  it.each([
    { theme: 'dark', want: 'light' },
    { theme: 'light', want: 'dark' },
  ] as const)('$theme → $want', ({ theme, want }) => {
    expect(otherTheme(theme)).toBe(want);
  });
});
