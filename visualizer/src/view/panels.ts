/** The side panels: playhead and replicas at t, violations, conflict cards, run diff, legend. */
import { formatTime, describeEvent, type VizModel } from '../model/model.ts';
import type { RunDiff } from '../model/diff.ts';
import type { ConflictCard, StampInfo } from '../model/conflicts.ts';
import { clip, el } from './dom.ts';
import { COLORS, DEVICE_COLORS, MARK_COLORS } from '../draw/theme.ts';

export function legend(): HTMLElement {
  const swatch = (color: string, label: string, shape: 'box' | 'line' | 'dash' | 'cross' | 'dot' | 'diamond' | 'square' = 'box') =>
    el('span', { class: 'legend-item' }, [el('span', { class: `sw sw-${shape}`, data: { c: color } }), el('span', { text: label })]);
  const box = el('div', { class: 'legend', testid: 'legend' }, [
    swatch(COLORS.online, 'online'),
    swatch(COLORS.intermittent, 'intermittent'),
    swatch(COLORS.offline, 'offline'),
    swatch(COLORS.crashed, 'crashed → restart'),
    swatch(COLORS.delivered, 'message delivered (within its device\'s lane: centre = device, top edge = server)', 'line'),
    swatch(COLORS.dropped, 'dropped', 'cross'),
    swatch(COLORS.copy, 'duplicate copy', 'dash'),
    swatch(COLORS.queued, 'still queued at end', 'dash'),
    swatch('#555', 'create', 'dot'),
    swatch('#555', 'edit', 'diamond'),
    swatch('#555', 'delete', 'square'),
    swatch(COLORS.converged, 'converged', 'line'),
    swatch(COLORS.violation, 'violation', 'dash'),
    swatch(COLORS.skip, 'skipped / refused event', 'dot'),
    swatch(COLORS.futureStamp, 'stamp far ahead of time', 'dot'),
    swatch(COLORS.playhead, 'playhead', 'line'),
    swatch('#7f1d1d', 'partition / server outage (bar under the phases)'),
    swatch('#7f1d1d', 'server restart (tick through the phases)', 'line'),
    swatch(MARK_COLORS['token-expired'], 'token expired', 'square'),
    swatch(MARK_COLORS['token-renewed'], 'token renewed', 'square'),
    swatch(MARK_COLORS.refused, 'request refused', 'diamond'),
    swatch(MARK_COLORS['request-fail'], 'client timeout / failure', 'diamond'),
    swatch(MARK_COLORS['remote-action'], 'backup / admin action', 'square'),
    swatch(MARK_COLORS.targeted, 'targeted fault / trigger', 'square'),
  ]);
  // Colours go through style properties, never through markup.
  for (const s of box.querySelectorAll<HTMLElement>('.sw')) {
    const c = s.dataset['c'] ?? '#000';
    if (s.classList.contains('sw-box') || s.classList.contains('sw-dot') || s.classList.contains('sw-diamond')) s.style.background = c;
    else s.style.borderColor = c;
    s.style.color = c;
  }
  return box;
}

export function playheadPanel(model: VizModel, index: number): HTMLElement {
  const event = index >= 0 && index < model.n ? model.eventAt(index) : undefined;
  const rows = model.replay.rowsAt(index);
  const tables = model.lanes.devices.map((device, k) => {
    const records = rows.get(device) ?? [];
    const body = records.map((r) =>
      el('tr', { testid: 'replica-row', data: { device, record: r.recordId, deleted: String(r.deleted) }, class: r.deleted ? 'tomb' : '' }, [
        el('td', { class: 'mono', testid: 'record-name', text: clip(named(model.refs, r.recordId), 32), title: r.recordId }),
        el('td', { class: 'value', testid: 'replica-value', text: r.value === null ? 'deleted' : clip(r.value, 80), title: r.value ?? 'tombstone' }),
        el('td', { class: 'mono stamp', text: shortStamp(r.stamp), title: r.stamp }),
      ]),
    );
    const head = el('div', { class: 'replica-head' }, [el('span', { class: 'dot' }), el('span', { text: `device ${device}` }), el('span', { class: 'muted', text: ` · ${records.filter((r) => !r.deleted).length} visible, ${records.filter((r) => r.deleted).length} tombstones` })]);
    (head.firstChild as HTMLElement).style.background = DEVICE_COLORS[k % DEVICE_COLORS.length]!;
    return el('div', { class: 'replica', testid: 'replica', data: { device } }, [
      head,
      records.length === 0 ? el('div', { class: 'muted small', text: 'no records' }) : el('table', {}, [el('tbody', {}, body)]),
    ]);
  });
  return el('section', { class: 'panel', testid: 'playhead-panel' }, [
    el('h2', { text: 'Playhead' }),
    el('div', { class: 'ph-line' }, [
      el('span', { class: 'ph-time', testid: 'playhead-time', text: event ? formatTime(event.t) : '—' }),
      el('span', { class: 'muted', testid: 'playhead-index', text: ` event #${index} of ${model.n}` }),
    ]),
    el('div', { class: 'ph-event', testid: 'playhead-event', data: { kind: event?.kind ?? '' }, text: event ? clip(describeEvent(event), 300) : '' }),
    el('div', { class: 'muted small', text: '←/→ step one event · shift+←/→ ten · click the timeline or drag the slider · wheel zooms, drag pans' }),
    el('h3', { text: 'Replicas at this moment' }),
    ...tables,
  ]);
}

