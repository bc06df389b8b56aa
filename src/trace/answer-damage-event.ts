// The `answer-damage` trace event, apart from events.ts (which lists it among TraceEvent) to keep that file within its size floor.
/**
 * One op of a pull answer damaged in transit (damagedPulledOpPercent; src/sim/answer-damage*.ts): the
 * copy of the answer that reaches the device carries op `opId` with its ciphertext changed, so the
 * AEAD cannot open it. Transient: the server's stored op is untouched, so a later pull brings it
 * intact. Recorded right before the copy's `msg-deliver`.
 */
export interface AnswerDamageEvent {
  i: number;
  t: number;
  kind: 'answer-damage';
  device: string;
  /** The answer's message (copy) id, as its `msg-deliver` names it, and the pull it answers. */
  msgId: string;
  requestId: string;
  /** The damaged op, its record and its position in the account log. */
  opId: string;
  recordId: string;
  seq: number;
  /** `byte-changed`: one base64 character of the payload replaced (a byte of nonce or ciphertext differs); `truncated`: the ciphertext cut short (the tag is gone). */
  damage: 'byte-changed' | 'truncated';
}
