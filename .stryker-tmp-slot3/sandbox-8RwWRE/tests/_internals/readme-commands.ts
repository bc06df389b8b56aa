/**
 * The shell commands of the README's fenced code blocks (`sh`, `bash`, `shell` or none): every
 * `npx sync-lab …` and `npm run …` line, except `npm test`, `npm start` and `npm install`, which are
 * the suite itself, the long lab run and the network, and blocks fenced `sh walkthrough`: the "Bring
 * your own engine" walkthrough runs those in its own package (tests/scripts/_internals/walkthrough.ts). The exit code a line should end with is 0
 * unless the line's comment says otherwise (`# exit 1: …`), so the README states it where a reader
 * sees it.
 */
// @ts-nocheck

export interface ReadmeCommand {
  /** 1-based line in the README. */
  line: number;
  /** The command as written, without its trailing comment. */
  command: string;
  expectedExit: number;
}

const SHELL_FENCE = /^```(sh|bash|shell|console)?\s*$/;
const RUNNABLE = /^(npx sync-lab|npm run)\b/;
const EXCLUDED = /^npm (test|start|install|ci)\b/;

export function readmeCommands(markdown: string): ReadmeCommand[] {
  const commands: ReadmeCommand[] = [];
  let inShellBlock = false;
  let inOtherBlock = false;
  markdown.split('\n').forEach((text, index) => {
    const trimmed = text.trim();
    if (trimmed.startsWith('```')) {
      if (inShellBlock || inOtherBlock) {
        inShellBlock = inOtherBlock = false;
      } else if (SHELL_FENCE.test(trimmed)) {
        inShellBlock = true;
      } else {
        inOtherBlock = true;
      }
      return;
    }
    if (!inShellBlock) return;
    const hash = trimmed.search(/\s#\s/);
    const command = (hash === -1 ? trimmed : trimmed.slice(0, hash)).trim();
    const comment = hash === -1 ? '' : trimmed.slice(hash);
    if (!RUNNABLE.test(command) || EXCLUDED.test(command)) return;
    const exit = /#\s*exit (\d)\b/.exec(comment);
    commands.push({ line: index + 1, command, expectedExit: exit ? Number(exit[1]) : 0 });
  });
  return commands;
}
