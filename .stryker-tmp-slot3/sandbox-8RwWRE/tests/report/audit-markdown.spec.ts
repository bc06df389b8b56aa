// @ts-nocheck
import { describe, expect, it } from 'vitest';
import { mdText, renderAuditMarkdown } from '../../src/report/audit-markdown.ts';
import { HOSTILE, hostileReport } from './_internals/hostile-report.ts';

describe('audit.md', () => {
  const md = renderAuditMarkdown(hostileReport());

  it('keeps hostile text from breaking tables or injecting markup', () => {
    expect(md).not.toContain('<script>');
    const matrixRow = md.split('\n').find((l) => l.startsWith('| Create'))!;
    // 5 columns: capability, three modes, exposure note; escaped pipes do not count.
    expect(matrixRow.split(/(?<!\\)\|/).length - 2).toBe(5);
  });

  it('puts what fails first, naming the statement and the cell', () => {
    const failSection = md.indexOf('## What fails and why');
    expect(failSection).toBeGreaterThan(0);
    expect(failSection).toBeLessThan(md.indexOf('## Parity matrix'));
    expect(md).toMatch(/- \*\*OFF-2\*\*: why/);
    expect(md).toMatch(/- \*\*cell create\/offline\*\*/);
    expect(md).toContain('model coverage: MISSING');
  });

  it('escapes table and emphasis characters', () => {
    expect(mdText('a|b *c* <d>\ne')).toBe('a\\|b \\*c\\* &lt;d&gt; e');
  });

  it('names the engine options the audited module was given (--reconciler-options), escaped', () => {
    const withOptions = renderAuditMarkdown({ ...hostileReport(), reconcilerOptions: { batch: 4, note: HOSTILE } });
    const line = withOptions.split('\n').find((l) => l.startsWith('Reconciler: '))!;
    expect(line).toContain(' with options {"batch":4,"note":');
    expect(line).not.toContain('<script>');
    expect(md.split('\n').find((l) => l.startsWith('Reconciler: '))).not.toContain('with options');
  });
});
