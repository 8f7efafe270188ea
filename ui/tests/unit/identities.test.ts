// Settings → Identities and signatures without a page: the list operations, the checks
// before saving, the words for a refused save, and the mock shell's `mail_identities_set`
// that the end-to-end states (and the composer after them) run against.
import { describe, expect, it } from 'vitest';
import type { Account } from '../../src/bindings/Account';
import type { MailDraft } from '../../src/bindings/MailDraft';
import type { MailIdentity } from '../../src/bindings/MailIdentity';
import type { ApiError } from '../../src/lib/ipc';
import { MockShell, createMockTransport } from '../../src/lib/transport/mock';
import {
  canRemove, draftFromIdentity, emptyIdentityDraft, identityFromDraft, makeDefault, othersThan, putAt, removeAt,
  sameAddress, saveErrorId, signaturePreview, validateIdentity,
} from '../../src/settings/identities';
import { AccountIdentities } from '../../src/settings/identities.svelte';

const alice: MailIdentity = { name: 'Alice Schmidt', email: 'alice@example.test', signature: 'Alice Schmidt\nBauamt', reply_to: null };
const office: MailIdentity = { name: 'Bürgerbüro', email: 'buergerbuero@example.test', signature: '', reply_to: null };
const press: MailIdentity = { name: 'Pressestelle', email: 'presse@example.test', signature: 'Pressestelle', reply_to: 'presse-antwort@example.test' };

function shell(): MockShell {
  return new MockShell({ scenario: 'ready' });
}

function apiOf(s: MockShell) {
  const transport = createMockTransport(s);
  return {
    mailIdentities: (account: string) => transport.invoke<MailIdentity[]>('mail_identities', { account }),
    mailIdentitiesSet: (account: string, identities: MailIdentity[]) => transport.invoke<MailIdentity[]>('mail_identities_set', { account, identities }),
  };
}

describe('the list of identities', () => {
  const list = [alice, office, press];

  it('making one the default moves it first and keeps the others in order', () => {
    expect(makeDefault(list, 2).map((i) => i.email)).toEqual(['presse@example.test', 'alice@example.test', 'buergerbuero@example.test']);
    expect(makeDefault(list, 0)).toEqual(list);
    expect(makeDefault(list, 7)).toEqual(list);
  });

  it('removing takes one out, but never the last one', () => {
    expect(removeAt(list, 1).map((i) => i.email)).toEqual(['alice@example.test', 'presse@example.test']);
    expect(canRemove([alice], 0)).toBe(false);
    expect(removeAt([alice], 0)).toEqual([alice]);
    expect(canRemove(list, 3)).toBe(false);
  });

  it('an edited identity keeps its place; a new one goes to the end', () => {
    const edited = { ...office, signature: 'Ihr Bürgerbüro' };
    expect(putAt(list, 1, edited)[1]).toEqual(edited);
    expect(putAt(list, null, { ...press, email: 'neu@example.test' }).map((i) => i.email).at(-1)).toBe('neu@example.test');
    expect(othersThan(list, 1)).toEqual([alice, press]);
    expect(othersThan(list, null)).toEqual(list);
  });

  it('the signature preview shows the first lines and says when there is more', () => {
    expect(signaturePreview('a\nb')).toEqual({ text: 'a\nb', more: false });
    expect(signaturePreview('a\nb\nc\nd\n')).toEqual({ text: 'a\nb\nc', more: true });
  });
});

describe('the form of one identity', () => {
  it('round-trips an identity, Reply-To empty when there is none', () => {
    expect(draftFromIdentity(alice)).toEqual({ name: 'Alice Schmidt', email: 'alice@example.test', replyTo: '', signature: 'Alice Schmidt\nBauamt' });
    expect(identityFromDraft(draftFromIdentity(press))).toEqual(press);
    expect(emptyIdentityDraft('Alice')).toEqual({ name: 'Alice', email: '', replyTo: '', signature: '' });
  });

  it('saves trimmed values, no Reply-To for blanks, and no separator typed by hand', () => {
    const saved = identityFromDraft({ name: '  Alice ', email: ' alice@example.test ', replyTo: '   ', signature: '-- \r\nAlice\r\nBauamt\n\n' });
    expect(saved).toEqual({ name: 'Alice', email: 'alice@example.test', reply_to: null, signature: 'Alice\nBauamt' });
  });

  it('an empty, invalid or repeated address is a problem of the address field', () => {
    expect(validateIdentity(emptyIdentityDraft('Alice'), [])).toEqual({ email: 'identities-problem-email-empty' });
    expect(validateIdentity({ ...emptyIdentityDraft(), email: 'alice.example.test' }, [])).toEqual({ email: 'identities-problem-email-invalid' });
    expect(validateIdentity({ ...emptyIdentityDraft(), email: 'Alice@Example.test' }, [alice])).toEqual({ email: 'identities-problem-email-duplicate' });
    expect(sameAddress(' ALICE@example.test', 'alice@example.test ')).toBe(true);
  });

  it('a name with a line break and an invalid Reply-To are problems of their fields', () => {
    expect(validateIdentity({ name: 'Alice\nSchmidt', email: 'a@example.test', replyTo: 'nope', signature: '' }, [])).toEqual({
      name: 'identities-problem-name-line-break',
      replyTo: 'identities-problem-reply-to-invalid',
    });
    expect(validateIdentity(draftFromIdentity(press), [alice, office])).toEqual({});
  });

  it('a refused save is put in words by its code, not by its text', () => {
    const error = (code: ApiError['code']): ApiError => ({ code, message: 'whatever the shell said', hint: '', details: {} });
    expect(saveErrorId(error('invalid_input'))).toBe('identities-error-invalid');
    expect(saveErrorId(error('account_not_found'))).toBe('identities-error-account-gone');
    expect(saveErrorId(error('module_disabled'))).toBe('identities-error-no-mail');
    expect(saveErrorId(error('store_damaged'))).toBe('identities-error-store');
    expect(saveErrorId(error('timeout'))).toBe('identities-error-other');
  });
});

