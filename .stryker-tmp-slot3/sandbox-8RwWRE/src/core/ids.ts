/**
 * Stable identifiers. Every id is derived from (deviceId, counter), never from randomness, so two
 * runs with the same seed name the same things the same way.
 */
// @ts-nocheck


export type DeviceId = string;
export type RecordId = string;
export type OpId = string;

const DEVICE_ID = /^[a-z][a-z0-9-]{0,31}$/;

export function assertDeviceId(id: string): DeviceId {
  if (!DEVICE_ID.test(id)) {
    throw new RangeError(`core/ids: device id must match ${DEVICE_ID}, got ${JSON.stringify(id)}`);
  }
  return id;
}

export function recordIdFor(deviceId: DeviceId, counter: number): RecordId {
  return `${deviceId}/r${counter}`;
}

export function opIdFor(deviceId: DeviceId, counter: number): OpId {
  return `${deviceId}/o${counter}`;
}

/** The device that minted an id (record or op). */
export function deviceOf(id: RecordId | OpId): DeviceId {
  const slash = id.indexOf('/');
  if (slash <= 0) throw new SyntaxError(`core/ids: not a device-scoped id: ${JSON.stringify(id)}`);
  return id.slice(0, slash);
}
