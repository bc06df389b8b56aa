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
 * The swap is global, so there is one queue per process (`SHARED_TASKS`), installed while at least one
 * call of any engine is running and the real `setImmediate` put back in `finally` when the last one
 * ends, even when it fails. The lab awaits each call before the next; calls of several worlds run
 * side by side in one process (a test's `Promise.all`) share the queue, first queued first run.
 */
// @ts-nocheck

type Task = () => void;

export class DeterministicTasks {
  private readonly queue: Task[] = [];
  private draining = false;
  /** Calls running now; the shim is installed while this is above 0. */
  private depth = 0;
  private saved: unknown;
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
    const g = globalThis as { setImmediate: unknown };
    if (this.depth++ === 0) {
      this.saved = g.setImmediate;
      g.setImmediate = this.shim;
    }
    try {
      const result = await work();
      // Tasks queued last (a transaction's clean-up) run before the call settles, not in the next one.
      while (this.draining) await Promise.resolve();
      return result;
    } finally {
      if (--this.depth === 0) g.setImmediate = this.saved;
    }
  }
}

/** The process's one queue: every engine's calls use it (see above). */
export const SHARED_TASKS = new DeterministicTasks();
