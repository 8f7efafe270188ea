// The composer's logic without a page: addresses as typed, saving a moment after the
// last edit, the checks before sending, what the user is told afterwards, the outbox's
// words, and the mock shell's composer that the end-to-end states run against.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Account } from '../../src/bindings/Account';
import type { MailDraft } from '../../src/bindings/MailDraft';
import type { MailOutboxState } from '../../src/bindings/MailOutboxState';
import type { MailSavedDraft } from '../../src/bindings/MailSavedDraft';
import type { MessageSummary } from '../../src/bindings/MessageSummary';
import type { MailSendResult } from '../../src/bindings/MailSendResult';
import { format, has } from '../../src/lib/i18n';
import { ComposeStore } from '../../src/lib/stores/compose.svelte';
import { MockShell, mockShell, parseMailto } from '../../src/lib/transport/mock';
import { addMailboxes, formatMailbox, isValidEmail, mailtoUrl, parseMailbox, splitAddresses, tokenize } from '../../src/modules/mail/compose/address';
import { Autosaver, type Timers } from '../../src/modules/mail/compose/autosave';
import { OUTBOX_STATE_WORDS, mentionsAttachment, needsDecision, sendNotice, sendProblems } from '../../src/modules/mail/compose/checks';
import { Composer, SAVE_DELAY_MS, baseName, swapSignature } from '../../src/modules/mail/compose/compose.svelte';
import { commandFor, keyLabel } from '../../src/modules/mail/shortcuts';

function draft(fields: Partial<MailDraft> = {}): MailDraft {
  return {
    id: null, message_id: 'x@example.test', from: { name: 'Alice', email: 'alice@example.test' }, to: [], cc: [], bcc: [],
    reply_to: null, subject: '', text: '', html: null, attachments: [], in_reply_to: null, references: [], origin: null, ...fields,
  };
}

describe('addresses as typed', () => {
  it('a comma, semicolon or line break finishes an entry; the rest is still being typed', () => {
    expect(tokenize('bob@example.test, car')).toEqual({ committed: ['bob@example.test'], rest: 'car' });
    expect(tokenize('a@x.test;b@x.test;')).toEqual({ committed: ['a@x.test', 'b@x.test'], rest: '' });
    expect(tokenize('a@x.test\nb')).toEqual({ committed: ['a@x.test'], rest: 'b' });
    expect(tokenize('bob')).toEqual({ committed: [], rest: 'bob' });
  });

  it('does not split inside quotes or angle brackets', () => {
    expect(splitAddresses('"Doe, Jo" <jo@example.test>, bob@example.test')).toEqual(['"Doe, Jo" <jo@example.test>', 'bob@example.test']);
    expect(tokenize('"Doe, Jo')).toEqual({ committed: [], rest: '"Doe, Jo' });
  });

  it('reads a name and an address, or keeps what was typed', () => {
    expect(parseMailbox('Jürgen Müller <j.mueller@stadt.example.test>')).toEqual({ name: 'Jürgen Müller', email: 'j.mueller@stadt.example.test' });
    expect(parseMailbox('"Doe, Jo" <jo@example.test>')).toEqual({ name: 'Doe, Jo', email: 'jo@example.test' });
    expect(parseMailbox(' bob@example.test ')).toEqual({ name: '', email: 'bob@example.test' });
    expect(parseMailbox('mailto:bob@example.test')).toEqual({ name: '', email: 'bob@example.test' });
    expect(parseMailbox('not an address')).toEqual({ name: '', email: 'not an address' });
  });

  it('checks addresses as strictly as the shell', () => {
    for (const ok of ['bob@example.test', 'alice+tag@example.test', 'j.mueller@stadt.example.test', 'jürgen@müller.example']) expect(isValidEmail(ok), ok).toBe(true);
    for (const bad of ['', 'bob', '@example.test', 'bob@', 'a@b@c', 'bob smith@example.test', 'bob@example..test', '.bob@example.test', 'bob@-x.test', 'a<b@x.test', 'bob@example.test\r\nBcc: x@y.test', 'bob,@x.test']) {
      expect(isValidEmail(bad), bad).toBe(false);
    }
  });

  it('formats names that need quotes, and adds each address once', () => {
    expect(formatMailbox({ name: 'Doe, Jo', email: 'jo@example.test' })).toBe('"Doe, Jo" <jo@example.test>');
    expect(formatMailbox({ name: '', email: 'jo@example.test' })).toBe('jo@example.test');
    const list = addMailboxes([{ name: '', email: 'Bob@example.test' }], [{ name: 'Bob', email: 'bob@example.test' }, { name: '', email: 'c@example.test' }]);
    expect(list.map((m) => m.email)).toEqual(['Bob@example.test', 'c@example.test']);
  });

  it('turns a link the shell parsed back into a mailto: URL with the same content', () => {
    const request = { to: ['bob@example.test', 'carol@example.test'], cc: ['dave@example.test'], bcc: [], subject: 'Akte 4711 & Co', body: 'Hallo,\nbitte prüfen.' };
    const url = mailtoUrl(request);
    expect(url.startsWith('mailto:bob@example.test,carol@example.test?')).toBe(true);
    expect(parseMailto(url)).toEqual(request);
    expect(mailtoUrl({ to: [], cc: [], bcc: [], subject: null, body: null })).toBe('mailto:');
  });
});

