// In-memory stand-in for the shell, for the test build (`vite build --mode test`) and
// Vitest only. The vite alias `$transport` picks this file in test mode; the production
// build never sees it (scripts/check-no-mock.mjs greps dist/ for MOCK_MARKER).
//
// Scripted by the e-mail domain typed into setup:
//   example.test (or any other)  everything found and working
//   selfsigned.test              mail certificate untrusted until its fingerprint is pinned
//   offline.test                 servers unreachable
//   blocked.test                 servers not allowed by policy
//   nowhere.test                 discovery finds nothing
// and by the password: one containing "wrong" is rejected (auth_failed).
// URL parameters of the page: state=fresh|ready|pending|offline|nopin, lang=de|en (the
// "operating system" language), theme=<ui.theme>, delay=<ms>, disabled=<module,…>,
// link=<mailto: URL the app was started with>. A second launch's link: Playwright
// calls `werkbankMock.emit('compose-requested', draft)`.
import type { AccountTest } from '../../bindings/AccountTest';
import type { AccountView } from '../../bindings/AccountView';
import type { Account } from '../../bindings/Account';
import type { AddAccount } from '../../bindings/AddAccount';
import type { ApiError } from '../../bindings/ApiError';
import type { AppInfo } from '../../bindings/AppInfo';
import type { Discovery } from '../../bindings/Discovery';
import type { ErrorCode } from '../../bindings/ErrorCode';
import type { FoundService } from '../../bindings/FoundService';
import type { MailAction } from '../../bindings/MailAction';
import type { MailComposeRequest } from '../../bindings/MailComposeRequest';
import type { MailDraft } from '../../bindings/MailDraft';
import type { MailIdentity } from '../../bindings/MailIdentity';
import type { MailtoRequest } from '../../bindings/MailtoRequest';
import type { ModuleEvent } from '../../bindings/ModuleEvent';
import type { ModuleView } from '../../bindings/ModuleView';
import type { PendingAccount } from '../../bindings/PendingAccount';
import type { RemoveAccount } from '../../bindings/RemoveAccount';
import type { ServiceCheck } from '../../bindings/ServiceCheck';
import type { ServiceKind } from '../../bindings/ServiceKind';
import type { Setting } from '../../bindings/Setting';
import { format, resolveLanguage } from '../i18n';
import { MockCompose } from './mock-compose';
import { MockMailbox } from './mock-mail';
import { MockReader } from './mock-reader';
import type { Transport } from './types';

export const MOCK_MARKER = 'werkbank-mock-transport-7f3a9c';

export const MOCK_FINGERPRINT =
  '98:8F:5E:21:C4:7A:0B:93:DD:12:6F:A0:3E:B7:54:C9:81:2D:E6:7F:0A:4B:93:C2:15:68:DE:F0:37:A9:4C:B5';
export const POLICY_FILE = '/etc/werkbank/policy.toml';

export type Scenario = 'fresh' | 'ready' | 'pending' | 'offline' | 'nopin';

export interface MockOptions {
  scenario?: Scenario;
  systemLanguage?: string;
  theme?: string;
  delayMs?: number;
  disabledModules?: string[];
  /** The `mailto:` link the app was started with. */
  startLink?: string;
}

const ALL_MODULES: ModuleView[] = [
  { id: 'mail', services: ['imap', 'smtp'] },
  { id: 'calendar', services: ['caldav'] },
  { id: 'contacts', services: ['carddav'] },
  { id: 'chat', services: ['matrix'] },
  { id: 'files', services: ['webdav'] },
];

const SERVICE_ORDER: ServiceKind[] = ['imap', 'smtp', 'caldav', 'carddav', 'matrix', 'webdav'];

function servicesOf(a: Account): ServiceKind[] {
  const s: ServiceKind[] = [];
  if (a.mail) s.push('imap', 'smtp');
  if (a.caldav) s.push('caldav');
  if (a.carddav) s.push('carddav');
  if (a.matrix) s.push('matrix');
  if (a.webdav) s.push('webdav');
  return s;
}

function view(a: Account): AccountView {
  return { ...structuredClone(a), services: servicesOf(a) };
}

