// One account's identities in Settings: loaded from the shell, changed only by saving the
// whole new list (`mail_identities_set`), which the shell answers with what it stored.
// A refused save changes nothing here: the caller keeps its form as it was.
import type { MailIdentity } from '../bindings/MailIdentity';
import * as ipc from '../lib/ipc';
import type { ApiError } from '../lib/ipc';

export type IdentitiesApi = Pick<typeof ipc, 'mailIdentities' | 'mailIdentitiesSet'>;

export class AccountIdentities {
  list = $state<MailIdentity[]>([]);
  loaded = $state(false);
  loadError = $state<ApiError | null>(null);
  saving = $state(false);

  constructor(
    readonly account: string,
    private readonly api: IdentitiesApi = ipc,
  ) {}

  async load(): Promise<void> {
    this.loadError = null;
    try {
      this.list = await this.api.mailIdentities(this.account);
      this.loaded = true;
    } catch (e) {
      this.loadError = ipc.toApiError(e);
    }
  }

  /** Stores `next` as the account's list; the error when the shell refused it (nothing changed then). */
  async save(next: MailIdentity[]): Promise<ApiError | null> {
    this.saving = true;
    try {
      this.list = await this.api.mailIdentitiesSet(this.account, next);
      return null;
    } catch (e) {
      return ipc.toApiError(e);
    } finally {
      this.saving = false;
    }
  }
}
