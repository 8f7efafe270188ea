// End-to-end check of the test build (dist-test, mock transport) in Debian's headless
// Chromium: every screen and state, in both languages and all three themes, with axe
// (any violation fails), a strict CSP (any violation fails), keyboard paths through
// the rail and the setup form, and a screenshot of each state in
// test-results/screenshots/.
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { mkdirSync, readFileSync, existsSync, statSync } from 'node:fs';
import { extname, join, normalize } from 'node:path';
import { chromium } from 'playwright-core';

const require = createRequire(import.meta.url);
const root = join(import.meta.dirname, '../..');
const dist = join(root, 'dist-test');
const shots = join(root, 'test-results/screenshots');
const axePath = require.resolve('axe-core/axe.min.js');
mkdirSync(shots, { recursive: true });

// The shell's CSP, stricter still: not even inline style attributes. The reader's frame
// loads the mock's message documents from data: URLs (the shell's own scheme in the app).
const CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; frame-src data:; object-src 'none'; base-uri 'none'";
const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml', '.png': 'image/png' };

const server = createServer((req, res) => {
  const path = normalize(decodeURIComponent(new URL(req.url, 'http://x').pathname)).replace(/^(\.\.[/\\])+/, '');
  if (path === '/__axe.js') {
    // axe-core, served from 'self' so the page's strict CSP still applies while it runs.
    res.writeHead(200, { 'content-type': 'text/javascript' });
    return res.end(readFileSync(axePath));
  }
  let file = join(dist, path);
  if (!file.startsWith(dist) || !existsSync(file) || statSync(file).isDirectory()) file = join(dist, 'index.html');
  res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'content-security-policy': CSP });
  res.end(readFileSync(file));
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const base = `http://127.0.0.1:${server.address().port}/`;

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'],
});

let passed = 0;
let failed = 0;
const failures = [];
function check(name, ok, detail = '') {
  if (ok) passed++;
  else {
    failed++;
    failures.push(`${name}: ${detail}`);
    console.log(`FAIL ${name}: ${detail}`);
  }
}

async function newPage(problems) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
  const page = await context.newPage();
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(m.text());
  });
  page.on('pageerror', (e) => problems.push(String(e)));
  return page;
}

async function open(page, { state = 'fresh', lang, theme, hash = '', query = '' }) {
  await page.goto(`${base}?state=${state}&lang=${lang}&theme=${theme}&delay=0${query}${hash}`);
  await page.waitForSelector('.frame[data-ready="true"]');
}

async function setup(page, email, password) {
  await page.fill('#setup-email', email);
  await page.fill('#setup-password', password);
  await page.click('[data-action="discover"]');
  await page.waitForSelector('#setup-step-title >> text=/./');
  await page.waitForSelector('[data-action="test"]');
}
async function editWork(page, o) {
  await open(page, { ...o, state: 'ready', hash: '#/settings/accounts' });
  await page.click('[data-account="work"] [data-action="edit"]');
  await page.waitForSelector('#edit-work-imap');
}
async function editAndTest(page, o) {
  await editWork(page, o);
  await page.fill('#edit-work-imap', 'imap://imap.example.test:143');
  await page.click('[data-action="edit-test"]');
  await page.waitForSelector('.editor .checks');
}
// The link of a second launch, as the shell forwards it.
const SECOND_LAUNCH_LINK = { to: ['bob@example.test'], cc: [], bcc: [], subject: 'Akte 4711', body: null };
// A link opens the composer, prefilled with its recipient.
const LINK_COMPOSER = 'dialog[open][data-composer="mailto"] [data-chip="bob@example.test"]';
// The composer: opened from the toolbar (or `how`), ready for typing.
async function openComposer(page, o, how = (p) => p.click('[data-action="compose"]')) {
  await openMail(page, o);
  await how(page);
  await page.waitForSelector('dialog[open][data-composer] #compose-body');
  await page.waitForFunction(() => document.activeElement?.closest('dialog[data-composer]'));
}
async function addRecipient(page, address) {
  await page.fill('#compose-to-input', address);
  await page.press('#compose-to-input', ',');
  await page.waitForSelector(`[data-chip="${address}"]`);
}
async function replyTo(page, o, row) {
  await openComposer(page, o, async (p) => { await p.click(`#mail-row-${row}`); await p.click('[data-action="reply"]'); });
}
async function openMail(page, o) {
  await open(page, { ...o, state: 'ready', hash: '#/mail' });
  await page.waitForSelector('#mail-row-0 .subject');
}
// The reader: open row `row` of the inbox and wait for its body (a frame, or the note
// for a message without text).
async function openMessage(page, o, row) {
  await openMail(page, o);
  await page.click(`#mail-row-${row}`);
  await page.waitForSelector('[data-message-text]');
}
// The formatted draft in Drafts, open in the reader.
async function openDraft(page, o) {
  await openMail(page, o);
  await page.click('[data-folder="drafts"]');
  await page.waitForSelector('#mail-row-0 .subject >> text=Bauantrag 4711');
  await page.click('#mail-row-0');
  await page.waitForSelector('[data-message-text]');
  await page.waitForSelector('[data-action="draft-continue"]');
}
// Settings → Identities and signatures, with the `work` account's two identities.
async function openIdentities(page, o) {
  await open(page, { ...o, state: 'ready', hash: '#/settings/identities' });
  await page.waitForSelector('[data-identities="work"] [data-identity="buergerbuero@example.test"]');
}
async function test(page) {
  await page.click('[data-action="test"]');
  await page.waitForSelector('.checks, .step .notice.error');
}