function discoveredFor(email: string): FoundService[] {
  const [local = '', domain = ''] = email.split('@');
  if (domain === 'nowhere.test' || !domain) return [];
  const mail = `mail.${domain}`;
  const found = (kind: ServiceKind, url: string, host: string, port: number, source: FoundService['source'], username: string | null, security: FoundService['security'] = 'tls'): FoundService =>
    ({ kind, url, host, port, security, username, source });
  return [
    found('imap', `imaps://${mail}:993`, mail, 993, 'autoconfig', email),
    found('imap', `imap://${mail}:143`, mail, 143, 'srv', email, 'starttls'),
    found('smtp', `submissions://${mail}:465`, mail, 465, 'autoconfig', email),
    found('caldav', `https://dav.${domain}/${local}/`, `dav.${domain}`, 443, 'well_known', local),
    found('carddav', `https://dav.${domain}/${local}/`, `dav.${domain}`, 443, 'well_known', local),
    found('matrix', `https://matrix.${domain}/`, `matrix.${domain}`, 443, 'matrix_well_known', null),
    found('webdav', `https://cloud.${domain}/remote.php/dav/files/${local}/`, `cloud.${domain}`, 443, 'nextcloud_status', local),
  ];
}

function hostsOf(a: Account): string[] {
  const hosts: string[] = [];
  if (a.mail) hosts.push(a.mail.imap.host, a.mail.smtp.host);
  for (const dav of [a.caldav, a.carddav, a.webdav]) if (dav) hosts.push(new URL(dav.url).hostname);
  if (a.matrix) hosts.push(new URL(a.matrix.homeserver).hostname);
  return hosts;
}

function hostFor(a: Account, kind: ServiceKind): string {
  switch (kind) {
    case 'imap': return a.mail?.imap.host ?? '';
    case 'smtp': return a.mail?.smtp.host ?? '';
    case 'caldav': return a.caldav ? new URL(a.caldav.url).hostname : '';
    case 'carddav': return a.carddav ? new URL(a.carddav.url).hostname : '';
    case 'webdav': return a.webdav ? new URL(a.webdav.url).hostname : '';
    case 'matrix': return a.matrix ? new URL(a.matrix.homeserver).hostname : '';
  }
}

function summaryFor(a: Account, kind: ServiceKind): string {
  switch (kind) {
    case 'imap': return 'IMAP4rev1 IDLE CONDSTORE QRESYNC SPECIAL-USE MOVE UIDPLUS';
    case 'smtp': return 'PIPELINING SIZE 10240000 AUTH PLAIN LOGIN ENHANCEDSTATUSCODES 8BITMIME SMTPUTF8';
    case 'caldav': return a.caldav?.url ?? '';
    case 'carddav': return a.carddav?.url ?? '';
    case 'webdav': return a.webdav?.url ?? '';
    case 'matrix': return `@${a.matrix?.username ?? ''}:${hostFor(a, 'matrix').replace(/^matrix\./, '')} (WERKBANKDEV1)`;
  }
}

function defaultSettings(theme: string | undefined): Setting[] {
  const s = (key: string, value: string | boolean): Setting => ({ key, value, source: 'default', locked: false, locked_by: null });
  const settings = [
    s('ui.language', 'system'),
    s('ui.theme', 'system'),
    s('notifications.enabled', true),
    s('notifications.sound', false),
    s('mail.remote_content', 'block'),
    s('updates.check', true),
  ];
  if (theme) {
    const t = settings.find((x) => x.key === 'ui.theme');
    if (t) { t.value = theme; t.source = 'user'; }
  }
  return settings;
}

const ALLOWED: Record<string, readonly string[]> = {
  'ui.language': ['system', 'de', 'en'],
  'ui.theme': ['system', 'light', 'dark', 'high-contrast'],
  'mail.remote_content': ['block', 'allow'],
};

function workAccount(): Account {
  return {
    id: 'work', display_name: 'Alice Schmidt', email: 'alice@example.test',
    mail: { imap: { host: 'mail.example.test', port: 993, security: 'tls' }, smtp: { host: 'mail.example.test', port: 465, security: 'tls' }, username: 'alice@example.test' },
    caldav: { url: 'https://dav.example.test/alice/', username: 'alice' },
    carddav: { url: 'https://dav.example.test/alice/', username: 'alice' },
    matrix: { homeserver: 'https://matrix.example.test/', username: 'alice', user_id: '@alice:example.test', device_id: 'WERKBANKDEV1' },
    webdav: { url: 'https://cloud.example.test/remote.php/dav/files/alice/', username: 'alice' },
  };
}

