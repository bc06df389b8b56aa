// @ts-nocheck
import { describe, expect, it } from 'vitest';
import { escapeHtml, renderAuditHtml } from '../../src/report/audit-html.ts';
import { hostileReport } from './_internals/hostile-report.ts';

describe('audit.html', () => {
  const html = renderAuditHtml(hostileReport());

  it('escapes every piece of text: no markup from the report gets through', () => {
    expect(html).not.toMatch(/<script/i);
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(html).not.toContain('href="javascript:');
  });

  it('is self-contained: no scripts, no external resources', () => {
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).not.toMatch(/<(script|link|img|iframe)\b/i);
    expect(html).not.toMatch(/(src|href)="https?:/i);
  });

  it('links the traces the audit wrote and says what fails and why', () => {
    expect(html).toContain('<a href="traces/cell-create-offline.jsonl">');
    expect(html).toContain('What fails and why');
    expect(html).toContain('<b>OFF-2</b>');
    expect(html).toContain('<b>cell create/offline</b>');
    expect(html).toContain('MISSING');
  });

  it('escapes quotes and ampersands', () => {
    expect(escapeHtml(`a&b<"c">'d'`)).toBe('a&amp;b&lt;&quot;c&quot;&gt;&#39;d&#39;');
  });
});
