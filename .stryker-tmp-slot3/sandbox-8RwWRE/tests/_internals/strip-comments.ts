/** Source scanning shared by the guards (determinism, import boundaries): code without its comments and string contents. */
// @ts-nocheck


/**
 * Blanks comments and the text inside string literals, keeping newlines so line numbers stay right.
 * Template literal `${...}` expressions stay code, since they run.
 */
export function stripCommentsAndStrings(source: string): string {
  let out = '';
  let i = 0;
  const templateDepth: number[] = [];
  let braceDepth = 0;
  const blank = (s: string) => s.replace(/[^\n]/g, ' ');
  while (i < source.length) {
    const c = source[i] as string;
    const next = source[i + 1];
    if (c === '/' && next === '/') {
      const end = source.indexOf('\n', i);
      const stop = end === -1 ? source.length : end;
      out += blank(source.slice(i, stop));
      i = stop;
    } else if (c === '/' && next === '*') {
      const end = source.indexOf('*/', i + 2);
      const stop = end === -1 ? source.length : end + 2;
      out += blank(source.slice(i, stop));
      i = stop;
    } else if (c === '"' || c === "'" || c === '`' || (c === '}' && templateDepth.length > 0 && templateDepth[templateDepth.length - 1] === braceDepth)) {
      // A string literal, or the rest of a template literal after a `${...}` expression.
      const quote = c === '}' ? '`' : c;
      if (c === '}') templateDepth.pop();
      out += c;
      i++;
      while (i < source.length) {
        const d = source[i] as string;
        if (d === '\\') {
          out += blank(source.slice(i, i + 2));
          i += 2;
        } else if (d === quote) {
          out += d;
          i++;
          break;
        } else if (quote === '`' && d === '$' && source[i + 1] === '{') {
          out += '${';
          i += 2;
          templateDepth.push(braceDepth);
          break;
        } else if (d === '\n' && quote !== '`') {
          break;
        } else {
          out += d === '\n' ? '\n' : ' ';
          i++;
        }
      }
    } else {
      if (c === '{') braceDepth++;
      if (c === '}') braceDepth--;
      out += c;
      i++;
    }
  }
  return out;
}
