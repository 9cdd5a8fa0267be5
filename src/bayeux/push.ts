/**
 * Server push: a transport that can send a frame of messages at any time, not only as the answer
 * to a held /meta/connect. The WebSocket transport is one (CometD 3 servers deliver on WebSocket
 * this way); long-polling is not, since an HTTP response can only answer a request.
 *
 * The delivery of a pushed message is not acknowledged (CometD's ack extension counts batches on
 * /meta/connect replies only), so a session using the ack extension never pushes: see
 * `Session.usePush`.
 */

export interface Push {
  /** False once the transport has closed; the session's messages then wait for a /meta/connect. */
  readonly open: boolean;
  /**
   * Sends one frame, a JSON array of messages, as text. Returns false, having sent nothing, when the
   * peer is a slow consumer: more than the transport's limit is still buffered, unsent.
   */
  send(frame: Buffer): boolean;
}

/**
 * Builds push frames for one flush of the hub. Sessions that receive the same messages in a flush
 * (a fan-out: the hub queues the very same strings for each of them) get the very same frame,
 * encoded once: a notification to 1,000 sockets then costs one JSON serialisation (hub.ts) and one
 * UTF-8 encoding, and `ws` writes the shared buffer to each socket.
 */
const maxVariants = 4;

export class FrameEncoder {
  /** Frames built in this flush, by their first message. */
  private readonly built = new Map<
    string,
    { readonly messages: readonly string[]; readonly frame: Buffer }[]
  >();

  frame(messages: readonly string[]): Buffer {
    const first = messages[0] ?? '';
    let sameStart = this.built.get(first);
    const found = sameStart?.find((built) => sameMessages(built.messages, messages));
    if (found !== undefined) return found.frame;
    const frame = Buffer.from('[' + messages.join(',') + ']');
    if (sameStart === undefined) {
      sameStart = [];
      this.built.set(first, sameStart);
    }
    // Bounded, so that sessions with many different queues cannot make a flush quadratic.
    if (sameStart.length < maxVariants) sameStart.push({ messages, frame });
    return frame;
  }
}

function sameMessages(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let index = 0; index < a.length; index += 1) if (a[index] !== b[index]) return false;
  return true;
}
