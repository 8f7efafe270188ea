// The real transport: Tauri's invoke and event bridge. The only file that imports Tauri.
import { invoke } from '@tauri-apps/api/core';
import { listen } from '@tauri-apps/api/event';
import type { Transport } from './types';

export const transport: Transport = {
  name: 'tauri',
  invoke: <T>(command: string, args?: Record<string, unknown>) => invoke<T>(command, args),
  async listen<T>(event: string, handler: (payload: T) => void) {
    const unlisten = await listen<T>(event, (e) => handler(e.payload));
    return unlisten;
  },
};
