// The mock shell's reader, for the test build and Vitest only (see mock.ts): the
// rendered view of a message of the mock mailbox. Most messages are a few plain
// paragraphs; a few carry what the reader must show, so every state can be reached:
//   id 1  HTML with a table, links (web, mail, a blocked file link) and images from the
//         internet, one of them a tracking pixel
//   id 2  an invitation (text/calendar)
//   id 5  phishing: a look-alike domain, Reply-To elsewhere, a first message, a link whose
//         text names another host, and `rechnung.pdf.exe`
//   id 6  no text, an attached message and parser problems
//   the drafts in Drafts (900001 formatted, 900002 plain), addressed to their recipients
// The document is a `data:` URL (the test build has no internal scheme); like the
// shell's it has no scripts and no style attributes, only plain HTML.
import type { ApiError } from '../../bindings/ApiError';
import type { ErrorCode } from '../../bindings/ErrorCode';
import type { MailReaderView } from '../../bindings/MailReaderView';
import type { MailRemoteAllowance } from '../../bindings/MailRemoteAllowance';
import type { RenderedAddress } from '../../bindings/RenderedAddress';
import type { RenderedAttachment } from '../../bindings/RenderedAttachment';
import type { RenderedLink } from '../../bindings/RenderedLink';
import type { RenderedMessage } from '../../bindings/RenderedMessage';
import type { RemoteResource } from '../../bindings/RemoteResource';
import type { MockMailbox } from './mock-mail';

export interface RemoteSetting {
  value: string;
  locked: boolean;
}

type Fail = (code: ErrorCode, details?: Record<string, string>) => ApiError;

const ALICE: RenderedAddress = { name: 'Alice Schmidt', address: 'alice@example.test' };
export const DOWNLOADS = '/home/alice/Downloads';

