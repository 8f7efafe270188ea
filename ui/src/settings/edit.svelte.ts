// Editing a saved account's servers (Settings → Accounts → Edit): the form starts from
// the saved account, a test runs the edited settings with the stored password
// (`account_probe`, nothing saved), and saving needs a test of exactly what is saved,
// as in setup. Certificates trusted during the edit are pinned after the save.
import type { AccountTest } from '../bindings/AccountTest';
import type { AccountView } from '../bindings/AccountView';
import * as ipc from '../lib/ipc';
import type { ApiError } from '../lib/ipc';
import { accountFromEdit, draftFromAccount, emptyDraft, normaliseFingerprint, validateDraft, type Draft, type DraftProblems } from '../setup/draft';
import { pinStillRefused, savable } from '../setup/flow.svelte';

export type EditApi = Pick<typeof ipc, 'accountProbe' | 'accountUpdate' | 'accountTrustCertificate'>;

export class EditFlow {
  draft = $state<Draft>(emptyDraft());
  test = $state<AccountTest | null>(null);
  testedWith = $state<string | null>(null);
  error = $state<ApiError | null>(null);
  problems = $state<DraftProblems>({});
  busy = $state<null | 'testing' | 'saving'>(null);
  pinningRefused = $state(false);
  saved = $state<AccountView | null>(null);
  private readonly initial: string;

  constructor(
    readonly original: AccountView,
    private readonly api: EditApi = ipc,
  ) {
    this.draft = draftFromAccount(original);
    this.initial = JSON.stringify(this.draft);
  }

  get changed(): boolean {
    return JSON.stringify(this.draft) !== this.initial;
  }

  get testIsCurrent(): boolean {
    return this.test !== null && this.testedWith === JSON.stringify(this.draft);
  }

  /** Something changed and a test of exactly these settings passed (or only found servers unreachable). */
  get canSave(): boolean {
    return this.changed && this.testIsCurrent && this.test !== null && savable(this.test);
  }

  private validate(): boolean {
    this.problems = validateDraft(this.draft);
    return Object.keys(this.problems).length === 0;
  }

  async runTest(): Promise<void> {
    if (!this.validate()) return;
    this.busy = 'testing';
    this.error = null;
    const snapshot = JSON.stringify(this.draft);
    try {
      // No password: the probe uses the stored one (or the account's password command).
      const result = await this.api.accountProbe({ account: accountFromEdit(this.draft, this.original), password: null });
      this.pinningRefused = this.pinningRefused || pinStillRefused(result.checks, this.draft.pins);
      this.test = result;
      this.testedWith = snapshot;
    } catch (e) {
      this.error = ipc.toApiError(e);
      this.test = null;
    } finally {
      this.busy = null;
    }
  }

  /** The user confirmed the fingerprint with their IT department: test again with it pinned. */
  async trust(fingerprint: string): Promise<void> {
    const hex = normaliseFingerprint(fingerprint);
    if (!this.draft.pins.includes(hex)) this.draft.pins = [...this.draft.pins, hex];
    await this.runTest();
  }

  async save(): Promise<void> {
    if (!this.validate() || !this.canSave) return;
    this.busy = 'saving';
    this.error = null;
    try {
      let saved = await this.api.accountUpdate(accountFromEdit(this.draft, this.original));
      const before = new Set(this.original.pinned_certificates ?? []);
      for (const pin of this.draft.pins.filter((p) => !before.has(p))) {
        saved = await this.api.accountTrustCertificate(saved.id, pin, true);
      }
      this.saved = saved;
    } catch (e) {
      this.error = ipc.toApiError(e);
    } finally {
      this.busy = null;
    }
  }
}
