// The mock shell's mailbox, for the test build and Vitest only (see mock.ts): folders
// with the special roles and an INBOX of 100,000 messages generated on demand from
// their index (nothing is held in memory but changes), so the virtual list, search and
// actions can be exercised without a server.
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
  }

  private folderOf(id: number): number | null {
    return this.moved.has(id) ? this.moved.get(id)! : id <= this.folders[0]!.generated ? 1 : null;
  }

  /** Message ids of a folder, newest first. */
  private idsOf(folder: number): number[] {
    const extra = (this.extra.get(folder) ?? []).filter((id) => this.folderOf(id) === folder);
    return extra;
  }

  private visibleCount(folder: MockFolder): number {
    let count = this.idsOf(folder.id).length;
    if (folder.id === 1) count += folder.generated - [...this.moved.keys()].length;
    return count;
  }

  summary(id: number): MessageSummary {
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
      if (f.id === 1) unread = Math.ceil(f.generated / 3) - [...this.flags.entries()].filter(([id, fl]) => (id - 1) % 3 === 0 && fl.includes('\\Seen')).length;
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
    const i = id - 1;
    return {
      ...summary,
      folder: this.folders.find((f) => f.id === summary.folder_id)?.name ?? 'INBOX',
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
