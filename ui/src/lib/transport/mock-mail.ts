// The mock shell's mailbox, for the test build and Vitest only (see mock.ts): folders
// with the special roles and an INBOX of 100,000 messages generated on demand from
// their index (nothing is held in memory but changes), so the virtual list, search and
// actions can be exercised without a server; and two of alice's unsent drafts in
// Drafts (one formatted, with an attachment; one a reply in plain text).
import type { Folder } from '../../bindings/Folder';
import type { MailAction } from '../../bindings/MailAction';
import type { MessageDetail } from '../../bindings/MessageDetail';
import type { MessageSummary } from '../../bindings/MessageSummary';
import type { Role } from '../../bindings/Role';
import type { SearchHit } from '../../bindings/SearchHit';

export const INBOX_SIZE = 100_000;
/** 2026-11-23 09:00 UTC: the newest message; older ones follow every 7 minutes. */
const NEWEST = 1_795_424_400;

const SENDERS: [string, string][] = [
  ['Jürgen Müller', 'j.mueller@stadt.example.test'],
  ['Aylin Özdemir', 'a.oezdemir@bauamt.example.test'],
  ['Bürgerbüro', 'buergerbuero@example.test'],
  ['Dr. Sabine Weiß', 's.weiss@ministerium.example.test'],
  ['Bob Berger', 'bob@example.test'],
];
const SUBJECTS = [
  'Haushaltsplan 2027: Entwurf zur Abstimmung',
  'Einladung zur Sitzung am Donnerstag',
  'Bauantrag 4711 – Unterlagen vollständig',
  'Re: Fristverlängerung',
  'Protokoll der Dienstbesprechung',
  'Urlaubsvertretung im Dezember',
];
const BODIES = [
  'Sehr geehrte Frau Schmidt,\n\nanbei der Entwurf. Bitte prüfen Sie die Zahlen bis Freitag.\n\nMit freundlichen Grüßen\nJürgen Müller',
  'Guten Tag,\n\ndie Sitzung beginnt um 10 Uhr im Raum 2.14. Die Tagesordnung folgt.\n\nViele Grüße',
  'Hallo Alice,\n\ndie Unterlagen sind vollständig; der Bescheid geht nächste Woche raus.\n\nAylin',
];

/** A draft on the server, as the shell rebuilds it for the composer. */
export interface MockDraftMessage {
  id: number;
  subject: string;
  to: { name: string; email: string }[];
  cc: { name: string; email: string }[];
  /** The plain text (for a formatted draft: the alternative made from its HTML). */
  text: string;
  html: string | null;
  attachments: string[];
  in_reply_to: string | null;
  date: number;
}

/** Drafts in the Drafts folder; their ids lie past the INBOX's. */
export const DRAFT_MESSAGES: MockDraftMessage[] = [
  {
    id: 900_001,
    subject: 'Stellungnahme zum Bauantrag 4711',
    to: [{ name: 'Aylin Özdemir', email: 'a.oezdemir@bauamt.example.test' }],
    cc: [{ name: 'Bob Berger', email: 'bob@example.test' }],
    text: 'Sehr geehrte Frau Özdemir,\n\nzum Bauantrag 4711 nehmen wir wie folgt Stellung:\n\n- Die Abstandsflächen sind eingehalten.\n- Der Stellplatznachweis fehlt noch.\n\nMit freundlichen Grüßen\nAlice Schmidt',
    html:
      '<p>Sehr geehrte Frau Özdemir,</p><p>zum Bauantrag 4711 nehmen wir wie folgt Stellung:</p>' +
      '<ul><li>Die Abstandsflächen sind <b>eingehalten</b>.</li><li>Der Stellplatznachweis fehlt noch.</li></ul>' +
      '<p>Mit freundlichen Grüßen<br>Alice Schmidt</p>',
    attachments: ['Lageplan Neubau.pdf'],
    in_reply_to: null,
    date: NEWEST - 50 * 60,
  },
  {
    id: 900_002,
    subject: 'Re: Einladung zur Sitzung am Donnerstag',
    to: [{ name: 'Aylin Özdemir', email: 'a.oezdemir@bauamt.example.test' }],
    cc: [],
    text: 'Guten Tag,\n\nich komme gern; bitte setzen Sie den Bauantrag 4711 auf die Tagesordnung.\n\n',
    html: null,
    attachments: [],
    in_reply_to: 'mock-2@example.test',
    date: NEWEST - 3 * 60 * 60,
  },
];

const ALICE = { name: 'Alice Schmidt', email: 'alice@example.test' };
const DRAFTS_FOLDER = 2;

interface MockFolder {
  id: number;
  name: string;
  role: Role | null;
  /** Generated messages (INBOX only), plus moved-in ones. */
  generated: number;
}

