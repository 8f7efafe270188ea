// Keyboard shortcuts of the mail view, as data: the help overlay lists them, the view
// dispatches them, and a test checks they are unique. Single keys without modifiers,
// as in common desktop mail programs; never while typing in a field.

export type MailCommand =
  | 'next' | 'previous' | 'open' | 'reply' | 'reply-all' | 'forward' | 'delete' | 'archive'
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
  { command: 'reply-all', keys: ['a'], label: 'mailview-shortcut-reply-all' },
  { command: 'forward', keys: ['f'], label: 'mailview-shortcut-forward' },
  { command: 'delete', keys: ['Delete', '#'], label: 'mailview-shortcut-delete' },
  { command: 'archive', keys: ['e'], label: 'mailview-shortcut-archive' },
  { command: 'toggle-read', keys: ['u'], label: 'mailview-shortcut-unread' },
  { command: 'toggle-flag', keys: ['s'], label: 'mailview-shortcut-flag' },
  { command: 'search', keys: ['/'], label: 'mailview-shortcut-search' },
  { command: 'compose', keys: ['c'], label: 'mailview-shortcut-compose' },
  { command: 'help', keys: ['?'], label: 'mailview-shortcut-help' },
];

/** The command of a key press, or null (modifiers, typing in a field, unknown key). */
export function commandFor(event: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'altKey'>, typing: boolean): MailCommand | null {
  if (typing || event.ctrlKey || event.metaKey || event.altKey) return null;
  return SHORTCUTS.find((s) => s.keys.includes(event.key))?.command ?? null;
}

/** Whether the focus is in a field where keys are text, not commands. */
export function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  const tag = target.tagName;
  return tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT' || target.isContentEditable;
}
