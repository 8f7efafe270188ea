import { describe, expect, it } from 'vitest';
import { MOCK_FINGERPRINT, MockShell } from '../../src/lib/transport/mock';
import type { AddAccount } from '../../src/bindings/AddAccount';
import { accountFromDraft, applyDiscovery, emptyDraft } from '../../src/setup/draft';
import type { Discovery } from '../../src/bindings/Discovery';

async function request(shell: MockShell, email: string, password: string): Promise<AddAccount> {
  const discovery = (await shell.handle('account_discover', { email, username: null, password })) as Discovery;
  const draft = applyDiscovery({ ...emptyDraft(), email, id: 'work', password }, discovery);
  return { account: accountFromDraft(draft), password };
}

describe('mock shell', () => {
  it('starts empty on a fresh profile', async () => {
    const shell = new MockShell();
    expect(await shell.handle('account_list')).toEqual([]);
  });

  it('rejects a wrong password per service with auth_failed', async () => {
    const shell = new MockShell();
    const result = (await shell.handle('account_probe', { request: await request(shell, 'alice@example.test', 'wrong') })) as { ok: boolean; checks: { error: { code: string } | null }[] };
    expect(result.ok).toBe(false);
    expect(result.checks.every((c) => c.error?.code === 'auth_failed')).toBe(true);
  });

  it('reports an untrusted certificate with its fingerprint, until it is pinned', async () => {
    const shell = new MockShell();
    const req = await request(shell, 'alice@selfsigned.test', 'secret');
    const first = (await shell.handle('account_probe', { request: req })) as { checks: { service: string; error: { code: string; details: Record<string, string> } | null }[] };
    const imap = first.checks.find((c) => c.service === 'imap');
    expect(imap?.error?.code).toBe('certificate_untrusted');
    expect(imap?.error?.details.fingerprint).toBe(MOCK_FINGERPRINT);
    req.account.pinned_certificates = [MOCK_FINGERPRINT.replace(/:/g, '').toLowerCase()];
    const second = (await shell.handle('account_probe', { request: req })) as { ok: boolean };
    expect(second.ok).toBe(true);
  });

  it('refuses hosts the policy does not allow, before probing', async () => {
    const shell = new MockShell();
    await expect(shell.handle('account_probe', { request: await request(shell, 'alice@blocked.test', 'secret') })).rejects.toMatchObject({ code: 'host_not_allowed' });
  });

  it('refuses to change a locked setting and names the policy file', async () => {
    const shell = new MockShell({ scenario: 'ready' });
    await expect(shell.handle('settings_set', { key: 'notifications.sound', value: 'true' })).rejects.toMatchObject({
      code: 'setting_locked',
      details: { key: 'notifications.sound', file: '/etc/werkbank/policy.toml' },
    });
  });

  it('refuses pinning where the policy forbids it', async () => {
    const shell = new MockShell({ scenario: 'nopin' });
    await expect(shell.handle('account_trust_certificate', { id: 'x', fingerprint: MOCK_FINGERPRINT, confirmed: true })).rejects.toMatchObject({ code: 'pinning_forbidden' });
  });

  it('does not remove policy accounts', async () => {
    const shell = new MockShell({ scenario: 'ready' });
    await expect(shell.handle('account_remove', { request: { id: 'behoerde', confirmed: true } })).rejects.toMatchObject({ code: 'invalid_input' });
    expect(await shell.handle('account_remove', { request: { id: 'work', confirmed: true } })).toEqual([]);
  });

  it('answers in the language of the setting', async () => {
    const shell = new MockShell({ systemLanguage: 'de-DE' });
    await expect(shell.handle('settings_set', { key: 'ui.colour', value: 'x' })).rejects.toMatchObject({ message: 'Es gibt keine Einstellung namens ui.colour.' });
  });
});