describe('an account\'s identities in settings', () => {
  it('loads, saves the whole list and takes what the shell stored', async () => {
    const s = shell();
    const store = new AccountIdentities('work', apiOf(s));
    await store.load();
    expect(store.list.map((i) => i.email)).toEqual(['alice@example.test', 'buergerbuero@example.test']);
    expect(await store.save(makeDefault(store.list, 1))).toBeNull();
    expect(store.list[0]!.email).toBe('buergerbuero@example.test');
    expect(store.saving).toBe(false);
  });

  it('a refused save returns the error and changes nothing', async () => {
    const s = shell();
    const store = new AccountIdentities('work', apiOf(s));
    await store.load();
    const before = JSON.parse(JSON.stringify(store.list));
    const error = await store.save([...store.list, { ...office, name: 'Doppelt' }]);
    expect(error?.code).toBe('invalid_input');
    expect(store.list).toEqual(before);
  });

  it('an unknown account is an error to show, with a retry', async () => {
    const store = new AccountIdentities('gone', apiOf(shell()));
    await store.load();
    expect(store.loaded).toBe(false);
    expect(store.loadError?.code).toBe('account_not_found');
  });
});

describe('the mock shell\'s identities', () => {
  it('an account never saved has one identity from its name and address, without a signature', async () => {
    const s = shell();
    expect(await s.handle('mail_identities', { account: 'behoerde' })).toEqual([
      { name: 'Stadtverwaltung', email: 'alice.schmidt@stadt.example.test', signature: '', reply_to: null },
    ]);
  });

  it('refuses an empty list, an invalid address, a name on two lines and an address twice', async () => {
    const s = shell();
    const set = (identities: MailIdentity[]) => s.handle('mail_identities_set', { account: 'work', identities });
    await expect(set([])).rejects.toMatchObject({ code: 'invalid_input', details: { reason: expect.any(String) } });
    await expect(set([{ ...alice, email: 'alice.example.test' }])).rejects.toMatchObject({ code: 'invalid_input' });
    await expect(set([{ ...alice, name: 'Alice\nSchmidt' }])).rejects.toMatchObject({ code: 'invalid_input' });
    await expect(set([alice, { ...office, email: 'ALICE@example.test' }])).rejects.toMatchObject({ code: 'invalid_input' });
    await expect(set([{ ...alice, reply_to: 'nope' }])).rejects.toMatchObject({ code: 'invalid_input' });
    await expect(s.handle('mail_identities_set', { account: 'gone', identities: [alice] })).rejects.toMatchObject({ code: 'account_not_found' });
    expect(((await s.handle('mail_identities', { account: 'work' })) as MailIdentity[]).length).toBe(2);
  });

  it('keeps the saved list, and new messages start with the new default and its signature', async () => {
    const s = shell();
    const stored = await s.handle('mail_identities_set', { account: 'work', identities: [press, alice] });
    expect(stored).toEqual([press, alice]);
    expect(await s.handle('mail_identities', { account: 'work' })).toEqual([press, alice]);
    const draft = (await s.handle('mail_compose', { account: 'work', request: { kind: 'new' } })) as MailDraft;
    expect(draft.from).toEqual({ name: 'Pressestelle', email: 'presse@example.test' });
    expect(draft.reply_to).toEqual({ name: '', email: 'presse-antwort@example.test' });
    expect(draft.text).toContain('\n-- \nPressestelle\n');
  });

  it('an account without mail has no identities', async () => {
    const s = shell();
    s.accounts = [{ id: 'dav', display_name: 'Nur Kalender', email: 'k@example.test', caldav: { url: 'https://dav.example.test/', username: 'k' } } as unknown as Account];
    await expect(s.handle('mail_identities_set', { account: 'dav', identities: [alice] })).rejects.toMatchObject({ code: 'account_not_found' });
  });
});