describe('saving a moment after the last edit', () => {
  function fakeTimers() {
    let now = 0;
    const pending = new Map<number, { at: number; fn: () => void }>();
    let next = 1;
    const timers: Timers = {
      set: (fn, ms) => {
        pending.set(next, { at: now + ms, fn });
        return next++;
      },
      clear: (handle) => void pending.delete(handle as number),
    };
    const advance = async (ms: number) => {
      now += ms;
      for (const [id, t] of [...pending]) {
        if (t.at <= now) {
          pending.delete(id);
          t.fn();
        }
      }
      for (let i = 0; i < 5; i++) await Promise.resolve();
    };
    return { timers, advance };
  }

  it('waits until typing pauses, then saves once', async () => {
    const { timers, advance } = fakeTimers();
    const save = vi.fn(async () => {});
    const saver = new Autosaver(save, 800, timers);
    saver.touch();
    await advance(500);
    saver.touch();
    await advance(500);
    expect(save).not.toHaveBeenCalled();
    await advance(300);
    expect(save).toHaveBeenCalledTimes(1);
    expect(saver.dirty).toBe(false);
  });

  it('never runs two saves side by side (the second needs the id of the first)', async () => {
    const { timers, advance } = fakeTimers();
    let running = 0;
    let most = 0;
    let release: () => void = () => {};
    const save = vi.fn(async () => {
      running++;
      most = Math.max(most, running);
      await new Promise<void>((r) => (release = r));
      running--;
    });
    const saver = new Autosaver(save, 800, timers);
    saver.touch();
    await advance(800);
    saver.touch();
    await advance(800);
    expect(save).toHaveBeenCalledTimes(1);
    release();
    await advance(0);
    expect(save).toHaveBeenCalledTimes(2);
    release();
    await saver.flush();
    expect(most).toBe(1);
  });

  it('flush saves at once; a failed save stays unsaved; stop ends saving', async () => {
    const { timers, advance } = fakeTimers();
    let fail = true;
    const save = vi.fn(async () => {
      if (fail) throw new Error('disk full');
    });
    const saver = new Autosaver(save, 800, timers);
    await saver.flush();
    expect(save).not.toHaveBeenCalled();
    saver.touch();
    await saver.flush();
    expect(save).toHaveBeenCalledTimes(1);
    expect(saver.dirty).toBe(true);
    fail = false;
    await saver.flush();
    expect(saver.dirty).toBe(false);
    await saver.stop();
    saver.touch();
    await advance(1000);
    expect(save).toHaveBeenCalledTimes(2);
    saver.resume();
    saver.touch();
    await advance(800);
    expect(save).toHaveBeenCalledTimes(3);
  });
});

