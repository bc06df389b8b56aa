/**
 * The connectivity modes of a device (spec: offline / intermittent / online), declared once. The
 * trace, the reconciler interface, the models, the schedule schema and the parity matrix all derive
 * their types and enums from this list, so a new mode cannot be half-added.
 */
// @ts-nocheck

export const CONNECTIVITY_MODES = ['offline', 'intermittent', 'online'] as const;

export type ConnectivityMode = (typeof CONNECTIVITY_MODES)[number];
