// Rich text in the composer: the one serializer that turns the editor's DOM into the HTML
// stored in `draft.html`, and the conversions between plain text and that HTML.
// NOTE: the editor (contenteditable) can hold anything the browser puts there; only what
// `serialize` writes leaves it. The shell sanitises again with its own allow-list.
// Written over a minimal node interface so it is tested without a DOM.

/** The part of a DOM node the serializer reads (a real `Node` fits). */
export interface RichNode {
  /** 1 element, 3 text; anything else (comments, …) is skipped. */
  readonly nodeType: number;
  readonly nodeName: string;
  readonly nodeValue: string | null;
  readonly childNodes: ArrayLike<RichNode>;
  getAttribute?(name: string): string | null;
}

const ELEMENT = 1;
const TEXT = 3;

/** Elements kept (lower case); `strong`/`em` are written as `b`/`i`. */
const KEPT: Record<string, string> = { p: 'p', br: 'br', b: 'b', strong: 'b', i: 'i', em: 'i', u: 'u', ul: 'ul', ol: 'ol', li: 'li', blockquote: 'blockquote', a: 'a', div: 'p' };
/** Elements whose content is not text the user wrote: dropped with their content. */
const DROPPED = new Set(['script', 'style', 'template', 'noscript', 'head', 'title', 'iframe', 'object', 'svg', 'math']);
/** Elements that mean "formatted" (lost when the text becomes plain). */
const FORMATTING = new Set(['b', 'strong', 'i', 'em', 'u', 'ul', 'ol', 'li', 'a']);

function tag(node: RichNode): string {
  return node.nodeName.toLowerCase();
}

function children(node: RichNode): RichNode[] {
  return Array.from(node.childNodes);
}

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** The link target if it is http:, https: or mailto: (trimmed), else `null`. */
export function safeHref(href: string | null | undefined): string | null {
  const value = (href ?? '').trim();
  if (!/^(https?:\/\/[^\s]+|mailto:[^\s]+)$/i.test(value)) return null;
  // Control characters could hide another scheme from a later reader.
  if (/[\u0000-\u001f\u007f]/.test(value)) return null;
  return value;
}

/**
 * The safe HTML of the node's children: only p, br, b, i, u, ul, ol, li, blockquote and
 * a[href] (http, https, mailto) with no other attribute. Any other element is dropped
 * and its content kept (script, style and the like lose their content too); `div`
 * (what browsers make for a new line) becomes `p`.
 */
export function serialize(root: RichNode): string {
  const out: string[] = [];
  const walk = (node: RichNode) => {
    if (node.nodeType === TEXT) {
      out.push(escapeHtml(node.nodeValue ?? ''));
      return;
    }
    if (node.nodeType !== ELEMENT) return;
    const name = tag(node);
    if (DROPPED.has(name)) return;
    let kept = KEPT[name];
    let open = kept ? `<${kept}>` : '';
    if (kept === 'a') {
      const href = safeHref(node.getAttribute?.('href'));
      if (href) open = `<a href="${escapeHtml(href)}">`;
      else {
        kept = undefined;
        open = '';
      }
    }
    if (kept === 'br') {
      out.push('<br>');
      return;
    }
    out.push(open);
    for (const child of children(node)) walk(child);
    if (kept) out.push(`</${kept}>`);
  };
  for (const child of children(root)) walk(child);
  const html = out.join('');
  // An editor with nothing typed holds `<br>` or an empty paragraph.
  return /^(<p>)?(<br>)?(<\/p>)?$/.test(html) ? '' : html;
}

/** Whether the tree holds formatting that plain text cannot keep (quotes become "> "). */
export function hasFormatting(root: RichNode): boolean {
  return children(root).some((n) => n.nodeType === ELEMENT && (FORMATTING.has(tag(n)) || hasFormatting(n)));
}

/**
 * Plain text as HTML: blank lines separate paragraphs, single newlines become `<br>`,
 * lines starting with ">" become a `<blockquote>` (nested for ">>").
 */
export function textToHtml(text: string): string {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const out: string[] = [];
  let i = 0;
  while (i < lines.length) {
    if (lines[i]!.trim() === '') {
      i++;
      continue;
    }
    const quoted = lines[i]!.startsWith('>');
    const run: string[] = [];
    while (i < lines.length && lines[i]!.trim() !== '' && lines[i]!.startsWith('>') === quoted) run.push(lines[i++]!);
    if (quoted) out.push(`<blockquote>${textToHtml(run.map((l) => l.replace(/^> ?/, '')).join('\n'))}</blockquote>`);
    else out.push(`<p>${run.map(escapeHtml).join('<br>')}</p>`);
  }
  return out.join('');
}

/**
 * The text of the tree, as a reader would type it: paragraphs separated by blank lines,
 * list items with "- " (numbered lists "1. "), quotes with "> ", links as "text <url>".
 */
export function htmlToText(root: RichNode): string {
  const blocks: string[] = [];
  let line = '';
  const flush = () => {
    const text = line.split('\n').map((l) => l.replace(/[ \t]+$/, '')).join('\n').replace(/^\n+|\n+$/g, '');
    if (text.trim()) blocks.push(text);
    line = '';
  };
  const inline = (node: RichNode) => {
    if (node.nodeType === TEXT) {
      line += (node.nodeValue ?? '').replace(/[\t\n\r ]+/g, ' ').replace(/\u00a0/g, ' ');
      return;
    }
    if (node.nodeType !== ELEMENT) return;
    const name = tag(node);
    if (DROPPED.has(name)) return;
    if (name === 'br') {
      line += '\n';
    } else if (name === 'p' || name === 'div') {
      flush();
      children(node).forEach(inline);
      flush();
    } else if (name === 'ul' || name === 'ol') {
      flush();
      const items = children(node).filter((n) => n.nodeType === ELEMENT && tag(n) === 'li');
      const text = items.map((li, n) => {
        const marker = name === 'ol' ? `${n + 1}. ` : '- ';
        const body = htmlToText(li).replace(/\n\n+/g, '\n');
        return marker + body.split('\n').join('\n' + ' '.repeat(marker.length));
      });
      if (text.length) blocks.push(text.join('\n'));
    } else if (name === 'blockquote') {
      flush();
      const inner = htmlToText(node);
      if (inner) blocks.push(inner.split('\n').map((l) => (l ? `> ${l}` : '>')).join('\n'));
    } else if (name === 'a') {
      const before = line.length;
      children(node).forEach(inline);
      const label = line.slice(before).trim();
      const href = safeHref(node.getAttribute?.('href'));
      if (href && href !== label && href !== `mailto:${label}`) line += label ? ` <${href}>` : href;
    } else {
      children(node).forEach(inline);
    }
  };
  children(root).forEach(inline);
  flush();
  return blocks.join('\n\n');
}

/** HTML from elsewhere (a reopened draft) through the same serializer, parsed inertly. */
export function sanitizeHtml(html: string, parse: (html: string) => RichNode = (h) => new DOMParser().parseFromString(h, 'text/html').body): string {
  return serialize(parse(html));
}