describe('before sending', () => {
  it('notices an attachment the text mentions, in English and German', () => {
    expect(mentionsAttachment('Please find the report attached.')).toBe(true);
    expect(mentionsAttachment('See the attachment.')).toBe(true);
    expect(mentionsAttachment('Im Anhang finden Sie den Bericht.')).toBe(true);
    expect(mentionsAttachment('Ich habe den Plan angehängt.')).toBe(true);
    expect(mentionsAttachment('Anbei der Entwurf.')).toBe(true);
    expect(mentionsAttachment('Bis morgen!')).toBe(false);
    expect(mentionsAttachment('Das Attachmentproblem')).toBe(false);
  });

  it('ignores quoted text, the signature and a forwarded message', () => {
    expect(mentionsAttachment('Danke!\n\n-- \nAlice\n\nAm 23.11. schrieb Jürgen:\n> anbei der Entwurf')).toBe(false);
    expect(mentionsAttachment('Danke!\n> Im Anhang der Plan')).toBe(false);
    expect(mentionsAttachment('FYI\n-------- Forwarded message --------\nSubject: Plan\n\nThe plan is attached.')).toBe(false);
  });

  it('refuses without (valid) recipients and asks about the subject and attachments', () => {
    expect(sendProblems(draft()).map((p) => p.kind)).toEqual(['no-recipient', 'no-subject']);
    const bad = draft({ to: [{ name: '', email: 'bob' }], subject: 'Plan' });
    expect(sendProblems(bad)).toEqual([{ kind: 'invalid', addresses: ['bob'] }]);
    const mention = draft({ to: [{ name: '', email: 'bob@example.test' }], text: 'Anbei der Plan.' });
    expect(sendProblems(mention).map((p) => p.kind)).toEqual(['no-subject', 'missing-attachment']);
    expect(sendProblems(mention, new Set(['no-subject'])).map((p) => p.kind)).toEqual(['missing-attachment']);
    expect(sendProblems(mention, new Set(['no-subject', 'missing-attachment']))).toEqual([]);
    const attached = { ...mention, subject: 'Plan', attachments: [{ kind: 'file' as const, path: '/tmp/plan.pdf', name: '' }] };
    expect(sendProblems(attached)).toEqual([]);
  });
});

describe('after sending', () => {
  const result = (state: MailOutboxState, error: string | null): MailSendResult => ({
    entry: { id: 1, state: 'queued', message_id: 'm', subject: 's', recipients: ['b@x.test'], attempts: 1, last_error: null, created_at: 0, updated_at: 0 },
    outcome: { id: 1, message_id: 'm', state, error },
  });

  it('says what happened, in the words of the outcome', () => {
    expect(sendNotice(result('filed', null))).toMatchObject({ tone: 'success', message: 'compose-sent', outbox: false });
    expect(sendNotice(result('queued', 'no route to host'))).toMatchObject({ tone: 'warning', message: 'compose-sent-queued', args: { reason: 'no route to host' } });
    expect(sendNotice(result('rejected', '550 no such user'))).toMatchObject({ tone: 'error', message: 'compose-sent-rejected', outbox: true });
    expect(sendNotice(result('uncertain', null))).toMatchObject({ tone: 'warning', message: 'compose-sent-uncertain', outbox: true });
    expect(sendNotice({ ...result('filed', null), outcome: null }).message).toBe('compose-sent-queued-plain');
    expect(format('en', 'compose-sent-queued', { reason: 'no route to host' })).toBe('Waiting to be sent: no route to host. It goes out when the server can be reached.');
  });

  it('names every outbox state in both languages; only uncertain and refused wait for the user', () => {
    for (const [state, id] of Object.entries(OUTBOX_STATE_WORDS)) {
      expect(has('en', id), id).toBe(true);
      expect(has('de', id), id).toBe(true);
      expect(needsDecision(state as MailOutboxState)).toBe(state === 'uncertain' || state === 'rejected');
    }
    expect(format('en', OUTBOX_STATE_WORDS.uncertain)).toBe('Delivery uncertain');
    expect(format('de', OUTBOX_STATE_WORDS.queued)).toBe('Wartet');
  });

  it('every notice id exists in both languages', () => {
    for (const id of ['compose-sent', 'compose-sent-filing', 'compose-sent-queued', 'compose-sent-queued-plain', 'compose-sent-rejected', 'compose-sent-uncertain', 'compose-draft-kept', 'compose-draft-kept-local', 'compose-discarded', 'compose-open-failed', 'outbox-queued-explain', 'outbox-uncertain-explain', 'outbox-rejected-explain', 'outbox-confirm-retry-uncertain', 'outbox-confirm-retry-body']) {
      expect(has('en', id) && has('de', id), id).toBe(true);
    }
  });
});

