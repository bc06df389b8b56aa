/**
 * Validators of the two CI formats, written from their specifications (no parser shared with the
 * writers): a strict XML 1.0 reader (elements, attributes, entities, the declaration) plus the
 * JUnit schema's shape (the common Jenkins/Ant junit.xsd: testsuites > testsuite > testcase >
 * failure|error|skipped, with the counting attributes), and the Chrome trace event format's JSON
 * object form as the Perfetto UI reads it.
 */
// @ts-nocheck

export interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  text: string;
}

const ENTITY: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decode(text: string, where: string): string {
  return text.replace(/&([^;]*);/g, (_m, name: string) => {
    if (/^#x[0-9a-fA-F]+$/.test(name)) return String.fromCodePoint(parseInt(name.slice(2), 16));
    if (/^#\d+$/.test(name)) return String.fromCodePoint(Number(name.slice(1)));
    const value = ENTITY[name];
    if (value === undefined) throw new Error(`${where}: unknown entity &${name};`);
    return value;
  });
}

/** Parses a whole XML document; throws on anything not well-formed. */
export function parseXml(doc: string): XmlElement {
  if (/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/.test(doc)) throw new Error('a character XML 1.0 does not allow');
  let rest = doc.replace(/^<\?xml version="1\.0" encoding="UTF-8"\?>\s*/, (m) => (m ? '' : m));
  if (rest === doc) throw new Error('missing <?xml version="1.0" encoding="UTF-8"?>');
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  const tag = /^<(\/?)([A-Za-z_][\w.-]*)((?:\s+[A-Za-z_][\w.-]*="[^"<]*")*)\s*(\/?)>/;
  while (rest.length > 0) {
    if (rest.startsWith('<')) {
      const m = tag.exec(rest);
      if (!m) throw new Error(`malformed tag at ${JSON.stringify(rest.slice(0, 40))}`);
      const [whole, closing, name, attrText, selfClosing] = m as unknown as [string, string, string, string, string];
      rest = rest.slice(whole.length);
      if (closing) {
        const open = stack.pop();
        if (open?.name !== name) throw new Error(`</${name}> closes <${open?.name}>`);
        if (stack.length === 0) root = open;
        continue;
      }
      const attrs: Record<string, string> = {};
      for (const a of attrText.matchAll(/([A-Za-z_][\w.-]*)="([^"]*)"/g)) {
        if (a[1]! in attrs) throw new Error(`attribute ${a[1]} twice on <${name}>`);
        attrs[a[1]!] = decode(a[2]!, `<${name} ${a[1]}>`);
      }
      const element: XmlElement = { name, attrs, children: [], text: '' };
      if (stack.length === 0 && root !== undefined) throw new Error('more than one root element');
      stack.at(-1)?.children.push(element);
      if (selfClosing) {
        if (stack.length === 0) root = element;
      } else stack.push(element);
    } else {
      const end = rest.indexOf('<');
      const text = end < 0 ? rest : rest.slice(0, end);
      if (stack.length === 0 && text.trim() !== '') throw new Error('text outside the root element');
      if (/[<>]/.test(text.replace(/&[^;]*;/g, ''))) throw new Error('unescaped markup in text');
      if (stack.length > 0) stack.at(-1)!.text += decode(text, `<${stack.at(-1)!.name}> text`);
      rest = end < 0 ? '' : rest.slice(end);
    }
  }
  if (stack.length > 0 || !root) throw new Error(`unclosed <${stack.at(-1)?.name ?? 'root'}>`);
  return root;
}

const isCount = (v: string | undefined) => v !== undefined && /^\d+$/.test(v);
const isSeconds = (v: string | undefined) => v !== undefined && /^\d+(\.\d+)?$/.test(v);

/** Every problem with the JUnit shape (empty: valid). */
export function junitProblems(doc: string): string[] {
  const problems: string[] = [];
  let root: XmlElement;
  try {
    root = parseXml(doc);
  } catch (error) {
    return [`not well-formed XML: ${(error as Error).message}`];
  }
  if (root.name !== 'testsuites') return [`root is <${root.name}>, expected <testsuites>`];
  let total = 0;
  for (const suite of root.children) {
    if (suite.name !== 'testsuite') problems.push(`<testsuites> holds <${suite.name}>`);
    for (const a of ['tests', 'failures', 'errors', 'skipped']) if (!isCount(suite.attrs[a])) problems.push(`testsuite ${suite.attrs['name']}: ${a}=${suite.attrs[a]}`);
    if (!suite.attrs['name'] || !isSeconds(suite.attrs['time'])) problems.push('testsuite without name or time');
    const cases = suite.children;
    const failures = cases.filter((c) => c.children.some((x) => x.name === 'failure')).length;
    const skipped = cases.filter((c) => c.children.some((x) => x.name === 'skipped')).length;
    if (Number(suite.attrs['tests']) !== cases.length) problems.push(`testsuite ${suite.attrs['name']}: tests=${suite.attrs['tests']} but ${cases.length} testcases`);
    if (Number(suite.attrs['failures']) !== failures) problems.push(`testsuite ${suite.attrs['name']}: failures=${suite.attrs['failures']} but ${failures} failing`);
    if (Number(suite.attrs['skipped']) !== skipped) problems.push(`testsuite ${suite.attrs['name']}: skipped=${suite.attrs['skipped']} but ${skipped} skipped`);
    total += cases.length;
    for (const c of cases) {
      if (c.name !== 'testcase') problems.push(`<testsuite> holds <${c.name}>`);
      if (!c.attrs['name'] || !c.attrs['classname'] || !isSeconds(c.attrs['time'])) problems.push(`testcase ${JSON.stringify(c.attrs)} lacks name, classname or time`);
      if (c.children.length > 1) problems.push(`testcase ${c.attrs['name']} has ${c.children.length} results`);
      for (const r of c.children) {
        if (!['failure', 'error', 'skipped'].includes(r.name)) problems.push(`testcase ${c.attrs['name']} holds <${r.name}>`);
        if (r.name !== 'skipped' && r.attrs['message'] === undefined) problems.push(`<${r.name}> of ${c.attrs['name']} has no message`);
      }
    }
  }
  if (Number(root.attrs['tests']) !== total) problems.push(`testsuites tests=${root.attrs['tests']} but ${total} testcases`);
  return problems;
}

/** Every problem with a Chrome trace event format (JSON object form) document (empty: valid). */
export function chromeTraceProblems(text: string): string[] {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (error) {
    return [`not JSON: ${(error as Error).message}`];
  }
  const events = (doc as { traceEvents?: unknown }).traceEvents;
  if (!Array.isArray(events)) return ['no traceEvents array'];
  const problems: string[] = [];
  const unit = (doc as { displayTimeUnit?: unknown }).displayTimeUnit;
  if (unit !== undefined && unit !== 'ms' && unit !== 'ns') problems.push(`displayTimeUnit ${String(unit)}`);
  const flowStarts = new Map<string, number>();
  const flowEnds = new Map<string, number>();
  const slices = new Map<string, { ts: number; dur: number }[]>();
  for (const [i, e] of (events as Record<string, unknown>[]).entries()) {
    const at = `traceEvents[${i}]`;
    if (typeof e['name'] !== 'string' || typeof e['ph'] !== 'string') problems.push(`${at}: name and ph must be strings`);
    if (!Number.isInteger(e['pid']) || !Number.isInteger(e['tid'])) problems.push(`${at}: pid and tid must be integers`);
    if (e['ph'] !== 'M' && (typeof e['ts'] !== 'number' || (e['ts'] as number) < 0)) problems.push(`${at}: ts must be a non-negative number`);
    switch (e['ph']) {
      case 'M':
        if (!['process_name', 'thread_name', 'process_sort_index', 'thread_sort_index'].includes(e['name'] as string)) problems.push(`${at}: unknown metadata ${String(e['name'])}`);
        if (typeof e['args'] !== 'object' || e['args'] === null) problems.push(`${at}: metadata without args`);
        break;
      case 'X': {
        if (typeof e['dur'] !== 'number' || (e['dur'] as number) < 0) problems.push(`${at}: complete event without a non-negative dur`);
        const key = `${e['pid']}/${e['tid']}`;
        slices.set(key, [...(slices.get(key) ?? []), { ts: e['ts'] as number, dur: e['dur'] as number }]);
        break;
      }
      case 'i':
        if (!['g', 'p', 't'].includes(e['s'] as string)) problems.push(`${at}: instant scope ${String(e['s'])}`);
        break;
      case 'C':
        if (typeof e['args'] !== 'object' || e['args'] === null || !Object.values(e['args'] as object).every((v) => typeof v === 'number')) problems.push(`${at}: counter args must be numbers`);
        break;
      case 's':
      case 'f': {
        if (typeof e['id'] !== 'string' && typeof e['id'] !== 'number') problems.push(`${at}: flow without id`);
        const map = e['ph'] === 's' ? flowStarts : flowEnds;
        if (map.has(String(e['id']))) problems.push(`${at}: flow id ${String(e['id'])} ${e['ph']} twice`);
        map.set(String(e['id']), e['ts'] as number);
        // A flow binds to the slice enclosing it on its thread: Perfetto drops a flow with none.
        const enclosing = (slices.get(`${e['pid']}/${e['tid']}`) ?? []).some((s) => s.ts <= (e['ts'] as number) && (e['ts'] as number) <= s.ts + s.dur);
        if (!enclosing) problems.push(`${at}: flow ${e['ph']} has no enclosing slice on its thread`);
        break;
      }
      default:
        problems.push(`${at}: phase ${String(e['ph'])} not written by sync-lab`);
    }
  }
  for (const [id, ts] of flowEnds) {
    const start = flowStarts.get(id);
    if (start === undefined) problems.push(`flow ${id} ends without a start`);
    else if (start > ts) problems.push(`flow ${id} ends before it starts`);
  }
  // Slices on one thread must nest or be disjoint (Perfetto would drop an overlapping one).
  for (const [key, list] of slices) {
    const sorted = [...list].sort((a, b) => a.ts - b.ts || b.dur - a.dur);
    const open: { end: number }[] = [];
    for (const s of sorted) {
      while (open.length > 0 && open.at(-1)!.end <= s.ts) open.pop();
      if (open.length > 0 && s.ts + s.dur > open.at(-1)!.end) problems.push(`thread ${key}: slice at ${s.ts} overlaps its parent`);
      open.push({ end: s.ts + s.dur });
    }
  }
  return problems;
}
