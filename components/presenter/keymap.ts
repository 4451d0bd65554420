/**
 * The presenter's keys: one pure mapping from a key press to a command, shared by the audience window and
 * the speaker view, and the list the `?` overlay shows.
 */

export type PresenterCommand =
  | 'previous'
  | 'next'
  | 'first'
  | 'last'
  | 'toggle-pause'
  | 'crash-worker'
  | 'kill-bridge'
  | 'fullscreen'
  | 'toggle-theme'
  | 'toggle-app'
  | 'toggle-help'
  | 'close-help';

/** The parts of a KeyboardEvent the mapping reads. */
export interface KeyPress {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  /** The focus is in a text field: its keys belong to the field. */
  inEditable: boolean;
}

const KEYS: Readonly<Record<string, PresenterCommand>> = {
  ArrowLeft: 'previous',
  ArrowRight: 'next',
  // Presentation clickers send Page Up / Page Down.
  PageUp: 'previous',
  PageDown: 'next',
  Home: 'first',
  End: 'last',
  ' ': 'toggle-pause',
  k: 'crash-worker',
  b: 'kill-bridge',
  f: 'fullscreen',
  t: 'toggle-theme',
  a: 'toggle-app',
  '?': 'toggle-help',
  Escape: 'close-help',
};

/**
 * The command for a key press, or null to leave it to the browser: keys with Ctrl, Cmd or Alt stay browser
 * shortcuts, and typing in a field is never a command. Letters are read case-insensitively (Caps Lock).
 */
export function keyCommand(press: KeyPress): PresenterCommand | null {
  if (press.ctrlKey || press.metaKey || press.altKey) return null;
  if (press.inEditable && press.key !== 'Escape') return null;
  const key = press.key.length === 1 ? press.key.toLowerCase() : press.key;
  return KEYS[key] ?? null;
}

/** What the `?` overlay lists, in order: each key as shown, the key value it stands for, and its command. */
export const KEY_HELP: readonly {
  keys: readonly { label: string; key: string }[];
  command: PresenterCommand | 'previous-next' | 'first-last';
  what: string;
}[] = [
  {
    keys: [
      { label: '\u2190', key: 'ArrowLeft' },
      { label: '\u2192', key: 'ArrowRight' },
    ],
    command: 'previous-next',
    what: 'previous / next scene (a clicker\u2019s Page Up / Page Down too)',
  },
  {
    keys: [
      { label: 'Home', key: 'Home' },
      { label: 'End', key: 'End' },
    ],
    command: 'first-last',
    what: 'first / last scene',
  },
  { keys: [{ label: 'Space', key: ' ' }], command: 'toggle-pause', what: 'pause / resume the load' },
  {
    keys: [{ label: 'k', key: 'k' }],
    command: 'crash-worker',
    what: 'crash a worker of this scene\u2019s app',
  },
  { keys: [{ label: 'b', key: 'b' }], command: 'kill-bridge', what: 'kill the StatsD bridge' },
  { keys: [{ label: 'f', key: 'f' }], command: 'fullscreen', what: 'fullscreen on / off' },
  { keys: [{ label: 't', key: 't' }], command: 'toggle-theme', what: 'dark / light theme' },
  {
    keys: [{ label: 'a', key: 'a' }],
    command: 'toggle-app',
    what: 'Node / Django app, in the scenes that have both',
  },
  { keys: [{ label: '?', key: '?' }], command: 'toggle-help', what: 'show / hide this list' },
  { keys: [{ label: 'Esc', key: 'Escape' }], command: 'close-help', what: 'close this list' },
];
