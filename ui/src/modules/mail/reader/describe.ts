// What the reader says about a rendered message, as Fluent ids with their arguments:
// the warnings (phishing hints, risky attachments), the parser's problems, sizes and
// the dates of invitations. Pure functions, so they are tested without a component.
import type { Invitation } from '../../../bindings/Invitation';
import type { PhishingHint } from '../../../bindings/PhishingHint';
import type { Problem } from '../../../bindings/Problem';
import type { RenderedAddress } from '../../../bindings/RenderedAddress';
import type { Risk } from '../../../bindings/Risk';
import type { Args, Language } from '../../../lib/i18n';

/** A sentence to show: `t(text.id, text.args)`. */
export interface Text {
  id: string;
  args: Args;
}

export function intlLocale(lang: Language): string {
  return lang === 'de' ? 'de-DE' : 'en-GB';
}

/** One sentence per hint; the sender's own words (names, domains) only as arguments. */
export function hintText(hint: PhishingHint): Text {
  switch (hint.code) {
    case 'name_contains_other_address':
      return { id: 'reader-hint-name-contains-other-address', args: { shown: hint.shown, actual: hint.actual } };
    case 'impersonates_contact':
      return { id: 'reader-hint-impersonates-contact', args: { name: hint.name, known: hint.known_address, actual: hint.actual } };
    case 'lookalike_domain':
      return { id: 'reader-hint-lookalike-domain', args: { domain: hint.domain, resembles: hint.resembles } };
    case 'mixed_script_domain':
      return { id: 'reader-hint-mixed-script-domain', args: { domain: hint.domain } };
    case 'reply_to_other_domain':
      return { id: 'reader-hint-reply-to-other-domain', args: { from: hint.from_domain, replyTo: hint.reply_to_domain } };
    case 'first_message_from_sender':
      return { id: 'reader-hint-first-message', args: { address: hint.address } };
  }
}

/** A first message from someone is worth a note, not a warning. */
export function isWarning(hint: PhishingHint): boolean {
  return hint.code !== 'first_message_from_sender';
}

export function riskText(risk: Risk): Text {
  switch (risk.code) {
    case 'executable':
      return risk.extension
        ? { id: 'reader-risk-executable', args: { extension: risk.extension } }
        : { id: 'reader-risk-executable-type', args: {} };
    case 'double_extension':
      return { id: 'reader-risk-double-extension', args: { shown: risk.shown, real: risk.real } };
    case 'macros':
      return { id: 'reader-risk-macros', args: { extension: risk.extension } };
    case 'disk_image':
      return { id: 'reader-risk-disk-image', args: { extension: risk.extension } };
  }
}

export function problemText(problem: Problem): Text {
  switch (problem.code) {
    case 'encoding_problem':
      return { id: 'reader-problem-encoding', args: {} };
    case 'nesting_too_deep':
      return { id: 'reader-problem-nesting', args: {} };
    case 'body_too_large':
      return { id: 'reader-problem-too-large', args: {} };
    case 'styles_ignored':
      return { id: 'reader-problem-styles', args: {} };
  }
}

const UNITS = ['reader-size-bytes', 'reader-size-kb', 'reader-size-mb', 'reader-size-gb'] as const;

/** 1536 → "1.5 KB" (binary steps, as file managers on the desktop count). */
export function sizeText(bytes: number, lang: Language): Text {
  let value = Math.max(0, bytes);
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  const digits = unit === 0 || value >= 100 ? 0 : 1;
  const size = new Intl.NumberFormat(intlLocale(lang), { maximumFractionDigits: digits }).format(value);
  // `size` is already formatted for the language; `count` picks "byte" or "bytes".
  return { id: UNITS[unit]!, args: unit === 0 ? { size, count: value } : { size } };
}

/** "Name <address>", or whichever of the two there is. */
export function addressLine(a: RenderedAddress): string {
  if (a.name && a.address && a.name !== a.address) return `${a.name} <${a.address}>`;
  return a.address || a.name;
}

/** Whether Reply-To says something the From does not (other addresses). */
export function replyToDiffers(from: RenderedAddress[], replyTo: RenderedAddress[]): boolean {
  if (replyTo.length === 0) return false;
  const senders = new Set(from.map((a) => a.address.toLowerCase()));
  return replyTo.some((a) => !senders.has(a.address.toLowerCase()));
}

type Moment = { date: Date; allDay: boolean; floating: boolean };

/** `2026-11-23T09:00:00Z` (an instant), `2026-11-23T09:00:00` (a wall clock), `2026-11-23`. */
function moment(iso: string): Moment | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2}))?(Z)?)?$/.exec(iso.trim());
  if (!m) return null;
  const [, y, mo, d, h, mi, s, z] = m;
  const date = new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h ?? 0), Number(mi ?? 0), Number(s ?? 0)));
  return { date, allDay: h === undefined, floating: h !== undefined && z === undefined };
}

/**
 * When an invitation is, in the reader's language: instants in `timeZone` (the
 * user's), wall-clock times as written (with their zone's name, if any); an end on
 * the same day shows its time only. Empty when the invitation says nothing usable.
 */
export function invitationWhen(invitation: Invitation, lang: Language, timeZone?: string): string {
  const start = invitation.start ? moment(invitation.start) : null;
  if (!start) return '';
  const end = invitation.end ? moment(invitation.end) : null;
  const zone = (m: Moment) => (m.allDay || m.floating ? 'UTC' : timeZone);
  const dateFormat = (m: Moment) =>
    new Intl.DateTimeFormat(intlLocale(lang), { dateStyle: 'full', timeZone: zone(m) });
  const full = (m: Moment) =>
    m.allDay ? dateFormat(m).format(m.date) : new Intl.DateTimeFormat(intlLocale(lang), { dateStyle: 'full', timeStyle: 'short', timeZone: zone(m) }).format(m.date);
  const time = (m: Moment) => new Intl.DateTimeFormat(intlLocale(lang), { timeStyle: 'short', timeZone: zone(m) }).format(m.date);
  let text = full(start);
  if (end) {
    // All-day ends are exclusive in iCalendar: a one-day event ends the next day.
    const allDayEnd = end.allDay ? new Date(end.date.getTime() - 86_400_000) : end.date;
    const sameDay = dateFormat(start).format(start.date) === dateFormat(end).format(allDayEnd);
    if (start.allDay && end.allDay) text = sameDay ? text : `${text} – ${dateFormat(end).format(allDayEnd)}`;
    else text = `${text} – ${sameDay ? time(end) : full(end)}`;
  }
  if (invitation.tzid && (start.floating || start.allDay)) text = `${text} (${invitation.tzid})`;
  return text;
}