describe('helpers', () => {
  it('swaps one signature for another, and names files by their last part', () => {
    expect(swapSignature('Hallo\n\n-- \nAlice\n', 'Alice', 'Bürgerbüro')).toBe('Hallo\n\n-- \nBürgerbüro\n');
    expect(swapSignature('Hallo', 'Alice', 'Bürgerbüro')).toBe('Hallo');
    expect(baseName('/home/alice/Bericht 2026.pdf')).toBe('Bericht 2026.pdf');
    expect(baseName('C:\\Users\\alice\\Plan.png')).toBe('Plan.png');
  });

  it('shortcuts: Shift+R replies to all, Shift+F forwards as attachment, n writes', () => {
    const key = (k: string) => ({ key: k, ctrlKey: false, metaKey: false, altKey: false });
    expect(commandFor(key('R'), false)).toBe('reply-all');
    expect(commandFor(key('F'), false)).toBe('forward-attachment');
    expect(commandFor(key('n'), false)).toBe('compose');
    expect(keyLabel('R')).toBe('Shift+R');
    expect(keyLabel('r')).toBe('r');
    expect(keyLabel('ArrowDown')).toBe('ArrowDown');
  });

  it('a link taken into the composer and announced again right after opens once', () => {
    const store = new ComposeStore();
    const link = parseMailto('mailto:bob@example.test');
    store.receive(link, 1000);
    expect(store.take(1000)).toEqual(link);
    store.receive(structuredClone(link), 1500);
    expect(store.requests).toEqual([]);
    store.receive(structuredClone(link), 10_000);
    expect(store.requests).toHaveLength(1);
  });
});

