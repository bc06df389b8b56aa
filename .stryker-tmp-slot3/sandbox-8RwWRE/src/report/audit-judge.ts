/**
 * The audit's judge step: maps every normative statement of the spec (STATEMENTS) to the evidence the
 * gather step collected and decides pass, fail or missing for each piece, then sums up. Pure: it reads
 * the gathered runs and nothing else, runs nothing and writes nothing.
 */
// @ts-nocheck

import { CHECKERS } from '../check/index.ts';
import { DISCLOSURE_CHECKER_ID } from '../check/parity/disclosure.ts';
import { protocolLimits } from '../check/judgeable.ts';
import type { CheckerId } from '../spec/checker-ids.ts';
import { PARITY_MATRIX } from '../spec/matrix.ts';
import { STATEMENTS, describeRef, refKey } from '../spec/statements.ts';
import type { EvidenceRef } from '../spec/statements.ts';
import type { Mode } from '../trace/events.ts';
import type { AuditReport, EvidenceFailure, EvidenceResult, EvidenceStatus, Gathered, StatementResult } from './audit-types.ts';

/** Failures listed per evidence item (the first shows the bug; the rest are in audit.json runs). */
const FAILURES_SHOWN = 5;

export const AUDITED_SPEC = { title: 'Offline Parity And Sync Specification', version: '2026-03-18' } as const;

/** The report: every statement judged against the gathered evidence, with the summary. */
export function judgeAudit(gathered: Gathered, meta: { reconciler: string; reconcilerOptions?: unknown; out: string }): AuditReport {
  const { records, matrix, scenarioResults, model, modelError } = gathered;
  const statements = judgeStatements(gathered);
  const runs = records.map((r) => r.run);
  const cellsPassing = matrix.filter((m) => m.status === 'pass').length;
  const statementsPassing = statements.filter((s) => s.status === 'pass').length;
  return {
    version: 1,
    spec: { ...AUDITED_SPEC },
    reconciler: meta.reconciler,
    ...(meta.reconcilerOptions !== undefined ? { reconcilerOptions: meta.reconcilerOptions } : {}),
    out: meta.out,
    statements,
    matrix,
    scenarios: scenarioResults,
    modelCoverage: model
      ? { ...model.coverage, perMachine: model.perMachine, paths: model.paths.length, pathsPassing: runs.filter((r) => r.kind === 'model-path' && r.status === 'pass').length }
      : null,
    modelError,
    runs,
    summary: {
      statements: statements.length,
      statementsWithEvidence: statements.filter((s) => s.evidence.length > 0 && s.evidence.every((e) => e.status !== 'missing')).length,
      statementsPassing,
      statementsNotApplicable: statements.filter((s) => s.status === 'n/a').length,
      cells: matrix.length,
      cellsPassing,
      cellsNotApplicable: matrix.filter((m) => m.status === 'n/a').length,
      scenarios: scenarioResults.length,
      scenariosPassing: scenarioResults.filter((s) => s.status === 'pass').length,
      scenariosNotApplicable: scenarioResults.filter((s) => s.status === 'n/a').length,
      runs: runs.length,
      // Not applicable is neither a failure nor a pass: the audit holds when nothing applicable fails.
      ok: statements.every((s) => s.status !== 'fail') && matrix.every((m) => m.status !== 'fail'),
    },
  };
}

/**
 * A statement passes when it has evidence and every piece of it passes. A piece that is not
 * applicable (the engine lacks a capability all of its runs need) fails nothing, but the statement
 * then is not applicable either, with the reason: it is never counted as passing on partial evidence.
 */
export function judgeStatements(gathered: Gathered): StatementResult[] {
  return STATEMENTS.map((s) => {
    const evidence = s.evidence.map((ref) => resolve(ref, gathered));
    const why = evidence.filter((e) => e.status === 'fail' || e.status === 'missing').map((e) => `${e.description}: ${e.status === 'missing' ? 'MISSING' : 'FAILED'}: ${e.detail}`);
    const notApplicable = evidence.filter((e) => e.status === 'n/a').map((e) => `${e.description}: NOT APPLICABLE: ${e.detail}`);
    if (evidence.length === 0) return { id: s.id, section: s.section, text: s.text, evidence, status: 'fail', why: ['no evidence is mapped to this statement'] };
    const status = why.length > 0 ? 'fail' : notApplicable.length > 0 ? 'n/a' : 'pass';
    return { id: s.id, section: s.section, text: s.text, evidence, status, why: [...why, ...notApplicable] };
  });
}

function evidence(ref: EvidenceRef, status: EvidenceStatus, detail: string, runs: EvidenceResult['runs'], runsConsidered: number, failures: EvidenceFailure[]): EvidenceResult {
  return { ref: refKey(ref), kind: ref.kind, description: describeRef(ref), status, detail, runs, runsConsidered, failures: failures.slice(0, FAILURES_SHOWN) };
}

