// The window of rows a virtual list draws: only what is visible plus a margin, so a
// folder of 100,000 messages costs as much as one of fifty.

export interface Window {
  /** First row to draw (inclusive). */
  start: number;
  /** Row after the last one to draw (exclusive). */
  end: number;
}

export function visibleWindow(scrollTop: number, viewport: number, rowHeight: number, total: number, overscan = 8): Window {
  if (total <= 0 || rowHeight <= 0) return { start: 0, end: 0 };
  const first = Math.floor(Math.max(0, scrollTop) / rowHeight);
  const count = Math.ceil(Math.max(0, viewport) / rowHeight) + 1;
  const start = Math.max(0, first - overscan);
  const end = Math.min(total, first + count + overscan);
  return { start: Math.min(start, end), end };
}

/** The pages (of `pageSize` rows) a window needs. */
export function pagesFor(window: Window, pageSize: number): number[] {
  if (window.end <= window.start) return [];
  const pages: number[] = [];
  for (let p = Math.floor(window.start / pageSize); p <= Math.floor((window.end - 1) / pageSize); p++) pages.push(p);
  return pages;
}

/** The scrollTop that brings row `index` into view (or the current one if it is). */
export function scrollToRow(index: number, scrollTop: number, viewport: number, rowHeight: number): number {
  const top = index * rowHeight;
  if (top < scrollTop) return top;
  if (top + rowHeight > scrollTop + viewport) return top + rowHeight - viewport;
  return scrollTop;
}
