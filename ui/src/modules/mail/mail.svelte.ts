// The mail view's state: the account, its folders, the open folder as a paged window
// over the store (rows load as they scroll into view), the selection, the open
// message, search results, and actions with undo. Everything reads the local store
// through `ipc`, so it works offline; the shell's background sync sends the actions.
import type { Folder } from '../../bindings/Folder';
import type { MailAction } from '../../bindings/MailAction';
import type { MailReaderView } from '../../bindings/MailReaderView';
import type { MessageDetail } from '../../bindings/MessageDetail';
import type { MessageSummary } from '../../bindings/MessageSummary';
import type { Role } from '../../bindings/Role';
import type { SearchHit } from '../../bindings/SearchHit';
import type { ApiError } from '../../lib/ipc';
import * as ipc from '../../lib/ipc';
import { unread } from '../../lib/stores/unread.svelte';

export const PAGE_SIZE = 200;
/** How long "Undo" is offered after archive or delete. */
export const UNDO_MS = 6000;

export interface Done {
  /** Fluent id of what happened. */
  message: string;
  undo: (() => Promise<void>) | null;
}

export class MailState {
  account = $state<string | null>(null);
  folders = $state<Folder[]>([]);
  folderId = $state<number | null>(null);
  /** Rows of the open folder (or the search results). */
  total = $state(0);
  /** Bumped when cached pages change, so rows re-read them. */
  version = $state(0);
  selected = $state(0);
  open = $state<MessageDetail | null>(null);
  /** The open message as the reader shows it (sanitised body, warnings, attachments). */
  view = $state<MailReaderView | null>(null);
  opening = $state(false);
  conversation = $state<MessageSummary[]>([]);
  error = $state<ApiError | null>(null);
  query = $state('');
  hits = $state<SearchHit[] | null>(null);
  done = $state<Done | null>(null);
  loaded = $state(false);

  private pages = new Map<number, MessageSummary[]>();
  private loading = new Set<number>();
  /** Counts openings, so a slow answer for an earlier message never replaces a later one. */
  private openings = 0;

  get folder(): Folder | null {
    return this.folders.find((f) => f.id === this.folderId) ?? null;
  }

  /** The special role of folder `id` (Drafts, Trash, …), if it has one. */
  roleOf(id: number): Role | null {
    return this.folders.find((f) => f.id === id)?.role ?? null;
  }

  /** A message to open once the view is ready (a notification was clicked). */
  private pending: { account: string; id: number } | null = null;

  async init(account: string | null): Promise<void> {
    this.account = account;
    this.loaded = false;
    if (!account) {
      this.loaded = true;
      return;
    }
    await this.refreshFolders();
    const inbox = this.folders.find((f) => f.role === 'inbox') ?? this.folders[0];
    if (inbox) await this.selectFolder(inbox.id);
    this.loaded = true;
    const pending = this.pending;
    this.pending = null;
    if (pending && pending.account === account) await this.openById(pending.id);
  }

  /** Opens a message by id (from a notification), in its folder. */
  async request(account: string, id: number): Promise<void> {
    if (this.loaded && this.account === account) await this.openById(id);
    else this.pending = { account, id };
  }

  async openById(id: number): Promise<void> {
    if (!this.account) return;
    const opening = ++this.openings;
    try {
      const detail = await ipc.mailOpen(this.account, id);
      if (detail.folder_id !== this.folderId) await this.selectFolder(detail.folder_id);
      const view = await this.render(this.account, id);
      if (opening !== this.openings) return;
      this.open = detail;
      this.view = view;
      this.conversation = detail.thread_id !== null ? await ipc.mailThread(this.account, detail.thread_id) : [];
    } catch (e) {
      this.error = e as ApiError;
    }
  }

  async refreshFolders(): Promise<void> {
    if (!this.account) return;
    try {
      this.folders = await ipc.mailFolders(this.account);
    } catch (e) {
      this.error = e as ApiError;
    }
  }

  async selectFolder(id: number): Promise<void> {
    this.folderId = id;
    this.hits = null;
    this.query = '';
    this.selected = 0;
    this.open = null;
    this.view = null;
    this.conversation = [];
    this.reset();
    await this.ensure(0);
  }

  private reset(): void {
    this.pages.clear();
    this.loading.clear();
    this.total = this.hits ? this.hits.length : (this.folder?.total ?? 0);
    this.version++;
  }

  /** The row at `index`, if loaded; asks for its page otherwise. */
  row(index: number): MessageSummary | undefined {
    void this.version;
    if (this.hits) return this.hits[index];
    const page = Math.floor(index / PAGE_SIZE);
    const rows = this.pages.get(page);
    if (!rows) {
      void this.ensure(page);
      return undefined;
    }
    return rows[index % PAGE_SIZE];
  }

  hit(index: number): SearchHit | undefined {
    return this.hits?.[index];
  }