function resolve(ref: EvidenceRef, ctx: Gathered): EvidenceResult {
  switch (ref.kind) {
    case 'checker':
    case 'disclosure': {
      const checker = ref.kind === 'checker' ? ref.checker : DISCLOSURE_CHECKER_ID;
      if (!CHECKERS.some((c) => c.id === checker)) return evidence(ref, 'missing', `no checker named ${checker} is registered`, [], 0, []);
      // An engine's own protocol: a checker reading sync-lab's wire format judged none of its runs (never a pass).
      const limit = ctx.records.map((r) => (r.trace ? protocolLimits(r.trace).get(checker as CheckerId) : undefined)).find((l) => l !== undefined);
      if (limit !== undefined) return evidence(ref, 'n/a', `not judged: ${limit}`, [], 0, []);
      // Every run (model paths included) was judged by the whole registry, disclosure check included.
      const considered = ctx.records;
      const failures: EvidenceFailure[] = [];
      for (const r of considered) {
        for (const v of r.violations) if (v.checker === checker) failures.push({ run: r.run.id, seed: r.run.seed, trace: r.run.trace, message: v.message });
      }
      const failedRuns = new Set(failures.map((f) => f.run)).size;
      const detail =
        failures.length === 0 ? `held on all ${considered.length} runs` : `violated on ${failedRuns} of ${considered.length} runs; first: ${failures[0]!.run}: ${failures[0]!.message}`;
      return evidence(ref, considered.length === 0 ? 'missing' : failures.length === 0 ? 'pass' : 'fail', detail, [], considered.length, failures);
    }
    case 'cells': {
      const cells = ctx.matrix.filter(
        (m) =>
          (!ref.capabilities || ref.capabilities.includes(m.capability)) &&
          (!ref.modes || ref.modes.includes(m.mode)) &&
          (ref.essential === undefined || PARITY_MATRIX.find((c) => c.capability === m.capability)!.essential === ref.essential),
      );
      const applicable = cells.filter((m) => m.status !== 'n/a');
      if (cells.length > 0 && applicable.length === 0) {
        return evidence(ref, 'n/a', `all ${cells.length} cells ${cells[0]!.reasons[0] ?? 'not applicable'}`, [], 0, []);
      }
      const failing = applicable.filter((m) => m.status === 'fail');
      const failures = failing.map((m) => ({ run: `cell:${m.capability}/${m.mode}`, seed: m.seed, trace: m.trace, message: m.reasons[0] ?? 'failed' }));
      const na = cells.length - applicable.length;
      const naNote = na > 0 ? ` (${na} not applicable)` : '';
      const detail =
        failing.length === 0
          ? `${applicable.length}/${applicable.length} cells as the matrix states${naNote}`
          : `${applicable.length - failing.length}/${applicable.length} cells pass${naNote}; ${failing.map((m) => `${m.capability}/${m.mode}`).join(', ')} fail: ${failures[0]!.message}`;
      return evidence(ref, cells.length === 0 ? 'missing' : failing.length === 0 ? 'pass' : 'fail', detail, applicable.map((m) => ({ id: `cell:${m.capability}/${m.mode}`, seed: m.seed, trace: m.trace })), applicable.length, failures);
    }
    case 'scenarios': {
      const tagged = ctx.scenarioResults.filter((s) => s.workflows.includes(ref.workflow) && (!ref.modes || s.modes.some((m) => ref.modes!.includes(m as Mode))));
      const chosen = tagged.filter((s) => s.status !== 'n/a');
      if (tagged.length > 0 && chosen.length === 0) {
        return evidence(ref, 'n/a', tagged.map((s) => `${s.name}: ${s.messages[0] ?? 'not applicable'}`).join('; '), [], 0, []);
      }
      const failing = chosen.filter((s) => s.status === 'fail');
      const failures = failing.map((s) => ({ run: `scenario:${s.name}`, seed: s.seed, trace: s.trace, message: s.messages[0] ?? `expected findings [${s.expected.join(', ')}], found [${s.found.join(', ')}]` }));
      const detail =
        chosen.length === 0
          ? `no reviewer scenario is tagged ${ref.workflow}${ref.modes ? ` in ${ref.modes.join('/')}` : ''}`
          : failing.length === 0
            ? `${chosen.map((s) => s.name).join(', ')}: as expected`
            : `${failing.map((s) => s.name).join(', ')} not as expected: ${failures[0]!.message}`;
      return evidence(ref, chosen.length === 0 ? 'missing' : failing.length === 0 ? 'pass' : 'fail', detail, chosen.map((s) => ({ id: `scenario:${s.name}`, seed: s.seed, trace: s.trace })), chosen.length, failures);
    }
    case 'determinism': {
      const { compared, mismatches } = ctx.determinism;
      const detail = mismatches.length === 0 ? `${compared.length} runs re-run with identical trace hashes` : `${mismatches.length} of ${compared.length} re-runs gave a different trace hash (first: ${mismatches[0]!.run})`;
      return evidence(ref, compared.length === 0 ? 'missing' : mismatches.length === 0 ? 'pass' : 'fail', detail, compared, compared.length, mismatches);
    }
    case 'model-paths': {
      if (!ctx.model) return evidence(ref, 'missing', `model evidence unavailable: ${ctx.modelError ?? 'not run'}`, [], 0, []);
      const paths = ctx.records.filter((r) => r.run.kind === 'model-path');
      const failing = paths.filter((r) => r.run.status === 'fail');
      const failures = failing.map((r) => ({ run: r.run.id, seed: r.run.seed, trace: null, message: r.violations[0] ? `${r.violations[0].checker}: ${r.violations[0].message}` : 'failed' }));
      const detail = paths.length === 0 ? 'the models produced no paths' : failing.length === 0 ? `${paths.length}/${paths.length} paths converged with every checker holding` : `${failing.length} of ${paths.length} paths fail; first: ${failures[0]!.run}: ${failures[0]!.message}`;
      return evidence(ref, paths.length === 0 ? 'missing' : failing.length === 0 ? 'pass' : 'fail', detail, [], paths.length, failures);
    }
    case 'model-coverage': {
      if (!ctx.model) return evidence(ref, 'missing', `model evidence unavailable: ${ctx.modelError ?? 'not run'}`, [], 0, []);
      const { states, transitions } = ctx.model.coverage;
      const full = states.total > 0 && states.covered === states.total && transitions.covered === transitions.total;
      const missing = [...states.missing, ...transitions.missing];
      const detail = `states ${states.covered}/${states.total}, transitions ${transitions.covered}/${transitions.total}${missing.length ? `; not covered: ${missing.slice(0, 5).join('; ')}` : ''}`;
      return evidence(ref, full ? 'pass' : 'fail', detail, [], 0, missing.slice(0, FAILURES_SHOWN).map((m) => ({ run: 'models', seed: 0, trace: null, message: `not covered: ${m}` })));
    }
    case 'retries': {
      // It reads whether sync-lab's answers say `ok`: an engine's own protocol has no such field to trust.
      const start = ctx.records.map((r) => r.trace?.[0]).find((e) => e?.kind === 'run-start');
      if (start?.kind === 'run-start' && start.protocol) return evidence(ref, 'n/a', `not judged: the engine speaks its own protocol (${start.protocol.name}) and this evidence reads the ok field of sync-lab's answers`, [], 0, []);
      return retries(ref, ctx);
    }
  }
}

