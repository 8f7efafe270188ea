// The settings as the shell reports them (effective value, source, lock), with typed
// getters for the ones the UI uses. Changing one goes through the shell and takes its
// answer, so a locked or invalid value is never shown as applied.
import type { Setting } from '../../bindings/Setting';
import * as ipc from '../ipc';
import type { ApiError } from '../ipc';

export class SettingsStore {
  list = $state<Setting[]>([]);

  constructor(private readonly api: Pick<typeof ipc, 'settingsGet' | 'settingsSet'> = ipc) {}

  async load(): Promise<void> {
    this.list = await this.api.settingsGet();
  }

  get(key: string): Setting | undefined {
    return this.list.find((s) => s.key === key);
  }

  string(key: string, fallback: string): string {
    const v = this.get(key)?.value;
    return typeof v === 'string' ? v : fallback;
  }

  boolean(key: string, fallback: boolean): boolean {
    const v = this.get(key)?.value;
    return typeof v === 'boolean' ? v : fallback;
  }

  /** Sets a value; resolves to the error instead of throwing, for inline display. */
  async set(key: string, value: string | boolean): Promise<ApiError | null> {
    try {
      const updated = await this.api.settingsSet(key, String(value));
      const i = this.list.findIndex((s) => s.key === key);
      if (i >= 0) this.list[i] = updated;
      else this.list.push(updated);
      return null;
    } catch (e) {
      return ipc.toApiError(e);
    }
  }
}

export const settings = new SettingsStore();