const STATES = {
  'frame-mail': (p, o) => open(p, { ...o, state: 'ready', hash: '#/mail' }).then(() => p.waitForSelector('.sync li')),
  'mail-list': (p, o) => openMail(p, o),
  'mail-open': async (p, o) => { await openMail(p, o); await p.click('#mail-row-0'); await p.waitForSelector('[data-message-text]'); },
  'mail-search': async (p, o) => { await openMail(p, o); await p.fill('#mail-search', 'muller'); await p.press('#mail-search', 'Enter'); await p.waitForSelector('mark'); },
  'mail-empty-folder': async (p, o) => { await openMail(p, o); await p.click('[data-folder="junk"]'); await p.waitForSelector('.empty-state'); },
  'mail-shortcuts': async (p, o) => { await openMail(p, o); await p.click('[data-action="shortcuts"]'); await p.waitForSelector('dialog[open] kbd'); },
  'mail-archived-undo': async (p, o) => { await openMail(p, o); await p.click('#mail-row-1'); await p.waitForSelector('[data-message-text]'); await p.click('[data-action="archive"]'); await p.waitForSelector('[data-action="undo"]'); },
  'mail-confirm-delete': async (p, o) => {
    await openMail(p, o); await p.click('#mail-row-2'); await p.waitForSelector('[data-message-text]'); await p.click('[data-action="delete"]');
    await p.click('[data-folder="trash"]'); await p.waitForSelector('#mail-row-0 .subject'); await p.click('#mail-row-0'); await p.waitForSelector('[data-message-text]');
    await p.click('[data-action="delete"]'); await p.waitForSelector('dialog[open] [data-action="delete-confirm"]');
  },
  'mail-reader-html': async (p, o) => {
    await openMessage(p, o, 0);
    const frame = await p.$('iframe[data-message-text]');
    const sandbox = (await frame?.getAttribute('sandbox')) ?? null;
    if (sandbox === null || /allow-scripts|allow-same-origin/.test(sandbox)) throw new Error(`the body frame's sandbox is ${sandbox}`);
    if ((await frame.getAttribute('referrerpolicy')) !== 'no-referrer') throw new Error('the body frame sends a referrer');
    if (!(await frame.getAttribute('title'))) throw new Error('the body frame has no title');
    if (await p.$('.reader [data-message-text]:not(iframe)')) throw new Error('the body is shown outside the frame');
    await (await frame.contentFrame()).waitForSelector('table');
    await p.waitForSelector('[data-remote="blocked"] [data-action="remote-message"]');
    // Keyboard: from the last action, Tab reaches the remote-content buttons; the frame takes focus.
    await p.focus('[data-action="delete"]');
    await p.keyboard.press('Tab');
    if ((await p.evaluate(() => document.activeElement?.getAttribute('data-action'))) !== 'remote-message') throw new Error('Tab does not reach "Load for this message"');
    await p.focus('iframe[data-message-text]');
    if (!(await p.evaluate(() => document.activeElement?.matches('iframe[data-message-text]')))) throw new Error('the body frame cannot take focus');
    await p.evaluate(() => document.activeElement?.blur());
  },
  'mail-reader-phishing': async (p, o) => {
    await openMessage(p, o, 4);
    await p.waitForSelector('[data-phishing][role="alert"] [data-deceptive-link]');
    await p.waitForSelector('[data-first-message]');
    await p.waitForSelector('[data-reply-to]');
    await p.waitForSelector('[data-attachment="rechnung.pdf.exe"] [data-risk="double_extension"]');
  },
  'mail-reader-remote-loaded': async (p, o) => {
    await openMessage(p, o, 0);
    const before = await p.getAttribute('iframe[data-message-text]', 'src');
    await p.click('[data-action="remote-message"]');
    await p.waitForSelector('[data-remote="allowed"]');
    if ((await p.getAttribute('iframe[data-message-text]', 'src')) === before) throw new Error('the frame did not load the images');
    if ((await p.evaluate(() => document.activeElement?.dataset.remote)) !== 'allowed') throw new Error('focus was lost with the buttons');
    await (await (await p.$('iframe[data-message-text]')).contentFrame()).waitForSelector('svg');
  },
  'mail-reader-attachment-confirm': async (p, o) => {
    await openMessage(p, o, 4);
    await p.click('[data-attachment="rechnung.pdf.exe"] [data-action="attachment-open"]');
    await p.waitForSelector('dialog[open] [data-action="attachment-open-confirm"]');
    if ((await p.evaluate(() => document.activeElement?.getAttribute('data-action'))) !== 'attachment-open-cancel') throw new Error('"Cancel" does not have the focus');
  },
  'mail-reader-saved-links': async (p, o) => {
    await openMessage(p, o, 4);
    await p.click('[data-attachment="Bericht 2026.pdf"] [data-action="attachment-save"]');
    await p.waitForSelector('[data-attachment-saved]');
    await p.click('[data-links] summary');
    await p.waitForSelector('[data-links][open] li.deceptive');
  },
  // A draft in Drafts: "Continue writing" instead of reply and forward.
  'mail-draft-open': async (p, o) => {
    await openDraft(p, o);
    if (await p.$('.reader [data-action="reply"], .reader [data-action="forward"]')) throw new Error('a draft offers reply or forward');
    if ((await p.getAttribute('[data-action="draft-continue"]', 'aria-keyshortcuts')) !== 'Shift+E') throw new Error('the button does not name its shortcut');
    await (await (await p.$('iframe[data-message-text]')).contentFrame()).waitForSelector('ul li');
  },
  'mail-reader-invitation': async (p, o) => { await openMessage(p, o, 1); await p.waitForSelector('[data-invitation]'); },
  'mail-reader-no-text': async (p, o) => { await openMessage(p, o, 5); await p.waitForSelector('[data-attached-message]'); await p.waitForSelector('[data-problems]'); },
  'frame-calendar': (p, o) => open(p, { ...o, state: 'ready', hash: '#/calendar' }),
  'frame-contacts': (p, o) => open(p, { ...o, state: 'ready', hash: '#/contacts' }),
  'frame-chat': (p, o) => open(p, { ...o, state: 'ready', hash: '#/chat' }),
  'frame-files': (p, o) => open(p, { ...o, state: 'ready', hash: '#/files' }),
  'frame-offline': (p, o) => open(p, { ...o, state: 'offline', hash: '#/mail' }).then(() => p.waitForSelector('[data-online="false"]')),
  'setup-start': (p, o) => open(p, o).then(() => p.waitForSelector('#setup-email')),
  'setup-invalid': async (p, o) => { await open(p, o); await p.click('[data-action="discover"]'); await p.waitForSelector('#setup-email[aria-invalid="true"]'); },
  'setup-pending': (p, o) => open(p, { ...o, state: 'pending' }).then(() => p.waitForSelector('#pending-password-behoerde')),
  'setup-found': async (p, o) => { await open(p, o); await setup(p, 'alice@example.test', 'secret'); },
  'setup-advanced': async (p, o) => { await open(p, o); await setup(p, 'alice@example.test', 'secret'); await p.click('.advanced summary'); await p.waitForSelector('#setup-imap'); },
  'setup-test-ok': async (p, o) => { await open(p, o); await setup(p, 'alice@example.test', 'secret'); await test(p); },
  'setup-auth-failed': async (p, o) => { await open(p, o); await setup(p, 'alice@example.test', 'wrong-password'); await test(p); },
  'setup-certificate': async (p, o) => { await open(p, o); await setup(p, 'alice@selfsigned.test', 'secret'); await test(p); await p.waitForSelector('[data-action="trust"]'); },
  'setup-trust-dialog': async (p, o) => { await open(p, o); await setup(p, 'alice@selfsigned.test', 'secret'); await test(p); await p.click('[data-action="trust"]'); await p.waitForSelector('dialog[open]'); },
  'setup-trusted': async (p, o) => { await open(p, o); await setup(p, 'alice@selfsigned.test', 'secret'); await test(p); await p.click('[data-action="trust"]'); await p.click('[data-action="trust-confirm"]'); await p.waitForSelector('.check[data-service="imap"][data-ok="true"]'); },
  'setup-pinning-forbidden': async (p, o) => {
    await open(p, { ...o, state: 'nopin' }); await setup(p, 'alice@selfsigned.test', 'secret'); await test(p);
    await p.waitForSelector('.check[data-service="imap"] [data-trust="not-allowed"] .notice.warning');
    if (await p.$('[data-action="trust"]')) throw new Error('the trust button is offered although the policy forbids pinning');
  },
  'setup-unreachable': async (p, o) => { await open(p, o); await setup(p, 'alice@offline.test', 'secret'); await test(p); },
  'setup-host-not-allowed': async (p, o) => { await open(p, o); await setup(p, 'alice@blocked.test', 'secret'); await test(p); },
  'setup-nothing-found': async (p, o) => { await open(p, o); await setup(p, 'nobody@nowhere.test', 'secret'); },
  'setup-saved': async (p, o) => { await open(p, o); await setup(p, 'alice@example.test', 'secret'); await test(p); await p.click('[data-action="save"]'); await p.waitForSelector('[data-action="finish"]'); },
  'settings-accounts': (p, o) => open(p, { ...o, state: 'ready', hash: '#/settings/accounts' }).then(() => p.waitForSelector('[data-account="work"]')),
  'settings-account-test': async (p, o) => { await open(p, { ...o, state: 'ready', hash: '#/settings/accounts' }); await p.click('[data-account="work"] [data-action="test"]'); await p.waitForSelector('[data-account="work"] .checks'); },
  'settings-remove-dialog': async (p, o) => { await open(p, { ...o, state: 'ready', hash: '#/settings/accounts' }); await p.click('[data-account="work"] [data-action="remove"]'); await p.waitForSelector('dialog[open]'); },
  'settings-password-dialog': async (p, o) => { await open(p, { ...o, state: 'ready', hash: '#/settings/accounts' }); await p.click('[data-account="behoerde"] [data-action="password"]'); await p.waitForSelector('dialog[open] #new-password'); },
  'settings-account-edit': (p, o) => editWork(p, o),
  'settings-account-edit-tested': (p, o) => editAndTest(p, o),
  'settings-account-edit-locked-host': async (p, o) => { await editWork(p, o); await p.fill('#edit-work-caldav', 'https://dav.blocked.test/alice/'); await p.click('[data-action="edit-test"]'); await p.waitForSelector('.editor .notice.error'); },
  'settings-account-edited': async (p, o) => { await editAndTest(p, o); await p.click('[data-action="edit-save"]'); await p.waitForSelector('.editor', { state: 'detached' }); await p.waitForSelector('[data-account="work"] .notice.success'); },
  'frame-mail-start-link': (p, o) => open(p, { ...o, state: 'ready', hash: '#/mail', query: `&link=${encodeURIComponent('mailto:bob@example.test?subject=Akte%204711')}` }).then(() => p.waitForSelector(LINK_COMPOSER)),
  'frame-mail-second-launch': async (p, o) => {
    await open(p, { ...o, state: 'ready', hash: '#/settings/accounts' });
    await p.evaluate((draft) => window.werkbankMock.emit('compose-requested', draft), SECOND_LAUNCH_LINK);
    await p.waitForFunction(() => location.hash === '#/mail');
    await p.waitForSelector(LINK_COMPOSER);
  },
  'settings-language': (p, o) => open(p, { ...o, state: 'ready', hash: '#/settings/language' }),
  'settings-theme': (p, o) => open(p, { ...o, state: 'ready', hash: '#/settings/theme' }),
  'settings-notifications-locked': (p, o) => open(p, { ...o, state: 'ready', hash: '#/settings/notifications' }).then(() => p.waitForSelector('#notifications-sound:disabled')),
  // Identities and signatures: the list per mail account, the form, a problem at its field, the question before removing.
  'settings-identities': (p, o) => openIdentities(p, o),
  'settings-identity-edit': async (p, o) => {
    await openIdentities(p, o);
    await p.click('[data-identities="work"] [data-identity="alice@example.test"] [data-action="identity-edit"]');
    await p.waitForSelector('#identities-work-0-signature');
    if ((await p.inputValue('#identities-work-0-signature')) !== 'Alice Schmidt\nBauamt, Zimmer 2.14') throw new Error('the form does not show the signature');
  },
  'settings-identity-invalid': async (p, o) => {
    await openIdentities(p, o);
    await p.click('[data-identities="work"] [data-action="identity-add"]');
    await p.fill('#identities-work-new-email', 'Buergerbuero@example.test');
    await p.click('[data-action="identity-save"]');
    await p.waitForSelector('#identities-work-new-email[aria-invalid="true"]');
    if (!(await p.getAttribute('#identities-work-new-email', 'aria-describedby'))?.includes('identities-work-new-email-error')) throw new Error('the problem is not tied to the field');
    if ((await p.evaluate(() => document.activeElement?.id)) !== 'identities-work-new-email') throw new Error('focus is not on the field with the problem');
  },
  // The shell refuses the save (here: the account was removed meanwhile): why, in plain words, and nothing typed is lost.
  'settings-identity-refused': async (p, o) => {
    await openIdentities(p, o);
    await p.click('[data-identities="work"] [data-action="identity-add"]');
    await p.fill('#identities-work-new-email', 'presse@example.test');
    await p.fill('#identities-work-new-signature', 'Pressestelle');
    await p.evaluate(() => { window.werkbankMock.accounts = window.werkbankMock.accounts.filter((a) => a.id !== 'work'); });
    await p.click('[data-action="identity-save"]');
    await p.waitForSelector('[data-identity-editor] [role="status"] .notice.error');
    if ((await p.inputValue('#identities-work-new-signature')) !== 'Pressestelle') throw new Error('the form lost the signature');
  },
  'settings-identity-remove-dialog': async (p, o) => {
    await openIdentities(p, o);
    await p.click('[data-identities="work"] [data-identity="buergerbuero@example.test"] [data-action="identity-remove"]');
    await p.waitForSelector('dialog[open] [data-action="identity-remove-confirm"]');
  },
  // Writing: the composer (new, reply), suggestions, checks before sending, the outcome, the outbox.
  'compose-new': (p, o) => openComposer(p, o),
  'compose-reply': async (p, o) => {
    await replyTo(p, o, 0);
    if (!(await p.inputValue('#compose-subject')).startsWith('Re: ')) throw new Error('the reply has no "Re:" subject');
    if (!(await p.inputValue('#compose-body')).includes('\n> ')) throw new Error('the reply does not quote the message');
    if ((await p.evaluate(() => document.activeElement?.id)) !== 'compose-body') throw new Error('the reply does not start in the text');
  },
  'compose-autocomplete': async (p, o) => {
    await openComposer(p, o);
    await p.type('#compose-to-input', 'b');
    await p.waitForSelector('#compose-to-listbox:not([hidden]) [role="option"]');
    await p.press('#compose-to-input', 'ArrowDown');
    if ((await p.getAttribute('#compose-to-input', 'aria-activedescendant')) !== 'compose-to-option-1') throw new Error('ArrowDown does not move through the suggestions');
  },
  'compose-invalid-address': async (p, o) => {
    await openComposer(p, o);
    await p.fill('#compose-to-input', 'bob.example.test');
    await p.press('#compose-to-input', 'Enter');
    await p.waitForSelector('#compose-to-error');
    await p.click('[data-action="compose-send"]');
    await p.waitForSelector('dialog[data-composer] [role="alert"] .problem');
  },
  'compose-attachment-question': async (p, o) => {
    await openComposer(p, o);
    await addRecipient(p, 'bob@example.test');
    await p.fill('#compose-subject', 'Bauantrag 4711');
    await p.fill('#compose-body', 'Guten Tag,\n\nanbei die Unterlagen.');
    await p.keyboard.press('Control+Enter');
    await p.waitForSelector('dialog[open] [data-action="compose-send-anyway"]');
  },
  'compose-sent': async (p, o) => {
    await openComposer(p, o);
    await addRecipient(p, 'bob@example.test');
    await p.fill('#compose-subject', 'Protokoll');
    await p.fill('#compose-body', 'Guten Tag,\n\ndas Protokoll folgt morgen.');
    await p.keyboard.press('Control+Enter');
    await p.waitForSelector('[data-send-notice="success"]');
    await p.waitForSelector('dialog[data-composer]', { state: 'detached' });
  },
  'compose-queued': async (p, o) => {
    await open(p, { ...o, state: 'offline', hash: '#/mail' });
    await p.waitForSelector('#mail-row-0 .subject');
    await p.click('[data-action="compose"]');
    await p.waitForSelector('dialog[open][data-composer] #compose-to-input');
    await addRecipient(p, 'bob@example.test');
    await p.fill('#compose-subject', 'Protokoll');
    await p.click('[data-action="compose-send"]');
    await p.waitForSelector('[data-send-notice="warning"]');
  },
  'compose-discard-confirm': async (p, o) => {
    await openComposer(p, o);
    await p.fill('#compose-body', 'Ein erster Gedanke');
    await p.waitForSelector('[data-save-status="saved"]');
    await p.click('[data-action="compose-discard"]');
    await p.waitForSelector('dialog[open] [data-action="compose-discard-confirm"]');
  },
  'compose-outbox': async (p, o) => {
    await openMail(p, o);
    await p.click('[data-folder="outbox"]');
    await p.waitForSelector('[data-outbox-entry="uncertain"] [data-action="outbox-retry"]');
  },
  'compose-outbox-retry-confirm': async (p, o) => {
    await openMail(p, o);
    await p.click('[data-folder="outbox"]');
    await p.click('[data-outbox-entry="uncertain"] [data-action="outbox-retry"]');
    await p.waitForSelector('dialog[open] [data-action="outbox-retry-confirm"]');
  },
  // A draft continued from Drafts: formatted, addressed, with its attachments.
  'compose-draft': async (p, o) => {
    await openDraft(p, o);
    await p.click('[data-action="draft-continue"]');
    await p.waitForSelector('dialog[open][data-composer="draft"] #compose-body[contenteditable="true"] li');
    await p.waitForFunction(() => document.activeElement?.closest('dialog[data-composer]'));
    if ((await p.inputValue('#compose-subject')) !== 'Stellungnahme zum Bauantrag 4711') throw new Error('the draft lost its subject');
    if (!(await p.$('[data-chip="a.oezdemir@bauamt.example.test"]')) || !(await p.$('[data-chip="bob@example.test"]'))) throw new Error('the draft lost its recipients');
    if (!(await p.$('[data-attachment="attachments_of"]'))) throw new Error('the draft lost its attachments');
    if ((await p.getAttribute('[data-action="compose-formatted"]', 'aria-pressed')) !== 'true') throw new Error('a formatted draft opens as plain text');
    if (!(await p.$('#compose-body b'))) throw new Error('the formatting is gone');
  },
  // Formatted text: bold and a list through the toolbar; the saved draft holds only safe HTML.
  'compose-rich': async (p, o) => {
    await openComposer(p, o);
    await addRecipient(p, 'bob@example.test');
    await p.fill('#compose-subject', 'Protokoll');
    await p.fill('#compose-body', 'Guten Tag,');
    await p.click('[data-action="compose-formatted"]');
    await p.waitForSelector('#compose-body[contenteditable="true"][role="textbox"]');
    await p.click('#compose-body p');
    await p.keyboard.press('Control+End');
    await p.keyboard.press('Enter');
    await p.click('[data-tool="bold"]');
    await p.keyboard.type('Wichtig:');
    await p.keyboard.press('Control+B');
    await p.keyboard.type(' bitte bis Freitag prüfen.');
    await p.keyboard.press('Enter');
    await p.click('[data-tool="bullets"]');
    await p.keyboard.type('Grundriss');
    await p.keyboard.press('Enter');
    await p.keyboard.type('Schnitt');
    const saved = await p.waitForFunction(() => window.werkbankMock.composer.listDrafts().find((d) => d.html?.includes('Schnitt</li>')), null, { timeout: 5000 });
    const draft = await saved.jsonValue();
    if (!/<(b|strong)>Wichtig:<\/(b|strong)>/.test(draft.html)) throw new Error(`no bold in the saved draft: ${draft.html}`);
    if (!draft.html.includes('<ul><li>Grundriss</li><li>Schnitt</li></ul>')) throw new Error(`no list in the saved draft: ${draft.html}`);
    if (/<[^>]*\s(style|class|on[a-z]+)\s*=/i.test(draft.html)) throw new Error(`attributes left in the saved draft: ${draft.html}`);
    if (draft.text !== '') throw new Error('a formatted draft carries its own plain text');
    if ((await p.getAttribute('[data-action="compose-formatted"]', 'aria-pressed')) !== 'true') throw new Error('the switch does not say formatted');
  },
  // The search field's suggestions: operators of the syntax, people from earlier correspondence.
  'mail-search-suggest-operators': async (p, o) => {
    await openMail(p, o);
    await p.type('#mail-search', 'is:');
    await p.waitForSelector('#mail-search-listbox [data-suggestion="value"]');
    const count = (await p.$$('#mail-search-listbox [role="option"]')).length;
    if (count !== 3) throw new Error(`"is:" offers ${count} options`);
    await p.press('#mail-search', 'ArrowDown');
  },
  'mail-search-suggest-people': async (p, o) => {
    await openMail(p, o);
    await p.type('#mail-search', 'from:b');
    await p.waitForSelector('#mail-search-listbox [data-suggestion="person"]');
    if ((await p.getAttribute('#mail-search', 'aria-expanded')) !== 'true') throw new Error('the combobox does not say it is expanded');
  },
};