function shortStamp(stamp: string): string {
  const m = /^0*(\d+)\.0*(\d+)\.(.*)$/.exec(stamp);
  return m ? `${m[1]}.${m[2]}@${clip(m[3]!, 12)}` : clip(stamp, 24);
}

export function violationsPanel(model: VizModel, onJump: (n: number) => void, current: number | null): HTMLElement {
  const items = model.violations.map((v, n) =>
    el('li', { class: n === current ? 'violation current' : 'violation', testid: 'violation', data: { index: String(v.eventIndex) } }, [
      el('div', { class: 'v-checker', text: clip(v.checker, 60) }),
      el('div', { class: 'v-message', text: clip(v.message, 400) , title: v.message}),
      el('div', { class: 'muted small', text: `event #${v.eventIndex} at ${formatTime(v.t)}${v.devices.length ? ` · devices ${clip(v.devices.join(', '), 60)}` : ''}${v.records.length ? ` · records ${clip(v.records.join(', '), 60)}` : ''}` }),
    ]),
  );
  items.forEach((item, n) => item.addEventListener('click', () => onJump(n)));
  const button = el('button', { testid: 'jump-violation', text: 'Jump to first violation' });
  button.disabled = model.violations.length === 0;
  button.addEventListener('click', () => onJump(0));
  return el('section', { class: 'panel', testid: 'violations-panel' }, [
    el('h2', { text: `Violations (${model.violations.length})` }),
    button,
    current === null ? null : el('div', { class: 'violation-banner', testid: 'violation-message', text: `${clip(model.violations[current]?.checker ?? '', 60)}: ${clip(model.violations[current]?.message ?? '', 600)}` }),
    model.violations.length === 0 ? el('div', { class: 'muted small', text: model.verdict === null ? 'No violations supplied with this trace (no checker ran on it).' : 'No checker that could judge this trace found a violation.' }) : el('ol', { class: 'violations' }, items),
  ]);
}

function stampBlock(role: 'winner' | 'loser', s: StampInfo): HTMLElement {
  return el('div', { class: `stamp-block ${role}` }, [
    el('div', { class: 'role', text: role === 'winner' ? 'WINNER' : 'LOST' }),
    el('div', { class: 'mono', testid: `${role}-stamp`, text: clip(s.stamp, 60), title: s.stamp }),
    el('div', { class: 'small', text: `by device ${clip(s.device, 20)}${s.wallMs === null ? '' : ` · wall ${s.wallMs} ms · counter ${s.counter}`}` }),
    el('div', { class: 'value', testid: `${role}-value`, text: s.value === undefined ? '(value not in trace)' : s.value === null ? '(delete)' : clip(s.value, 160), title: s.value ?? '' }),
  ]);
}

/** A record as the reviewer named it in the schedule (`monday (a/r1)`), or its id. */
function named(refs: ReadonlyMap<string, string>, recordId: string): string {
  const ref = refs.get(recordId);
  return ref === undefined ? recordId : `${ref} (${recordId})`;
}

export function conflictsPanel(cards: ConflictCard[], onJump: (card: ConflictCard) => void, refs: ReadonlyMap<string, string> = new Map()): HTMLElement {
  const list = cards.slice(0, 200).map((c) => {
    const card = el('div', { class: 'conflict-card', testid: 'conflict-card', data: { record: c.recordId, index: String(c.i) } }, [
      el('div', { class: 'cc-head' }, [
        el('span', { class: 'mono', text: `record ${clip(named(refs, c.recordId), 60)}` }),
        el('span', { class: 'muted', text: ` · on ${clip(c.device, 20)} at ${formatTime(c.t)} · rule ` }),
        el('span', { class: 'pill', testid: 'conflict-rule', text: clip(c.rule, 30) }),
        el('span', { class: 'muted', text: ` · ${clip(c.outcome, 30)}` }),
        c.relation === 'update'
          ? el('span', { class: 'pill', testid: 'conflict-relation', text: 'not a conflict: the winner was written after seeing the loser' })
          : el('span', { class: 'muted', testid: 'conflict-relation', text: c.relation === 'concurrent' ? ' · concurrent writes' : '' }),
      ]),
      el('div', { class: 'cc-body' }, [stampBlock('winner', c.winner), stampBlock('loser', c.loser)]),
    ]);
    card.addEventListener('click', () => onJump(c));
    return card;
  });
  return el('section', { class: 'panel', testid: 'conflicts-panel' }, [
    el('h2', { text: `Conflicts (${cards.length})` }),
    cards.length === 0 ? el('div', { class: 'muted small', text: 'No conflicts in this trace.' }) : null,
    ...list,
    cards.length > 200 ? el('div', { class: 'muted small', text: `… and ${cards.length - 200} more` }) : null,
  ]);
}

