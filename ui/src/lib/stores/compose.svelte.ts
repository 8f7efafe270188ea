// `mailto:` links that reached the app (the one it was started with, and those of a
// second launch), waiting for the mail view: it opens each in the composer, prefilled
// through `mail_compose` (recipients, subject and body only; never attachments), one
// after the other. Nothing is sent by a link: the user sends, or not.
import type { MailtoRequest } from '../../bindings/MailtoRequest';

/** A link announced again this soon after it was taken is the same link (queued and announced). */
const SAME_LINK_MS = 3000;

export class ComposeStore {
  requests = $state<MailtoRequest[]>([]);
  private taken = new Map<string, number>();

  /** Adds a link's draft; the same draft twice (queued and announced) counts once. */
  receive(request: MailtoRequest, now = Date.now()): void {
    const key = JSON.stringify(request);
    if (this.requests.some((r) => JSON.stringify(r) === key)) return;
    if (now - (this.taken.get(key) ?? -Infinity) < SAME_LINK_MS) return;
    this.requests = [...this.requests, request];
  }

  dismiss(index: number): void {
    this.requests = this.requests.filter((_, i) => i !== index);
  }

  /** The oldest waiting link, taken out of the queue (the composer opens it). */
  take(now = Date.now()): MailtoRequest | undefined {
    const [first, ...rest] = this.requests;
    this.requests = rest;
    if (first) this.taken.set(JSON.stringify(first), now);
    return first;
  }
}

export const compose = new ComposeStore();