async function axe(page) {
  // addScriptTag({ path }) would inline the source, which the CSP (rightly) blocks.
  await page.addScriptTag({ url: '/__axe.js' });
  return page.evaluate(async () => {
    const r = await window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] } });
    return r.violations.map((v) => `${v.id} (${v.nodes.length}): ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
  });
}

const only = process.env.E2E_ONLY;
for (const lang of ['en', 'de']) {
  for (const theme of ['light', 'dark', 'high-contrast']) {
    for (const [name, reach] of Object.entries(STATES)) {
      if (only && !name.includes(only)) continue;
      const id = `${name}-${lang}-${theme}`;
      const problems = [];
      const page = await newPage(problems);
      try {
        await reach(page, { lang, theme });
        check(`${id} language`, (await page.getAttribute('html', 'lang')) === lang, 'html lang');
        check(`${id} theme`, (await page.getAttribute('html', 'data-theme')) === theme, 'data-theme');
        await page.evaluate(() => document.fonts.ready);
        await page.screenshot({ path: join(shots, `${id}.png`), fullPage: false });
        const violations = await axe(page);
        check(`${id} axe`, violations.length === 0, violations.join('; '));
        check(`${id} console`, problems.length === 0, problems.join('; '));
      } catch (e) {
        check(id, false, String(e).split('\n')[0]);
        await page.screenshot({ path: join(shots, `${id}-FAILED.png`) }).catch(() => {});
      }
      await page.context().close();
    }
  }
}

// 200 % zoom: a narrow viewport at device scale 2 must not scroll sideways.
for (const [name, hash, state] of [['zoom-setup', '', 'fresh'], ['zoom-settings', '#/settings/accounts', 'ready'], ['zoom-identities', '#/settings/identities', 'ready'], ['zoom-mail', '#/mail', 'ready'], ['zoom-mail-list', '#/mail', 'ready']]) {
  if (only && !name.includes(only)) continue;
  const context = await browser.newContext({ viewport: { width: 640, height: 430 }, deviceScaleFactor: 2 });
  const page = await context.newPage();
  await open(page, { state, lang: 'de', theme: 'light', hash });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  check(`${name} no horizontal scroll`, overflow <= 0, `${overflow}px`);
  await page.screenshot({ path: join(shots, `${name}-de-light.png`) });
  await context.close();
}

// Mail: the virtual list holds 100,000 messages but draws only what is visible; the
// keyboard moves, opens, flags, archives with undo; search finds across diacritics.
if (!only || 'mail-keyboard'.includes(only)) {
  const problems = [];
  const page = await newPage(problems);
  await openMail(page, { lang: 'en', theme: 'light' });
  const listbox = '[role="listbox"]';
  check('mail: the list knows all 100,000 messages', (await page.getAttribute(listbox, 'data-total')) === '100000');
  const drawn = await page.$$eval('[role="option"]', (rows) => rows.length);
  check('mail: only the visible rows are drawn', drawn > 5 && drawn < 60, `${drawn}`);
  check('mail: rows tell their position', (await page.getAttribute('#mail-row-0', 'aria-setsize')) === '100000');
  await page.focus(listbox);
  await page.keyboard.press('j');
  await page.keyboard.press('ArrowDown');
  check('mail: j and ArrowDown move the selection', (await page.getAttribute(listbox, 'aria-activedescendant')) === 'mail-row-2');
  await page.keyboard.press('Enter');
  await page.waitForSelector('[data-message-text]');
  check('mail: Enter opens the message', (await page.textContent('#reader-subject'))?.length > 0);
  await page.focus(listbox);
  await page.keyboard.press('End');
  await page.waitForSelector('#mail-row-99999 .subject');
  check('mail: End scrolls to the 100,000th message', (await page.getAttribute('#mail-row-99999', 'aria-selected')) === 'true');
  await page.keyboard.press('Home');
  await page.waitForSelector('#mail-row-0 .subject');
  const unreadBefore = await page.getAttribute('#mail-row-0', 'data-unread');
  await page.keyboard.press('u');
  await page.waitForFunction((before) => document.querySelector('#mail-row-0')?.getAttribute('data-unread') !== before, unreadBefore);
  check('mail: u toggles read/unread', true);
  const subject = await page.textContent('#mail-row-0 .subject');
  await page.keyboard.press('e');
  await page.waitForSelector('[data-action="undo"]');
  check('mail: e archives the message', (await page.textContent('#mail-row-0 .subject')) !== subject);
  await page.click('[data-action="undo"]');
  await page.waitForFunction((s) => document.querySelector('#mail-row-0 .subject')?.textContent === s, subject);
  check('mail: Undo brings it back', true);
  await page.keyboard.press('?');
  await page.waitForSelector('dialog[open] kbd');
  check('mail: ? shows the shortcuts', true);
  await page.keyboard.press('Escape');
  // The dialog's close event comes a task later: until then the view ignores keys.
  await page.waitForFunction(() => !document.querySelector('dialog[open]'));
  await page.keyboard.press('/');
  check('mail: / goes to the search field', (await page.evaluate(() => document.activeElement?.id)) === 'mail-search');
  await page.keyboard.type('muller');
  await page.keyboard.press('Enter');
  await page.waitForSelector('mark');
  check('mail: search ignores diacritics and marks the hit', (await page.textContent('mark'))?.toLowerCase() === 'müller');
  check('mail: typing in the search field is not a shortcut', (await page.$('dialog[open]')) === null);
  // A click on a new-mail notification opens that message, from anywhere.
  await page.goto(`${base}?state=ready&lang=en&theme=light&delay=0#/calendar`);
  await page.waitForSelector('.frame[data-ready="true"]');
  await page.evaluate(() => window.werkbankMock.emit('open-item', 'mail/work/42'));
  await page.waitForSelector('[data-message-text]');
  check('mail: a notification click opens its message', (await page.evaluate(() => location.hash)) === '#/mail' && (await page.textContent('#reader-subject'))?.includes('(41)'));
  // A large sync downloads the bodies for offline use, then the search index catches
  // up with them, each with its own progress.
  await page.evaluate(() => window.werkbankMock.emit('module-event', { module: 'mail', account: 'work', kind: { type: 'downloading', done: 12000, total: 100000 } }));
  const downloading = await page.waitForSelector('.sync li.downloading');
  check('mail: the status bar shows bodies downloading for offline use', (await downloading.textContent())?.includes('downloading for offline use, 12,000 of 100,000'), await downloading.textContent());
  await page.screenshot({ path: join(shots, 'status-downloading.png') });
  await page.evaluate(() => window.werkbankMock.emit('module-event', { module: 'mail', account: 'work', kind: { type: 'indexing', done: 42000, total: 100000 } }));
  const indexing = await page.waitForSelector('.sync li.indexing');
  check('mail: the status bar shows the search index catching up', (await indexing.textContent())?.includes('preparing search, 42,000 of 100,000'), await indexing.textContent());
  check('mail pages: no console errors', problems.length === 0, problems.join('; '));
  await page.context().close();
}

