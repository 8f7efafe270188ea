import { describe, expect, it } from 'vitest';
import type { Invitation } from '../../src/bindings/Invitation';
import type { MailReaderView } from '../../src/bindings/MailReaderView';
import type { PhishingHint } from '../../src/bindings/PhishingHint';
import type { Problem } from '../../src/bindings/Problem';
import type { Risk } from '../../src/bindings/Risk';
import { format, has } from '../../src/lib/i18n';
import { MockShell } from '../../src/lib/transport/mock';
import {
  addressLine,
  hintText,
  invitationWhen,
  isWarning,
  problemText,
  replyToDiffers,
  riskText,
  sizeText,
  type Text,
} from '../../src/modules/mail/reader/describe';

const HINTS: PhishingHint[] = [
  { code: 'name_contains_other_address', shown: 'chef@example.test', actual: 'x@evil.test' },
  { code: 'impersonates_contact', name: 'Bob Berger', known_address: 'bob@example.test', actual: 'bob@evil.test' },
  { code: 'lookalike_domain', domain: 'examp1e.test', resembles: 'example.test' },
  { code: 'mixed_script_domain', domain: 'exаmple.test' },
  { code: 'reply_to_other_domain', from_domain: 'example.test', reply_to_domain: 'evil.test' },
  { code: 'first_message_from_sender', address: 'new@example.test' },
];
const RISKS: Risk[] = [
  { code: 'executable', extension: 'exe' },
  { code: 'executable', extension: '' },
  { code: 'double_extension', shown: 'pdf', real: 'exe' },
  { code: 'macros', extension: 'docm' },
  { code: 'disk_image', extension: 'iso' },
];
const PROBLEMS: Problem[] = [{ code: 'encoding_problem', part_id: '2' }, { code: 'nesting_too_deep' }, { code: 'body_too_large' }, { code: 'styles_ignored' }];

/** The sentence in both languages; every argument shows up in it. */
function sentences(text: Text): string[] {
  return (['en', 'de'] as const).map((lang) => {
    expect(has(lang, text.id), `${text.id} (${lang})`).toBe(true);
    const sentence = format(lang, text.id, text.args);
    for (const value of Object.values(text.args)) expect(sentence).toContain(String(value));
    return sentence;
  });
}

describe('reader warnings', () => {
  it('say one sentence per phishing hint, naming what the hint names', () => {
    const all = HINTS.map((h) => sentences(hintText(h))[0]);
    expect(new Set(all).size).toBe(HINTS.length);
    expect(format('en', hintText(HINTS[2]!).id, hintText(HINTS[2]!).args)).toBe(
      "The sender's domain examp1e.test looks like example.test, but it is a different one.",
    );
  });

  it('treat a first message as a note, everything else as a warning', () => {
    expect(HINTS.filter(isWarning).map((h) => h.code)).not.toContain('first_message_from_sender');
    expect(HINTS.filter(isWarning)).toHaveLength(HINTS.length - 1);
  });

  it('explain every risky attachment and every parser problem', () => {
    RISKS.forEach((r) => sentences(riskText(r)));
    PROBLEMS.forEach((p) => sentences(problemText(p)));
    expect(format('en', riskText(RISKS[2]!).id, riskText(RISKS[2]!).args)).toContain('.pdf');
  });
});

describe('attachment sizes', () => {
  const say = (bytes: number, lang: 'en' | 'de') => {
    const s = sizeText(bytes, lang);
    return format(lang, s.id, s.args);
  };
  it('use binary steps and the language’s number format', () => {
    expect(say(1, 'en')).toBe('1 byte');
    expect(say(512, 'en')).toBe('512 bytes');
    expect(say(1536, 'en')).toBe('1.5 KB');
    expect(say(1536, 'de')).toBe('1,5 KB');
    expect(say(245_760, 'de')).toBe('240 KB');
    expect(say(1_482_752, 'en')).toBe('1.4 MB');
    expect(say(5 * 1024 ** 4, 'en')).toBe('5,120 GB');
    expect(say(0, 'de')).toBe('0 Byte');
  });
});

describe('addresses', () => {
  it('show name and address, or whichever there is', () => {
    expect(addressLine({ name: 'Bob', address: 'bob@example.test' })).toBe('Bob <bob@example.test>');
    expect(addressLine({ name: '', address: 'bob@example.test' })).toBe('bob@example.test');
    expect(addressLine({ name: 'Team', address: '' })).toBe('Team');
  });
  it('show Reply-To only when it names someone else', () => {
    const bob = { name: 'Bob', address: 'bob@example.test' };
    expect(replyToDiffers([bob], [])).toBe(false);
    expect(replyToDiffers([bob], [{ name: '', address: 'BOB@example.test' }])).toBe(false);
    expect(replyToDiffers([bob], [{ name: '', address: 'konto@evil.test' }])).toBe(true);
  });
});

