import { describe, expect, it } from 'vitest';
import { MockShell, MOCK_FINGERPRINT, createMockTransport } from '../../src/lib/transport/mock';
import { SetupFlow, type Api } from '../../src/setup/flow.svelte';
import { accountFromDraft, bestOf, emptyDraft, parseMailUrl, suggestId, validateDraft } from '../../src/setup/draft';
import { toApiError } from '../../src/lib/ipc';

function api(shell: MockShell): Api {
  const transport = createMockTransport(shell);
  const call = async <T>(cmd: string, args?: Record<string, unknown>) => {
    try {
      return await transport.invoke<T>(cmd, args);
    } catch (e) {
      throw toApiError(e);
    }
  };
  return {
    accountDiscover: (email, username, password) => call('account_discover', { email, username, password }),
    accountProbe: (request) => call('account_probe', { request }),
    accountAdd: (request) => call('account_add', { request }),
  };
}

function flowFor(email: string, password: string, shell = new MockShell()) {
  const flow = new SetupFlow(api(shell));
  flow.draft.email = email;
  flow.draft.password = password;
  return { flow, shell };
}

describe('draft', () => {
  it('parses mail URLs with default ports', () => {
    expect(parseMailUrl('imaps://mail.example.test', 'imap')).toEqual({ host: 'mail.example.test', port: 993, security: 'tls' });
    expect(parseMailUrl('submission://mail.example.test', 'smtp')).toEqual({ host: 'mail.example.test', port: 587, security: 'starttls' });
    expect(parseMailUrl('https://mail.example.test', 'imap')).toBeNull();
  });

  it('suggests a free account id', () => {
    expect(suggestId('Alice.Schmidt@Stadt.example', [])).toBe('alice-schmidt-stadt');
    expect(suggestId('alice@example.test', ['alice-example'])).toBe('alice-example-2');
  });

  it('prefers a DAV home set over the server root', () => {
    const base = { host: 'dav.example.test', port: 443, security: 'tls' as const, username: 'alice', source: 'autoconfig' as const };
    const services = [
      { ...base, kind: 'caldav' as const, url: 'https://dav.example.test/' },
      { ...base, kind: 'caldav' as const, url: 'https://dav.example.test/alice/', source: 'well_known' as const },
    ];
    expect(bestOf(services, 'caldav')?.url).toBe('https://dav.example.test/alice/');
  });

  it('names the field that is wrong', () => {
    const d = { ...emptyDraft(), id: 'Work', email: 'alice@example.test', imap: 'imaps://x', caldav: 'http://dav' };
    expect(validateDraft(d)).toEqual({ id: 'setup-invalid-id', smtp: 'setup-missing-smtp', caldav: 'setup-invalid-https' });
  });

  it('builds an account with only the services given', () => {
    const a = accountFromDraft({ ...emptyDraft(), id: 'work', email: 'alice@example.test', webdav: 'https://cloud.example.test/' });
    expect(a.mail).toBeNull();
    expect(a.webdav).toEqual({ url: 'https://cloud.example.test/', username: 'alice' });
  });
});

describe('setup flow', () => {
  it('asks for address and password before discovering', async () => {
    const { flow } = flowFor('alice', '');
    await flow.discover();
    expect(flow.step).toBe('credentials');
    expect(flow.problems).toEqual({ email: 'setup-invalid-email', password: 'setup-password-required' });
  });

  it('discovers, tests and saves a working account', async () => {
    const { flow, shell } = flowFor('alice@example.test', 'secret');
    await flow.discover();
    expect(flow.step).toBe('review');
    expect(flow.draft.imap).toBe('imaps://mail.example.test:993');
    expect(flow.canSave).toBe(false);
    await flow.runTest();
    expect(flow.test?.ok).toBe(true);
    expect(flow.canSave).toBe(true);
    await flow.save();
    expect(flow.step).toBe('saved');
    expect(shell.accounts.map((a) => a.id)).toEqual(['alice-example']);
  });

  it('needs a new test after the draft changed', async () => {
    const { flow } = flowFor('alice@example.test', 'secret');
    await flow.discover();
    await flow.runTest();
    flow.draft.displayName = 'Alice';
    expect(flow.canSave).toBe(false);
  });

  it('does not save after a wrong password', async () => {
    const { flow, shell } = flowFor('alice@example.test', 'wrong-one');
    await flow.discover();
    await flow.runTest();
    expect(flow.test?.checks[0]?.error?.code).toBe('auth_failed');
    await flow.save();
    expect(flow.step).toBe('review');
    expect(shell.accounts).toEqual([]);
  });

  it('saves an account whose servers are only unreachable', async () => {
    const { flow } = flowFor('alice@offline.test', 'secret');
    await flow.discover();
    await flow.runTest();
    expect(flow.test?.ok).toBe(false);
    expect(flow.canSave).toBe(true);
  });

  it('trusts a confirmed certificate and tests again', async () => {
    const { flow } = flowFor('alice@selfsigned.test', 'secret');
    await flow.discover();
    await flow.runTest();
    expect(flow.test?.ok).toBe(false);
    await flow.trust(MOCK_FINGERPRINT);
    expect(flow.test?.ok).toBe(true);
    expect(flow.pinningRefused).toBe(false);
  });

  it('tells when the policy ignores the pin', async () => {
    const { flow } = flowFor('alice@selfsigned.test', 'secret', new MockShell({ scenario: 'nopin' }));
    await flow.discover();
    await flow.trust(MOCK_FINGERPRINT);
    expect(flow.test?.ok).toBe(false);
    expect(flow.pinningRefused).toBe(true);
  });

  it('shows a policy refusal as the flow error', async () => {
    const { flow } = flowFor('alice@blocked.test', 'secret');
    await flow.discover();
    await flow.runTest();
    expect(flow.error?.code).toBe('host_not_allowed');
  });

  it('opens the manual form when nothing is found', async () => {
    const { flow } = flowFor('nobody@nowhere.test', 'secret');
    await flow.discover();
    expect(flow.step).toBe('review');
    expect(flow.discovery?.services).toEqual([]);
    await flow.runTest();
    expect(flow.problems.imap).toBe('setup-no-services');
  });
});