export class MockMailbox {
  private folders: MockFolder[] = [
    { id: 1, name: 'INBOX', role: 'inbox', generated: INBOX_SIZE },
    { id: 2, name: 'Drafts', role: 'drafts', generated: 0 },
    { id: 3, name: 'Sent', role: 'sent', generated: 0 },
    { id: 4, name: 'Archive', role: 'archive', generated: 0 },
    { id: 5, name: 'Junk', role: 'junk', generated: 0 },
    { id: 6, name: 'Trash', role: 'trash', generated: 0 },
    { id: 7, name: 'Projekte/Neubau Rathaus', role: null, generated: 0 },
  ];
  /** Changed flags by message id. */
  private flags = new Map<number, string[]>();
  /** Where a message is now, when it was moved; `null`: deleted for good. */
  private moved = new Map<number, number | null>();
  private extra = new Map<number, number[]>();

  constructor(private readonly empty = false) {
    if (empty) this.folders[0]!.generated = 0;
    this.extra.set(DRAFTS_FOLDER, DRAFT_MESSAGES.map((d) => d.id));
  }

  private folderOf(id: number): number | null {
    if (this.moved.has(id)) return this.moved.get(id)!;
    if (id <= this.folders[0]!.generated) return 1;
    return this.draft(id) ? DRAFTS_FOLDER : null;
  }

  /** Message ids of a folder (moved back and forth: once). */
  private idsOf(folder: number): number[] {
    return [...new Set(this.extra.get(folder) ?? [])].filter((id) => this.folderOf(id) === folder);
  }

  private visibleCount(folder: MockFolder): number {
    let count = this.idsOf(folder.id).length;
    if (folder.id === 1) count += folder.generated - [...this.moved.keys()].filter((id) => id <= folder.generated).length;
    return count;
  }

  /** The saved draft of message `id`, if it is one of alice's drafts. */
  draft(id: number): MockDraftMessage | null {
    return DRAFT_MESSAGES.find((d) => d.id === id) ?? null;
  }

  /** The role of the folder message `id` is in now. */
  roleOf(id: number): Role | null {
    const folder = this.folderOf(id);
    return this.folders.find((f) => f.id === folder)?.role ?? null;
  }

  private draftSummary(draft: MockDraftMessage): MessageSummary {
    const flags = this.flags.get(draft.id) ?? ['\\Seen', '\\Draft'];
    return {
      id: draft.id,
      folder_id: this.folderOf(draft.id) ?? DRAFTS_FOLDER,
      uid: draft.id - 900_000,
      subject: draft.subject,
      from_name: ALICE.name,
      from_addr: ALICE.email,
      date: draft.date,
      flags,
      seen: flags.includes('\\Seen'),
      flagged: flags.includes('\\Flagged'),
      has_attachment: draft.attachments.length > 0,
      thread_id: draft.id,
      preview: draft.text.replace(/\s+/g, ' ').trim().slice(0, 120),
      body_local: true,
      size: 1800 + draft.text.length + (draft.html?.length ?? 0),
    };
  }

  summary(id: number): MessageSummary {
    const draft = this.draft(id);
    if (draft) return this.draftSummary(draft);
    const i = id - 1;
    const [name, addr] = SENDERS[i % SENDERS.length]!;
    const flags = this.flags.get(id) ?? (i % 3 === 0 ? [] : ['\\Seen']).concat(i % 17 === 0 ? ['\\Flagged'] : []);
    return {
      id,
      folder_id: this.folderOf(id) ?? 1,
      uid: id,
      subject: `${SUBJECTS[i % SUBJECTS.length]}${i >= SUBJECTS.length ? ` (${i})` : ''}`,
      from_name: name,
      from_addr: addr,
      date: NEWEST - i * 7 * 60,
      flags,
      seen: flags.includes('\\Seen'),
      flagged: flags.includes('\\Flagged'),
      has_attachment: i % 10 === 4,
      thread_id: id,
      preview: BODIES[i % BODIES.length]!.replace(/\s+/g, ' ').slice(0, 120),
      body_local: i < 200,
      size: 2048 + (i % 50) * 300,
    };
  }

  folderList(): Folder[] {
    return this.folders.map((f) => {
      const total = this.visibleCount(f);
      let unread = 0;
      if (f.id === 1) unread = Math.ceil(f.generated / 3) - [...this.flags.entries()].filter(([id, fl]) => id <= f.generated && (id - 1) % 3 === 0 && fl.includes('\\Seen')).length;
      else unread = this.idsOf(f.id).filter((id) => !this.summary(id).seen).length;
      return {
        id: f.id, account: 'work', name: f.name, display: f.name, delimiter: '/', role: f.role,
        subscribed: true, selectable: true, unread: Math.max(0, unread), total, server_total: total,
      };
    });
  }

