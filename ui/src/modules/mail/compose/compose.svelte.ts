// The message being written: the draft from `mail_compose`, saved on this computer a
// moment after each edit (`mail_draft_save`, the returned id kept in `draft.id`) and
// copied to the server's Drafts folder every minute and on closing
// (`mail_drafts_upload`; failing there is not an error, only "not on the server yet").
// Sending hands the draft to the outbox; the shell removes the local draft with it.
// A draft continued from the Drafts folder (`{ kind: 'draft' }`) comes back with its
// local id when this computer still has it, else rebuilt from the message (id `null`).
import type { MailAttachment } from '../../../bindings/MailAttachment';
import type { MailComposeRequest } from '../../../bindings/MailComposeRequest';
import type { MailDraft } from '../../../bindings/MailDraft';
import type { MailIdentity } from '../../../bindings/MailIdentity';
import type { MailSendResult } from '../../../bindings/MailSendResult';
import type { ApiError } from '../../../lib/ipc';
import * as ipc from '../../../lib/ipc';
import { parseMailbox } from './address';
import { Autosaver } from './autosave';
import { sendNotice, type SendNotice } from './checks';

/** Saved this long after the last edit. */
export const SAVE_DELAY_MS = 800;
/** Copied to the server this often while the composer is open. */
export const UPLOAD_EVERY_MS = 60_000;

/** The draft without its id: what counts as an edit. */
export function draftKey(draft: MailDraft): string {
  return JSON.stringify({ ...draft, id: null });
}

/** The signature block as the shell writes it below the text (`-- ` separator). */
export function signatureBlock(signature: string): string {
  const s = signature.trimEnd();
  return s ? `\n-- \n${s}\n` : '';
}

/** The text with one identity's signature replaced by another's (when it is there). */
export function swapSignature(text: string, from: string, to: string): string {
  const old = signatureBlock(from);
  if (!old || !text.includes(old)) return text;
  return text.replace(old, signatureBlock(to));
}

/** The file name of a path (either separator). */
export function baseName(path: string): string {
  return path.split(/[/\\]/).filter(Boolean).pop() ?? path;
}

export class Composer {
  draft = $state<MailDraft>() as MailDraft;
  identities = $state<MailIdentity[]>([]);
  saving = $state(false);
  /** Unix milliseconds of the last local save. */
  savedAt = $state<number | null>(null);
  saveError = $state<ApiError | null>(null);
  /** The last copy to the server failed: saved here, not there yet. */
  serverPending = $state(false);
  sending = $state(false);
  error = $state<ApiError | null>(null);
  /** Anything changed since the composer opened. */
  edited = $state(false);
  /** The text as `mail_compose` made it (a forward can switch its kind until it is edited). */
  composedText = $state('');

  private lastKey: string;
  private autosave: Autosaver;
  private uploadTimer: ReturnType<typeof setInterval> | null = null;
  private unuploaded = false;

  constructor(
    readonly account: string,
    readonly request: MailComposeRequest,
    draft: MailDraft,
    identities: MailIdentity[],
  ) {
    this.draft = draft;
    this.identities = identities;
    this.composedText = draft.text;
    this.lastKey = draftKey(draft);
    this.autosave = new Autosaver(() => this.save(), SAVE_DELAY_MS);
  }

  /** A composer for `request`: the draft from the shell, and who can send it. */
  static async open(account: string, request: MailComposeRequest): Promise<Composer> {
    const [draft, identities] = await Promise.all([
      ipc.mailCompose(account, request),
      ipc.mailIdentities(account).catch(() => [] as MailIdentity[]),
    ]);
    return new Composer(account, request, draft, identities);
  }

  /**
   * Formatted text as the editor's serializer writes it (`sanitizeHtml`), in place of
   * the HTML the draft came with, without counting as an edit.
   * NOTE: a continued draft's HTML comes from the server, where any program may have
   * written it; only serialized HTML is saved or sent, even if the text is not touched.
   * The plain text is emptied as the editor does: the shell makes it from the HTML.
   */
  adoptHtml(html: string): void {
    this.draft.html = html;
    this.draft.text = '';
    this.lastKey = draftKey(this.draft);
  }

  /** A draft continued from the Drafts folder: discarding it removes a message that exists. */
  get continued(): boolean {
    return this.request.kind === 'draft';
  }

  /** Called whenever the draft may have changed; an actual change is saved shortly. */
  observe(): void {
    const key = draftKey(this.draft);
    if (key === this.lastKey) return;
    this.lastKey = key;
    this.edited = true;
    this.autosave.touch();
  }

  get status(): 'saving' | 'failed' | 'saved' | 'unsaved' {
    if (this.saving) return 'saving';
    if (this.saveError) return 'failed';
    return this.savedAt !== null ? 'saved' : 'unsaved';
  }

  /** Starts the minute-by-minute copy to the server; returns the stop function. */
  start(): () => void {
    this.uploadTimer = setInterval(() => void this.autosave.flush().then(() => this.upload()), UPLOAD_EVERY_MS);
    return () => this.stopTimers();
  }

  private stopTimers(): void {
    if (this.uploadTimer !== null) clearInterval(this.uploadTimer);
    this.uploadTimer = null;
  }

  private async save(): Promise<void> {
    this.saving = true;
    try {
      const saved = await ipc.mailDraftSave(this.account, $state.snapshot(this.draft) as MailDraft);
      this.draft.id = saved.id;
      this.savedAt = saved.updated_at;
      this.saveError = null;
      this.unuploaded = true;
    } catch (e) {
      this.saveError = e as ApiError;
      throw e;
    } finally {
      this.saving = false;
    }
  }

