// The mock shell's composer and outbox, for the test build and Vitest only (see
// mock.ts): identities per account (two preset for `work`, kept as saved with
// `mail_identities_set`), drafts in memory, an outbox preset with one uncertain and one
// queued message (so those states can be shown), sending that
// files at once (or queues while offline, or is refused for `@refused.test`),
// address suggestions from a few earlier correspondents, and drafts continued from the
// mock Drafts folder (the local copy when there is one, else rebuilt from the message).
import type { ApiError } from '../../bindings/ApiError';
import type { ErrorCode } from '../../bindings/ErrorCode';
import type { MailAttachment } from '../../bindings/MailAttachment';
import type { MailComposeRequest } from '../../bindings/MailComposeRequest';
import type { MailDraft } from '../../bindings/MailDraft';
import type { MailIdentity } from '../../bindings/MailIdentity';
import type { MailMailbox } from '../../bindings/MailMailbox';
import type { MailOutboxEntry } from '../../bindings/MailOutboxEntry';
import type { MailOutboxOutcome } from '../../bindings/MailOutboxOutcome';
import type { MailSavedDraft } from '../../bindings/MailSavedDraft';
import type { MailSendResult } from '../../bindings/MailSendResult';
import { format, type Language } from '../i18n';
import type { MockMailbox } from './mock-mail';

/** 2026-11-23 08:40 UTC, a little before the newest message of the mock INBOX. */
const PRESET_TIME = 1_795_423_200_000;

const PEOPLE: MailMailbox[] = [
  { name: 'Jürgen Müller', email: 'j.mueller@stadt.example.test' },
  { name: 'Aylin Özdemir', email: 'a.oezdemir@bauamt.example.test' },
  { name: 'Bob Berger', email: 'bob@example.test' },
  { name: 'Bürgerbüro', email: 'buergerbuero@example.test' },
  { name: 'Dr. Sabine Weiß', email: 's.weiss@ministerium.example.test' },
  { name: 'Benedikt Adler', email: 'b.adler@example.test' },
];

/** Files the "native file dialog" picks. */
export const MOCK_PICKED_FILES = ['/home/alice/Dokumente/Bericht 2026.pdf', '/home/alice/Dokumente/Lageplan Neubau.png'];

export interface ComposeEnv {
  /** The account's name and address, if it exists. */
  owner(account: string): { name: string; email: string } | null;
  language(): Language;
  online(): boolean;
  error(code: ErrorCode, details?: Record<string, string>): ApiError;
}

function presetOutbox(): MailOutboxEntry[] {
  return [
    {
      id: 1, state: 'uncertain', message_id: 'mock-outbox-1@example.test', subject: 'Stellungnahme zum Bauantrag 4711',
      recipients: ['a.oezdemir@bauamt.example.test'], attempts: 1, last_error: 'the connection broke after the message was handed over',
      created_at: PRESET_TIME, updated_at: PRESET_TIME + 60_000,
    },
    {
      id: 2, state: 'queued', message_id: 'mock-outbox-2@example.test', subject: 'Urlaubsvertretung im Dezember',
      recipients: ['j.mueller@stadt.example.test', 'bob@example.test'], attempts: 2, last_error: 'mail.example.test cannot be reached (connection timed out)',
      created_at: PRESET_TIME + 120_000, updated_at: PRESET_TIME + 300_000,
    },
  ];
}

