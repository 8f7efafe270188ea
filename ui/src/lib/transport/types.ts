/** How `ipc.ts` reaches the shell: Tauri in the app, an in-memory mock in test builds. */
export interface Transport {
  readonly name: 'tauri' | 'mock';
  invoke<T>(command: string, args?: Record<string, unknown>): Promise<T>;
  listen<T>(event: string, handler: (payload: T) => void): Promise<() => void>;
}
