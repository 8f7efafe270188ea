// What the shell says about the running app (version, profile, policy), for the
// components that depend on it, e.g. whether a certificate may be trusted by hand.
import type { AppInfo } from '../../bindings/AppInfo';

export class AppStore {
  info = $state<AppInfo | null>(null);

  /** Until the shell has answered, nothing is offered that the policy might forbid. */
  get pinningAllowed(): boolean {
    return this.info?.pinning_allowed ?? false;
  }
}

export const app = new AppStore();
