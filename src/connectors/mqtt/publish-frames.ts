// MQTT frames as they come off the wire, read where they lie in a buffer (no copy): where each frame ends, and the
// topic and payload of a QoS 0 PUBLISH. Everything else about a packet is mqtt.js's (mqtt-packet's parser); this only
// tells the plain QoS 0 PUBLISH, the packet a subscriber receives by the thousand, from the rest (MQTT 3.1.1 §2.2 and
// §3.3, MQTT 5 §2.2 and §3.3).

/** `frameEnd`'s answer when the remaining length takes more than four bytes: the stream is not MQTT any more. */
export const MALFORMED = -2

/** `frameEnd`'s answer when the fixed header is not all in the buffer yet. */
export const INCOMPLETE = -1

/** Where the frame that starts at `pos` ends (one past its last byte, which may lie beyond the buffer); see above. */
export function frameEnd(buf: Uint8Array, pos: number): number {
  let length = 0
  let multiplier = 1
  let i = pos + 1
  for (let k = 0; k < 4; k++) {
    if (i >= buf.length) return INCOMPLETE
    const b = buf[i++]!
    length += (b & 0x7f) * multiplier
    if ((b & 0x80) === 0) return i + length
    multiplier *= 128
  }
  return MALFORMED
}

/** A QoS 0 PUBLISH read by `readQos0Publish` (reused from call to call). */
export interface Qos0Publish {
  topic: string
  payload: Buffer
}

/**
 * Reads the frame `buf[pos, end)` into `out` when it is a QoS 0 PUBLISH a subscriber can take as it is: no DUP flag
 * (a protocol error at QoS 0 that mqtt.js reports), a topic name (an empty one is an MQTT 5 topic alias) and, in
 * MQTT 5, no properties (aliases, user properties: mqtt.js's). Returns false for any other frame. The payload is a view
 * of `buf`.
 */
export function readQos0Publish(buf: Buffer, pos: number, end: number, mqtt5: boolean, out: Qos0Publish): boolean {
  // Type 3 (PUBLISH), DUP 0, QoS 0; RETAIN either.
  if ((buf[pos]! & 0xfe) !== 0x30) return false
  let body = pos + 1
  while ((buf[body++]! & 0x80) !== 0);
  if (body + 2 > end) return false
  const topicLength = (buf[body]! << 8) | buf[body + 1]!
  const topicEnd = body + 2 + topicLength
  if (topicLength === 0 || topicEnd > end) return false
  let payloadStart = topicEnd
  if (mqtt5) {
    if (topicEnd >= end || buf[topicEnd] !== 0) return false
    payloadStart++
  }
  out.topic = buf.toString('utf8', body + 2, topicEnd)
  out.payload = buf.subarray(payloadStart, end)
  return true
}
