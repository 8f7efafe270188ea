import { describe, expect, it } from 'vitest';
import type { Account } from '../../src/bindings/Account';
import type { AccountView } from '../../src/bindings/AccountView';
import type { AppInfo } from '../../src/bindings/AppInfo';
import type { MailtoRequest } from '../../src/bindings/MailtoRequest';
import { toApiError } from '../../src/lib/ipc';
import { ComposeStore } from '../../src/lib/stores/compose.svelte';
import { MOCK_FINGERPRINT, MockShell, createMockTransport, parseMailto } from '../../src/lib/transport/mock';
import { EditFlow, type EditApi } from '../../src/settings/edit.svelte';
import { accountFromEdit, draftFromAccount } from '../../src/setup/draft';

function api(shell: MockShell): EditApi {
  const transport = createMockTransport(shell);
  const call = async <T>(cmd: string, args?: Record<string, unknown>) => {
    try {
      return await transport.invoke<T>(cmd, args);
    } catch (e) {
      throw toApiError(e);
    }
  };
  return {
    accountProbe: (request) => call('account_probe', { request }),
    accountUpdate: (account) => call('account_update', { account }),
    accountTrustCertificate: (id, fingerprint, confirmed) => call('account_trust_certificate', { id, fingerprint, confirmed }),
  };
}

async function editing(id: string, shell = new MockShell({ scenario: 'ready' })) {
  const list = (await shell.handle('account_list')) as AccountView[];
  const account = list.find((a) => a.id === id)!;
  return { flow: new EditFlow(account, api(shell)), shell, account };
}

const saved = (shell: MockShell, id: string) => shell.accounts.find((a) => a.id === id)!;