function policyAccounts(): Account[] {
  return [
    {
      id: 'behoerde', display_name: 'Stadtverwaltung', email: 'alice.schmidt@stadt.example.test', provisioned: true,
      mail: { imap: { host: 'imap.stadt.example.test', port: 993, security: 'tls' }, smtp: { host: 'smtp.stadt.example.test', port: 587, security: 'starttls' }, username: 'aschmidt' },
      webdav: { url: 'https://dateien.stadt.example.test/remote.php/dav/files/aschmidt/', username: 'aschmidt' },
    },
    {
      id: 'postfach', display_name: 'Bürgerbüro', email: 'buergerbuero@stadt.example.test', provisioned: true,
      password_command: 'secret-tool lookup werkbank postfach',
      mail: { imap: { host: 'imap.stadt.example.test', port: 993, security: 'tls' }, smtp: { host: 'smtp.stadt.example.test', port: 587, security: 'starttls' }, username: 'buergerbuero' },
    },
  ];
}

export class MockShell {
  accounts: Account[] = [];
  pending: PendingAccount[] = [];
  settings: Setting[];
  passwords = new Map<string, string>();
  pinningAllowed = true;
  online = true;
  /** Drafts from links that arrived before the UI asked (`compose_pending`). */
  composeQueue: MailtoRequest[] = [];
  /** alice's mailbox in the `work` account (`mock-mail.ts`). */
  mailbox = new MockMailbox();
  /** The reader's rendered views of that mailbox (`mock-reader.ts`). */
  reader = new MockReader(
    this.mailbox,
    () => {
      const s = this.settings.find((x) => x.key === 'mail.remote_content');
      return { value: String(s?.value ?? 'block'), locked: s?.locked ?? false };
    },
    (code, details) => this.error(code, details),
  );
  /** alice's drafts and outbox (`mock-compose.ts`). */
  composer = new MockCompose(this.mailbox, {
    owner: (id) => {
      const a = this.accounts.find((x) => x.id === id && x.mail);
      return a ? { name: a.display_name, email: a.email } : null;
    },
    language: () => this.language,
    online: () => this.online,
    error: (code, details) => this.error(code, details),
  });
  readonly options: Required<MockOptions>;
  private listeners = new Map<string, Set<(payload: unknown) => void>>();

  constructor(options: MockOptions = {}) {
    this.options = {
      scenario: options.scenario ?? 'fresh',
      systemLanguage: options.systemLanguage ?? 'en',
      theme: options.theme ?? '',
      delayMs: options.delayMs ?? 0,
      disabledModules: options.disabledModules ?? [],
      startLink: options.startLink ?? '',
    };
    if (this.options.startLink) this.composeQueue.push(parseMailto(this.options.startLink));
    this.settings = defaultSettings(options.theme);
    const scenario = this.options.scenario;
    if (scenario === 'ready' || scenario === 'offline') {
      this.accounts = [workAccount(), ...policyAccounts()];
      this.passwords.set('work', 'secret');
      const sound = this.settings.find((s) => s.key === 'notifications.sound');
      if (sound) Object.assign(sound, { value: false, source: 'policy', locked: true, locked_by: POLICY_FILE });
    }
    if (scenario === 'pending') {
      this.pending = [{ id: 'behoerde', missing: [] }];
    }
    if (scenario === 'nopin') this.pinningAllowed = false;
    if (scenario === 'offline') this.online = false;
  }

  get language() {
    const setting = this.settings.find((s) => s.key === 'ui.language')?.value;
    return resolveLanguage(typeof setting === 'string' ? setting : 'system', this.options.systemLanguage);
  }

  error(code: ErrorCode, details: Record<string, string> = {}): ApiError {
    const id = `error-${code.replace(/_/g, '-')}`;
    const args = { host: '', reason: '', fingerprint: '', key: '', file: '', account: '', ...details };
    return { code, message: format(this.language, id, args), hint: format(this.language, `${id}.hint`, args), details };
  }

  emit(event: string, payload: unknown): void {
    for (const handler of this.listeners.get(event) ?? []) handler(payload);
  }

