import { describe, expect, it } from 'vitest';
import { SHORTCUTS, commandFor } from '../../src/modules/mail/shortcuts';
import { pagesFor, scrollToRow, visibleWindow } from '../../src/modules/mail/virtual';
import { undoOf } from '../../src/modules/mail/mail.svelte';
import { INBOX_SIZE, MockMailbox } from '../../src/lib/transport/mock-mail';
import { composeRequest, isWriteCommand, writeCommands } from '../../src/modules/mail/reader/actions';

describe('virtual list', () => {
  it('draws the visible rows plus a margin, never past the end', () => {
    expect(visibleWindow(0, 680, 68, 100_000)).toEqual({ start: 0, end: 19 });
    expect(visibleWindow(0, 780, 78, 100_000)).toEqual({ start: 0, end: 19 });
    expect(visibleWindow(68 * 5000, 680, 68, 100_000)).toEqual({ start: 4992, end: 5019 });
    expect(visibleWindow(68 * 99_995, 680, 68, 100_000).end).toBe(100_000);
    expect(visibleWindow(0, 680, 68, 0)).toEqual({ start: 0, end: 0 });
  });
  it('asks for the pages a window needs', () => {
    expect(pagesFor({ start: 190, end: 230 }, 200)).toEqual([0, 1]);
    expect(pagesFor({ start: 0, end: 0 }, 200)).toEqual([]);
  });
  it('scrolls only as far as needed to show a row', () => {
    expect(scrollToRow(0, 680, 680, 68)).toBe(0);
    expect(scrollToRow(20, 0, 680, 68)).toBe(21 * 68 - 680);
    expect(scrollToRow(5, 0, 680, 68)).toBe(0);
  });
});

describe('shortcuts', () => {
  it('every key means one command', () => {
    const keys = SHORTCUTS.flatMap((s) => s.keys);
    expect(new Set(keys).size).toBe(keys.length);
  });
  it('are not commands while typing or with modifiers', () => {
    const key = (k: string, mods: Partial<KeyboardEvent> = {}) => ({ key: k, ctrlKey: false, metaKey: false, altKey: false, ...mods });
    expect(commandFor(key('e'), false)).toBe('archive');
    expect(commandFor(key('e'), true)).toBeNull();
    expect(commandFor(key('r', { ctrlKey: true }), false)).toBeNull();
    expect(commandFor(key('x'), false)).toBeNull();
  });
});

describe('writing about a message', () => {
  it('a draft is continued, never answered; anything else is answered, never continued', () => {
    expect(writeCommands('drafts')).toEqual(['draft-continue']);
    for (const role of ['inbox', 'sent', 'archive', 'junk', 'trash', null] as const) {
      expect(writeCommands(role)).toEqual(['reply', 'reply-all', 'forward', 'forward-attachment']);
    }
  });
  it('each writing command opens the composer with its request', () => {
    expect(composeRequest('draft-continue', 7)).toEqual({ kind: 'draft', message: 7 });
    expect(composeRequest('reply-all', 7)).toEqual({ kind: 'reply', message: 7, all: true });
    expect(composeRequest('forward-attachment', 7)).toEqual({ kind: 'forward', message: 7, attach: true });
    expect(isWriteCommand('draft-continue')).toBe(true);
    expect(isWriteCommand('archive')).toBe(false);
  });
  it('Shift+E continues a draft; e still archives', () => {
    const key = (k: string) => ({ key: k, ctrlKey: false, metaKey: false, altKey: false });
    expect(commandFor(key('E'), false)).toBe('draft-continue');
    expect(commandFor(key('e'), false)).toBe('archive');
    expect(SHORTCUTS.find((s) => s.command === 'draft-continue')?.label).toBe('mailview-shortcut-draft-continue');
  });
});

describe('undo', () => {
  it('moves archived or deleted messages back to where they were', () => {
    expect(undoOf({ type: 'archive', ids: [7] }, [70], 1)).toEqual({ type: 'move', ids: [70], folder: 1 });
    expect(undoOf({ type: 'flag', ids: [7], add: ['seen'], remove: [] }, [], 1)).toBeNull();
    expect(undoOf({ type: 'expunge', ids: [7] }, [], 1)).toBeNull();
  });
});

describe('mock mailbox', () => {
  it('pages through 100,000 messages newest first and moves them', () => {
    const box = new MockMailbox();
    expect(box.folderList()[0]!.total).toBe(INBOX_SIZE);
    const page = box.list(1, 99_990, 50);
    expect(page).toHaveLength(10);
    expect(page[0]!.date).toBeGreaterThan(page[9]!.date);
    box.act({ type: 'archive', ids: [1] });
    expect(box.folderList()[0]!.total).toBe(INBOX_SIZE - 1);
    expect(box.list(4, 0, 10).map((m) => m.id)).toEqual([1]);
  });
  it('holds two drafts in Drafts, which move like any message without touching the INBOX', () => {
    const box = new MockMailbox();
    const drafts = () => box.list(2, 0, 10).map((m) => m.id);
    expect(drafts()).toEqual([900_001, 900_002]);
    expect(box.open(900_001)).toMatchObject({ folder: 'Drafts', from_addr: 'alice@example.test', has_attachment: true });
    expect(box.roleOf(900_001)).toBe('drafts');
    box.act({ type: 'delete', ids: [900_002] });
    expect(box.roleOf(900_002)).toBe('trash');
    box.act({ type: 'move', ids: [900_002], folder: 2 });
    expect(drafts()).toEqual([900_001, 900_002]);
    expect(box.folderList().map((f) => f.total).slice(0, 2)).toEqual([INBOX_SIZE, 2]);
  });
});