const VALID_EMAIL = /^[^\s@<>(),;:"\\[\]]+@[\p{L}\p{N}-]+(\.[\p{L}\p{N}-]+)*$/u;

export class MockCompose {
  private drafts = new Map<number, MailDraft>();
  private outbox: MailOutboxEntry[] = presetOutbox();
  /** Messages sent and filed in Sent. */
  readonly sent: MailDraft[] = [];
  private nextDraft = 1;
  private nextEntry = 100;
  private counter = 0;
  /** Drafts changed since the last upload to the server. */
  private unuploaded = new Set<number>();
  /** Identities saved with `mail_identities_set`, by account. */
  private savedIdentities = new Map<string, MailIdentity[]>();

  constructor(
    private readonly mailbox: MockMailbox,
    private readonly env: ComposeEnv,
  ) {}

  /**
   * The account's identities, the default first: as last saved, else (as if saved
   * before) two for `work`, else one from the account's name and address, as the shell
   * makes it when none were ever saved.
   */
  identities(account: string): MailIdentity[] {
    const owner = this.env.owner(account);
    if (!owner) throw this.env.error('account_not_found', { account });
    const saved = this.savedIdentities.get(account);
    if (saved) return structuredClone(saved);
    if (account !== 'work') return [{ name: owner.name, email: owner.email, signature: '', reply_to: null }];
    return [
      { name: owner.name, email: owner.email, signature: `${owner.name}\nBauamt, Zimmer 2.14`, reply_to: null },
      { name: `${owner.name} (Bürgerbüro)`, email: 'buergerbuero@example.test', signature: 'Ihr Bürgerbüro', reply_to: null },
    ];
  }

  /**
   * `mail_identities_set`: replaces the whole list, checked as the shell checks it (at
   * least one, valid addresses, a name on one line, no address twice); on a refusal
   * nothing changes.
   */
  setIdentities(account: string, identities: MailIdentity[]): MailIdentity[] {
    if (!this.env.owner(account)) throw this.env.error('account_not_found', { account });
    const invalid = (reason: string) => this.env.error('invalid_input', { reason });
    if (!Array.isArray(identities) || identities.length === 0) throw invalid('at least one identity is needed to send mail');
    const checked: MailIdentity[] = [];
    for (const identity of identities) {
      const email = String(identity.email ?? '').trim();
      const name = String(identity.name ?? '');
      if (!VALID_EMAIL.test(email)) throw invalid(`"${email}" is not an e-mail address`);
      if (/[\r\n]/.test(name)) throw invalid('a name must fit on one line');
      if (checked.some((c) => c.email.toLowerCase() === email.toLowerCase())) throw invalid(`${email} is listed twice`);
      const replyTo = (identity.reply_to ?? '').trim();
      if (replyTo && !VALID_EMAIL.test(replyTo)) throw invalid(`"${replyTo}" is not an e-mail address`);
      checked.push({ name: name.trim(), email, signature: String(identity.signature ?? ''), reply_to: replyTo || null });
    }
    this.savedIdentities.set(account, checked);
    return structuredClone(checked);
  }

  private signature(identity: MailIdentity): string {
    const text = identity.signature.trimEnd();
    return text ? `\n-- \n${text}\n` : '';
  }

  private fresh(account: string): MailDraft {
    const identity = this.identities(account)[0]!;
    const domain = identity.email.split('@')[1] ?? 'example.test';
    const signature = this.signature(identity);
    return {
      id: null, message_id: `mock-${Date.now().toString(36)}-${++this.counter}@${domain}`,
      from: { name: identity.name, email: identity.email }, to: [], cc: [], bcc: [], reply_to: identity.reply_to ? { name: '', email: identity.reply_to } : null,
      subject: '', text: signature ? `\n${signature}` : '', html: null, attachments: [], in_reply_to: null, references: [], origin: null,
    };
  }

  compose(account: string, request: MailComposeRequest): MailDraft {
    const draft = this.fresh(account);
    const lang = this.env.language();
    const signature = this.signature(this.identities(account)[0]!);
    if (request.kind === 'new') return draft;
    if (request.kind === 'draft') return this.continueDraft(draft, request.message);
    if (request.kind === 'mailto') {
      const [path = '', query = ''] = request.url.replace(/^mailto:/i, '').split('?');
      const params = new URLSearchParams(query.replace(/\+/g, '%2B'));
      const list = (text: string | null) => (text ?? '').split(',').map((a) => a.trim()).filter(Boolean).map((a) => this.mailbox_(a));
      draft.to = [...list(decodeURIComponent(path)), ...list(params.get('to'))];
      draft.cc = list(params.get('cc'));
      draft.bcc = list(params.get('bcc'));
      draft.subject = params.get('subject') ?? '';
      const body = params.get('body');
      if (body) draft.text = `${body}\n${draft.text}`;
      return draft;
    }
    const original = this.mailbox.open(request.message);
    const date = new Date(original.date * 1000);
    const day = date.toISOString().slice(0, 10).split('-');
    const dateText = lang === 'de' ? `${day[2]}.${day[1]}.${day[0]}` : date.toUTCString().slice(5, 16);
    const time = date.toISOString().slice(11, 16);
    const from = { name: original.from_name, email: original.from_addr };
    if (request.kind === 'reply') {
      draft.to = [from];
      if (request.all) draft.cc = [{ name: 'Bob Berger', email: 'bob@example.test' }].filter((m) => m.email !== from.email);
      draft.subject = `Re: ${original.subject.replace(/^(re|aw):\s*/i, '')}`;
      draft.in_reply_to = original.message_id;
      draft.references = original.message_id ? [original.message_id] : [];
      draft.origin = { message: original.id, kind: 'reply' };
      const attribution = format(lang, 'mail-quote-attribution', { date: dateText, time, name: original.from_name || original.from_addr });
      const quote = (original.text ?? '').trimEnd().split('\n').map((l) => (l ? `> ${l}` : '>')).join('\n');
      draft.text = `\n${signature}\n${attribution}\n${quote}\n`;
      return draft;
    }
    draft.subject = `Fwd: ${original.subject}`;
    draft.references = original.message_id ? [original.message_id] : [];
    draft.origin = { message: original.id, kind: 'forward' };
    if (request.attach) {
      draft.attachments = [{ kind: 'message', message: original.id }];
      return draft;
    }
    const label = (id: string) => format(lang, id);
    const header = [
      label('mail-forward-header'),
      `${label('mail-forward-subject')}: ${original.subject}`,
      `${label('mail-forward-date')}: ${dateText} ${time}`,
      `${label('mail-forward-from')}: ${original.from_name} <${original.from_addr}>`,
      `${label('mail-forward-to')}: ${original.recipients.join(', ')}`,
    ].join('\n');
    draft.text = `\n${signature}\n${header}\n\n${(original.text ?? '').trimEnd()}`;
    if (original.has_attachment) draft.attachments = [{ kind: 'attachments_of', message: original.id }];
    return draft;
  }

  /**
   * A draft in Drafts, to write on: the local draft with the same Message-ID (with its
   * id), else one rebuilt from the message with `id: null` and the same Message-ID, so
   * saving it replaces the copy on the server.
   */
  private continueDraft(fresh: MailDraft, id: number): MailDraft {
    const saved = this.mailbox.draft(id);
    if (!saved || this.mailbox.roleOf(id) !== 'drafts') throw this.env.error('invalid_input', { reason: `message ${id} is not in the Drafts folder` });
    const message = this.mailbox.open(id);
    const messageId = message.message_id ?? fresh.message_id;
    const local = [...this.drafts.values()].find((d) => d.message_id === messageId);
    if (local) return structuredClone(local);
    return {
      ...fresh,
      message_id: messageId,
      to: saved.to.map((m) => ({ ...m })),
      cc: saved.cc.map((m) => ({ ...m })),
      subject: saved.subject,
      text: saved.text,
      html: saved.html,
      attachments: saved.attachments.length > 0 ? [{ kind: 'attachments_of', message: id }] : [],
      in_reply_to: saved.in_reply_to,
      references: saved.in_reply_to ? [saved.in_reply_to] : [],
    };
  }

  /** `Name <addr>` or `addr`, kept as typed when it is not an address (as the shell does). */
  private mailbox_(entry: string): MailMailbox {
    const m = /^\s*"?([^"<]*?)"?\s*<([^>]+)>\s*$/.exec(entry);
    return m ? { name: m[1]!.trim(), email: m[2]!.trim() } : { name: '', email: entry.trim() };
  }

  saveDraft(draft: MailDraft): MailSavedDraft {
    const id = draft.id ?? this.nextDraft++;
    if (draft.id !== null && !this.drafts.has(draft.id)) throw this.env.error('not_found', { reason: `draft ${draft.id}` });
    this.drafts.set(id, { ...structuredClone(draft), id });
    this.unuploaded.add(id);
    return { id, message_id: draft.message_id, updated_at: Date.now() };
  }

  listDrafts(): MailDraft[] {
    return [...this.drafts.values()].map((d) => structuredClone(d));
  }

  upload(): number {
    if (!this.env.online()) throw this.env.error('unreachable', { host: 'mail.example.test', reason: 'no route to host' });
    const count = this.unuploaded.size;
    this.unuploaded.clear();
    return count;
  }

  discardDraft(id: number): null {
    this.drafts.delete(id);
    this.unuploaded.delete(id);
    return null;
  }

  send(draft: MailDraft): MailSendResult {
    const recipients = [...draft.to, ...draft.cc, ...draft.bcc].map((m) => m.email);
    if (recipients.length === 0) throw this.env.error('invalid_input', { reason: 'the message has no recipient' });
    const invalid = recipients.find((r) => !VALID_EMAIL.test(r));
    if (invalid) throw this.env.error('invalid_input', { reason: `"${invalid}" is not an e-mail address` });
    if (draft.id !== null) this.discardDraft(draft.id);
    const now = Date.now();
    const entry: MailOutboxEntry = {
      id: this.nextEntry++, state: 'queued', message_id: draft.message_id, subject: draft.subject, recipients,
      attempts: 0, last_error: null, created_at: now, updated_at: now,
    };
    const outcome = this.attempt(entry);
    if (entry.state === 'filed') this.sent.push(structuredClone(draft));
    else this.outbox.push(entry);
    return { entry: structuredClone(entry), outcome };
  }

  /** One submission attempt: refused for `@refused.test`, waiting while offline, else filed. */
  private attempt(entry: MailOutboxEntry): MailOutboxOutcome {
    entry.attempts++;
    entry.updated_at = Date.now();
    if (entry.recipients.some((r) => r.endsWith('@refused.test'))) {
      entry.state = 'rejected';
      entry.last_error = '550 5.1.1 <nobody@refused.test>: Recipient address rejected: User unknown';
    } else if (!this.env.online()) {
      entry.state = 'queued';
      entry.last_error = 'mail.example.test cannot be reached (no route to host)';
    } else {
      entry.state = 'filed';
      entry.last_error = null;
    }
    return { id: entry.id, message_id: entry.message_id, state: entry.state, error: entry.last_error };
  }

  list(): MailOutboxEntry[] {
    return structuredClone(this.outbox);
  }

  retry(id: number): MailOutboxOutcome[] {
    const entry = this.outbox.find((e) => e.id === id);
    if (!entry) throw this.env.error('not_found', { reason: `outbox entry ${id}` });
    if (entry.state !== 'uncertain' && entry.state !== 'rejected') throw this.env.error('invalid_input', { reason: 'only an uncertain or refused message is sent again' });
    const outcome = this.attempt(entry);
    this.outbox = this.outbox.filter((e) => e.state !== 'filed');
    return [outcome];
  }

  discard(id: number): null {
    const entry = this.outbox.find((e) => e.id === id);
    if (!entry) throw this.env.error('not_found', { reason: `outbox entry ${id}` });
    if (entry.state === 'submitting') throw this.env.error('invalid_input', { reason: 'the message is being sent right now' });
    this.outbox = this.outbox.filter((e) => e.id !== id);
    return null;
  }

  pick(): MailAttachment[] {
    return MOCK_PICKED_FILES.map((path) => ({ kind: 'file', path, name: '' }));
  }

  suggest(prefix: string, limit: number): MailMailbox[] {
    const fold = (s: string) => s.toLowerCase().normalize('NFD').replace(/[\u0300-\u036f]/g, '');
    const p = fold(prefix.trim());
    if (!p) return [];
    return PEOPLE.filter((m) => fold(m.email).startsWith(p) || fold(m.name).split(/[\s.]+/).some((w) => w.startsWith(p)))
      .slice(0, limit)
      .map((m) => ({ ...m }));
  }
}