  /** Saves now (the "Save draft" button). */
  async saveNow(): Promise<void> {
    this.autosave.dirty = true;
    await this.autosave.flush();
    await this.upload();
  }

  /** Copies saved drafts to the server's Drafts folder; a failure only sets `serverPending`. */
  async upload(): Promise<void> {
    if (!this.unuploaded) return;
    try {
      await ipc.mailDraftsUpload(this.account);
      this.unuploaded = false;
      this.serverPending = false;
    } catch {
      this.serverPending = true;
    }
  }

  /**
   * Closing: saves what is unsaved, then copies it to the server in the background.
   * `false` when the draft could not be saved (the composer stays open).
   */
  async close(): Promise<{ closed: boolean; saved: boolean }> {
    await this.autosave.flush();
    if (this.autosave.dirty) return { closed: false, saved: false };
    await this.autosave.stop();
    this.stopTimers();
    void this.upload();
    return { closed: true, saved: this.draft.id !== null };
  }

  /** Deletes the draft here and on the server. */
  async discard(): Promise<void> {
    await this.autosave.stop();
    this.stopTimers();
    const id = this.draft.id;
    // NOTE: the local draft is gone even when the server cannot be told now; the
    // server copy is replaced or removed with the next upload.
    if (id !== null) await ipc.mailDraftDiscard(this.account, id).catch(() => null);
    // A continued draft this computer had no copy of exists only as the message in
    // Drafts: that message goes to the Trash, as "Delete" would move it.
    else if (this.request.kind === 'draft') await ipc.mailAct(this.account, { type: 'delete', ids: [this.request.message] }).catch(() => null);
  }

  /** Hands the draft to the outbox; `null` (with `error` set) when the shell refused it. */
  async send(): Promise<{ result: MailSendResult; notice: SendNotice } | null> {
    this.sending = true;
    this.error = null;
    // A save under way finishes first: its id tells the shell which draft goes with it.
    await this.autosave.stop();
    try {
      const result = await ipc.mailSend(this.account, $state.snapshot(this.draft) as MailDraft);
      this.stopTimers();
      return { result, notice: sendNotice(result) };
    } catch (e) {
      this.error = e as ApiError;
      this.autosave.resume();
      return null;
    } finally {
      this.sending = false;
    }
  }

  setIdentity(index: number): void {
    const next = this.identities[index];
    if (!next) return;
    const current = this.identities.find((i) => i.email === this.draft.from.email && i.name === this.draft.from.name);
    if (current) this.draft.text = swapSignature(this.draft.text, current.signature, next.signature);
    this.draft.from = { name: next.name, email: next.email };
    this.draft.reply_to = next.reply_to ? parseMailbox(next.reply_to) : null;
  }

  addAttachments(added: MailAttachment[]): void {
    const has = (a: MailAttachment) =>
      this.draft.attachments.some((b) => JSON.stringify(b) === JSON.stringify(a));
    this.draft.attachments = [...this.draft.attachments, ...added.filter((a) => !has(a))];
  }

  addFiles(paths: string[]): void {
    this.addAttachments(paths.map((path) => ({ kind: 'file', path, name: '' })));
  }

  async pickFiles(): Promise<void> {
    try {
      this.addAttachments(await ipc.mailPickAttachments());
    } catch (e) {
      this.error = e as ApiError;
    }
  }

  removeAttachment(index: number): void {
    this.draft.attachments = this.draft.attachments.filter((_, i) => i !== index);
  }

  /** A forward as attachment or inline, while its text is as it was composed. */
  get forwardAttached(): boolean | null {
    if (this.draft.origin?.kind !== 'forward') return null;
    return this.draft.attachments.some((a) => a.kind === 'message');
  }

  get canSwitchForward(): boolean {
    return this.draft.origin?.kind === 'forward' && this.draft.text === this.composedText;
  }

  async switchForward(attach: boolean): Promise<void> {
    const origin = this.draft.origin;
    if (!origin || origin.kind !== 'forward' || !this.canSwitchForward) return;
    try {
      const fresh = await ipc.mailCompose(this.account, { kind: 'forward', message: origin.message, attach });
      const own = this.draft.attachments.filter((a) => a.kind === 'file');
      this.draft.text = fresh.text;
      this.composedText = fresh.text;
      this.draft.attachments = [...fresh.attachments, ...own];
    } catch (e) {
      this.error = e as ApiError;
    }
  }
}

export interface ComposeNotice extends SendNotice {
  /** Increments, so the same notice twice is shown again. */
  serial: number;
}

/** The open composer (one at a time) and what the mail view says after it closed. */
export class ComposeSession {
  current = $state<Composer | null>(null);
  opening = $state(false);
  notice = $state<ComposeNotice | null>(null);
  private serial = 0;

  async start(account: string, request: MailComposeRequest): Promise<boolean> {
    if (this.current || this.opening) return false;
    this.opening = true;
    try {
      this.current = await Composer.open(account, request);
      return true;
    } catch (e) {
      const error = ipc.toApiError(e);
      this.tell({ tone: 'error', message: 'compose-open-failed', args: { reason: error.message }, outbox: false });
      return false;
    } finally {
      this.opening = false;
    }
  }

  finish(notice: SendNotice | null): void {
    this.current = null;
    if (notice) this.tell(notice);
  }

  tell(notice: SendNotice): void {
    const shown = { ...notice, serial: ++this.serial };
    this.notice = shown;
    // Good news goes by itself; anything the user should act on stays until dismissed.
    if (notice.tone === 'success' || notice.tone === 'info') {
      setTimeout(() => {
        if (this.notice?.serial === shown.serial) this.notice = null;
      }, 6000);
    }
  }
}

export const composing = new ComposeSession();
