// The one typed door to the shell. Components call these functions, never `invoke`
// with a string of their own; the command names and argument keys are the contract
// with src-tauri (camelCase keys, as Tauri maps them to the Rust parameters).
import { transport } from '$transport';
import type { Account } from '../bindings/Account';
import type { AccountTest } from '../bindings/AccountTest';
import type { AccountView } from '../bindings/AccountView';
import type { AddAccount } from '../bindings/AddAccount';
import type { ApiError } from '../bindings/ApiError';
import type { AppInfo } from '../bindings/AppInfo';
import type { Discovery } from '../bindings/Discovery';
import type { ErrorCode } from '../bindings/ErrorCode';
import type { Folder } from '../bindings/Folder';
import type { MailAction } from '../bindings/MailAction';
import type { MailAttachment } from '../bindings/MailAttachment';
import type { MailComposeRequest } from '../bindings/MailComposeRequest';
import type { MailDraft } from '../bindings/MailDraft';
import type { MailIdentity } from '../bindings/MailIdentity';
import type { MailMailbox } from '../bindings/MailMailbox';
import type { MailOutboxEntry } from '../bindings/MailOutboxEntry';
import type { MailOutboxOutcome } from '../bindings/MailOutboxOutcome';
import type { MailReaderView } from '../bindings/MailReaderView';
import type { MailSavedDraft } from '../bindings/MailSavedDraft';
import type { MailSendResult } from '../bindings/MailSendResult';
import type { MessageDetail } from '../bindings/MessageDetail';
import type { MessageSummary } from '../bindings/MessageSummary';
import type { SearchHit } from '../bindings/SearchHit';
import type { MailtoRequest } from '../bindings/MailtoRequest';
import type { ModuleEvent } from '../bindings/ModuleEvent';
import type { ModuleView } from '../bindings/ModuleView';
import type { PendingAccount } from '../bindings/PendingAccount';
import type { RemoveAccount } from '../bindings/RemoveAccount';
import type { Setting } from '../bindings/Setting';

export type { ApiError, ErrorCode };

const ERROR_CODES: ReadonlySet<string> = new Set<ErrorCode>([
  'auth_failed', 'certificate_untrusted', 'host_not_allowed', 'setting_locked', 'profile_in_use',
  'keyring_unavailable', 'unreachable', 'timeout', 'starttls_unavailable', 'policy_invalid',
  'setting_unknown', 'setting_invalid', 'account_not_found', 'account_exists', 'module_disabled',
  'service_not_configured', 'discovery_failed', 'protocol_error', 'invalid_input', 'io',
  'password_missing', 'password_command_failed', 'pinning_forbidden', 'connection_lost',
  'not_found', 'store_damaged', 'internal',
]);

export function isApiError(value: unknown): value is ApiError {
  return (
    typeof value === 'object' && value !== null &&
    typeof (value as { code?: unknown }).code === 'string' &&
    ERROR_CODES.has((value as { code: string }).code) &&
    typeof (value as { message?: unknown }).message === 'string'
  );
}

/** Every rejection becomes an `ApiError`: the UI switches on `code` only. */
export function toApiError(reason: unknown): ApiError {
  if (isApiError(reason)) {
    return { code: reason.code, message: reason.message, hint: reason.hint ?? '', details: reason.details ?? {} };
  }
  const text = reason instanceof Error ? reason.message : String(reason);
  return { code: 'internal', message: text, hint: '', details: { reason: text } };
}

async function call<T>(command: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return await transport.invoke<T>(command, args);
  } catch (reason) {
    throw toApiError(reason);
  }
}

export const transportName = transport.name;

export const appInfo = () => call<AppInfo>('app_info');
export const modulesList = () => call<ModuleView[]>('modules_list');
export const accountList = () => call<AccountView[]>('account_list');
export const accountPending = () => call<PendingAccount[]>('account_pending');
export const accountDiscover = (email: string, username: string | null, password: string | null) =>
  call<Discovery>('account_discover', { email, username, password });
export const accountProbe = (request: AddAccount) => call<AccountTest>('account_probe', { request });
export const accountAdd = (request: AddAccount) => call<AccountView>('account_add', { request });
/** New server settings for a saved account (same id); pins and policy fields stay. */
export const accountUpdate = (account: Account) => call<AccountView>('account_update', { account });
export const accountTest = (id: string) => call<AccountTest>('account_test', { id });
export const accountRemove = (request: RemoveAccount) => call<ApiError[]>('account_remove', { request });
export const accountSetPassword = (id: string, password: string) =>
  call<null>('account_set_password', { id, password });
export const accountTrustCertificate = (id: string, fingerprint: string, confirmed: boolean) =>
  call<AccountView>('account_trust_certificate', { id, fingerprint, confirmed });
export const settingsGet = () => call<Setting[]>('settings_get');
export const settingsSet = (key: string, value: string) => call<Setting>('settings_set', { key, value });

/** `mailto:` drafts that reached the app before the UI listened (call once, after `onComposeRequested`). */
export const composePending = () => call<MailtoRequest[]>('compose_pending');