// The search field's suggestions by keyboard: ArrowDown and Enter pick, Enter then
// searches; Escape closes the list first; recent searches in the empty field.
if (!only || 'mail-search-keyboard'.includes(only)) {
  const problems = [];
  const page = await newPage(problems);
  await openMail(page, { lang: 'en', theme: 'light' });
  await page.focus('[role="listbox"]');
  await page.keyboard.press('/');
  check('search: / focuses the combobox', (await page.evaluate(() => document.activeElement?.getAttribute('role'))) === 'combobox');
  await page.keyboard.type('muller is:');
  await page.waitForSelector('#mail-search-listbox [role="option"]');
  await page.keyboard.press('ArrowDown');
  check('search: ArrowDown marks the first suggestion', (await page.getAttribute('#mail-search', 'aria-activedescendant')) === 'mail-search-option-0');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.querySelector('#mail-search')?.value === 'muller is:unread ');
  check('search: Enter inserts the suggestion', (await page.evaluate(() => document.activeElement?.selectionStart)) === 'muller is:unread '.length);
  check('search: the inserted term did not search yet', !(await page.textContent('#mail-list-title'))?.includes('results'));
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.querySelector('#mail-list-title')?.textContent?.includes('is:unread'));
  await page.waitForSelector('mark');
  check('search: Enter then runs the search', (await page.textContent('#mail-list-title'))?.includes('for “muller is:unread”'), await page.textContent('#mail-list-title'));
  await page.fill('#mail-search', '');
  await page.keyboard.press('ArrowDown');
  await page.waitForSelector('#mail-search-listbox [data-suggestion="recent"]');
  check('search: ArrowDown in the empty field offers the recent search', (await page.textContent('[data-suggestion="recent"] .term')) === 'muller is:unread');
  await page.keyboard.type('fr');
  await page.waitForSelector('#mail-search-listbox [role="option"]');
  await page.keyboard.press('Escape');
  check('search: Escape closes the list and keeps the text', (await page.getAttribute('#mail-search', 'aria-expanded')) === 'false' && (await page.inputValue('#mail-search')) === 'fr');
  await page.keyboard.press('Escape');
  check('search: a second Escape is the field\'s own (clears it)', (await page.inputValue('#mail-search')) === '');
  check('search: no dialog opened while typing', (await page.$('dialog[open]')) === null);
  check('search pages: no console errors', problems.length === 0, problems.join('; '));
  await page.context().close();
}

