import { describe, expect, it } from 'vitest';
import { complete, insert, isoDay, people, personLookup, remember, wordAt, type Context } from '../../src/modules/mail/search/suggest';

const ctx = (query: string, more: Partial<Context> = {}): Context => ({ folders: ['INBOX', 'Archiv', 'Projekte Bau'], today: '2026-11-23', recent: [], query, explicit: true, ...more });
const at = (query: string, caret = query.length) => wordAt(query, caret);
const inserts = (query: string, more: Partial<Context> = {}) => complete(at(query), ctx(query, more)).map((s) => s.insert);

describe('the word at the caret', () => {
  it('splits at spaces outside quotes and reads key and value', () => {
    expect(at('bericht from:ann')).toEqual({ start: 8, end: 16, text: 'from:ann', key: 'from', value: 'ann' });
    expect(at('subject:"Haushalt 20')).toMatchObject({ start: 0, key: 'subject', value: 'Haushalt 20' });
    expect(at('one two', 2)).toMatchObject({ start: 0, end: 3, key: null, value: 'one' });
    expect(at('From:x')).toMatchObject({ key: 'from' });
  });
  it('is empty between words and in an empty field', () => {
    expect(at('one  two', 4)).toEqual({ start: 4, end: 4, text: '', key: null, value: '' });
    expect(at('')).toEqual({ start: 0, end: 0, text: '', key: null, value: '' });
    expect(at('is:unread ')).toMatchObject({ start: 10, text: '' });
  });
});

describe('completions', () => {
  it('offers operators for the word being typed', () => {
    expect(inserts('is:')).toEqual(['is:unread', 'is:read', 'is:flagged']);
    expect(inserts('has')).toEqual(['has:attachment']);
    expect(inserts('fr')).toEqual(['from:']);
    expect(inserts('bericht bef')).toEqual(['before:']);
    expect(inserts('is:unread')).toEqual([]);
  });
  it('gives dates today as an example', () => {
    expect(complete(at('aft'), ctx('aft'))[0]).toMatchObject({ description: 'search-suggest-after', args: { today: '2026-11-23' } });
    expect(inserts('before:2026')).toEqual(['before:2026-11-23']);
    expect(inserts('before:2025')).toEqual([]);
    expect(isoDay(new Date(2026, 0, 5))).toBe('2026-01-05');
  });
  it('offers folder names, quoted when they have spaces', () => {
    expect(inserts('folder:')).toEqual(['folder:INBOX', 'folder:Archiv', 'folder:"Projekte Bau"']);
    expect(inserts('folder:pro')).toEqual(['folder:"Projekte Bau"']);
  });
  it('offers recent searches in the empty field, operators without them', () => {
    expect(inserts('', { recent: ['from:bob', 'is:unread'] })).toEqual(['from:bob', 'is:unread']);
    expect(inserts('')).toContain('has:attachment');
    expect(inserts('', { recent: ['from:bob'], explicit: false })).toEqual([]);
    expect(inserts('bericht ', { explicit: false })).toEqual([]);
  });
});

describe('people', () => {
  it('are looked up after from:, to: and for bare words of two letters', () => {
    expect(personLookup(at('from:a'))).toEqual({ key: 'from', prefix: 'a' });
    expect(personLookup(at('to:bob'))).toEqual({ key: 'to', prefix: 'bob' });
    expect(personLookup(at('mü'))).toEqual({ key: 'from', prefix: 'mü' });
    expect(personLookup(at('m'))).toBeNull();
    expect(personLookup(at('from:'))).toBeNull();
    expect(personLookup(at('subject:ab'))).toBeNull();
  });
  it('become from:address with a description, at most five', () => {
    const found = Array.from({ length: 7 }, (_, i) => ({ name: i === 0 ? 'Anna Schmidt' : '', email: `a${i}@example.test` }));
    const list = people('from', found);
    expect(list).toHaveLength(5);
    expect(list[0]).toMatchObject({ insert: 'from:a0@example.test', description: 'search-suggest-from-person', args: { person: 'Anna Schmidt <a0@example.test>' } });
    expect(people('to', found)[1]!.args).toEqual({ person: 'a1@example.test' });
  });
});

describe('a pick', () => {
  it('replaces the word and adds a space after a complete term', () => {
    const q = 'bericht is: anhang';
    const pick = complete(wordAt(q, 11), ctx(q))[0]!;
    expect(insert(q, wordAt(q, 11), pick)).toEqual({ query: 'bericht is:unread anhang', caret: 18 });
    expect(insert('fr', at('fr'), complete(at('fr'), ctx('fr'))[0]!)).toEqual({ query: 'from:', caret: 5 });
  });
  it('of a recent search replaces the field', () => {
    const [pick] = complete(at(''), ctx('', { recent: ['from:bob'] }));
    expect(insert('', at(''), pick!)).toEqual({ query: 'from:bob ', caret: 9 });
  });
});

describe('recent searches', () => {
  it('are newest first, without repeats, at most eight', () => {
    let recent: string[] = [];
    for (const q of ['a', 'b', 'a', ' ', 'c', 'd', 'e', 'f', 'g', 'h', 'i']) recent = remember(recent, q);
    expect(recent).toEqual(['i', 'h', 'g', 'f', 'e', 'd', 'c', 'a']);
  });
});