/** Failed requests followed by a successful one from the same device, with no local write refused meanwhile. */
function retries(ref: EvidenceRef, ctx: Gathered): EvidenceResult {
  let failed = 0;
  let retried = 0;
  const showing: EvidenceResult['runs'] = [];
  const failures: EvidenceFailure[] = [];
  const considered = ctx.records.filter((r) => r.trace !== null);
  for (const r of considered) {
    const failedAt = new Map<string, number>();
    const responses = new Map<string, boolean>();
    let runRetried = 0;
    for (const e of r.trace!) {
      if (e.kind === 'request-fail') {
        failed++;
        if (!failedAt.has(e.device)) failedAt.set(e.device, e.t);
      } else if (e.kind === 'msg-send' && e.from === 'server') {
        responses.set(e.msgId, (e.payload as { ok?: unknown }).ok === true);
      } else if (e.kind === 'msg-deliver' && e.to !== 'server' && failedAt.has(e.to) && responses.get(e.msgId.split('.')[0]!) === true) {
        failedAt.delete(e.to);
        runRetried++;
      } else if (e.kind === 'local-write' && !e.ok) {
        failures.push({ run: r.run.id, seed: r.run.seed, trace: r.run.trace, message: `device ${e.device} could not save (${e.error ?? 'refused'}) at event ${e.i}` });
      }
    }
    retried += runRetried;
    if (runRetried > 0 && showing.length < 5) showing.push({ id: r.run.id, seed: r.run.seed, trace: r.run.trace });
  }
  const status: EvidenceStatus = considered.length === 0 || retried === 0 ? 'missing' : failures.length === 0 ? 'pass' : 'fail';
  const detail =
    retried === 0
      ? 'no run showed a failed request followed by a successful retry'
      : `${failed} failed requests; ${retried} times a device succeeded again after failing, in the background${failures.length ? `; but a local save was refused: ${failures[0]!.message}` : '; no local save was ever refused'}`;
  return evidence(ref, status, detail, showing, considered.length, failures);
}