// Writing by keyboard: c opens the composer, suggestions by arrow keys and Enter, Ctrl+Enter
// sends; Escape keeps a draft; r replies in the text; dropped files are attached; the
// outbox sends an uncertain message again only after a question.
if (!only || 'compose-keyboard'.includes(only)) {
  const problems = [];
  const page = await newPage(problems);
  await openMail(page, { lang: 'en', theme: 'light' });
  await page.focus('[role="listbox"]');
  await page.keyboard.press('c');
  await page.waitForSelector('dialog[open][data-composer="new"]');
  await page.waitForFunction(() => document.activeElement?.id === 'compose-to-input');
  check('compose: c opens the composer in To', true);
  check('compose: the dialog has a name', (await page.getAttribute('dialog[data-composer]', 'aria-labelledby')) === 'compose-title' && (await page.textContent('#compose-title')) === 'New message');
  await page.keyboard.type('mü');
  await page.waitForSelector('#compose-to-listbox:not([hidden]) [role="option"]');
  check('compose: suggestions open as a listbox', (await page.getAttribute('#compose-to-input', 'aria-expanded')) === 'true');
  await page.keyboard.press('Enter');
  await page.waitForSelector('[data-chip="j.mueller@stadt.example.test"]');
  check('compose: Enter picks the suggestion', (await page.inputValue('#compose-to-input')) === '');
  await page.keyboard.type('carol@example.test; dave@example.test,');
  await page.waitForSelector('[data-chip="dave@example.test"]');
  check('compose: commas and semicolons make chips', (await page.$$('[data-address-field="compose-to"] [data-chip]')).length === 3);
  await page.keyboard.press('Backspace');
  check('compose: Backspace in the empty field removes the last chip', (await page.$('[data-chip="dave@example.test"]')) === null);
  await page.keyboard.type('bo');
  await page.waitForSelector('#compose-to-listbox:not([hidden])');
  await page.keyboard.press('Escape');
  check('compose: Escape closes only the suggestions', (await page.$('dialog[open][data-composer]')) !== null && (await page.getAttribute('#compose-to-input', 'aria-expanded')) === 'false');
  await page.fill('#compose-to-input', '');
  await page.evaluate(() => window.werkbankMock.emit('tauri://drag-drop', { paths: ['/home/alice/Dokumente/Plan.pdf'], position: { x: 10, y: 10 } }));
  await page.waitForSelector('[data-attachment="Plan.pdf"]');
  check('compose: dropped files are attached', true);
  await page.focus('#compose-subject');
  await page.keyboard.type('Plan');
  await page.waitForSelector('[data-save-status="saved"]');
  check('compose: the draft is saved after a pause', /Saved at \d\d:\d\d/.test(await page.textContent('[data-save-status]')));
  await page.keyboard.press('Escape');
  await page.waitForSelector('dialog[data-composer]', { state: 'detached' });
  check('compose: Escape closes and keeps the draft', (await page.textContent('[data-send-notice]'))?.includes('Drafts'));
  // Reply by keyboard: starts in the text, above the quote; Ctrl+Enter sends.
  await page.click('#mail-row-1');
  await page.focus('[role="listbox"]');
  await page.keyboard.press('r');
  await page.waitForSelector('dialog[open][data-composer="reply"]');
  await page.waitForFunction(() => document.activeElement?.id === 'compose-body');
  check('compose: r replies, starting in the text', (await page.evaluate(() => document.activeElement.selectionStart)) === 0);
  await page.keyboard.type('Danke, erledigt.');
  await page.keyboard.press('Control+Enter');
  await page.waitForSelector('[data-send-notice="success"]');
  check('compose: Ctrl+Enter sends', (await page.$('dialog[data-composer]')) === null);
  // Forward as attachment: Shift+F.
  await page.focus('[role="listbox"]');
  await page.keyboard.press('Shift+F');
  await page.waitForSelector('dialog[open][data-composer="forward"] [data-attachment="message"]');
  check('compose: Shift+F forwards as attachment', true);
  await page.click('[data-action="compose-discard"]');
  await page.waitForSelector('dialog[data-composer]', { state: 'detached' });
  check('compose: an untouched composer is discarded without a question', true);
  // The outbox: the count, then "Send again" only after a question.
  check('outbox: the folder pane counts waiting messages', (await page.getAttribute('[data-outbox-count]', 'data-outbox-count')) === '2');
  await page.click('[data-folder="outbox"]');
  await page.waitForSelector('[data-outbox-entry="uncertain"]');
  check('outbox: states in words', (await page.textContent('[data-outbox-entry="uncertain"] [data-state]'))?.includes('Delivery uncertain') && (await page.textContent('[data-outbox-entry="queued"] [data-state]'))?.includes('Waiting'));
  await page.click('[data-outbox-entry="uncertain"] [data-action="outbox-retry"]');
  await page.waitForSelector('dialog[open] [data-action="outbox-retry-confirm"]');
  await page.click('[data-action="outbox-retry-confirm"]');
  await page.waitForSelector('[data-outbox-entry="uncertain"]', { state: 'detached' });
  check('outbox: sent again after confirming', (await page.getAttribute('[data-outbox-count]', 'data-outbox-count')) === '1');
  await page.click('[data-outbox-entry="queued"] [data-action="outbox-discard"]');
  await page.click('[data-action="outbox-discard-confirm"]');
  await page.waitForSelector('[data-outbox-entry]', { state: 'detached' });
  check('outbox: discarded after confirming', (await page.$('[data-outbox-count]')) === null);
  check('compose pages: no console errors', problems.length === 0, problems.join('; '));
  await page.context().close();
}

