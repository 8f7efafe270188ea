// The account being set up, as the form holds it (strings), and its conversion to the
// `Account` the shell takes. Pure functions: tested in tests/unit/setup.test.ts.
import type { Account } from '../bindings/Account';
import type { Discovery } from '../bindings/Discovery';
import type { Endpoint } from '../bindings/Endpoint';
import type { FoundService } from '../bindings/FoundService';
import type { ServiceKind } from '../bindings/ServiceKind';

export interface Draft {
  id: string;
  displayName: string;
  email: string;
  password: string;
  imap: string;
  smtp: string;
  mailUser: string;
  caldav: string;
  carddav: string;
  webdav: string;
  matrix: string;
  davUser: string;
  pins: string[];
}

export type DraftField = Exclude<keyof Draft, 'pins'>;

export function emptyDraft(): Draft {
  return { id: '', displayName: '', email: '', password: '', imap: '', smtp: '', mailUser: '', caldav: '', carddav: '', webdav: '', matrix: '', davUser: '', pins: [] };
}

/** A short account id from the address: `alice@example.test` → `alice-example`. */
export function suggestId(email: string, taken: readonly string[]): string {
  const [local = '', domain = ''] = email.toLowerCase().split('@');
  const label = domain.split('.')[0] ?? '';
  const base = [local, label].filter(Boolean).join('-').replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 40) || 'account';
  let id = base;
  for (let n = 2; taken.includes(id); n++) id = `${base}-${n}`;
  return id;
}

function pathIsRoot(url: string): boolean {
  try {
    return new URL(url).pathname.replace(/\/+$/, '') === '';
  } catch {
    return true;
  }
}

/**
 * The finding used for a kind: the first (best) one, except that for CalDAV and
 * CardDAV a home set (a path below the root) wins over the bare server root, as
 * `account add --discover` does.
 */
export function bestOf(services: readonly FoundService[], kind: ServiceKind): FoundService | undefined {
  const ofKind = services.filter((s) => s.kind === kind);
  if (kind === 'caldav' || kind === 'carddav') return ofKind.find((s) => !pathIsRoot(s.url)) ?? ofKind[0];
  return ofKind[0];
}

export function applyDiscovery(draft: Draft, discovery: Discovery): Draft {
  const s = discovery.services;
  const local = draft.email.split('@')[0] ?? '';
  const imap = bestOf(s, 'imap');
  const dav = bestOf(s, 'caldav') ?? bestOf(s, 'carddav') ?? bestOf(s, 'webdav');
  return {
    ...draft,
    imap: imap?.url ?? '',
    smtp: bestOf(s, 'smtp')?.url ?? '',
    mailUser: imap?.username ?? draft.email,
    caldav: bestOf(s, 'caldav')?.url ?? '',
    carddav: bestOf(s, 'carddav')?.url ?? '',
    webdav: bestOf(s, 'webdav')?.url ?? '',
    matrix: bestOf(s, 'matrix')?.url ?? '',
    davUser: dav?.username ?? local,
  };
}

const MAIL_SCHEMES: Record<'imap' | 'smtp', Record<string, Omit<Endpoint, 'host'>>> = {
  imap: { 'imaps:': { port: 993, security: 'tls' }, 'imap:': { port: 143, security: 'starttls' } },
  smtp: {
    'submissions:': { port: 465, security: 'tls' },
    'smtps:': { port: 465, security: 'tls' },
    'submission:': { port: 587, security: 'starttls' },
  },
};

/** `imaps://host[:port]` → an Endpoint, or null if it is not such a URL. */
export function parseMailUrl(url: string, kind: 'imap' | 'smtp'): Endpoint | null {
  let parsed: URL;
  try {
    parsed = new URL(url.trim());
  } catch {
    return null;
  }
  const scheme = MAIL_SCHEMES[kind][parsed.protocol];
  if (!scheme || !parsed.hostname) return null;
  const port = parsed.port ? Number(parsed.port) : scheme.port;
  return { host: parsed.hostname, port, security: scheme.security };
}

function isHttps(url: string): boolean {
  try {
    const u = new URL(url.trim());
    return u.protocol === 'https:' && Boolean(u.hostname);
  } catch {
    return false;
  }
}

/** Field → message id of what is wrong with it. */
export type DraftProblems = Partial<Record<DraftField, string>>;

export function isEmail(value: string): boolean {
  return /^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(value.trim());
}

