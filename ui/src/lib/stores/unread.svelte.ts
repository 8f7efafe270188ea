// Unread messages in the INBOXes, for the rail's badge (the tray shows the same count
// from the shell). Refreshed at start, after mail sync events and after actions.
import * as ipc from '../ipc';

export class UnreadStore {
  count = $state(0);

  async refresh(): Promise<void> {
    try {
      this.count = Number(await ipc.mailUnread());
    } catch {
      // No mail account or the module is off: no badge.
      this.count = 0;
    }
  }
}

export const unread = new UnreadStore();