describe('the mock shell composes like the shell', () => {
  it('a reply goes to the sender, with Re: and the quoted text below the signature', async () => {
    const shell = new MockShell({ scenario: 'ready' });
    const reply = (await shell.handle('mail_compose', { account: 'work', request: { kind: 'reply', message: 1, all: false } })) as MailDraft;
    expect(reply.to).toEqual([{ name: 'Jürgen Müller', email: 'j.mueller@stadt.example.test' }]);
    expect(reply.subject).toBe('Re: Haushaltsplan 2027: Entwurf zur Abstimmung');
    expect(reply.text).toMatch(/^\n\n-- \nAlice Schmidt\n[\s\S]*wrote:\n> Sehr geehrte Frau Schmidt,/);
    expect(reply.origin).toEqual({ message: 1, kind: 'reply' });
  });

  it('a link never attaches anything', async () => {
    const shell = new MockShell({ scenario: 'ready' });
    const fromLink = (await shell.handle('mail_compose', { account: 'work', request: { kind: 'mailto', url: 'mailto:bob@example.test?subject=Hi&attach=/etc/passwd' } })) as MailDraft;
    expect(fromLink.to.map((m) => m.email)).toEqual(['bob@example.test']);
    expect(fromLink.attachments).toEqual([]);
  });

  it('a draft from Drafts is rebuilt from its message, or is the local copy with its id', async () => {
    const shell = new MockShell({ scenario: 'ready' });
    const compose = async (message: number) => (await shell.handle('mail_compose', { account: 'work', request: { kind: 'draft', message } })) as MailDraft;
    const rebuilt = await compose(900_001);
    expect(rebuilt).toMatchObject({ id: null, message_id: 'mock-draft-900001@example.test', subject: 'Stellungnahme zum Bauantrag 4711', attachments: [{ kind: 'attachments_of', message: 900_001 }] });
    expect([...rebuilt.to, ...rebuilt.cc].map((m) => m.email)).toEqual(['a.oezdemir@bauamt.example.test', 'bob@example.test']);
    expect(rebuilt.html).toContain('<ul><li>');
    const saved = (await shell.handle('mail_draft_save', { account: 'work', draft: { ...rebuilt, subject: 'Stellungnahme (2)' } })) as MailSavedDraft;
    expect(await compose(900_001)).toMatchObject({ id: saved.id, subject: 'Stellungnahme (2)', message_id: rebuilt.message_id });
    const reply = await compose(900_002);
    expect(reply).toMatchObject({ id: null, html: null, attachments: [], in_reply_to: 'mock-2@example.test', references: ['mock-2@example.test'] });
    await expect(compose(1)).rejects.toMatchObject({ code: 'invalid_input' });
  });

  it('sending files at once, waits while offline, and is refused for @refused.test', async () => {
    const shell = new MockShell({ scenario: 'ready' });
    const to = [{ name: '', email: 'bob@example.test' }];
    expect(((await shell.handle('mail_send', { account: 'work', draft: draft({ to }) })) as MailSendResult).outcome?.state).toBe('filed');
    const refused = (await shell.handle('mail_send', { account: 'work', draft: draft({ to: [{ name: '', email: 'nobody@refused.test' }] }) })) as MailSendResult;
    expect(refused.outcome?.state).toBe('rejected');
    shell.online = false;
    const waiting = (await shell.handle('mail_send', { account: 'work', draft: draft({ to }) })) as MailSendResult;
    expect(waiting.outcome).toMatchObject({ state: 'queued', error: expect.stringContaining('cannot be reached') });
    const states = ((await shell.handle('mail_outbox', { account: 'work' })) as { state: string }[]).map((e) => e.state);
    expect(states).toEqual(['uncertain', 'queued', 'rejected', 'queued']);
    await expect(shell.handle('mail_send', { account: 'work', draft: draft() })).rejects.toMatchObject({ code: 'invalid_input' });
  });
});