describe('edit form', () => {
  it('shows a saved account as the setup form would and gives it back unchanged', async () => {
    const { account } = await editing('work');
    const draft = draftFromAccount(account);
    expect(draft).toMatchObject({ imap: 'imaps://mail.example.test:993', smtp: 'submissions://mail.example.test:465', mailUser: 'alice@example.test', matrix: 'https://matrix.example.test/', davUser: 'alice' });
    const { services: _services, ...plain } = account;
    expect(accountFromEdit(draft, account)).toEqual({ ...plain, password_command: null, provisioned: false, pinned_certificates: [] });
  });

  it('writes STARTTLS endpoints with the submission schemes', () => {
    const a: Account = { id: 'x', display_name: 'X', email: 'x@example.test', mail: { imap: { host: 'imap.example.test', port: 143, security: 'starttls' }, smtp: { host: 'smtp.example.test', port: 587, security: 'starttls' }, username: 'x' } };
    expect(draftFromAccount(a)).toMatchObject({ imap: 'imap://imap.example.test:143', smtp: 'submission://smtp.example.test:587' });
  });

  it('keeps each service its own user name until the shared one is changed', () => {
    const a: Account = {
      id: 'x', display_name: 'X', email: 'x@example.test',
      caldav: { url: 'https://dav.example.test/x/', username: 'x' },
      webdav: { url: 'https://files.example.test/x/', username: 'x.files' },
    };
    const draft = draftFromAccount(a);
    expect(accountFromEdit(draft, a).webdav?.username).toBe('x.files');
    const renamed = accountFromEdit({ ...draft, davUser: 'xy' }, a);
    expect([renamed.caldav?.username, renamed.webdav?.username]).toEqual(['xy', 'xy']);
  });

  it('saves nothing before something changed and was tested', async () => {
    const { flow } = await editing('work');
    expect(flow.changed).toBe(false);
    expect(flow.canSave).toBe(false);
    flow.draft.imap = 'imap://imap.example.test:143';
    expect(flow.canSave).toBe(false);
    await flow.runTest();
    expect(flow.test?.ok).toBe(true);
    expect(flow.canSave).toBe(true);
    flow.draft.displayName = 'Alice S.';
    expect(flow.canSave).toBe(false);
  });

  it('saves new server settings after a passing test, with the stored password', async () => {
    const { flow, shell } = await editing('work');
    flow.draft.imap = 'imap://imap.example.test:143';
    flow.draft.displayName = 'Alice S.';
    await flow.runTest();
    await flow.save();
    expect(flow.error).toBeNull();
    expect(flow.saved?.display_name).toBe('Alice S.');
    expect(saved(shell, 'work').mail?.imap).toEqual({ host: 'imap.example.test', port: 143, security: 'starttls' });
    expect(saved(shell, 'work').matrix?.device_id).toBe('WERKBANKDEV1');
  });

  it('drops the Matrix device when the homeserver moves', async () => {
    const { flow, shell } = await editing('work');
    flow.draft.matrix = 'https://chat.example.test/';
    await flow.runTest();
    await flow.save();
    expect(saved(shell, 'work').matrix).toMatchObject({ homeserver: 'https://chat.example.test/', user_id: null, device_id: null });
  });

  it('does not offer saving a host the policy refuses', async () => {
    const { flow } = await editing('work');
    flow.draft.caldav = 'https://dav.blocked.test/alice/';
    await flow.runTest();
    expect(flow.error?.code).toBe('host_not_allowed');
    expect(flow.canSave).toBe(false);
  });

  it('names the field that is wrong before testing', async () => {
    const { flow } = await editing('work');
    flow.draft.smtp = 'https://mail.example.test';
    await flow.runTest();
    expect(flow.problems).toEqual({ smtp: 'setup-invalid-smtp' });
    expect(flow.test).toBeNull();
  });

  it('pins a certificate trusted during the edit once the account is saved', async () => {
    const shell = new MockShell({ scenario: 'ready' });
    const work = saved(shell, 'work');
    work.email = 'alice@selfsigned.test';
    const { flow } = await editing('work', shell);
    flow.draft.imap = 'imaps://mail.selfsigned.test:993';
    await flow.runTest();
    expect(flow.test?.checks.find((c) => c.service === 'imap')?.error?.code).toBe('certificate_untrusted');
    await flow.trust(MOCK_FINGERPRINT);
    expect(flow.test?.ok).toBe(true);
    await flow.save();
    expect(saved(shell, 'work').pinned_certificates).toEqual([MOCK_FINGERPRINT.replace(/:/g, '').toLowerCase()]);
  });

  it('a policy account is refused as locked, naming the field', async () => {
    const shell = new MockShell({ scenario: 'ready' });
    shell.passwords.set('behoerde', 'secret');
    const { flow } = await editing('behoerde', shell);
    flow.draft.imap = 'imaps://imap2.stadt.example.test:993';
    await flow.runTest();
    await flow.save();
    expect(flow.error).toMatchObject({ code: 'setting_locked', details: { key: 'accounts.behoerde.mail' } });
    expect(saved(shell, 'behoerde').mail?.imap.host).toBe('imap.stadt.example.test');
  });
});

describe('certificate pinning in app info', () => {
  it('follows the policy', async () => {
    expect(((await new MockShell().handle('app_info')) as AppInfo).pinning_allowed).toBe(true);
    expect(((await new MockShell({ scenario: 'nopin' }).handle('app_info')) as AppInfo).pinning_allowed).toBe(false);
  });
});

describe('mailto links', () => {
  it('the link the app started with is handed over once', async () => {
    const shell = new MockShell({ scenario: 'ready', startLink: 'mailto:bob@example.test?subject=Hallo%20Bob' });
    expect(await shell.handle('compose_pending')).toEqual([{ to: ['bob@example.test'], cc: [], bcc: [], subject: 'Hallo Bob', body: null }]);
    expect(await shell.handle('compose_pending')).toEqual([]);
  });

  it('a draft that was queued and announced shows once; another one is added', () => {
    const store = new ComposeStore();
    const draft: MailtoRequest = parseMailto('mailto:bob@example.test');
    store.receive(draft);
    store.receive(structuredClone(draft));
    store.receive(parseMailto('mailto:carol@example.test?cc=dave@example.test'));
    expect(store.requests.map((r) => [r.to, r.cc])).toEqual([[['bob@example.test'], []], [['carol@example.test'], ['dave@example.test']]]);
    store.dismiss(0);
    expect(store.requests.map((r) => r.to)).toEqual([['carol@example.test']]);
  });
});