export function validateDraft(d: Draft): DraftProblems {
  const p: DraftProblems = {};
  if (!isEmail(d.email)) p.email = 'setup-invalid-email';
  if (!/^[a-z0-9][a-z0-9-]*$/.test(d.id)) p.id = 'setup-invalid-id';
  if (d.imap.trim() && !parseMailUrl(d.imap, 'imap')) p.imap = 'setup-invalid-imap';
  if (d.smtp.trim() && !parseMailUrl(d.smtp, 'smtp')) p.smtp = 'setup-invalid-smtp';
  if (d.imap.trim() && !d.smtp.trim()) p.smtp = 'setup-missing-smtp';
  if (d.smtp.trim() && !d.imap.trim()) p.imap = 'setup-missing-imap';
  for (const f of ['caldav', 'carddav', 'webdav', 'matrix'] as const) {
    if (d[f].trim() && !isHttps(d[f])) p[f] = 'setup-invalid-https';
  }
  if (!d.imap.trim() && !d.caldav.trim() && !d.carddav.trim() && !d.webdav.trim() && !d.matrix.trim()) {
    p.imap = 'setup-no-services';
  }
  return p;
}

export function accountFromDraft(d: Draft): Account {
  const email = d.email.trim();
  const local = email.split('@')[0] ?? '';
  const davUser = d.davUser.trim() || local;
  const dav = (url: string) => (url.trim() ? { url: url.trim(), username: davUser } : null);
  const imap = parseMailUrl(d.imap, 'imap');
  const smtp = parseMailUrl(d.smtp, 'smtp');
  return {
    id: d.id,
    display_name: d.displayName.trim() || email,
    email,
    password_command: null,
    provisioned: false,
    pinned_certificates: [...d.pins],
    mail: imap && smtp ? { imap, smtp, username: d.mailUser.trim() || email } : null,
    caldav: dav(d.caldav),
    carddav: dav(d.carddav),
    webdav: dav(d.webdav),
    matrix: d.matrix.trim() ? { homeserver: d.matrix.trim(), username: davUser, user_id: null, device_id: null } : null,
  };
}

/** `98:8F:…` → the 64 lowercase hex digits the account stores. */
export function normaliseFingerprint(fp: string): string {
  return fp.replace(/:/g, '').toLowerCase();
}

function mailUrl(endpoint: Endpoint, kind: 'imap' | 'smtp'): string {
  // A plain (unencrypted, localhost-only) endpoint has no URL scheme of its own; it
  // becomes the STARTTLS one, which is stricter, and the test says if that fails.
  const scheme = kind === 'imap' ? (endpoint.security === 'tls' ? 'imaps' : 'imap') : endpoint.security === 'tls' ? 'submissions' : 'submission';
  return `${scheme}://${endpoint.host}:${endpoint.port}`;
}

/** The user name shared by the DAV and Matrix services in the form (the first one set). */
function sharedUser(a: Account): string | undefined {
  return [a.caldav, a.carddav, a.webdav, a.matrix].find((s) => s)?.username;
}

/** A saved account as the form holds it (Settings → Edit): the inverse of `accountFromDraft`. */
export function draftFromAccount(a: Account): Draft {
  return {
    ...emptyDraft(),
    id: a.id,
    displayName: a.display_name,
    email: a.email,
    imap: a.mail ? mailUrl(a.mail.imap, 'imap') : '',
    smtp: a.mail ? mailUrl(a.mail.smtp, 'smtp') : '',
    mailUser: a.mail?.username ?? '',
    caldav: a.caldav?.url ?? '',
    carddav: a.carddav?.url ?? '',
    webdav: a.webdav?.url ?? '',
    matrix: a.matrix?.homeserver ?? '',
    davUser: sharedUser(a) ?? a.email.split('@')[0] ?? '',
    pins: [...(a.pinned_certificates ?? [])],
  };
}

/**
 * The edited account to save. The form has one user name for DAV and Matrix; while it
 * is untouched, each service keeps the user name it had, so an account whose services
 * use different names is not changed behind the user's back.
 */
export function accountFromEdit(d: Draft, saved: Account): Account {
  const account = accountFromDraft(d);
  if (d.davUser.trim() === (sharedUser(saved) ?? '')) {
    for (const kind of ['caldav', 'carddav', 'webdav', 'matrix'] as const) {
      const before = saved[kind];
      const after = account[kind];
      if (before && after) after.username = before.username;
    }
  }
  if (account.matrix && saved.matrix && account.matrix.homeserver === saved.matrix.homeserver && account.matrix.username === saved.matrix.username) {
    account.matrix.user_id = saved.matrix.user_id ?? null;
    account.matrix.device_id = saved.matrix.device_id ?? null;
  }
  return { ...account, display_name: d.displayName.trim() || account.email, password_command: saved.password_command ?? null, provisioned: saved.provisioned ?? false };
}