export function diffPanel(a: VizModel, b: VizModel | null, diff: RunDiff | null, onJump: (index: number) => void): HTMLElement {
  if (!b || !diff) {
    return el('section', { class: 'panel', testid: 'diff-panel' }, [
      el('h2', { text: 'Run diff' }),
      el('div', { class: 'muted small', text: 'Load a second trace of the same scenario (e.g. the wall-clock run of this seed) with “Compare with…” to see where the runs part.' }),
    ]);
  }
  const side = (label: string, m: VizModel, e: typeof diff.left) =>
    el('div', { class: 'diff-side' }, [
      el('div', { class: 'role', text: `${label}: ${clip(m.source, 50)}` }),
      el('div', { class: 'small', testid: `diff-${label.toLowerCase()}`, text: e ? `#${e.i} ${formatTime(e.t)} · ${clip(describeEvent(e), 200)}` : '(no event: trace ended)' }),
    ]);
  const button = el('button', { text: 'Go to first difference', testid: 'diff-jump' });
  button.disabled = diff.firstDifference === null;
  button.addEventListener('click', () => diff.firstDifference !== null && onJump(diff.firstDifference));
  return el('section', { class: 'panel', testid: 'diff-panel' }, [
    el('h2', { text: 'Run diff' }),
    el('div', { class: 'small', text: `configuration differs in: ${diff.configDifferences.length ? clip(diff.configDifferences.join(', '), 200) : 'nothing'}` }),
    el('div', { class: 'diff-summary', testid: 'diff-first', text: diff.firstDifference === null ? 'The runs are identical after run-start.' : `First differing event: #${diff.firstDifference}${diff.fields.length ? ` (fields: ${clip(diff.fields.join(', '), 100)})` : ''}` }),
    diff.firstDifference === null ? null : el('div', { class: 'diff-sides' }, [side('A', a, diff.left), side('B', b, diff.right)]),
    el('div', { class: 'small', text: `A: ${a.events.length} events, ${a.divergence.converged ? `converged at ${formatTime(a.divergence.convergedAt ?? 0)}` : 'not converged'} · B: ${b.events.length} events, ${b.divergence.converged ? `converged at ${formatTime(b.divergence.convergedAt ?? 0)}` : 'not converged'}` }),
    button,
  ]);
}

/** Schedule events that could not take effect and lifecycle events refused, one line each; a click jumps to it. */
export function skipsPanel(model: VizModel, onJump: (i: number) => void): HTMLElement {
  const items = model.skips.slice(0, 200).map((s) => {
    const item = el('li', { testid: 'skip-item', data: { device: s.device, index: String(s.i) }, text: `${formatTime(s.t)} · ${clip(s.device, 20)} ${s.kind === 'schedule-skip' ? 'skipped' : 'refused'} ${clip(s.what, 60)}: ${clip(s.reason, 200)}` });
    item.addEventListener('click', () => onJump(s.i));
    return item;
  });
  const ahead = model.futureStamps.slice(0, 50).map((w) => {
    const item = el('li', { testid: 'future-stamp-item', data: { device: w.device, index: String(w.i) }, text: `${formatTime(w.t)} · ${clip(w.device, 20)} wrote ${clip(w.recordId, 40)} stamped ${formatTime(w.aheadMs * 1000)} ahead of true time` });
    item.addEventListener('click', () => onJump(w.i));
    return item;
  });
  return el('section', { class: 'panel', testid: 'skips-panel' }, [
    el('h2', { text: `Skipped or refused events (${model.skips.length})` }),
    model.skips.length === 0 ? el('div', { class: 'muted small', text: 'Every schedule event took effect.' }) : el('ol', { class: 'violations' }, items),
    model.skips.length > 200 ? el('div', { class: 'muted small', text: `… and ${model.skips.length - 200} more` }) : null,
    el('h2', { text: `Stamps ahead of time (${model.futureStamps.length})` }),
    model.futureStamps.length === 0 ? el('div', { class: 'muted small', text: 'No write stamped beyond the bound.' }) : el('ol', { class: 'violations' }, ahead),
  ]);
}
