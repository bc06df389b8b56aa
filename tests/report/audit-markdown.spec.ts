import { describe, expect, it } from 'vitest';
import { mdText, renderAuditMarkdown } from '../../src/report/audit-markdown.ts';
import { hostileReport } from './_internals/hostile-report.ts';

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
});
