// @ts-nocheck
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CHECKER_IDS } from '../../src/check/index.ts';
import { describe, expect, it } from 'vitest';
import { build } from 'esbuild';
import { relative } from 'node:path';
import { embedJson, renderVizHtml, VIZ_BUNDLE_SOURCES, VIZ_ENTRY, vizBundle, writeVizHtml } from '../../src/report/viz-html.ts';
import { HOSTILE, hostileScenario, scenarioTrace } from '../fixtures/traces/build.ts';
import { embeddedData } from '../fixtures/traces/embedded.ts';

const dir = mkdtempSync(join(tmpdir(), 'sync-lab-viz-html-'));


describe('embedJson', () => {
  it('round-trips through JSON.parse and leaves no <, >, & or line separators in the text', () => {
    const value = { text: [...HOSTILE, '<!-- x -->', 'a & b', 'line\u2028sep\u2029'], n: 1 };
    const text = embedJson(value);
    expect(text).not.toMatch(/[<>&\u2028\u2029]/);
    expect(JSON.parse(text)).toEqual(value);
  });
});

describe('renderVizHtml', () => {
  const s = hostileScenario();
  const html = renderVizHtml({ trace: s.events, violations: s.violations, title: '</title><script>alert(1)</script>', js: 'console.log("</script><!--")', css: 'body{}' });

  it('keeps hostile trace text inside the data blocks: one script closes per block, and the data reads back', () => {
    const blocks = html.match(/<script type="application\/json" id="trace-json-\d+">/g) ?? [];
    expect(blocks.length).toBeGreaterThan(0);
    expect(html.match(/<\/script/gi)).toHaveLength(2 + blocks.length);
    expect(html.match(/<script/gi)).toHaveLength(2 + blocks.length);
    expect(html).not.toContain('<!--');
    const data = embeddedData(html);
    expect({ trace: data.events, violations: data.violations }).toEqual({ trace: JSON.parse(JSON.stringify(s.events)), violations: s.violations });
  });

  it('escapes the title and allows only its own script by hash, and no network', () => {
    expect(html).toContain('<title>&#60;/title&#62;&#60;script&#62;alert(1)&#60;/script&#62; · sync-lab trace visualizer</title>');
    const script = html.slice(html.lastIndexOf('<script>') + '<script>'.length, html.lastIndexOf('</script>'));
    const hash = createHash('sha256').update(script).digest('base64');
    const csp = /http-equiv="Content-Security-Policy" content="([^"]*)"/.exec(html)![1]!;
    expect(csp).toContain(`script-src 'sha256-${hash}'`);
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("connect-src 'none'");
    const markup = html.replace(/(<script type="application\/json"[^>]*>)[^]*?<\/script>/g, '$1</script>');
    expect(markup).not.toMatch(/<(link|img|iframe)\b|\ssrc=|\shref=/i);
  });
});

describe('writeVizHtml', () => {
  it('writes one self-contained file atomically, embedding trace and violations', async () => {
    const s = scenarioTrace();
    const outPath = join(dir, 'nested', 'report.html');
    const result = await writeVizHtml({ trace: s.events, violations: s.violations, outPath, title: 'story' });
    expect(result.outPath).toBe(outPath);
    expect(readdirSync(join(dir, 'nested'))).toEqual(['report.html']);
    const html = readFileSync(outPath, 'utf8');
    expect(result.bytes).toBe(Buffer.byteLength(html));
    // The checkers' verdict rides along: which of them could judge this trace, and why not the rest.
    const data = embeddedData(html);
    expect({ trace: data.events, violations: data.violations, verdict: data.verdict }).toEqual({ trace: s.events, violations: s.violations, verdict: { judged: expect.any(Array), notJudged: expect.any(Array) } });
    expect(data.verdict!.judged.length + data.verdict!.notJudged.length).toBe(CHECKER_IDS.length);
    expect(html).toContain('data-source="story"');
    expect(html).toMatch(/<style>[^]*\.conflict-card[^]*<\/style>/);
  });

  it('bundles the app once and then reuses it (well under the 2 s budget)', async () => {
    await vizBundle();
    const started = process.hrtime.bigint();
    const again = await vizBundle();
    expect(again.cached).toBe(true);
    expect(Number(process.hrtime.bigint() - started) / 1e6).toBeLessThan(2000);
    expect(again.js).toContain('__syncLabViz');
    expect(again.js).not.toMatch(/<\/script/i);
  });

  it('refuses an empty trace and leaves no file behind', async () => {
    const outPath = join(dir, 'empty.html');
    await expect(writeVizHtml({ trace: [], outPath })).rejects.toThrow(/empty\.html: expected a non-empty trace/);
    expect(existsSync(outPath)).toBe(false);
  });

  it('bundles only the app and the trace contract (the folders its cache key hashes) besides node_modules', async () => {
    const result = await build({ entryPoints: [VIZ_ENTRY], bundle: true, write: false, metafile: true, format: 'iife', platform: 'browser', logLevel: 'silent' });
    const own = Object.keys(result.metafile.inputs).filter((f) => !f.startsWith('node_modules/'));
    const outside = own.filter((f) => !VIZ_BUNDLE_SOURCES.some((dir) => !relative(dir, f).startsWith('..')));
    expect(own.some((f) => f.startsWith('src/trace/'))).toBe(true);
    expect(outside).toEqual([]);
  });
});