  async ensure(page: number): Promise<void> {
    if (!this.account || this.folderId === null || this.hits || this.pages.has(page) || this.loading.has(page)) return;
    this.loading.add(page);
    const folder = this.folderId;
    try {
      const rows = await ipc.mailList(this.account, folder, page * PAGE_SIZE, PAGE_SIZE);
      if (folder !== this.folderId) return;
      this.pages.set(page, rows);
      this.version++;
    } catch (e) {
      this.error = e as ApiError;
    } finally {
      this.loading.delete(page);
    }
  }

  /** New mail or a finished sync: reload what is shown, keep the selection. */
  async reload(): Promise<void> {
    const selectedId = this.row(this.selected)?.id;
    await this.refreshFolders();
    void unread.refresh();
    if (this.hits) return;
    this.reset();
    await this.ensure(Math.floor(this.selected / PAGE_SIZE));
    if (selectedId !== undefined) {
      const rows = this.pages.get(Math.floor(this.selected / PAGE_SIZE)) ?? [];
      const at = rows.findIndex((r) => r.id === selectedId);
      if (at >= 0) this.selected = Math.floor(this.selected / PAGE_SIZE) * PAGE_SIZE + at;
    }
  }

  move(delta: number): void {
    if (this.total === 0) return;
    this.selected = Math.min(this.total - 1, Math.max(0, this.selected + delta));
  }

  async openSelected(): Promise<void> {
    const row = this.row(this.selected);
    if (!row || !this.account) return;
    const account = this.account;
    const opening = ++this.openings;
    this.opening = true;
    this.error = null;
    try {
      // `mailOpen` fetches the body when it is not local yet; the view renders it.
      const detail = await ipc.mailOpen(account, row.id);
      const [view, conversation] = await Promise.all([
        this.render(account, row.id),
        row.thread_id !== null ? ipc.mailThread(account, row.thread_id) : Promise.resolve([]),
      ]);
      if (opening !== this.openings) return;
      this.open = detail;
      this.view = view;
      this.conversation = conversation;
      if (!row.seen) await this.act({ type: 'flag', ids: [row.id], add: ['seen'], remove: [] }, null);
    } catch (e) {
      if (opening !== this.openings) return;
      this.error = e as ApiError;
      this.open = null;
      this.view = null;
    } finally {
      if (opening === this.openings) this.opening = false;
    }
  }

  /** The reader's view of a message; `null` (and the error shown) when it cannot be rendered. */
  private async render(account: string, id: number): Promise<MailReaderView | null> {
    try {
      return await ipc.mailRender(account, id);
    } catch (e) {
      this.error = e as ApiError;
      return null;
    }
  }

  /**
   * A draft continued in the composer was saved again, sent or discarded: its copy in
   * Drafts is replaced or gone, so the reader lets go of it and the list reads anew.
   */
  async draftDone(id: number): Promise<void> {
    if (this.open?.id === id) {
      ++this.openings;
      this.open = null;
      this.view = null;
      this.conversation = [];
      this.opening = false;
    }
    await this.reload();
  }

  /** Loads the open message's images from the internet, for it alone or always for its sender. */
  async allowRemote(scope: 'message' | 'sender'): Promise<void> {
    const open = this.open;
    if (!this.account || !open) return;
    try {
      const view = await ipc.mailAllowRemote(this.account, open.id, scope);
      // A new `document_url`: the frame loads the body again, now with the images.
      if (this.open?.id === open.id) this.view = view;
      this.error = null;
    } catch (e) {
      this.error = e as ApiError;
    }
  }

  async search(query: string): Promise<void> {
    this.query = query;
    if (!this.account) return;
    if (!query.trim()) {
      this.hits = null;
      this.reset();
      await this.ensure(0);
      return;
    }
    try {
      this.hits = await ipc.mailSearch(this.account, query, 500);
      this.error = null;
    } catch (e) {
      this.error = e as ApiError;
      this.hits = [];
    }
    this.selected = 0;
    this.reset();
  }

  /** Applies an action and reloads; `message` (a Fluent id) is shown with "Undo" when given. */
  async act(action: MailAction, message: string | null, undo: MailAction | null = null): Promise<number[]> {
    if (!this.account) return [];
    const account = this.account;
    try {
      const ids = await ipc.mailAct(account, action);
      this.error = null;
      if (action.type !== 'flag') {
        this.open = null;
        this.view = null;
        this.conversation = [];
      }
      await this.reload();
      if (message) {
        const back = undo ?? undoOf(action, ids, this.folderId);
        this.done = {
          message,
          undo: back
            ? async () => {
                this.done = null;
                await ipc.mailAct(account, back);
                await this.reload();
              }
            : null,
        };
        const shown = this.done;
        setTimeout(() => {
          if (this.done === shown) this.done = null;
        }, UNDO_MS);
      }
      return ids;
    } catch (e) {
      this.error = e as ApiError;
      return [];
    }
  }
}

/** The action that undoes a move (archive, delete to Trash): move the new rows back. */
export function undoOf(action: MailAction, newIds: number[], from: number | null): MailAction | null {
  if (from === null || newIds.length === 0) return null;
  if (action.type === 'archive' || action.type === 'delete' || action.type === 'move') {
    return { type: 'move', ids: newIds, folder: from };
  }
  return null;
}

export const mail = new MailState();