  listen(event: string, handler: (payload: unknown) => void): () => void {
    const set = this.listeners.get(event) ?? new Set();
    set.add(handler);
    this.listeners.set(event, set);
    if (event === 'online-changed' && !this.online) setTimeout(() => handler({ online: false }), 0);
    if (event === 'module-event' && (this.options.scenario === 'ready' || this.options.scenario === 'offline')) {
      const events: ModuleEvent[] = [
        { module: 'mail', account: 'work', kind: { type: 'progress', done: 120n, total: 480n } },
        { module: 'calendar', account: 'work', kind: { type: 'idle' } },
        { module: 'files', account: 'behoerde', kind: { type: 'offline', error: this.error('unreachable', { host: 'dateien.stadt.example.test', reason: 'connection refused' }) } },
      ];
      // Numbers as they arrive over JSON from the shell, not bigints.
      setTimeout(() => events.forEach((e) => handler(JSON.parse(JSON.stringify(e, (_k, v) => (typeof v === 'bigint' ? Number(v) : v))))), 0);
    }
    return () => set.delete(handler);
  }

  private probe(request: AddAccount, stored: boolean): AccountTest {
    const a = request.account;
    const password = stored ? (a.password_command ? 'from-command' : this.passwords.get(a.id)) : request.password ?? this.passwords.get(a.id);
    const domain = a.email.split('@')[1] ?? '';
    const enabled = new Set(this.modules().flatMap((m) => m.services));
    const checks: ServiceCheck[] = servicesOf(a).filter((k) => enabled.has(k)).sort((x, y) => SERVICE_ORDER.indexOf(x) - SERVICE_ORDER.indexOf(y)).map((service) => {
      const host = hostFor(a, service);
      const fail = (error: ApiError): ServiceCheck => ({ service, ok: false, summary: '', error });
      if (domain === 'offline.test') return fail(this.error('unreachable', { host, reason: 'no route to host' }));
      const pinned = (a.pinned_certificates ?? []).includes(MOCK_FINGERPRINT.replace(/:/g, '').toLowerCase());
      if (domain === 'selfsigned.test' && (service === 'imap' || service === 'smtp') && !(pinned && this.pinningAllowed)) {
        return fail(this.error('certificate_untrusted', { host, reason: 'issued by an unknown certificate authority', fingerprint: MOCK_FINGERPRINT }));
      }
      if (!password) return fail(this.error('password_missing', { account: a.id }));
      if (password.includes('wrong')) return fail(this.error('auth_failed', { host, user: a.mail?.username ?? a.email }));
      return { service, ok: true, summary: summaryFor(a, service), error: null };
    });
    return { account: a.id, ok: checks.every((c) => c.ok), checks };
  }

  private checkHosts(a: Account): void {
    const blocked = hostsOf(a).find((h) => h.endsWith('blocked.test'));
    if (blocked) throw this.error('host_not_allowed', { host: blocked });
  }

  private validate(a: Account): void {
    if (!/^[a-z0-9][a-z0-9-]*$/.test(a.id)) throw this.error('invalid_input', { reason: `"${a.id}" is not a valid account id (lowercase letters, digits and -)` });
    if (!a.email.includes('@')) throw this.error('invalid_input', { reason: `"${a.email}" is not an e-mail address` });
  }

  private find(id: string): Account {
    const a = this.accounts.find((x) => x.id === id);
    if (!a) throw this.error('account_not_found', { account: id });
    return a;
  }

  modules(): ModuleView[] {
    return ALL_MODULES.filter((m) => !this.options.disabledModules.includes(m.id));
  }

