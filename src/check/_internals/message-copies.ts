/**
 * Message copies in the trace: the simulator sends a message once (`msg-send`, its `msgId`) and names
 * each extra copy of a duplicated one `<msgId>.<n>` (`msg-duplicate`'s `copyId`); deliveries and drops
 * name the copy. Knows only the trace format.
 */

/** The id of the message as sent that a delivered or dropped copy (`msgId` of `msg-deliver`/`msg-drop`) belongs to. */
export function sentMsgId(copyId: string): string {
  return copyId.split('.')[0]!;
}