describe('invitations', () => {
  // ICU versions differ on the comma after an English weekday.
  const when = (...args: Parameters<typeof invitationWhen>) => invitationWhen(...args).replace(/,/g, '');
  const invitation = (start: string | null, end: string | null, tzid: string | null = null): Invitation => ({
    part_id: '2', method: 'REQUEST', summary: 'Sitzung', start, end, tzid, location: '', organizer: null,
  });
  it('show an instant in the user’s zone, the end’s time only on the same day', () => {
    expect(when(invitation('2026-11-26T09:00:00Z', '2026-11-26T10:30:00Z'), 'en', 'Europe/Berlin')).toBe('Thursday 26 November 2026 at 10:00 – 11:30');
    expect(when(invitation('2026-11-26T09:00:00Z', '2026-11-27T09:00:00Z'), 'de', 'UTC')).toBe('Donnerstag 26. November 2026 um 09:00 – Freitag 27. November 2026 um 09:00');
  });
  it('show wall-clock times as written, with their zone, and all-day events by date', () => {
    expect(when(invitation('2026-11-26T09:00:00', null, 'Europe/Berlin'), 'en')).toBe('Thursday 26 November 2026 at 09:00 (Europe/Berlin)');
    expect(when(invitation('2026-11-26', '2026-11-27'), 'de')).toBe('Donnerstag 26. November 2026');
    expect(when(invitation('2026-11-26', '2026-11-28'), 'en')).toBe('Thursday 26 November 2026 – Friday 27 November 2026');
    expect(when(invitation(null, null), 'en')).toBe('');
    expect(when(invitation('next week', null), 'en')).toBe('');
  });
});

describe('mock reader', () => {
  const render = (shell: MockShell, id: number) => shell.handle('mail_render', { account: 'work', id }) as Promise<MailReaderView>;

  it('renders the body as a data: document without scripts', async () => {
    const view = await render(new MockShell({ scenario: 'ready' }), 1);
    expect(view.document_url.startsWith('data:text/html;charset=utf-8,')).toBe(true);
    const html = decodeURIComponent(view.document_url.split(',').slice(1).join(','));
    expect(html).not.toMatch(/<script|\sstyle=|\son\w+=/i);
    expect(view.remote).toMatchObject({ allowed_by: null, resources: 3, trackers: 1, sender: 'j.mueller@stadt.example.test' });
  });

  it('loads images for one message or always for a sender, with a new document', async () => {
    const shell = new MockShell({ scenario: 'ready' });
    const before = await render(shell, 1);
    const after = (await shell.handle('mail_allow_remote', { account: 'work', id: 1, scope: 'message' })) as MailReaderView;
    expect(after.remote.allowed_by).toBe('message');
    expect(after.document_url).not.toBe(before.document_url);
    await shell.handle('mail_allow_remote', { account: 'work', id: 1, scope: 'sender' });
    // Message 6 is from the same sender.
    expect((await render(shell, 6)).remote.allowed_by).toBe('sender');
  });

  it('refuses exceptions when the policy blocks images', async () => {
    const shell = new MockShell({ scenario: 'ready' });
    Object.assign(shell.settings.find((s) => s.key === 'mail.remote_content')!, { locked: true, value: 'block' });
    expect((await render(shell, 1)).remote.locked).toBe(true);
    await expect(shell.handle('mail_allow_remote', { account: 'work', id: 1, scope: 'message' })).rejects.toMatchObject({ code: 'setting_locked' });
  });

  it('warns about the phishing message and opens its program only when confirmed', async () => {
    const shell = new MockShell({ scenario: 'ready' });
    const view = await render(shell, 5);
    expect(view.message.phishing_hints.map((h) => h.code)).toContain('lookalike_domain');
    expect(view.message.links.some((l) => l.deceptive)).toBe(true);
    const exe = view.message.attachments.find((a) => a.name === 'rechnung.pdf.exe')!;
    expect(exe.risk?.code).toBe('double_extension');
    await expect(shell.handle('mail_attachment_open', { account: 'work', id: 5, part: exe.part_id, confirmed: false })).rejects.toMatchObject({ code: 'invalid_input' });
    expect(await shell.handle('mail_attachment_open', { account: 'work', id: 5, part: exe.part_id, confirmed: true })).toBeNull();
    expect(await shell.handle('mail_attachment_save', { account: 'work', id: 5, part: exe.part_id })).toBe('/home/alice/Downloads/rechnung.pdf.exe');
  });
});
