// The account's outbox as the mail view shows it: messages not yet filed in Sent, and
// the two decisions only the user can make (send an uncertain or refused message
// again, or discard it). Reloaded on the mail module's events and after each action.
import type { MailOutboxEntry } from '../../../bindings/MailOutboxEntry';
import type { ApiError } from '../../../lib/ipc';
import * as ipc from '../../../lib/ipc';

export class OutboxState {
  account = $state<string | null>(null);
  entries = $state<MailOutboxEntry[]>([]);
  /** The outbox is shown instead of the message list. */
  shown = $state(false);
  error = $state<ApiError | null>(null);
  /** The entry an action is running for. */
  busy = $state<number | null>(null);

  /** Messages still on their way (or waiting for a decision). */
  get count(): number {
    return this.entries.filter((e) => e.state !== 'filed').length;
  }

  async load(account: string | null): Promise<void> {
    this.account = account;
    if (!account) {
      this.entries = [];
      this.shown = false;
      return;
    }
    await this.refresh();
  }

  async refresh(): Promise<void> {
    const account = this.account;
    if (!account) return;
    try {
      const entries = await ipc.mailOutbox(account);
      if (account === this.account) this.entries = entries;
    } catch (e) {
      this.error = e as ApiError;
    }
  }

  /** "Send again": only on the user's explicit choice (see `mailOutboxRetry`). */
  async retry(id: number): Promise<void> {
    await this.run(id, (account) => ipc.mailOutboxRetry(account, id));
  }

  async discard(id: number): Promise<void> {
    await this.run(id, (account) => ipc.mailOutboxDiscard(account, id));
  }

  private async run(id: number, action: (account: string) => Promise<unknown>): Promise<void> {
    if (!this.account) return;
    this.busy = id;
    this.error = null;
    try {
      await action(this.account);
    } catch (e) {
      this.error = e as ApiError;
    } finally {
      this.busy = null;
    }
    await this.refresh();
  }
}

export const outbox = new OutboxState();
