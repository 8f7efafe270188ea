// Accounts and policy accounts waiting for input, as the shell reports them.
import type { AccountView } from '../../bindings/AccountView';
import type { PendingAccount } from '../../bindings/PendingAccount';
import * as ipc from '../ipc';

export class AccountsStore {
  list = $state<AccountView[]>([]);
  pending = $state<PendingAccount[]>([]);
  loaded = $state(false);

  async load(): Promise<void> {
    const [list, pending] = await Promise.all([ipc.accountList(), ipc.accountPending()]);
    this.list = list;
    this.pending = pending;
    this.loaded = true;
  }
}

export const accounts = new AccountsStore();
