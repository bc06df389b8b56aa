// The clock-rewind fault (src/sim/clock-rewind.ts): off, it draws nothing; on, each jump it makes lands
// the device's clock exactly on the reading of its own earlier write of the record (or a step below it).
import { describe, expect, it } from 'vitest';
import { resolveSimOptions } from '../../src/sim/options.ts';
import { simulate } from '../../src/sim/run.ts';
import type { TraceEvent } from '../../src/trace/events.ts';

const base = { devices: 3, durationMs: 10_000, opsPerMinute: 240, clockJumpsPerHour: 0, crashesPerHour: 0, quantisedClockPercent: 50 };

/** Each rewind: the clock event with `jump`, then the next local-write of that device. */
function rewinds(trace: readonly TraceEvent[]): { reading: number; earlier: number[]; step: number }[] {
  const out: { reading: number; earlier: number[]; step: number }[] = [];
  trace.forEach((e, n) => {
    if (e.kind !== 'clock' || !e.jump) return;
    // The rewound action runs in the jump's instant; one that could not take effect writes nothing then.
    const write = trace.slice(n + 1).find((x) => x.kind === 'local-write' && x.device === e.device && x.t === e.t);
    if (!write || write.kind !== 'local-write' || !write.ok || !write.version) return;
    const recordId = write.version.id;
    const earlier = trace.slice(0, n).filter((x) => x.kind === 'local-write' && x.ok && x.device === e.device && x.version?.id === recordId).map((x) => (x as { wallMs: number }).wallMs);
    out.push({ reading: write.wallMs, earlier, step: e.stepMs ?? 1 });
  });
  return out;
}

describe('clock-rewind fault', () => {
  it('off (the default), it changes nothing: the same trace as options without the knob (run-start aside, which records a set knob)', () => {
    const off = simulate({ options: resolveSimOptions({ ...base, seed: 7 }, 'test') });
    const zero = simulate({ options: resolveSimOptions({ ...base, seed: 7, clockRewindPercent: 0, crashAfterRewindPercent: 100 }, 'test') });
    expect(JSON.stringify(zero.trace.slice(1))).toBe(JSON.stringify(off.trace.slice(1)));
    expect(off.trace.some((e) => e.kind === 'clock' && e.jump)).toBe(false);
  });

  it('on, every jump lands the next write on the reading of an earlier write of that record, or a step below the latest', () => {
    let seen = 0;
    for (let seed = 1; seed <= 10; seed++) {
      const run = simulate({ options: resolveSimOptions({ ...base, seed, stampMode: 'wall', clockRewindPercent: 100 }, 'test') });
      for (const r of rewinds(run.trace)) {
        seen++;
        const latest = r.earlier[r.earlier.length - 1]!;
        expect([latest, latest - r.step], JSON.stringify(r)).toContain(r.reading);
      }
    }
    expect(seen).toBeGreaterThan(10);
  });

  it('with crashAfterRewindPercent at 100, a rewound write is followed by a crash and a restart of its device', () => {
    const run = simulate({ options: resolveSimOptions({ ...base, seed: 3, stampMode: 'wall', clockRewindPercent: 100, crashAfterRewindPercent: 100 }, 'test') });
    const crashes = run.trace.filter((e) => e.kind === 'crash');
    expect(crashes.length).toBeGreaterThan(0);
    for (const c of crashes) {
      const next = run.trace.slice(c.i + 1).find((x) => 'device' in x && x.device === c.device && (x.kind === 'restart' || x.kind === 'local-write'));
      expect(next?.kind).toBe('restart');
    }
  });
});
