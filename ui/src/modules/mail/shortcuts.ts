// Keyboard shortcuts of the mail view, as data: the help overlay lists them, the view
// dispatches them, and a test checks they are unique. Single keys without modifiers,
// as in common desktop mail programs (Shift only for capitals: R, F, E); never while
// typing in a field.

export type MailCommand =
  | 'next' | 'previous' | 'open' | 'reply' | 'reply-all' | 'forward' | 'forward-attachment' | 'draft-continue' | 'delete' | 'archive'
  | 'toggle-read' | 'toggle-flag' | 'search' | 'compose' | 'help';

export interface Shortcut {
  command: MailCommand;
  /** `KeyboardEvent.key` values. */
  keys: string[];
  /** Fluent id of the description. */
  label: string;
}

export const SHORTCUTS: Shortcut[] = [
  { command: 'next', keys: ['j', 'ArrowDown'], label: 'mailview-shortcut-next' },
  { command: 'previous', keys: ['k', 'ArrowUp'], label: 'mailview-shortcut-previous' },
  { command: 'open', keys: ['Enter', 'o'], label: 'mailview-shortcut-open' },
  { command: 'reply', keys: ['r'], label: 'mailview-shortcut-reply' },
  { command: 'reply-all', keys: ['a', 'R'], label: 'mailview-shortcut-reply-all' },
  { command: 'forward', keys: ['f'], label: 'mailview-shortcut-forward' },
  { command: 'forward-attachment', keys: ['F'], label: 'compose-shortcut-forward-attachment' },
  { command: 'draft-continue', keys: ['E'], label: 'mailview-shortcut-draft-continue' },
  { command: 'delete', keys: ['Delete', '#'], label: 'mailview-shortcut-delete' },
  { command: 'archive', keys: ['e'], label: 'mailview-shortcut-archive' },
  { command: 'toggle-read', keys: ['u'], label: 'mailview-shortcut-unread' },
  { command: 'toggle-flag', keys: ['s'], label: 'mailview-shortcut-flag' },
  { command: 'search', keys: ['/'], label: 'mailview-shortcut-search' },
  { command: 'compose', keys: ['c', 'n'], label: 'mailview-shortcut-compose' },
  { command: 'help', keys: ['?'], label: 'mailview-shortcut-help' },
];

/** The command of a key press, or null (modifiers, typing in a field, unknown key). */
export function commandFor(event: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'altKey'>, typing: boolean): MailCommand | null {
  if (typing || event.ctrlKey || event.metaKey || event.altKey) return null;
  return SHORTCUTS.find((s) => s.keys.includes(event.key))?.command ?? null;
}

/** A key as the help overlay shows it: capitals with their Shift (`R` → `Shift+R`). */
export function keyLabel(key: string): string {
  return key.length === 1 && key !== key.toLowerCase() ? `Shift+${key}` : key;
}

/** Whether the focus is in a field where keys are text, not commands. */
export function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  const tag = target.tagName;
  return tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT' || target.isContentEditable;
}