  async handle(command: string, args: Record<string, unknown> = {}): Promise<unknown> {
    if (this.options.delayMs > 0) await new Promise((r) => setTimeout(r, this.options.delayMs));
    switch (command) {
      case 'app_info':
        return { version: '0.1.0', profile_dir: '/home/alice/.local/share/werkbank', language: this.language, policy_file: this.options.scenario === 'fresh' ? null : POLICY_FILE, pinning_allowed: this.pinningAllowed } satisfies AppInfo;
      case 'modules_list': return this.modules();
      case 'account_list': return this.accounts.map(view);
      case 'account_pending': return structuredClone(this.pending);
      case 'account_discover': {
        const email = String(args.email ?? '');
        if (!email.includes('@')) throw this.error('invalid_input', { reason: `"${email}" is not an e-mail address` });
        const services = discoveredFor(email);
        const domain = email.split('@')[1] ?? '';
        return {
          email, services,
          attempts: [
            { mechanism: 'autoconfig', target: `https://autoconfig.${domain}/mail/config-v1.1.xml`, outcome: services.length ? 'found' : 'not_found', error_code: null, detail: null, elapsed_ms: 42 },
            { mechanism: 'srv', target: `_imaps._tcp.${domain}`, outcome: services.length ? 'found' : 'not_found', error_code: null, detail: null, elapsed_ms: 7 },
          ],
        } as unknown as Discovery;
      }
      case 'account_probe': {
        const request = args.request as AddAccount;
        this.validate(request.account);
        this.checkHosts(request.account);
        return this.probe(request, false);
      }
      case 'account_add': {
        const request = args.request as AddAccount;
        this.validate(request.account);
        this.checkHosts(request.account);
        if (this.accounts.some((a) => a.id === request.account.id)) throw this.error('account_exists', { account: request.account.id });
        this.accounts.push(structuredClone(request.account));
        if (request.password) this.passwords.set(request.account.id, request.password);
        return view(request.account);
      }
      case 'account_update': {
        // As `Workplace::account_update`: policy accounts are locked, pins and the
        // password command stay, a new Matrix login drops the old device.
        const edited = args.account as Account;
        const saved = this.find(edited.id);
        const updated: Account = { ...structuredClone(edited), password_command: saved.password_command ?? null, provisioned: saved.provisioned ?? false, pinned_certificates: [...(saved.pinned_certificates ?? [])] };
        const sameLogin = updated.matrix && saved.matrix && updated.matrix.homeserver === saved.matrix.homeserver && updated.matrix.username === saved.matrix.username;
        if (updated.matrix) Object.assign(updated.matrix, sameLogin ? { user_id: saved.matrix?.user_id ?? null, device_id: saved.matrix?.device_id ?? null } : { user_id: null, device_id: null });
        const fields = ['display_name', 'email', 'mail', 'caldav', 'carddav', 'webdav', 'matrix'] as const;
        const changed = fields.find((f) => JSON.stringify(updated[f] ?? null) !== JSON.stringify(saved[f] ?? null));
        if (!changed) return view(saved);
        if (saved.provisioned) throw this.error('setting_locked', { key: `accounts.${saved.id}.${changed}`, file: POLICY_FILE });
        this.validate(updated);
        this.checkHosts(updated);
        this.accounts = this.accounts.map((a) => (a.id === saved.id ? updated : a));
        return view(updated);
      }
      case 'mail_folders': return this.mailbox.folderList();
      case 'mail_list': return this.mailbox.list(Number(args.folder), Number(args.offset), Number(args.limit));
      case 'mail_thread': return this.mailbox.thread(Number(args.thread));
      case 'mail_open': return this.mailbox.open(Number(args.id));
      case 'mail_search': return this.mailbox.search(String(args.query), Number(args.limit));
      case 'mail_act': return this.mailbox.act(args.action as MailAction);
      case 'mail_sync_now': return null;
      case 'mail_unread': return this.mailbox.folderList()[0]?.unread ?? 0;
      case 'mail_render': return this.reader.render(Number(args.id));
      case 'mail_allow_remote': return this.reader.allowRemote(Number(args.id), args.scope === 'sender' ? 'sender' : 'message');
      case 'mail_attachment_save': return this.reader.save(Number(args.id), String(args.part));
      case 'mail_attachment_open': return this.reader.open(Number(args.id), String(args.part), args.confirmed === true);
      case 'mail_identities': return this.composer.identities(String(args.account));
      case 'mail_identities_set': return this.composer.setIdentities(String(args.account), args.identities as MailIdentity[]);
      case 'mail_compose': return this.composer.compose(String(args.account), args.request as MailComposeRequest);
      case 'mail_draft_save': return this.composer.saveDraft(args.draft as MailDraft);
      case 'mail_drafts': return this.composer.listDrafts();
      case 'mail_drafts_upload': return this.composer.upload();
      case 'mail_draft_discard': return this.composer.discardDraft(Number(args.id));
      case 'mail_send': return this.composer.send(args.draft as MailDraft);
      case 'mail_outbox': return this.composer.list();
      case 'mail_outbox_retry': return this.composer.retry(Number(args.id));
      case 'mail_outbox_discard': return this.composer.discard(Number(args.id));
      case 'mail_pick_attachments': return this.composer.pick();
      case 'mail_suggest': return this.composer.suggest(String(args.prefix), Number(args.limit));
      case 'compose_pending': {
        const queued = this.composeQueue;
        this.composeQueue = [];
        return queued;
      }
      case 'account_test': {
        const a = this.find(String(args.id));
        return this.probe({ account: a, password: null }, true);
      }
      case 'account_remove': {
        const request = args.request as RemoveAccount;
        const a = this.find(request.id);
        if (!request.confirmed) throw this.error('invalid_input', { reason: 'removing an account must be confirmed' });
        if (a.provisioned) throw this.error('invalid_input', { reason: "this account is provided by your organisation's policy and cannot be removed" });
        this.accounts = this.accounts.filter((x) => x.id !== a.id);
        this.passwords.delete(a.id);
        return [];
      }
      case 'account_set_password': {
        const id = String(args.id);
        if (this.pending.some((p) => p.id === id)) {
          // A waiting policy account becomes a real one once it has what it needs.
          this.pending = this.pending.filter((p) => p.id !== id);
          const template = policyAccounts().find((p) => p.id === id);
          if (template) this.accounts.push(template);
        }
        const a = this.find(id);
        this.passwords.set(a.id, String(args.password ?? ''));
        return null;
      }
      case 'account_trust_certificate': {
        if (!this.pinningAllowed) throw this.error('pinning_forbidden');
        const a = this.find(String(args.id));
        if (args.confirmed !== true) throw this.error('invalid_input', { reason: 'trusting a certificate must be confirmed' });
        const hex = String(args.fingerprint).replace(/:/g, '').toLowerCase();
        if (!/^[0-9a-f]{64}$/.test(hex)) throw this.error('invalid_input', { reason: 'a SHA-256 fingerprint has 64 hex digits (colons allowed)' });
        a.pinned_certificates = [...new Set([...(a.pinned_certificates ?? []), hex])];
        return view(a);
      }
      case 'settings_get': return structuredClone(this.settings);
      case 'settings_set': {
        const key = String(args.key);
        const value = String(args.value);
        const s = this.settings.find((x) => x.key === key);
        if (!s) throw this.error('setting_unknown', { key });
        if (s.locked) throw this.error('setting_locked', { key, file: s.locked_by ?? '' });
        const allowed = ALLOWED[key] ?? (typeof s.value === 'boolean' ? ['true', 'false'] : null);
        if (allowed && !allowed.includes(value)) throw this.error('setting_invalid', { key, value, reason: `expected one of ${allowed.join(', ')}` });
        s.value = typeof s.value === 'boolean' ? value === 'true' : value;
        s.source = 'user';
        return structuredClone(s);
      }
      default:
        throw this.error('internal', { reason: `unknown command ${command}` });
    }
  }
}