// Continuing drafts by keyboard: Shift+E in Drafts opens the composer with the draft;
// r does nothing there; the help lists Shift+E; edits are saved under the draft's
// Message-ID and come back the next time; discarding the plain draft (no local copy)
// moves it out of Drafts and the list shows that.
if (!only || 'compose-draft-keyboard'.includes(only)) {
  const problems = [];
  const page = await newPage(problems);
  await openDraft(page, { lang: 'en', theme: 'light' });
  await page.focus('[role="listbox"]');
  await page.keyboard.press('r');
  await page.keyboard.press('?');
  await page.waitForSelector('dialog[open] kbd');
  check('drafts: the help lists Shift+E', (await page.$$eval('dialog[open] kbd', (keys) => keys.map((k) => k.textContent))).includes('Shift+E'));
  check('drafts: r does not reply to a draft', (await page.$('dialog[data-composer]')) === null);
  await page.keyboard.press('Escape');
  await page.focus('[role="listbox"]');
  await page.keyboard.press('Shift+E');
  await page.waitForSelector('dialog[open][data-composer="draft"] #compose-body[contenteditable="true"] li');
  check('drafts: Shift+E continues the draft', (await page.textContent('#compose-title')) === 'Draft');
  check('drafts: the attachments are the draft\'s own', (await page.textContent('[data-attachment="attachments_of"]'))?.includes('saved with the draft'));
  await page.click('#compose-body li:last-child');
  await page.keyboard.press('End');
  await page.keyboard.type(' Er folgt bis Freitag.');
  const saved = await page.waitForFunction(() => window.werkbankMock.composer.listDrafts().find((d) => d.message_id === 'mock-draft-900001@example.test' && d.html?.includes('bis Freitag')), null, { timeout: 5000 });
  const local = await saved.jsonValue();
  check('drafts: the edit is saved under the draft\'s Message-ID', local.id !== null && !/<[^>]*\s(style|class|on[a-z]+)\s*=/i.test(local.html), local.html);
  await page.keyboard.press('Escape');
  await page.waitForSelector('dialog[data-composer]', { state: 'detached' });
  check('drafts: closing keeps the draft', (await page.textContent('[data-send-notice]'))?.includes('Drafts'));
  await page.click('#mail-row-0');
  await page.waitForSelector('[data-action="draft-continue"]');
  await page.click('[data-action="draft-continue"]');
  await page.waitForSelector('dialog[open][data-composer="draft"] #compose-body li');
  check('drafts: continuing again finds the saved edit', (await page.textContent('#compose-body'))?.includes('bis Freitag'));
  await page.keyboard.press('Escape');
  await page.waitForSelector('dialog[data-composer]', { state: 'detached' });
  // The plain reply draft, which only the server has: discarding asks, then it leaves Drafts.
  await page.click('#mail-row-1');
  await page.waitForSelector('[data-action="draft-continue"]');
  await page.focus('[role="listbox"]');
  await page.keyboard.press('Shift+E');
  await page.waitForSelector('dialog[open][data-composer="draft"] textarea#compose-body');
  check('drafts: a plain draft opens as plain text', (await page.inputValue('#compose-body')).includes('Tagesordnung'));
  await page.click('[data-action="compose-discard"]');
  await page.click('dialog[open] [data-action="compose-discard-confirm"]');
  await page.waitForSelector('dialog[data-composer]', { state: 'detached' });
  await page.waitForFunction(() => document.querySelector('[role="listbox"]')?.getAttribute('data-total') === '1');
  check('drafts: the discarded draft leaves the list', (await page.$('.reader [data-action="draft-continue"]')) === null);
  check('drafts pages: no console errors', problems.length === 0, problems.join('; '));
  await page.context().close();
}