function escape(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

function paragraphs(text: string): string {
  return text.split(/\n\n+/).map((p) => `<p>${escape(p).replace(/\n/g, '<br>')}</p>`).join('');
}

/** A stand-in for a remote image: its alt text while blocked, a drawing once loaded. */
function image(resource: RemoteResource, alt: string, width: number, height: number, allowed: boolean): string {
  if (resource.tracker) return allowed ? '<svg width="1" height="1"></svg>' : '<img alt="" width="1" height="1">';
  if (!allowed) return `<img alt="${escape(alt)}" width="${width}" height="${height}">`;
  return `<svg width="${width}" height="${height}" role="img" aria-label="${escape(alt)}"><rect width="100%" height="100%" rx="6" fill="#1d5bb8"></rect><text x="12" y="${Math.round(height / 2) + 5}" fill="#ffffff" font-family="sans-serif" font-size="15">${escape(alt)}</text></svg>`;
}

function documentUrl(title: string, body: string): string {
  const html =
    '<!DOCTYPE html><html lang="de"><head><meta charset="utf-8">' +
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'"><meta name="referrer" content="no-referrer">` +
    `<title>${escape(title)}</title></head><body><font face="Arial, Helvetica, sans-serif">${body}</font></body></html>`;
  return `data:text/html;charset=utf-8,${encodeURIComponent(html)}`;
}

function link(index: number, href: string, text: string, kind: RenderedLink['kind'], host: string, deceptive = false): RenderedLink {
  return { index, href, text, kind, host, deceptive };
}

function anchor(l: RenderedLink): string {
  return `<a href="${escape(l.href || '#')}" data-werkbank-link="${l.index}">${escape(l.text)}</a>`;
}

function attachment(name: string, size: number, content_type: string, part_id: string, risk: RenderedAttachment['risk'] = null): RenderedAttachment {
  return { name, size, content_type, part_id, risk };
}

export class MockReader {
  private allowedMessages = new Set<number>();
  private allowedSenders = new Set<string>();

  constructor(
    private readonly mailbox: MockMailbox,
    private readonly setting: () => RemoteSetting,
    private readonly fail: Fail,
  ) {}

  /** What the shell's `mail_render` returns for message `id`. */
  render(id: number): MailReaderView {
    const sender = this.senderOf(id);
    const allowedBy = this.allowedBy(id, sender);
    // Once allowed, the images are in the document: a new URL, so the frame reloads.
    const { message, body } = this.message(id, allowedBy !== null);
    const setting = this.setting();
    return {
      message,
      document_url: message.body.source === 'empty' ? 'about:blank' : documentUrl(message.subject, body),
      remote: {
        setting: setting.value,
        locked: setting.locked,
        allowed_by: allowedBy,
        sender,
        resources: message.remote_resources.length,
        trackers: message.remote_resources.filter((r) => r.tracker).length,
      },
    };
  }

  allowRemote(id: number, scope: 'message' | 'sender'): MailReaderView {
    const setting = this.setting();
    if (setting.locked && setting.value === 'block') throw this.fail('setting_locked', { key: 'mail.remote_content', file: 'policy' });
    if (scope === 'sender') this.allowedSenders.add(this.senderOf(id));
    else this.allowedMessages.add(id);
    return this.render(id);
  }

  /** The shell asks where with a native dialog; here the answer is always Downloads. */
  save(id: number, part: string): string | null {
    return `${DOWNLOADS}/${this.attachment(id, part).name}`;
  }

  open(id: number, part: string, confirmed: boolean): null {
    if (this.attachment(id, part).risk && !confirmed) {
      throw this.fail('invalid_input', { reason: 'this attachment can harm the computer; confirm first' });
    }
    return null;
  }

  private attachment(id: number, part: string): RenderedAttachment {
    const found = this.message(id, false).message.attachments.find((a) => a.part_id === part);
    if (!found) throw this.fail('not_found', { reason: `no attachment ${part} in message ${id}` });
    return found;
  }

  private senderOf(id: number): string {
    return (this.message(id, false).message.from[0]?.address ?? '').toLowerCase();
  }

  private allowedBy(id: number, sender: string): MailRemoteAllowance | null {
    const setting = this.setting();
    if (setting.value === 'allow') return 'setting';
    if (setting.locked && setting.value === 'block') return null;
    if (sender && this.allowedSenders.has(sender)) return 'sender';
    if (this.allowedMessages.has(id)) return 'message';
    return null;
  }

  /** The view model and the HTML of its body (with the images when `allowed`). */
  private message(id: number, allowed: boolean): { message: RenderedMessage; body: string } {
    const detail = this.mailbox.open(id);
    const message: RenderedMessage = {
      from: [{ name: detail.from_name, address: detail.from_addr }],
      to: [ALICE],
      cc: [],
      reply_to: [],
      date: detail.date,
      subject: detail.subject,
      message_id: detail.message_id,
      body: { html: '', source: 'plain_text', truncated: false },
      inline_images: [],
      remote_resources: [],
      links: [],
      attachments: detail.attachments.map((name, i) => attachment(name, 245_760, 'application/pdf', `${i + 2}`)),
      attached_messages: [],
      invitations: [],
      phishing_hints: [],
      problems: [],
    };
    let body = paragraphs(detail.text ?? '');
    const draft = this.mailbox.draft(id);
    if (draft) {
      const address = (m: { name: string; email: string }): RenderedAddress => ({ name: m.name, address: m.email });
      message.to = draft.to.map(address);
      message.cc = draft.cc.map(address);
      if (draft.html) {
        message.body.source = 'html';
        body = draft.html;
      }
    }
    if (id === 1) {
      const remote: RemoteResource[] = [
        { index: 0, url: 'https://news.stadt.example.test/img/logo.png', host: 'news.stadt.example.test', tracker: false },
        { index: 1, url: 'https://news.stadt.example.test/img/chart-2027.png', host: 'news.stadt.example.test', tracker: false },
        { index: 2, url: 'https://track.mailer.example.net/open/8f2c.gif', host: 'track.mailer.example.net', tracker: true },
      ];
      const links = [
        link(0, 'https://www.stadt.example.test/haushalt/2027', 'Haushaltsplan 2027 online lesen', 'web', 'www.stadt.example.test'),
        link(1, 'mailto:kaemmerei@stadt.example.test', 'kaemmerei@stadt.example.test', 'mail', 'stadt.example.test'),
        link(2, '', 'Laufwerk G:\\Kämmerei\\Haushalt-2027.xlsx', 'blocked', ''),
      ];
      message.cc = [{ name: 'Kämmerei', address: 'kaemmerei@stadt.example.test' }, { name: '', address: 'buergermeisterin@stadt.example.test' }];
      message.body.source = 'html';
      message.remote_resources = remote;
      message.links = links;
      body =
        `<p>${image(remote[0]!, 'Stadt Beispielstadt', 180, 44, allowed)}</p>` +
        '<h1>Haushaltsplan 2027: Entwurf zur Abstimmung</h1>' +
        '<p>Sehr geehrte Frau Schmidt,</p><p>anbei die Eckzahlen des Entwurfs. Bitte prüfen Sie die Zahlen bis Freitag.</p>' +
        '<table border="1" cellpadding="6" cellspacing="0"><thead><tr><th>Bereich</th><th>2026</th><th>2027</th></tr></thead><tbody>' +
        '<tr><td>Schulen</td><td align="right">12,4 Mio. €</td><td align="right">13,1 Mio. €</td></tr>' +
        '<tr><td>Straßen</td><td align="right">8,9 Mio. €</td><td align="right">9,3 Mio. €</td></tr>' +
        '<tr><td>Kultur</td><td align="right">2,1 Mio. €</td><td align="right">2,0 Mio. €</td></tr></tbody></table>' +
        `<p>${image(remote[1]!, 'Diagramm: Entwicklung 2020–2027', 320, 120, allowed)}</p>` +
        `<p>${anchor(links[0]!)} · Rückfragen an ${anchor(links[1]!)} · Tabelle: ${anchor(links[2]!)}</p>` +
        `<p>Mit freundlichen Grüßen<br>Jürgen Müller</p>${image(remote[2]!, '', 1, 1, allowed)}`;
    }
    if (id === 2) {
      message.invitations = [{
        part_id: '2', method: 'REQUEST', summary: 'Sitzung des Bauausschusses',
        start: '2026-11-26T09:00:00Z', end: '2026-11-26T10:30:00Z', tzid: null,
        location: 'Rathaus, Raum 2.14', organizer: { name: detail.from_name, address: detail.from_addr },
      }];
    }
    if (id === 5) {
      const links = [
        link(0, 'https://login.examp1e.test/konto/bestaetigen', 'https://www.example.test/konto', 'web', 'login.examp1e.test', true),
        link(1, 'https://www.example.test/datenschutz', 'Datenschutz', 'web', 'www.example.test'),
      ];
      message.from = [{ name: 'Bob Berger', address: 'bob@examp1e.test' }];
      message.reply_to = [{ name: 'Buchhaltung', address: 'konto@zahlung.example.net' }];
      message.body.source = 'html';
      message.links = links;
      message.phishing_hints = [
        { code: 'lookalike_domain', domain: 'examp1e.test', resembles: 'example.test' },
        { code: 'reply_to_other_domain', from_domain: 'examp1e.test', reply_to_domain: 'zahlung.example.net' },
        { code: 'first_message_from_sender', address: 'bob@examp1e.test' },
      ];
      message.attachments = [
        attachment('rechnung.pdf.exe', 1_482_752, 'application/octet-stream', '2', { code: 'double_extension', shown: 'pdf', real: 'exe' }),
        ...message.attachments.map((a, i) => ({ ...a, part_id: `${i + 3}` })),
      ];
      body =
        '<p>Guten Tag,</p><p>das Protokoll und die offene Rechnung finden Sie im Anhang. Bestätigen Sie bitte noch heute Ihr Konto, sonst wird Ihr Zugang gesperrt:</p>' +
        `<p>${anchor(links[0]!)}</p><p>Mit freundlichen Grüßen<br>Buchhaltung</p><p>${anchor(links[1]!)}</p>`;
    }
    if (id === 6) {
      message.body = { html: '', source: 'empty', truncated: false };
      message.attached_messages = [{
        part_id: '2',
        message: {
          ...message,
          from: [{ name: 'Dr. Sabine Weiß', address: 's.weiss@ministerium.example.test' }],
          subject: 'Urlaubsplanung Dezember',
          date: detail.date - 86_400,
          body: { html: '', source: 'plain_text', truncated: false },
          attachments: [],
          attached_messages: [],
          problems: [],
        },
      }];
      message.problems = [{ code: 'encoding_problem', part_id: '2' }, { code: 'styles_ignored' }];
      body = '';
    }
    message.body.html = body;
    return { message, body };
  }
}
