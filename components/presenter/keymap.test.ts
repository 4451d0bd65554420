import { describe, expect, it } from 'vitest';
import { KEY_HELP, keyCommand, type KeyPress } from './keymap';

const press = (key: string, extra: Partial<KeyPress> = {}): KeyPress => ({
  key,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  inEditable: false,
  ...extra,
});

describe('keyCommand', () => {
  it.each([
    { p: press('ArrowRight'), want: 'next' },
    { p: press('ArrowLeft'), want: 'previous' },
    { p: press('PageDown'), want: 'next' },
    { p: press('PageUp'), want: 'previous' },
    { p: press('Home'), want: 'first' },
    { p: press('End'), want: 'last' },
    { p: press(' '), want: 'toggle-pause' },
    { p: press('k'), want: 'crash-worker' },
    { p: press('K'), want: 'crash-worker' },
    { p: press('b'), want: 'kill-bridge' },
    { p: press('f'), want: 'fullscreen' },
    { p: press('t'), want: 'toggle-theme' },
    { p: press('a'), want: 'toggle-app' },
    { p: press('a', { inEditable: true }), want: null },
    { p: press('?'), want: 'toggle-help' },
    { p: press('Escape'), want: 'close-help' },
    { p: press('Escape', { inEditable: true }), want: 'close-help' },
    { p: press('x'), want: null },
    { p: press('Enter'), want: null },
    { p: press('ArrowUp'), want: null },
    { p: press('k', { inEditable: true }), want: null },
    { p: press(' ', { inEditable: true }), want: null },
    { p: press('ArrowRight', { inEditable: true }), want: null },
    { p: press('f', { ctrlKey: true }), want: null },
    { p: press('r', { metaKey: true }), want: null },
    { p: press('ArrowLeft', { altKey: true }), want: null },
  ])(
    '$p.key (editable $p.inEditable, ctrl $p.ctrlKey, meta $p.metaKey, alt $p.altKey) → $want',
    ({ p, want }) => {
      expect(keyCommand(p)).toBe(want);
    },
  );
});

describe('KEY_HELP', () => {
  const pairs = { 'previous-next': ['previous', 'next'], 'first-last': ['first', 'last'] } as const;
  const listed = KEY_HELP.flatMap((h) =>
    h.keys.map((k, i) => ({
      label: k.label,
      key: k.key,
      want: h.command === 'previous-next' || h.command === 'first-last' ? pairs[h.command][i] : h.command,
    })),
  );
  it.each(listed)('lists $label, which does $want', ({ key, want }) => {
    expect(keyCommand(press(key))).toBe(want);
  });
});
