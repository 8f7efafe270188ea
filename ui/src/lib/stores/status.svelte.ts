// What the status bar shows: whether the machine is online, and the latest background
// state of each account's module (from `module-event`).
import type { ApiError } from '../../bindings/ApiError';
import type { ModuleEvent } from '../../bindings/ModuleEvent';

export type SyncState =
  | { type: 'progress'; done: number; total: number }
  | { type: 'downloading'; done: number; total: number }
  | { type: 'indexing'; done: number; total: number }
  | { type: 'idle' }
  | { type: 'offline'; error: ApiError };

export interface SyncEntry {
  module: string;
  account: string;
  state: SyncState;
}

export class StatusStore {
  online = $state(true);
  entries = $state<SyncEntry[]>([]);

  apply(event: ModuleEvent): void {
    const kind = event.kind;
    let state: SyncState;
    switch (kind.type) {
      case 'progress':
        // bigint in the bindings; a plain number on the wire (JSON).
        state = { type: 'progress', done: Number(kind.done), total: Number(kind.total) };
        if (state.total > 0 && state.done >= state.total) state = { type: 'idle' };
        break;
      case 'downloading':
      case 'indexing': {
        const counted = { type: kind.type, done: Number(kind.done), total: Number(kind.total) } as const;
        state = counted.total > 0 && counted.done >= counted.total ? { type: 'idle' } : counted;
        break;
      }
      case 'idle':
      case 'changed':
        state = { type: 'idle' };
        break;
      case 'offline':
        state = { type: 'offline', error: kind.error };
        break;
      case 'arrived':
        // A notification, not a sync state.
        return;
    }
    const i = this.entries.findIndex((e) => e.module === event.module && e.account === event.account);
    const entry = { module: event.module, account: event.account, state };
    if (i >= 0) this.entries[i] = entry;
    else this.entries.push(entry);
  }

  forgetAccount(id: string): void {
    this.entries = this.entries.filter((e) => e.account !== id);
  }
}

export const status = new StatusStore();
