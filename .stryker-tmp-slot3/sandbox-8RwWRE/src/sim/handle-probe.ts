/**
 * Sees whether an engine call left a real timer or real I/O running: Node's
 * `process.getActiveResourcesInfo()` lists the active handles by type; a timer or I/O type
 * (`WATCHED`) with more entries after the call than before it is new. Only those types are
 * watched: the lab's own streams and worker ports (TTYWrap, PipeWrap, MessagePort, WriteWrap...)
 * come and go with its output, never with an engine call.
 * Read through `globalThis`, so a bundle for the browser that reaches this file loads nothing of
 * Node's; there (no `process`) the probe is null and only the settle bound detects timers.
 */
// @ts-nocheck


/** Takes a reading before a call and says what is new after it. */
export interface HandleProbe {
  take(): unknown;
  /** What is active now and was not in `before` (e.g. "1 Timeout"), or null. */
  fresh(before: unknown): string | null;
}

type ResourcesInfo = () => string[];

/** Handle types of real time and real I/O: timers, files, sockets, DNS, child processes. */
const WATCHED = new Set(['Timeout', 'Immediate', 'FSReqCallback', 'FSReqPromise', 'FileHandle', 'StatWatcher', 'FSEventWrap', 'TCPWrap', 'TCPConnectWrap', 'TCPServerWrap', 'UDPWrap', 'SendWrap', 'GetAddrInfoReqWrap', 'GetNameInfoReqWrap', 'QueryReqWrap', 'PipeConnectWrap', 'ProcessWrap', 'Zlib']);

function countByType(types: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const type of types) if (WATCHED.has(type)) counts.set(type, (counts.get(type) ?? 0) + 1);
  return counts;
}

/** The probe of this process's active handles, or null where there is no such view (a browser). */
export function activeHandleProbe(): HandleProbe | null {
  const host = (globalThis as { process?: { getActiveResourcesInfo?: ResourcesInfo } }).process;
  const info = host?.getActiveResourcesInfo;
  if (typeof info !== 'function') return null;
  const read = (): string[] => info.call(host);
  return {
    take: () => countByType(read()),
    fresh: (before) => {
      const was = before as Map<string, number>;
      const added: string[] = [];
      for (const [type, count] of countByType(read())) {
        const more = count - (was.get(type) ?? 0);
        if (more > 0) added.push(`${more} ${type}`);
      }
      return added.length === 0 ? null : `new active handle(s): ${added.sort().join(', ')}`;
    },
  };
}
