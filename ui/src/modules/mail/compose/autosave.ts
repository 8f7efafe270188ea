// Saving a draft a moment after the last edit, one save at a time: the first save
// returns the draft's id, which every later save must carry, so two saves never run
// side by side (that would store the draft twice).

export interface Timers {
  set: (fn: () => void, ms: number) => unknown;
  clear: (handle: unknown) => void;
}

const realTimers: Timers = {
  set: (fn, ms) => setTimeout(fn, ms),
  clear: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export class Autosaver {
  private timer: unknown = null;
  private running: Promise<void> = Promise.resolve();
  private stopped = false;
  /** Edits not yet saved. */
  dirty = false;

  constructor(
    private readonly save: () => Promise<void>,
    readonly delayMs = 800,
    private readonly timers: Timers = realTimers,
  ) {}

  /** An edit: save `delayMs` after the last one. */
  touch(): void {
    if (this.stopped) return;
    this.dirty = true;
    if (this.timer !== null) this.timers.clear(this.timer);
    this.timer = this.timers.set(() => {
      this.timer = null;
      void this.flush();
    }, this.delayMs);
  }

  /** Saves now if anything is unsaved; resolves when every save so far is done. */
  flush(): Promise<void> {
    if (this.timer !== null) {
      this.timers.clear(this.timer);
      this.timer = null;
    }
    if (this.dirty && !this.stopped) {
      this.dirty = false;
      // A failed save leaves the edits unsaved; the next edit or flush tries again.
      this.running = this.running.then(() => this.save()).catch(() => {
        this.dirty = true;
      });
    }
    return this.running;
  }

  /** Saves again after `stop` (sending failed; the user goes on writing). */
  resume(): void {
    this.stopped = false;
    if (this.dirty) this.touch();
  }

  /** No more saves (sent or discarded); resolves when a save under way is done. */
  stop(): Promise<void> {
    this.stopped = true;
    if (this.timer !== null) this.timers.clear(this.timer);
    this.timer = null;
    return this.running;
  }
}
