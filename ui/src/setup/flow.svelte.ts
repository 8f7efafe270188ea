// The setup dialog as an explicit state machine: credentials → discovering → review
// (test, trust, edit by hand) → saved. The component only renders `step` and calls
// these transitions; tests drive them against the mock shell.
import type { AccountTest } from '../bindings/AccountTest';
import type { AccountView } from '../bindings/AccountView';
import type { Discovery } from '../bindings/Discovery';
import type { ServiceCheck } from '../bindings/ServiceCheck';
import * as ipc from '../lib/ipc';
import type { ApiError } from '../lib/ipc';
import { accountFromDraft, applyDiscovery, emptyDraft, isEmail, normaliseFingerprint, suggestId, validateDraft, type Draft, type DraftProblems } from './draft';

export type Step = 'credentials' | 'discovering' | 'review' | 'saved';
export type Api = Pick<typeof ipc, 'accountDiscover' | 'accountProbe' | 'accountAdd'>;

/** Failures that say nothing about the settings being wrong: saving is still fine. */
const TRANSIENT: ReadonlySet<string> = new Set(['unreachable', 'timeout']);

/** A test after which the settings may be saved: every service passed or was only unreachable. */
export function savable(test: AccountTest): boolean {
  return test.checks.every((c) => c.ok || (c.error !== null && TRANSIENT.has(c.error.code)));
}

/** A certificate was still refused although its fingerprint is pinned, or pinning itself was. */
export function pinStillRefused(checks: ServiceCheck[], pins: readonly string[]): boolean {
  return checks.some(
    (c) =>
      c.error?.code === 'pinning_forbidden' ||
      (c.error?.code === 'certificate_untrusted' && pins.includes(normaliseFingerprint(c.error.details.fingerprint ?? ''))),
  );
}

export class SetupFlow {
  step = $state<Step>('credentials');
  draft = $state<Draft>(emptyDraft());
  discovery = $state<Discovery | null>(null);
  test = $state<AccountTest | null>(null);
  /** The draft the last test ran with; a changed draft needs a new test. */
  testedWith = $state<string | null>(null);
  error = $state<ApiError | null>(null);
  problems = $state<DraftProblems>({});
  busy = $state<null | 'testing' | 'saving'>(null);
  /** A pinned fingerprint was still refused: the policy does not allow pinning. */
  pinningRefused = $state(false);
  saved = $state<AccountView | null>(null);

  constructor(
    private readonly api: Api = ipc,
    private readonly takenIds: () => readonly string[] = () => [],
  ) {}

  get testIsCurrent(): boolean {
    return this.test !== null && this.testedWith === JSON.stringify(this.draft);
  }

  /** Save after a passing test, or when only unreachable servers failed (work offline). */
  get canSave(): boolean {
    if (!this.testIsCurrent || !this.test) return false;
    return savable(this.test);
  }

  async discover(): Promise<void> {
    const email = this.draft.email.trim();
    const problems: DraftProblems = {};
    if (!isEmail(email)) problems.email = 'setup-invalid-email';
    if (!this.draft.password) problems.password = 'setup-password-required';
    this.problems = problems;
    if (Object.keys(this.problems).length > 0) return;
    this.error = null;
    this.step = 'discovering';
    try {
      const discovery = await this.api.accountDiscover(email, null, this.draft.password || null);
      this.discovery = discovery;
      const id = this.draft.id || suggestId(email, this.takenIds());
      this.draft = applyDiscovery({ ...this.draft, email, id }, discovery);
      this.test = null;
      this.step = 'review';
    } catch (e) {
      this.error = ipc.toApiError(e);
      this.step = 'credentials';
    }
  }

  /** Skip discovery: every address by hand. */
  manual(): void {
    const email = this.draft.email.trim();
    this.draft = { ...this.draft, email, id: this.draft.id || suggestId(email, this.takenIds()), mailUser: this.draft.mailUser || email };
    this.discovery = null;
    this.error = null;
    this.step = 'review';
  }

  back(): void {
    this.step = 'credentials';
    this.test = null;
    this.error = null;
    this.problems = {};
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
      const result = await this.api.accountProbe({ account: accountFromDraft(this.draft), password: this.draft.password || null });
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

  /** The user confirmed the fingerprint with their IT department: pin it and test again. */
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
      this.saved = await this.api.accountAdd({ account: accountFromDraft(this.draft), password: this.draft.password || null });
      this.step = 'saved';
    } catch (e) {
      this.error = ipc.toApiError(e);
    } finally {
      this.busy = null;
    }
  }
}
