/**
 * Multi-pattern string search (Aho–Corasick) for the content-exposure checker: every sensitive
 * string of a run is looked for in a text in one pass, in time linear in the text's length (at most
 * two automaton steps per character, counted in `steps`), however many patterns there are and however
 * long they are. The regular expression this replaces overflowed once one field passed ~60,000 chars.
 *
 * Why not a package: the ones on npm keep one object and one Map per trie node; a 20 MB note is
 * 20 million nodes (more entries than a Map may hold). Here the trie lives in typed arrays, a few
 * bytes per pattern character: node n's first child is n + 1 (patterns are inserted as chains), and
 * the few other branches are in one Map. Characters are UTF-16 code units, as in JavaScript strings.
 * The root's children sit in a 128-entry table for ASCII (what messages mostly are: JSON, base64,
 * ids) and a Map for the rest: a run builds one automaton for its secrets, and a table over every
 * code unit (256 KB to allocate, 65,536 entries to walk when linking) cost more than most scans.
 *
 * Semantics are those of a regex alternation of the patterns, longest first: the match that starts
 * leftmost, and of those the longest.
 */
// @ts-nocheck


export interface PatternMatch {
  /** Index of the pattern in the list given to the constructor. */
  pattern: number;
  /** Where the match starts in the text (UTF-16 code units). */
  index: number;
}

const ROOT = 0;
const NONE = -1;
const ALPHABET = 0x10000;
/** Root children below this code unit are in a table, the others in a Map. */
const TABLE = 128;

export class MultiPatternSearch {
  /** Automaton steps taken by every search so far: at most two per character scanned. */
  steps = 0;
  private readonly patterns: readonly string[];
  /** Child of the root by ASCII character (0: none, the root loops to itself). */
  private readonly rootTable = new Int32Array(TABLE);
  /** Child of the root by any other character (absent: none). */
  private readonly rootOther = new Map<number, number>();
  /** Every child of the root, in insertion order (the first level of the breadth-first linking). */
  private readonly rootChildren: number[] = [];
  /** The character leading from node n to node n + 1, or NONE. */
  private readonly chainChar: Int32Array;
  /** Every other edge: key parent * ALPHABET + character → child. */
  private readonly branches = new Map<number, number>();
  /** 1 where node n has an edge in `branches`: most nodes have none, and a Map lookup costs far more than this. */
  private readonly branching: Uint8Array;
  private readonly fail: Int32Array;
  /** The node ending the longest pattern that is a suffix of node n's string, or NONE. */
  private readonly output: Int32Array;
  /** Pattern index by the node where it ends. */
  private readonly ends = new Map<number, number>();
  private readonly longest: number;

  constructor(patterns: readonly string[]) {
    this.patterns = patterns;
    let capacity = 1;
    let longest = 0;
    for (const p of patterns) {
      if (p.length === 0) throw new RangeError('check/aho-corasick: an empty pattern matches everywhere; expected non-empty patterns');
      capacity += p.length;
      longest = Math.max(longest, p.length);
    }
    this.longest = longest;
    this.chainChar = new Int32Array(capacity).fill(NONE);
    this.branching = new Uint8Array(capacity);
    this.fail = new Int32Array(capacity);
    this.output = new Int32Array(capacity).fill(NONE);
    let size = 1;
    patterns.forEach((pattern, index) => {
      let node = ROOT;
      let fresh = false;
      for (let i = 0; i < pattern.length; i++) {
        const c = pattern.charCodeAt(i);
        // Below a node this pattern created there is nothing yet to look up.
        let next = fresh ? NONE : this.child(node, c);
        if (next === NONE) {
          fresh = true;
          next = size++;
          if (node === ROOT) {
            if (c < TABLE) this.rootTable[c] = next;
            else this.rootOther.set(c, next);
            this.rootChildren.push(next);
          }
          else if (next === node + 1 && this.chainChar[node] === NONE) this.chainChar[node] = c;
          else {
            this.branches.set(node * ALPHABET + c, next);
            this.branching[node] = 1;
          }
        }
        node = next;
      }
      if (!this.ends.has(node)) this.ends.set(node, index);
      // Every pattern's end is its own output; link() adds the outputs reached through failure links.
      this.output[node] = node;
    });
    this.link(size);
  }

  /** The leftmost match in `text` (the longest there), or undefined. */
  findFirst(text: string): PatternMatch | undefined {
    let state = ROOT;
    let bestStart = -1;
    let bestLength = 0;
    let bestNode = NONE;
    let steps = 0;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      steps++;
      let next = state === ROOT ? this.rootChild(c) : this.child(state, c);
      while (next === NONE) {
        steps++;
        state = this.fail[state]!;
        next = state === ROOT ? this.rootChild(c) : this.child(state, c);
      }
      state = next;
      const found = this.output[state]!;
      if (found !== NONE) {
        const length = this.patterns[this.ends.get(found)!]!.length;
        const start = i - length + 1;
        if (bestNode === NONE || start < bestStart || (start === bestStart && length > bestLength)) {
          bestStart = start;
          bestLength = length;
          bestNode = found;
        }
      }
      // Nothing that starts before bestStart can still end later than this.
      if (bestNode !== NONE && i >= bestStart + this.longest - 1) break;
    }
    this.steps += steps;
    return bestNode === NONE ? undefined : { pattern: this.ends.get(bestNode)!, index: bestStart };
  }

  /** The root's child by `c`, or the root itself (0) when it has none: the root never fails. */
  private rootChild(c: number): number {
    return c < TABLE ? this.rootTable[c]! : (this.rootOther.get(c) ?? ROOT);
  }

  private child(node: number, c: number): number {
    if (node === ROOT) return this.rootChild(c) || NONE;
    if (this.chainChar[node] === c) return node + 1;
    if (this.branching[node] === 0) return NONE;
    return this.branches.get(node * ALPHABET + c) ?? NONE;
  }

  /** Failure and output links, breadth first (a node's links need those of shallower nodes). */
  private link(size: number): void {
    const branchesOf = new Map<number, [number, number][]>();
    for (const [key, child] of this.branches) {
      const parent = Math.floor(key / ALPHABET);
      let list = branchesOf.get(parent);
      if (!list) branchesOf.set(parent, (list = []));
      list.push([key - parent * ALPHABET, child]);
    }
    const queue = new Int32Array(size);
    let head = 0;
    let tail = 0;
    for (const child of this.rootChildren) {
      this.fail[child] = ROOT;
      queue[tail++] = child;
    }
    const visit = (parent: number, c: number, child: number): void => {
      let f = this.fail[parent]!;
      let target = f === ROOT ? this.rootChild(c) : this.child(f, c);
      while (target === NONE) {
        f = this.fail[f]!;
        target = f === ROOT ? this.rootChild(c) : this.child(f, c);
      }
      this.fail[child] = target;
      if (this.output[child] === NONE) this.output[child] = this.output[target]!;
      queue[tail++] = child;
    };
    while (head < tail) {
      const node = queue[head++]!;
      const c = this.chainChar[node]!;
      if (c !== NONE) visit(node, c, node + 1);
      if (this.branching[node] === 1) for (const [branchChar, child] of branchesOf.get(node)!) visit(node, branchChar, child);
    }
  }
}
