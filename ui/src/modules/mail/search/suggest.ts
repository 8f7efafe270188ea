// Suggestions for the search field, as pure functions: the word under the caret (quotes
// group words, as in the search syntax of `crates/mail/src/search/query.rs`), what fits
// it (operators, their values, folder names, today's date, people, recent searches) and
// the field's text after a pick.
import type { MailMailbox } from '../../../bindings/MailMailbox';

/** The word the caret is in (or an empty word between two). */
export interface Word {
  start: number;
  end: number;
  /** The word as typed, quotes included. */
  text: string;
  /** `from` in `from:anna`, lower case; null for a bare word. */
  key: string | null;
  /** The part after `key:` (or the whole bare word), without quotes. */
  value: string;
}

export type SuggestionKind = 'operator' | 'value' | 'folder' | 'date' | 'person' | 'recent';

export interface Suggestion {
  kind: SuggestionKind;
  /** What replaces the word (or, for a recent search, the whole field). */
  insert: string;
  /** Whether the term is complete: a space follows it. `from:` waits for its value. */
  complete: boolean;
  /** Fluent id and arguments of the description. */
  description: string;
  args?: Record<string, string>;
}

export const MAX_PEOPLE = 5;
export const MAX_RECENT = 8;
/** A bare word needs this many letters before people are looked up. */
export const MIN_BARE_PERSON = 2;

interface Operator {
  insert: string;
  complete: boolean;
  description: string;
  date?: boolean;
}

export const OPERATORS: Operator[] = [
  { insert: 'from:', complete: false, description: 'search-suggest-from' },
  { insert: 'to:', complete: false, description: 'search-suggest-to' },
  { insert: 'subject:', complete: false, description: 'search-suggest-subject' },
  { insert: 'folder:', complete: false, description: 'search-suggest-folder' },
  { insert: 'is:unread', complete: true, description: 'search-suggest-unread' },
  { insert: 'is:read', complete: true, description: 'search-suggest-read' },
  { insert: 'is:flagged', complete: true, description: 'search-suggest-flagged' },
  { insert: 'has:attachment', complete: true, description: 'search-suggest-attachment' },
  { insert: 'before:', complete: false, description: 'search-suggest-before', date: true },
  { insert: 'after:', complete: false, description: 'search-suggest-after', date: true },
];

