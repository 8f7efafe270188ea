// Addresses as people type them into the composer: split at commas, semicolons and
// line breaks (not inside quotes or angle brackets), `Name <addr>` or a bare address,
// checked like the shell checks them (`werkbank_mail::compose::address`), so a chip
// is marked invalid before sending fails. The shell checks every address again.
import type { MailMailbox } from '../../../bindings/MailMailbox';
import type { MailtoRequest } from '../../../bindings/MailtoRequest';

const FORBIDDEN = /[\s<>()[\],;:"\\\p{Cc}\u200E\u200F\u202A-\u202E\u2066-\u2069]/u;
const LABEL = /^[\p{L}\p{N}](?:[\p{L}\p{N}-]*[\p{L}\p{N}])?$/u;

/** Whether `email` is one `local@domain` the shell accepts. */
export function isValidEmail(email: string): boolean {
  const at = email.indexOf('@');
  if (at <= 0 || at !== email.lastIndexOf('@') || at === email.length - 1) return false;
  if (email.length > 254 || at > 64 || FORBIDDEN.test(email)) return false;
  const local = email.slice(0, at);
  if (local.startsWith('.') || local.endsWith('.') || local.includes('..')) return false;
  return email.slice(at + 1).split('.').every((label) => LABEL.test(label));
}

/** Splits `a@x, "Doe, Jo" <j@x>; b@y` into its entries, trimmed, empty ones dropped. */
export function splitAddresses(text: string): string[] {
  return tokenize(`${text},`).committed;
}

/**
 * What typing has finished so far: the entries before the last separator (comma,
 * semicolon, line break outside quotes and angle brackets) are `committed`, the text
 * after it is still being typed (`rest`).
 */
export function tokenize(text: string): { committed: string[]; rest: string } {
  const committed: string[] = [];
  let current = '';
  let quoted = false;
  let angle = false;
  for (const c of text) {
    if (c === '"') quoted = !quoted;
    else if (c === '<' && !quoted) angle = true;
    else if (c === '>' && !quoted) angle = false;
    else if ((c === ',' || c === ';' || c === '\n' || c === '\r') && !quoted && !angle) {
      if (current.trim()) committed.push(current.trim());
      current = '';
      continue;
    }
    current += c;
  }
  return { committed, rest: current.replace(/^\s+/, '') };
}

/** One entry as a mailbox: `Name <addr>`, `"Name" <addr>` or `addr`; kept as typed when invalid. */
export function parseMailbox(entry: string): MailMailbox {
  const text = entry.trim();
  const open = text.lastIndexOf('<');
  if (open >= 0 && text.endsWith('>')) {
    let name = text.slice(0, open).trim();
    if (name.length >= 2 && name.startsWith('"') && name.endsWith('"')) name = name.slice(1, -1).replace(/\\"/g, '"');
    return { name: name.replace(/\s+/g, ' '), email: text.slice(open + 1, -1).trim() };
  }
  return { name: '', email: text.replace(/^mailto:/i, '') };
}

export function isValidMailbox(mailbox: MailMailbox): boolean {
  return isValidEmail(mailbox.email);
}

/** `Name <addr>` or `addr`, for display and for editing a chip again. */
export function formatMailbox(mailbox: MailMailbox): string {
  if (!mailbox.name) return mailbox.email;
  const name = /[",;<>@]/.test(mailbox.name) ? `"${mailbox.name.replace(/"/g, '\\"')}"` : mailbox.name;
  return `${name} <${mailbox.email}>`;
}

/** Adds mailboxes to a list, each address once (case does not matter). */
export function addMailboxes(list: MailMailbox[], added: MailMailbox[]): MailMailbox[] {
  const out = [...list];
  for (const m of added) {
    if (!out.some((o) => o.email.toLowerCase() === m.email.toLowerCase())) out.push(m);
  }
  return out;
}

/**
 * The `mailto:` URL of a link the shell already parsed, for `mail_compose` (which
 * parses it again, taking only recipients, subject and body).
 */
export function mailtoUrl(request: MailtoRequest): string {
  const enc = (s: string) => encodeURIComponent(s).replace(/%40/g, '@');
  const params: string[] = [];
  if (request.cc.length) params.push(`cc=${enc(request.cc.join(','))}`);
  if (request.bcc.length) params.push(`bcc=${enc(request.bcc.join(','))}`);
  if (request.subject) params.push(`subject=${enc(request.subject)}`);
  if (request.body) params.push(`body=${enc(request.body)}`);
  return `mailto:${request.to.map(enc).join(',')}${params.length ? `?${params.join('&')}` : ''}`;
}
