// The composer's rich-text serializer and conversions, over hand-built node trees (the
// unit tests run without a DOM).
import { describe, expect, it } from 'vitest';
import { hasFormatting, htmlToText, safeHref, serialize, textToHtml, type RichNode } from '../../src/modules/mail/compose/richtext';

function el(name: string, attrs: Record<string, string>, ...kids: (RichNode | string)[]): RichNode {
  return {
    nodeType: 1,
    nodeName: name.toUpperCase(),
    nodeValue: null,
    childNodes: kids.map((k) => (typeof k === 'string' ? text(k) : k)),
    getAttribute: (n) => attrs[n] ?? null,
  };
}
function text(value: string): RichNode {
  return { nodeType: 3, nodeName: '#text', nodeValue: value, childNodes: [] };
}
const root = (...kids: (RichNode | string)[]) => el('div', {}, ...kids);

describe('rich text serializer', () => {
  it('keeps the allowed elements and writes strong and em as b and i', () => {
    const tree = root(el('p', {}, el('strong', {}, 'fett'), ' ', el('em', {}, 'kursiv'), ' ', el('u', {}, 'unter'), el('br', {})), el('ul', {}, el('li', {}, 'eins')), el('ol', {}, el('li', {}, 'zwei')), el('blockquote', {}, el('p', {}, 'zitiert')));
    expect(serialize(tree)).toBe('<p><b>fett</b> <i>kursiv</i> <u>unter</u><br></p><ul><li>eins</li></ul><ol><li>zwei</li></ol><blockquote><p>zitiert</p></blockquote>');
  });

  it('drops every attribute except a safe href', () => {
    const tree = root(el('p', { style: 'color:red', onclick: 'x()', class: 'c' }, el('b', { onmouseover: 'y()' }, 'a'), el('a', { href: 'https://example.test/?a=1&b="2"', target: '_blank', onclick: 'z()' }, 'link')));
    expect(serialize(tree)).toBe('<p><b>a</b><a href="https://example.test/?a=1&amp;b=&quot;2&quot;">link</a></p>');
  });

  it('accepts only http, https and mailto links', () => {
    for (const href of ['javascript:alert(1)', ' JAVASCRIPT:alert(1)', 'data:text/html,x', 'file:///etc/passwd', 'vbscript:x', '//evil.test', 'ftp://x.test']) {
      expect(serialize(root(el('a', { href }, 'klick'))), href).toBe('klick');
    }
    expect(serialize(root(el('a', { href: 'mailto:bob@example.test' }, 'Bob')))).toBe('<a href="mailto:bob@example.test">Bob</a>');
    expect(safeHref('HTTP://Example.test')).toBe('HTTP://Example.test');
    expect(safeHref('https://exa\u0000mple.test')).toBeNull();
    expect(safeHref('example.test')).toBeNull();
  });

  it('turns other elements into their content and drops scripts with theirs', () => {
    const tree = root(el('span', { style: 'font-weight:bold' }, 'a', el('b', {}, 'b')), el('img', { src: 'x', onerror: 'y()' }), el('script', {}, 'alert(1)'), el('style', {}, 'p{}'), el('font', { color: 'red' }, 'c'), el('div', {}, 'neue Zeile'));
    expect(serialize(tree)).toBe('a<b>b</b>c<p>neue Zeile</p>');
  });

  it('escapes text', () => {
    expect(serialize(root(el('p', {}, '<img src=x onerror=alert(1)> & "q" \'s\'')))).toBe('<p>&lt;img src=x onerror=alert(1)&gt; &amp; &quot;q&quot; &#39;s&#39;</p>');
  });

  it('calls an editor with nothing in it empty', () => {
    expect(serialize(root(el('br', {})))).toBe('');
    expect(serialize(root(el('p', {}, el('br', {}))))).toBe('');
    expect(serialize(root())).toBe('');
  });

  it('knows when plain text would lose formatting', () => {
    expect(hasFormatting(root(el('p', {}, 'a', el('br', {})), el('blockquote', {}, 'b')))).toBe(false);
    expect(hasFormatting(root(el('p', {}, el('span', {}, el('b', {}, 'x')))))).toBe(true);
    expect(hasFormatting(root(el('ul', {}, el('li', {}, 'x'))))).toBe(true);
  });
});

describe('plain text to HTML', () => {
  it('makes paragraphs of blank-line blocks and <br> of single newlines, escaped', () => {
    expect(textToHtml('Guten Tag,\n\nZeile 1\nZeile <2> & "3"\n\n\n')).toBe('<p>Guten Tag,</p><p>Zeile 1<br>Zeile &lt;2&gt; &amp; &quot;3&quot;</p>');
  });

  it('keeps a quoted reply as a blockquote', () => {
    expect(textToHtml('Danke!\n\nAm Montag schrieb Bob:\n> Hallo\n>\n> > alt\n> Gruß')).toBe(
      '<p>Danke!</p><p>Am Montag schrieb Bob:</p><blockquote><p>Hallo</p><blockquote><p>alt</p></blockquote><p>Gruß</p></blockquote>',
    );
  });

  it('is empty for empty text', () => {
    expect(textToHtml('')).toBe('');
  });
});

describe('HTML to plain text', () => {
  it('separates paragraphs by blank lines and keeps line breaks', () => {
    expect(htmlToText(root(el('p', {}, el('b', {}, 'Guten'), ' Tag,'), el('p', {}, 'Zeile 1', el('br', {}), 'Zeile\u00a02')))).toBe('Guten Tag,\n\nZeile 1\nZeile 2');
  });

  it('writes list items with markers and links as text <url>', () => {
    const tree = root(el('ul', {}, el('li', {}, 'eins'), el('li', {}, 'zwei')), el('ol', {}, el('li', {}, 'a'), el('li', {}, 'b')), el('p', {}, 'Siehe ', el('a', { href: 'https://example.test/' }, 'Plan'), ' und ', el('a', { href: 'mailto:bob@example.test' }, 'bob@example.test')));
    expect(htmlToText(tree)).toBe('- eins\n- zwei\n\n1. a\n2. b\n\nSiehe Plan <https://example.test/> und bob@example.test');
  });

  it('quotes blockquotes with "> " so a reply survives the round trip', () => {
    const text = 'Danke!\n\nAm Montag schrieb Bob:\n> Hallo\n>\n> Gruß';
    const tree = root(el('p', {}, 'Danke!'), el('p', {}, 'Am Montag schrieb Bob:'), el('blockquote', {}, el('p', {}, 'Hallo'), el('p', {}, 'Gruß')));
    expect(textToHtml(text)).toBe(serialize(tree));
    expect(htmlToText(tree)).toBe('Danke!\n\nAm Montag schrieb Bob:\n\n> Hallo\n>\n> Gruß');
  });

  it('ignores scripts and top-level text without paragraphs still counts', () => {
    expect(htmlToText(root('erste Zeile', el('div', {}, 'zweite'), el('script', {}, 'x()')))).toBe('erste Zeile\n\nzweite');
  });
});