// Identities by keyboard: add one with a signature (a missing address is caught at its
// field first), save, and the composer offers it under From and writes its signature;
// then make it the default and remove the Bürgerbüro identity after the question.
if (!only || 'identities-keyboard'.includes(only)) {
  const problems = [];
  const page = await newPage(problems);
  const active = () => page.evaluate(() => document.activeElement?.id || document.activeElement?.getAttribute('data-action'));
  async function tabTo(action) {
    for (let i = 0; i < 20; i++) {
      await page.keyboard.press('Tab');
      if ((await page.evaluate(() => document.activeElement?.getAttribute('data-action'))) === action) return true;
    }
    return false;
  }
  await openIdentities(page, { lang: 'en', theme: 'light' });
  check('identities: the default is marked', (await page.textContent('[data-identity="alice@example.test"] .badge'))?.trim() === 'Default');
  check('identities: the signature is shown', (await page.textContent('[data-identity="alice@example.test"] .signature'))?.includes('Zimmer 2.14'));
  await page.focus('[data-identities="work"] [data-action="identity-add"]');
  await page.keyboard.press('Enter');
  await page.waitForSelector('#identities-work-new-name');
  check('identities: focus moves to the name field', (await active()) === 'identities-work-new-name');
  check('identities: the name starts as the account\'s', (await page.inputValue('#identities-work-new-name')) === 'Alice Schmidt');
  const ring = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
  check('identities: focus ring visible', ring !== 'none', ring);
  await page.keyboard.press('End');
  await page.keyboard.type(' (Pressestelle)');
  check('identities: Tab reaches "Save identity"', await tabTo('identity-save'));
  await page.keyboard.press('Enter');
  await page.waitForSelector('#identities-work-new-email[aria-invalid="true"]');
  check('identities: a missing address is caught, focus on its field', (await active()) === 'identities-work-new-email');
  check('identities: the problem is read with the field', (await page.getAttribute('#identities-work-new-email', 'aria-describedby')) === 'identities-work-new-email-error');
  check('identities: the name typed is kept', (await page.inputValue('#identities-work-new-name')) === 'Alice Schmidt (Pressestelle)');
  await page.keyboard.type('presse@example.test');
  await page.keyboard.press('Tab');
  check('identities: Tab moves to Reply-To', (await active()) === 'identities-work-new-replyTo');
  await page.keyboard.press('Tab');
  check('identities: Tab moves to the signature', (await active()) === 'identities-work-new-signature');
  await page.keyboard.type('Alice Schmidt');
  await page.keyboard.press('Enter');
  await page.keyboard.type('Pressestelle der Stadt');
  check('identities: Tab reaches "Save identity" again', await tabTo('identity-save'));
  await page.keyboard.press('Enter');
  await page.waitForSelector('[data-identities="work"] [data-identity="presse@example.test"]');
  await page.waitForSelector('[data-identities="work"] [data-identity-editor]', { state: 'detached' });
  check('identities: saved, and said so', (await page.textContent('[data-identities="work"] [role="status"]'))?.includes('presse@example.test is added'));
  check('identities: focus moves to the new identity', (await page.evaluate(() => document.activeElement?.closest('[data-identity]')?.getAttribute('data-identity'))) === 'presse@example.test' && (await active()) === 'identity-edit');
  check('identities: the new signature is listed', (await page.textContent('[data-identity="presse@example.test"] .signature'))?.includes('Pressestelle der Stadt'));
  const stored = await page.evaluate(() => window.werkbankMock.composer.identities('work'));
  check('identities: the shell stored the whole list', stored.length === 3 && stored[2].signature === 'Alice Schmidt\nPressestelle der Stadt', JSON.stringify(stored));
  // The composer: the new identity under From; choosing it puts its signature in the text.
  await page.focus('[data-module="mail"]');
  await page.keyboard.press('Enter');
  await page.waitForSelector('#mail-row-0 .subject');
  await page.focus('[role="listbox"]');
  await page.keyboard.press('c');
  await page.waitForSelector('dialog[open][data-composer="new"] #compose-from');
  const label = 'Alice Schmidt (Pressestelle) <presse@example.test>';
  check('identities: the composer offers the new identity', (await page.$$eval('#compose-from option', (o) => o.map((x) => x.textContent))).includes(label));
  await page.focus('#compose-from');
  await page.selectOption('#compose-from', { label });
  const body = await page.inputValue('#compose-body');
  check('identities: choosing it writes its signature', body.includes('-- \nAlice Schmidt\nPressestelle der Stadt') && !body.includes('Zimmer 2.14'), JSON.stringify(body));
  await page.keyboard.press('Escape');
  await page.waitForSelector('dialog[data-composer]', { state: 'detached' });
  // Back in settings: make it the default, then remove the Bürgerbüro identity.
  await page.evaluate(() => { location.hash = '#/settings/identities'; });
  await page.waitForSelector('[data-identities="work"] [data-identity="presse@example.test"] [data-action="identity-default"]');
  await page.focus('[data-identity="presse@example.test"] [data-action="identity-default"]');
  await page.keyboard.press('Enter');
  await page.waitForSelector('[data-identities="work"] li:first-child[data-identity="presse@example.test"][data-default="true"]');
  check('identities: "Make default" moves it first', (await page.textContent('[data-identities="work"] [role="status"]'))?.includes('now the default'));
  check('identities: focus stays with it', (await page.evaluate(() => document.activeElement?.closest('[data-identity]')?.getAttribute('data-identity'))) === 'presse@example.test');
  await page.focus('[data-identity="buergerbuero@example.test"] [data-action="identity-remove"]');
  await page.keyboard.press('Enter');
  await page.waitForSelector('dialog[open] [data-action="identity-remove-confirm"]');
  await page.keyboard.press('Escape');
  check('identities: Escape keeps it', (await page.$('[data-identity="buergerbuero@example.test"]')) !== null);
  await page.click('[data-identity="buergerbuero@example.test"] [data-action="identity-remove"]');
  await page.click('dialog[open] [data-action="identity-remove-confirm"]');
  await page.waitForSelector('[data-identity="buergerbuero@example.test"]', { state: 'detached' });
  check('identities: removed after the question', (await page.textContent('[data-identities="work"] [role="status"]'))?.includes('was removed'));
  // An account with one identity: it cannot be removed, and the page says why.
  check('identities: the last one stays', (await page.$('[data-identities="behoerde"] [data-action="identity-remove"]')) === null && (await page.textContent('[data-identities="behoerde"]'))?.includes('at least one identity'));
  check('identities pages: no console errors', problems.length === 0, problems.join('; '));
  await page.context().close();
}

