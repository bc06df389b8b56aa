/**
 * Runs fake-indexeddb without real timers. fake-indexeddb queues its "database tasks" with
 * `globalThis.setImmediate` (read at every call: `lib/scheduling.js`), which the lab's async driver
 * rightly reports as a real timer: a macrotask runs whenever Node's event loop gets to it, so when a
 * call's promise settles would depend on the machine. It has no scheduling hook of its own, so while
 * one of the engine's calls runs, `during` puts a deterministic `setImmediate` in place: tasks go to a
 * FIFO queue run one per microtask turn, in the order they were queued. The whole call then settles
 * within microtasks, in the same order on every run, and nothing is left for the event loop.
 *
 * Why one per turn: a real task boundary lets every microtask queued by the previous task (a
 * request's success handler resolving a promise, the code awaiting it) run before the next task; a
 * microtask hop after each task keeps that order for the continuations the engine uses (it issues a
 * transaction's requests synchronously and only awaits its completion, so it never relies on a
 * transaction staying active across an await).
 *
 * The swap is global for the duration of the call and only then: calls do not overlap (the lab awaits
 * each before the next), and `during` refuses to nest. Restored in `finally`, even when the call fails.
 */
type Task = () => void;

export class DeterministicTasks {
  private readonly queue: Task[] = [];
  private draining = false;
  private active = false;
  /** Tasks run so far (for tests and the README's figures). */
  ran = 0;

  private readonly shim = (fn: (...args: unknown[]) => void, ...args: unknown[]): { ref(): unknown; unref(): unknown; hasRef(): boolean } => {
    this.queue.push(() => fn(...args));
    this.kick();
    // fake-indexeddb ignores the handle; a stand-in keeps the shape of Node's Immediate.
    const handle = { ref: () => handle, unref: () => handle, hasRef: () => false };
    return handle;
  };

  private kick(): void {
    if (this.draining) return;
    this.draining = true;
    queueMicrotask(() => this.step());
  }

  private step(): void {
    const task = this.queue.shift();
    if (task === undefined) {
      this.draining = false;
      return;
    }
    this.ran++;
    try {
      task();
    } finally {
      queueMicrotask(() => this.step());
    }
  }

  /** Runs `work` with fake-indexeddb's tasks on this queue instead of the event loop. */
  async during<T>(work: () => Promise<T>): Promise<T> {
    if (this.active) throw new Error('indexeddb adapter: engine calls overlap (the deterministic task queue does not nest)');
    const g = globalThis as { setImmediate: unknown };
    const saved = g.setImmediate;
    this.active = true;
    g.setImmediate = this.shim;
    try {
      const result = await work();
      // Tasks queued last (a transaction's clean-up) run before the call settles, not in the next one.
      while (this.draining) await Promise.resolve();
      return result;
    } finally {
      g.setImmediate = saved;
      this.active = false;
    }
  }
}
