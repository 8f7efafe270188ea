// What the composer checks before sending, and how it reports what sending did. Pure
// functions of the draft and the shell's answers, so they are tested without a page.
import type { MailDraft } from '../../../bindings/MailDraft';
import type { MailOutboxState } from '../../../bindings/MailOutboxState';
import type { MailSendResult } from '../../../bindings/MailSendResult';
import { isValidMailbox } from './address';

/** Words that say something is attached, in English and German (lower case, word starts). */
const ATTACHMENT_WORDS = /(^|[^\p{L}])(attach(ed|ment|ments|ing)?|anhang|anhängen|angehängt|anbei|beigefügt)([^\p{L}]|$)/iu;

/**
 * Whether the text the user wrote mentions an attachment. Quoted lines (`> …`), the
 * signature (below `-- `) and a forwarded message's header block are not the user's
 * words and are ignored.
 */
export function mentionsAttachment(text: string): boolean {
  const own: string[] = [];
  for (const line of text.split('\n')) {
    if (line === '-- ' || /^-{4,}.*-{4,}$/.test(line.trim())) break;
    if (line.trimStart().startsWith('>')) continue;
    own.push(line);
  }
  return ATTACHMENT_WORDS.test(own.join('\n'));
}

export type SendProblem =
  /** Nobody to send to: sending is refused. */
  | { kind: 'no-recipient' }
  /** Addresses that cannot be sent to: sending is refused. */
  | { kind: 'invalid'; addresses: string[] }
  /** Asked first: the subject is empty. */
  | { kind: 'no-subject' }
  /** Asked first: the text mentions an attachment but nothing is attached. */
  | { kind: 'missing-attachment' };

/**
 * What stands in the way of sending, in the order the user is told: refusals first,
 * then questions. `skip` holds the questions already answered with "Send anyway"; `text`
 * is what the user wrote (the text of the HTML while formatted).
 */
export function sendProblems(draft: MailDraft, skip: ReadonlySet<SendProblem['kind']> = new Set(), text = draft.text): SendProblem[] {
  const problems: SendProblem[] = [];
  const all = [...draft.to, ...draft.cc, ...draft.bcc];
  if (all.length === 0) problems.push({ kind: 'no-recipient' });
  const invalid = all.filter((m) => !isValidMailbox(m)).map((m) => m.email);
  if (invalid.length > 0) problems.push({ kind: 'invalid', addresses: invalid });
  if (!draft.subject.trim() && !skip.has('no-subject')) problems.push({ kind: 'no-subject' });
  if (draft.attachments.length === 0 && mentionsAttachment(text) && !skip.has('missing-attachment')) {
    problems.push({ kind: 'missing-attachment' });
  }
  return problems;
}

/** Fluent ids of the outbox states, in the words users and tests use. */
export const OUTBOX_STATE_WORDS: Record<MailOutboxState, string> = {
  queued: 'outbox-state-queued',
  submitting: 'outbox-state-submitting',
  accepted: 'outbox-state-accepted',
  filed: 'outbox-state-filed',
  uncertain: 'outbox-state-uncertain',
  rejected: 'outbox-state-rejected',
};

export function outboxStateWord(state: MailOutboxState): string {
  return OUTBOX_STATE_WORDS[state];
}

/** Whether the user has to decide about an entry (the outbox does not go on by itself). */
export function needsDecision(state: MailOutboxState): boolean {
  return state === 'uncertain' || state === 'rejected';
}

export interface SendNotice {
  tone: 'success' | 'info' | 'warning' | 'error';
  /** Fluent id and its arguments. */
  message: string;
  args: Record<string, string>;
  /** Whether to offer "Open outbox" (the user has something to decide there). */
  outbox: boolean;
}

/** What to tell the user after `mail_send`, from the immediate attempt's outcome. */
export function sendNotice(result: MailSendResult): SendNotice {
  const state = result.outcome?.state ?? result.entry.state;
  const reason = result.outcome?.error ?? result.entry.last_error ?? '';
  switch (state) {
    case 'filed':
      return { tone: 'success', message: 'compose-sent', args: {}, outbox: false };
    case 'accepted':
      return { tone: 'success', message: 'compose-sent-filing', args: {}, outbox: false };
    case 'rejected':
      return { tone: 'error', message: 'compose-sent-rejected', args: { reason }, outbox: true };
    case 'uncertain':
      return { tone: 'warning', message: 'compose-sent-uncertain', args: {}, outbox: true };
    case 'queued':
    case 'submitting':
      return reason
        ? { tone: 'warning', message: 'compose-sent-queued', args: { reason }, outbox: false }
        : { tone: 'info', message: 'compose-sent-queued-plain', args: {}, outbox: false };
  }
}