// Keyboard: the rail.
if (!only || 'keyboard'.includes(only)) {
  const problems = [];
  const page = await newPage(problems);
  await open(page, { state: 'ready', lang: 'en', theme: 'light', hash: '#/mail' });
  await page.keyboard.press('Tab'); // skip link
  await page.keyboard.press('Tab');
  check('rail: Tab reaches the first module', (await page.evaluate(() => document.activeElement?.getAttribute('data-module'))) === 'mail');
  await page.keyboard.press('ArrowDown');
  check('rail: ArrowDown moves to the next module', (await page.evaluate(() => document.activeElement?.getAttribute('data-module'))) === 'calendar');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => location.hash === '#/calendar');
  // The rail re-renders after the hash change: wait for it (a busy machine is slow).
  await page.waitForSelector('[data-module="calendar"][aria-current="page"]', { timeout: 5000 }).catch(() => {});
  check('rail: Enter opens it with aria-current', (await page.getAttribute('[data-module="calendar"]', 'aria-current')) === 'page');
  await page.waitForFunction(() => document.activeElement?.id === 'view-title', null, { timeout: 5000 }).catch(() => {});
  check('rail: focus moves to the view heading', (await page.evaluate(() => document.activeElement?.id)) === 'view-title');
  await page.focus('[data-module="calendar"]');
  await page.keyboard.press('End');
  check('rail: End reaches Settings', (await page.evaluate(() => document.activeElement?.getAttribute('data-module'))) === 'settings');
  await page.keyboard.press('Home');
  check('rail: Home returns to the first module', (await page.evaluate(() => document.activeElement?.getAttribute('data-module'))) === 'mail');
  const ring = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
  check('rail: focus ring visible', ring !== 'none', ring);
  await page.context().close();

  // Keyboard: the setup form, from the address to a saved account, without a mouse.
  const setupPage = await newPage(problems);
  await open(setupPage, { state: 'fresh', lang: 'de', theme: 'light' });
  await setupPage.focus('#setup-email');
  await setupPage.keyboard.type('alice@example.test');
  await setupPage.keyboard.press('Tab');
  check('setup: Tab moves from address to password', (await setupPage.evaluate(() => document.activeElement?.id)) === 'setup-password');
  await setupPage.keyboard.type('secret');
  await setupPage.keyboard.press('Enter');
  await setupPage.waitForSelector('[data-action="test"]');
  async function tabTo(action) {
    for (let i = 0; i < 40; i++) {
      await setupPage.keyboard.press('Tab');
      if ((await setupPage.evaluate(() => document.activeElement?.getAttribute('data-action'))) === action) return true;
    }
    return false;
  }
  check('setup: Tab reaches "Test"', await tabTo('test'));
  await setupPage.keyboard.press('Enter');
  await setupPage.waitForSelector('.checks');
  check('setup: Tab reaches "Save"', await tabTo('save'));
  await setupPage.keyboard.press('Enter');
  await setupPage.waitForSelector('[data-action="finish"]');
  check('setup: saved by keyboard', true);
  // Escape closes a dialog and focus returns.
  await setupPage.goto(`${base}?state=ready&lang=de&theme=light&delay=0#/settings/accounts`);
  await setupPage.waitForSelector('[data-account="work"]');
  await setupPage.focus('[data-account="work"] [data-action="remove"]');
  await setupPage.keyboard.press('Enter');
  await setupPage.waitForSelector('dialog[open]');
  await setupPage.keyboard.press('Escape');
  await setupPage.waitForSelector('dialog[open]', { state: 'detached' }).catch(() => {});
  check('dialog: Escape closes it', (await setupPage.$('dialog[open]')) === null);
  check('dialog: focus returns to the button', (await setupPage.evaluate(() => document.activeElement?.getAttribute('data-action'))) === 'remove');
  // Removing asks first, then the account is gone; a policy account has no remove button.
  await setupPage.click('[data-account="work"] [data-action="remove"]');
  await setupPage.click('[data-action="remove-confirm"]');
  await setupPage.waitForSelector('[data-account="work"]', { state: 'detached' });
  check('remove: the account is gone after confirming', true);
  check('remove: policy accounts cannot be removed', (await setupPage.$('[data-account="behoerde"] [data-action="remove"]')) === null);
  // Editing an account: the form is prefilled, a change needs a test, then it is saved
  // and shown; focus returns to "Edit"; a policy account offers no edit.
  await setupPage.goto(`${base}?state=ready&lang=en&theme=light&delay=0#/settings/accounts`);
  await setupPage.waitForSelector('[data-account="behoerde"]');
  check('edit: policy accounts cannot be edited', (await setupPage.$('[data-account="behoerde"] [data-action="edit"]')) === null);
  await setupPage.click('[data-account="work"] [data-action="edit"]');
  await setupPage.waitForSelector('#edit-work-imap');
  check('edit: focus moves to the form', (await setupPage.evaluate(() => document.activeElement?.id)) === 'edit-work-title');
  check('edit: the form shows the saved servers', (await setupPage.inputValue('#edit-work-imap')) === 'imaps://mail.example.test:993');
  check('edit: unchanged settings cannot be saved', await setupPage.isDisabled('[data-action="edit-save"]'));
  await setupPage.fill('#edit-work-displayName', 'Alice (Amt)');
  await setupPage.fill('#edit-work-imap', 'imap://imap.example.test:143');
  check('edit: a change needs a test first', await setupPage.isDisabled('[data-action="edit-save"]'));
  // By keyboard: Tab from the last field reaches "Test", then "Save".
  await setupPage.focus('#edit-work-davUser');
  check('edit: Tab reaches "Test"', await tabTo('edit-test'));
  await setupPage.keyboard.press('Enter');
  await setupPage.waitForSelector('.editor .checks');
  check('edit: the tested change can be saved', !(await setupPage.isDisabled('[data-action="edit-save"]')));
  await setupPage.focus('[data-action="edit-test"]');
  check('edit: Tab reaches "Save"', await tabTo('edit-save'));
  await setupPage.keyboard.press('Enter');
  await setupPage.waitForSelector('.editor', { state: 'detached' });
  check('edit: the new name is shown', (await setupPage.textContent('[data-account="work"] h3')) === 'Alice (Amt)');
  check('edit: focus returns to "Edit"', (await setupPage.evaluate(() => document.activeElement?.getAttribute('data-action'))) === 'edit');
  await setupPage.click('[data-account="work"] [data-action="edit"]');
  check('edit: the saved server is kept', (await setupPage.inputValue('#edit-work-imap')) === 'imap://imap.example.test:143');
  await setupPage.click('[data-action="edit-cancel"]');
  check('edit: cancel closes the form', (await setupPage.$('.editor')) === null);
  // Certificate pinning forbidden by policy: no trust button, a plain word instead.
  await setupPage.goto(`${base}?state=nopin&lang=en&theme=light&delay=0`);
  await setupPage.waitForSelector('#setup-email');
  await setupPage.fill('#setup-email', 'alice@selfsigned.test');
  await setupPage.fill('#setup-password', 'secret');
  await setupPage.click('[data-action="discover"]');
  await setupPage.click('[data-action="test"]');
  await setupPage.waitForSelector('[data-trust="not-allowed"]');
  check('nopin: no trust button', (await setupPage.$('[data-action="trust"]')) === null);
  check('nopin: the IT department must install the certificate', (await setupPage.textContent('[data-trust="not-allowed"]'))?.includes('IT department'));
  // A mailto: link of a second launch: the mail view says plainly that it arrived.
  await setupPage.goto(`${base}?state=ready&lang=en&theme=light&delay=0#/calendar`);
  await setupPage.waitForSelector('.frame[data-ready="true"]');
  await setupPage.evaluate((draft) => window.werkbankMock.emit('compose-requested', draft), SECOND_LAUNCH_LINK);
  await setupPage.waitForSelector(LINK_COMPOSER);
  check('link: the mail view opens', (await setupPage.evaluate(() => location.hash)) === '#/mail');
  check('link: the composer has its subject', (await setupPage.inputValue('#compose-subject')) === 'Akte 4711');
  check('link: nothing is attached', (await setupPage.$('[data-attachment]')) === null);
  await setupPage.keyboard.press('Escape');
  await setupPage.waitForSelector('dialog[data-composer]', { state: 'detached' });
  check('link: Escape closes the composer without sending', (await setupPage.$('[data-send-notice]')) === null);
  // A locked setting cannot be changed.
  await setupPage.goto(`${base}?state=ready&lang=de&theme=light&delay=0#/settings/notifications`);
  await setupPage.waitForSelector('#notifications-sound');
  check('locked: the control is disabled', await setupPage.isDisabled('#notifications-sound'));
  check('locked: the policy file is named', (await setupPage.textContent('#notifications-sound-locked'))?.includes('/etc/werkbank/policy.toml'));
  // Changing the language re-renders the UI.
  await setupPage.goto(`${base}?state=ready&lang=de&theme=light&delay=0#/settings/language`);
  await setupPage.waitForSelector('input[value="en"]');
  await setupPage.check('input[value="en"]');
  await setupPage.waitForFunction(() => document.documentElement.lang === 'en');
  check('language: switching to English applies at once', (await setupPage.textContent('#view-title')) === 'Settings');
  check('keyboard pages: no console errors', problems.length === 0, problems.join('; '));
  await setupPage.context().close();
}

await browser.close();
server.close();
if (failures.length) console.log(`\n${failures.length} failures:\n${failures.slice(0, 60).join('\n')}`);
console.log(`\ne2e: ${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
