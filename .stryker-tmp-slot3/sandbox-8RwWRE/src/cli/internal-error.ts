/**
 * What exit 3 prints. Exit 3 means a bug in sync-lab itself (bad input is exit 2), so the message says
 * so in its first line, says where to report it, and gives the stack the report needs.
 */
// @ts-nocheck

export const INTERNAL_ERROR_HEADLINE =
  'sync-lab: internal error (a bug in sync-lab, not in your input): please open an issue in the sync-lab repository with this output and the command you ran';

export function internalErrorReport(error: unknown): string {
  const detail = error instanceof Error ? (error.stack ?? `${error.name}: ${error.message}`) : `thrown value: ${String(error)}`;
  return `${INTERNAL_ERROR_HEADLINE}\n${detail}\n`;
}
