// `mailto:` links that reached the app (the one it was started with, and those of a
// second launch). Until the mail module can write mail, the mail view only says that
// a link arrived; nothing is drafted or sent.
import type { MailtoRequest } from '../../bindings/MailtoRequest';

export class ComposeStore {
  requests = $state<MailtoRequest[]>([]);

  /** Adds a link's draft; the same draft twice (queued and announced) counts once. */
  receive(request: MailtoRequest): void {
    const key = JSON.stringify(request);
    if (this.requests.some((r) => JSON.stringify(r) === key)) return;
    this.requests = [...this.requests, request];
  }

  dismiss(index: number): void {
    this.requests = this.requests.filter((_, i) => i !== index);
  }
}

export const compose = new ComposeStore();