// Mail: the local store (works offline); actions are applied at once and sent by the
// account's background sync.
export const mailFolders = (account: string) => call<Folder[]>('mail_folders', { account });
export const mailList = (account: string, folder: number, offset: number, limit: number) =>
  call<MessageSummary[]>('mail_list', { account, folder, offset, limit });
export const mailThread = (account: string, thread: number) => call<MessageSummary[]>('mail_thread', { account, thread });
/** The message for the reader; its body is fetched from the server first when it is not local. */
export const mailOpen = (account: string, id: number) => call<MessageDetail>('mail_open', { account, id });
export const mailSearch = (account: string, query: string, limit: number) =>
  call<SearchHit[]>('mail_search', { account, query, limit });
/** Returns the new ids of moved or copied messages. */
export const mailAct = (account: string, action: MailAction) => call<number[]>('mail_act', { account, action });
export const mailSyncNow = (account: string) => call<null>('mail_sync_now', { account });
export const mailUnread = () => call<number>('mail_unread');

// Reading: the sanitised view model; the body itself loads in a sandboxed frame from
// `document_url` (the shell's internal scheme), never as HTML in this document.
export const mailRender = (account: string, id: number) => call<MailReaderView>('mail_render', { account, id });
/** Loads remote content for this message (until the app quits) or always for its sender. */
export const mailAllowRemote = (account: string, id: number, scope: 'message' | 'sender') =>
  call<MailReaderView>('mail_allow_remote', { account, id, scope });
/** Asks where to save (native dialog) and saves under a safe name; `null` when cancelled. */
export const mailAttachmentSave = (account: string, id: number, part: string) =>
  call<string | null>('mail_attachment_save', { account, id, part });
/** Opens with the system's program; a risky file (see `RenderedAttachment.risk`) needs `confirmed`. */
export const mailAttachmentOpen = (account: string, id: number, part: string, confirmed: boolean) =>
  call<null>('mail_attachment_open', { account, id, part, confirmed });

// Writing and sending: drafts are saved locally as the user types; sending queues the
// message durably in the outbox and tries at once.
/** People written with before whose name or address starts with (a word of) `prefix`. */
export const mailSuggest = (account: string, prefix: string, limit: number) =>
  call<MailMailbox[]>('mail_suggest', { account, prefix, limit });
export const mailIdentities = (account: string) => call<MailIdentity[]>('mail_identities', { account });
/** Replaces the account's identities (in this order, the first is the default); returns the stored list. */
export const mailIdentitiesSet = (account: string, identities: MailIdentity[]) =>
  call<MailIdentity[]>('mail_identities_set', { account, identities });
export const mailCompose = (account: string, request: MailComposeRequest) =>
  call<MailDraft>('mail_compose', { account, request });
export const mailDraftSave = (account: string, draft: MailDraft) =>
  call<MailSavedDraft>('mail_draft_save', { account, draft });
export const mailDrafts = (account: string) => call<MailDraft[]>('mail_drafts', { account });
/** Copies changed drafts to the server's Drafts folder; returns how many went up. */
export const mailDraftsUpload = (account: string) => call<number>('mail_drafts_upload', { account });
export const mailDraftDiscard = (account: string, id: number) => call<null>('mail_draft_discard', { account, id });
export const mailSend = (account: string, draft: MailDraft) => call<MailSendResult>('mail_send', { account, draft });
export const mailOutbox = (account: string) => call<MailOutboxEntry[]>('mail_outbox', { account });
/** "Send again" for an uncertain or refused message: only on the user's explicit choice. */
export const mailOutboxRetry = (account: string, id: number) =>
  call<MailOutboxOutcome[]>('mail_outbox_retry', { account, id });
export const mailOutboxDiscard = (account: string, id: number) => call<null>('mail_outbox_discard', { account, id });
/** Native file dialog (several files); the chosen files as attachments, `[]` when cancelled. */
export const mailPickAttachments = () => call<MailAttachment[]>('mail_pick_attachments');

export const onComposeRequested = (handler: (request: MailtoRequest) => void) =>
  transport.listen<MailtoRequest>('compose-requested', handler);
export const onModuleEvent = (handler: (event: ModuleEvent) => void) =>
  transport.listen<ModuleEvent>('module-event', handler);
/** A click on a desktop notification: the item to open (`mail/<account>/<id>`). */
export const onOpenItem = (handler: (item: string) => void) => transport.listen<string>('open-item', handler);
/**
 * Files dropped onto the window (Tauri's `tauri://drag-drop`; the webview gets no DOM
 * drop events for files). Only paths arrive: the shell reads the files when sending.
 */
export const onFilesDropped = (handler: (paths: string[]) => void) =>
  transport.listen<{ paths?: string[] }>('tauri://drag-drop', (payload) => handler(payload?.paths ?? []));
export const onOnlineChanged = (handler: (payload: { online: boolean }) => void) =>
  transport.listen<{ online: boolean }>('online-changed', handler);