  list(folder: number, offset: number, limit: number): MessageSummary[] {
    const out: MessageSummary[] = [];
    const extra = this.idsOf(folder).map((id) => this.summary(id)).sort((a, b) => b.date - a.date);
    if (folder !== 1) return extra.slice(offset, offset + limit);
    // INBOX: generated ids 1..n newest first, skipping moved ones (few in tests).
    let index = 0;
    for (let id = 1; id <= this.folders[0]!.generated && out.length < limit; id++) {
      if (this.moved.has(id)) continue;
      if (index++ >= offset) out.push(this.summary(id));
    }
    return out;
  }

  open(id: number): MessageDetail {
    const summary = this.summary(id);
    const folder = this.folders.find((f) => f.id === summary.folder_id)?.name ?? 'INBOX';
    const draft = this.draft(id);
    if (draft) {
      const address = (m: { name: string; email: string }) => (m.name ? `${m.name} <${m.email}>` : m.email);
      return {
        ...summary, folder, recipients: [...draft.to, ...draft.cc].map(address), message_id: `mock-draft-${id}@example.test`,
        in_reply_to: draft.in_reply_to, attachments: [...draft.attachments], text: draft.text,
      };
    }
    const i = id - 1;
    return {
      ...summary,
      folder,
      recipients: ['Alice Schmidt <alice@example.test>'],
      message_id: `mock-${id}@example.test`,
      in_reply_to: null,
      attachments: summary.has_attachment ? ['Bericht 2026.pdf'] : [],
      text: BODIES[i % BODIES.length]!,
    };
  }

  search(query: string, limit: number): SearchHit[] {
    const words = query.toLowerCase().split(/\s+/).filter((w) => w && !w.includes(':'));
    const fold = (s: string) => s.toLowerCase().normalize('NFD').replace(/[\u0300-\u036f]/g, '');
    const hits: SearchHit[] = [];
    for (let id = 1; id <= Math.min(this.folders[0]!.generated, 2000) && hits.length < limit; id++) {
      const m = this.summary(id);
      const text = fold(`${m.from_name} ${m.subject} ${m.preview}`);
      if (!words.every((w) => text.includes(fold(w)))) continue;
      if (query.includes('is:unread') && m.seen) continue;
      if (query.includes('is:flagged') && !m.flagged) continue;
      const word = words[0] ?? '';
      const line = `${m.from_name}: ${m.subject}`;
      const at = fold(line).indexOf(fold(word));
      const snippet = at >= 0 && word
        ? [{ text: line.slice(0, at), hit: false }, { text: line.slice(at, at + word.length), hit: true }, { text: line.slice(at + word.length), hit: false }]
        : [{ text: line, hit: false }];
      hits.push({ ...m, folder: 'INBOX', snippet: snippet.filter((p) => p.text), from_server: id % 500 === 7 });
    }
    return hits;
  }

  thread(id: number): MessageSummary[] {
    return [this.summary(id)];
  }

  act(action: MailAction): number[] {
    const setFlags = (ids: number[], add: string[], remove: string[]) => {
      for (const id of ids) {
        const now = new Set(this.summary(id).flags);
        add.forEach((f) => now.add(f));
        remove.forEach((f) => now.delete(f));
        this.flags.set(id, [...now]);
      }
    };
    const names = (list: string[]) => list.map((n) => ({ seen: '\\Seen', flagged: '\\Flagged', answered: '\\Answered' })[n] ?? n);
    const moveTo = (ids: number[], folder: number | null) => {
      for (const id of ids) {
        if (folder === 1 && id <= this.folders[0]!.generated) {
          // Back where it was generated: the INBOX lists it by its index again.
          this.moved.delete(id);
          continue;
        }
        this.moved.set(id, folder);
        if (folder !== null) this.extra.set(folder, [...(this.extra.get(folder) ?? []), id]);
      }
      return ids;
    };
    const roleId = (role: Role) => this.folders.find((f) => f.role === role)!.id;
    switch (action.type) {
      case 'flag': setFlags(action.ids, names(action.add), names(action.remove)); return [];
      case 'move': return moveTo(action.ids, action.folder);
      case 'copy': return [];
      case 'archive': return moveTo(action.ids, roleId('archive'));
      case 'delete': {
        const trash = roleId('trash');
        const inTrash = action.ids.filter((id) => this.folderOf(id) === trash);
        moveTo(inTrash, null);
        return moveTo(action.ids.filter((id) => this.folderOf(id) !== trash), trash);
      }
      case 'expunge': moveTo(action.ids, null); return [];
      case 'empty_trash': moveTo(this.idsOf(roleId('trash')), null); return [];
    }
  }
}