/** A local day as the search syntax writes it: `2026-11-23`. */
export function isoDay(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** The word around `caret`; words are split at spaces outside quotes. */
export function wordAt(query: string, caret: number): Word {
  const at = Math.max(0, Math.min(caret, query.length));
  let start = -1;
  let quoted = false;
  for (let i = 0; i <= query.length; i++) {
    const c = query[i];
    const space = c === undefined || (!quoted && /\s/.test(c));
    if (start < 0 && !space) start = i;
    if (c === '"') quoted = !quoted;
    if (start >= 0 && space) {
      if (start <= at && at <= i) return parse(query, start, i);
      start = -1;
    }
    if (i >= at && start < 0) break;
  }
  return { start: at, end: at, text: '', key: null, value: '' };
}

function parse(query: string, start: number, end: number): Word {
  const text = query.slice(start, end);
  const m = /^([A-Za-z]+):/.exec(text);
  const key = m ? m[1]!.toLowerCase() : null;
  const value = (m ? text.slice(m[0].length) : text).replaceAll('"', '');
  return { start, end, text, key, value };
}

export interface Context {
  /** Folder names as people see them (`display`). */
  folders: string[];
  /** Today, as `isoDay` writes it. */
  today: string;
  /** Submitted searches, newest first. */
  recent: string[];
  /** The whole field, to tell an empty one. */
  query: string;
  /** Asked for (ArrowDown) rather than typed: an empty word gets suggestions too. */
  explicit?: boolean;
}

/** The suggestions that need no lookup, in the order shown. */
export function complete(word: Word, ctx: Context): Suggestion[] {
  if (word.text === '' && !ctx.explicit) return [];
  if (ctx.query.trim() === '') {
    if (ctx.recent.length > 0) {
      return ctx.recent.slice(0, MAX_RECENT).map((q) => ({ kind: 'recent', insert: q, complete: true, description: 'search-suggest-recent' }));
    }
    return OPERATORS.map((o) => operator(o, ctx.today));
  }
  if (word.text === '') return OPERATORS.map((o) => operator(o, ctx.today));
  const typed = word.text.toLowerCase();
  if (word.key === null || word.key === 'is' || word.key === 'has') {
    // A bare word or `is:`/`has:`: operators that start with what was typed.
    const ops = OPERATORS.filter((o) => o.insert.startsWith(typed) && o.insert !== typed);
    return ops.map((o) => (word.key ? { ...operator(o, ctx.today), kind: 'value' as const } : operator(o, ctx.today)));
  }
  if (word.key === 'folder') {
    const value = word.value.toLowerCase();
    return ctx.folders
      .filter((f) => f.toLowerCase().startsWith(value) && f.toLowerCase() !== value && !f.includes('"'))
      .map((f) => ({ kind: 'folder', insert: `folder:${quote(f)}`, complete: true, description: 'search-suggest-in-folder', args: { folder: f } }));
  }
  if (word.key === 'before' || word.key === 'after') {
    if (!ctx.today.startsWith(word.value) || word.value === ctx.today) return [];
    return [{ kind: 'date', insert: `${word.key}:${ctx.today}`, complete: true, description: `search-suggest-${word.key}-day`, args: { day: ctx.today } }];
  }
  return [];
}

function operator(o: Operator, today: string): Suggestion {
  return { kind: 'operator', insert: o.insert, complete: o.complete, description: o.description, ...(o.date ? { args: { today } } : {}) };
}

/** A folder name as a search value: quoted when it has spaces. */
export function quote(name: string): string {
  return /\s/.test(name) ? `"${name}"` : name;
}

/** Whom to look up for the word: `from:`/`to:` with a value, or a bare word of 2+ letters. */
export function personLookup(word: Word): { key: 'from' | 'to'; prefix: string } | null {
  if ((word.key === 'from' || word.key === 'to') && word.value.trim() !== '') return { key: word.key, prefix: word.value.trim() };
  if (word.key === null && !word.text.includes('"') && [...word.value].filter((c) => /\p{L}/u.test(c)).length >= MIN_BARE_PERSON) {
    return { key: 'from', prefix: word.value };
  }
  return null;
}

/** People from earlier correspondence as suggestions, at most `MAX_PEOPLE`. */
export function people(key: 'from' | 'to', found: MailMailbox[]): Suggestion[] {
  const seen = new Set<string>();
  const out: Suggestion[] = [];
  for (const m of found) {
    const email = m.email.trim();
    if (!email || /\s|"/.test(email) || seen.has(email.toLowerCase())) continue;
    seen.add(email.toLowerCase());
    out.push({
      kind: 'person',
      insert: `${key}:${email}`,
      complete: true,
      description: `search-suggest-${key}-person`,
      args: { person: m.name.trim() ? `${m.name.trim()} <${email}>` : email },
    });
    if (out.length === MAX_PEOPLE) break;
  }
  return out;
}

/** The field after a pick: the word replaced (a recent search replaces everything), a space after a complete term. */
export function insert(query: string, word: Word, pick: Suggestion): { query: string; caret: number } {
  if (pick.kind === 'recent') {
    const text = `${pick.insert} `;
    return { query: text, caret: text.length };
  }
  const before = query.slice(0, word.start);
  let after = query.slice(word.end);
  let text = pick.insert;
  if (pick.complete) {
    text += ' ';
    after = after.replace(/^\s+/, '');
  }
  return { query: before + text + after, caret: before.length + text.length };
}

/** The recent searches after submitting `query`: newest first, no repeats, at most `MAX_RECENT`. */
export function remember(recent: string[], query: string): string[] {
  const q = query.trim();
  if (!q) return recent;
  return [q, ...recent.filter((r) => r !== q)].slice(0, MAX_RECENT);
}