export function createMockTransport(shell: MockShell): Transport {
  return {
    name: 'mock',
    invoke: async <T>(command: string, args?: Record<string, unknown>) => (await shell.handle(command, args)) as T,
    listen: async <T>(event: string, handler: (payload: T) => void) => shell.listen(event, handler as (p: unknown) => void),
  };
}

/** Enough of `werkbank_mail::mailto::parse` for the mock: recipients, subject, body. */
export function parseMailto(link: string): MailtoRequest {
  const [address = '', query = ''] = link.replace(/^mailto:/i, '').split('?');
  const params = new URLSearchParams(query);
  const list = (text: string | null) => (text ?? '').split(',').map((a) => decodeURIComponent(a).trim()).filter(Boolean);
  return { to: [...list(address), ...list(params.get('to'))], cc: list(params.get('cc')), bcc: list(params.get('bcc')), subject: params.get('subject'), body: params.get('body') };
}

function optionsFromLocation(): MockOptions {
  if (typeof location === 'undefined') return {};
  const q = new URLSearchParams(location.search);
  const scenario = q.get('state');
  return {
    scenario: (['fresh', 'ready', 'pending', 'offline', 'nopin'] as const).find((s) => s === scenario) ?? 'fresh',
    systemLanguage: q.get('lang') ?? (typeof navigator !== 'undefined' ? navigator.language : 'en'),
    theme: q.get('theme') ?? '',
    delayMs: Number(q.get('delay') ?? 120),
    disabledModules: (q.get('disabled') ?? '').split(',').filter(Boolean),
    startLink: q.get('link') ?? '',
  };
}

export const mockShell = new MockShell(optionsFromLocation());
export const transport = createMockTransport(mockShell);

if (typeof document !== 'undefined') {
  document.documentElement.dataset.transport = MOCK_MARKER;
  // For Playwright: emit shell events into the page.
  (window as unknown as { werkbankMock: MockShell }).werkbankMock = mockShell;
}
