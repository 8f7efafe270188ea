// Settings → Identities and signatures, without a page: the list of who an account sends
// as (the first is the default), the form of one identity, what is wrong with it before
// it reaches the shell, and the words for what the shell refused. The shell stores the
// whole list at once (`mail_identities_set`); these functions only build that list.
import type { MailIdentity } from '../bindings/MailIdentity';
import type { ApiError } from '../lib/ipc';
import { isValidEmail } from '../modules/mail/compose/address';

/** The form of one identity, as typed (Reply-To empty when there is none). */
export interface IdentityDraft {
  name: string;
  email: string;
  replyTo: string;
  signature: string;
}
export type IdentityField = keyof IdentityDraft;
/** Message ids of what is wrong, by field. */
export type IdentityProblems = Partial<Record<IdentityField, string>>;

export function emptyIdentityDraft(name = ''): IdentityDraft {
  return { name, email: '', replyTo: '', signature: '' };
}

export function draftFromIdentity(identity: MailIdentity): IdentityDraft {
  return { name: identity.name, email: identity.email, replyTo: identity.reply_to ?? '', signature: identity.signature };
}

/**
 * The identity as it is saved: name and addresses trimmed, no Reply-To when it is empty,
 * the signature without trailing blank lines and without a "-- " line of its own at the
 * top (the separator is added when writing, so typing it too would show it twice).
 */
export function identityFromDraft(draft: IdentityDraft): MailIdentity {
  const replyTo = draft.replyTo.trim();
  const signature = draft.signature.replace(/\r\n?/g, '\n').replace(/^\s*--[ \t]*\n/, '').trimEnd();
  return { name: draft.name.trim(), email: draft.email.trim(), signature, reply_to: replyTo ? replyTo : null };
}

/** The shell's rule: one address, whatever its case, is listed once per account. */
export function sameAddress(a: string, b: string): boolean {
  return a.trim().toLowerCase() === b.trim().toLowerCase();
}

/**
 * What keeps the draft from being saved next to `others` (the account's other
 * identities): the checks the shell makes too, tied to their field.
 */
export function validateIdentity(draft: IdentityDraft, others: readonly MailIdentity[]): IdentityProblems {
  const problems: IdentityProblems = {};
  const email = draft.email.trim();
  const replyTo = draft.replyTo.trim();
  if (/[\r\n]/.test(draft.name)) problems.name = 'identities-problem-name-line-break';
  if (!email) problems.email = 'identities-problem-email-empty';
  else if (!isValidEmail(email)) problems.email = 'identities-problem-email-invalid';
  else if (others.some((o) => sameAddress(o.email, email))) problems.email = 'identities-problem-email-duplicate';
  if (replyTo && !isValidEmail(replyTo)) problems.replyTo = 'identities-problem-reply-to-invalid';
  return problems;
}

/** The list with the identity at `index` first (the default for new messages). */
export function makeDefault(list: readonly MailIdentity[], index: number): MailIdentity[] {
  const chosen = list[index];
  if (!chosen || index === 0) return [...list];
  return [chosen, ...list.filter((_, i) => i !== index)];
}

/** Whether the identity at `index` may go: an account keeps at least one. */
export function canRemove(list: readonly MailIdentity[], index: number): boolean {
  return list.length > 1 && index >= 0 && index < list.length;
}

/** The list without the identity at `index`; the last one stays. */
export function removeAt(list: readonly MailIdentity[], index: number): MailIdentity[] {
  return canRemove(list, index) ? list.filter((_, i) => i !== index) : [...list];
}

/** The list with `identity` in place of the one at `index`, or added at the end (`null`). */
export function putAt(list: readonly MailIdentity[], index: number | null, identity: MailIdentity): MailIdentity[] {
  if (index === null || index < 0 || index >= list.length) return [...list, identity];
  return list.map((old, i) => (i === index ? identity : old));
}

/** The account's other identities, for the duplicate check of the one at `index`. */
export function othersThan(list: readonly MailIdentity[], index: number | null): MailIdentity[] {
  return list.filter((_, i) => i !== index);
}

/** A few lines of the signature for the list (the full text is in the form). */
export function signaturePreview(signature: string, lines = 3): { text: string; more: boolean } {
  const all = signature.trimEnd().split('\n');
  return { text: all.slice(0, lines).join('\n'), more: all.length > lines };
}

/** The words for a refused save, by the error's code (never by its text). */
export function saveErrorId(error: ApiError): string {
  switch (error.code) {
    case 'invalid_input':
      return 'identities-error-invalid';
    case 'account_not_found':
      return 'identities-error-account-gone';
    case 'module_disabled':
    case 'service_not_configured':
      return 'identities-error-no-mail';
    case 'store_damaged':
    case 'io':
      return 'identities-error-store';
    default:
      return 'identities-error-other';
  }
}