describe('the composer', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    const work = { id: 'work', display_name: 'Alice Schmidt', email: 'alice@example.test', mail: { imap: { host: 'mail.example.test', port: 993, security: 'tls' }, smtp: { host: 'mail.example.test', port: 465, security: 'tls' }, username: 'alice@example.test' } } as unknown as Account;
    mockShell.accounts = [work];
    mockShell.online = true;
  });
  afterEach(() => vi.useRealTimers());

  it('saves the draft 800 ms after the last edit and keeps its id', async () => {
    const composer = await Composer.open('work', { kind: 'new' });
    expect(composer.identities.length).toBe(2);
    composer.observe();
    expect(composer.edited).toBe(false);
    composer.draft.subject = 'Plan';
    composer.observe();
    await vi.advanceTimersByTimeAsync(SAVE_DELAY_MS - 100);
    expect(composer.draft.id).toBeNull();
    await vi.advanceTimersByTimeAsync(200);
    expect(composer.draft.id).not.toBeNull();
    expect(composer.status).toBe('saved');
    const id = composer.draft.id;
    composer.draft.text = 'Hallo';
    composer.observe();
    await vi.advanceTimersByTimeAsync(SAVE_DELAY_MS);
    expect(composer.draft.id).toBe(id);
    const drafts = (await mockShell.handle('mail_drafts', { account: 'work' })) as MailDraft[];
    expect(drafts.find((d) => d.id === id)?.text).toBe('Hallo');
  });

  it('says "not on the server yet" when the upload fails, and closes keeping the draft', async () => {
    const composer = await Composer.open('work', { kind: 'new' });
    composer.draft.subject = 'Offline';
    composer.observe();
    mockShell.online = false;
    const closed = await composer.close();
    expect(closed).toEqual({ closed: true, saved: true });
    await vi.advanceTimersByTimeAsync(0);
    expect(composer.serverPending).toBe(true);
  });

  it('sends with the draft and reports the outcome', async () => {
    const composer = await Composer.open('work', { kind: 'new' });
    composer.draft.to = [{ name: '', email: 'bob@example.test' }];
    composer.draft.subject = 'Sent plan';
    composer.observe();
    await vi.advanceTimersByTimeAsync(SAVE_DELAY_MS);
    expect(composer.draft.id).not.toBeNull();
    const sent = await composer.send();
    expect(sent?.notice.message).toBe('compose-sent');
    const drafts = (await mockShell.handle('mail_drafts', { account: 'work' })) as MailDraft[];
    expect(drafts.some((d) => d.subject === 'Sent plan')).toBe(false);
  });

  it('a refused send keeps the composer and its error', async () => {
    const composer = await Composer.open('work', { kind: 'new' });
    composer.draft.to = [{ name: '', email: 'not an address' }];
    expect(await composer.send()).toBeNull();
    expect(composer.error?.code).toBe('invalid_input');
  });

  it('switching the identity swaps the signature', async () => {
    const composer = await Composer.open('work', { kind: 'new' });
    composer.setIdentity(1);
    expect(composer.draft.from.email).toBe('buergerbuero@example.test');
    expect(composer.draft.text).toContain('-- \nIhr Bürgerbüro');
    expect(composer.draft.text).not.toContain('Zimmer 2.14');
  });

  it('a continued draft keeps its local id while it is saved again', async () => {
    const first = await Composer.open('work', { kind: 'draft', message: 900_001 });
    expect(first.continued).toBe(true);
    first.adoptHtml('<p>Sehr geehrte Frau Özdemir,</p>');
    first.observe();
    expect(first.edited).toBe(false);
    expect(first.draft.text).toBe('');
    first.draft.subject = 'Stellungnahme (2)';
    first.observe();
    await vi.advanceTimersByTimeAsync(SAVE_DELAY_MS);
    const id = first.draft.id;
    expect(id).not.toBeNull();
    expect(await first.close()).toEqual({ closed: true, saved: true });
    const again = await Composer.open('work', { kind: 'draft', message: 900_001 });
    expect(again.draft).toMatchObject({ id, subject: 'Stellungnahme (2)', html: '<p>Sehr geehrte Frau Özdemir,</p>' });
    again.draft.html = '<p>Sehr geehrte Frau Özdemir,</p><p>Nachtrag</p>';
    again.observe();
    await vi.advanceTimersByTimeAsync(SAVE_DELAY_MS);
    expect(again.draft.id).toBe(id);
    const drafts = (await mockShell.handle('mail_drafts', { account: 'work' })) as MailDraft[];
    expect(drafts.filter((d) => d.message_id === again.draft.message_id).map((d) => d.id)).toEqual([id]);
  });

  it('discarding a continued draft without a local copy moves its message to the Trash', async () => {
    const composer = await Composer.open('work', { kind: 'draft', message: 900_002 });
    expect(composer.draft.id).toBeNull();
    await composer.discard();
    const ids = async (folder: number) => ((await mockShell.handle('mail_list', { account: 'work', folder, offset: 0, limit: 50 })) as MessageSummary[]).map((m) => m.id);
    expect(await ids(2)).not.toContain(900_002);
    expect(await ids(6)).toContain(900_002);
  });

  it('a forward switches between inline and attached until its text is edited', async () => {
    const composer = await Composer.open('work', { kind: 'forward', message: 5, attach: false });
    expect(composer.forwardAttached).toBe(false);
    composer.addFiles(['/home/alice/plan.pdf']);
    await composer.switchForward(true);
    expect(composer.forwardAttached).toBe(true);
    expect(composer.draft.attachments.map((a) => a.kind)).toEqual(['message', 'file']);
    composer.draft.text = `Bitte ansehen.${composer.draft.text}`;
    expect(composer.canSwitchForward).toBe(false);
  });
});
