/**
 * The one CometD wrapper (spec §5.1): the official `cometd` client on this page's origin,
 * WebSocket first and long-polling when WebSockets are refused, the `ack` extension for
 * redelivery over a dropped connection. The session cookie authenticates the handshake.
 *
 * After every successful handshake — the first and each re-handshake the server asks for — the
 * channels are subscribed again and `onReady` runs, so a screen rebuilds what it shows from the
 * GETs (README "Notifications"): notifications are never the only copy of a screen's state.
 */
import { AckExtension, CometD, type Message } from 'cometd';

export type Connection = 'connecting' | 'connected' | 'disconnected';

export interface NotificationsOptions {
  /** Channel → handler of each message's `data`. */
  readonly channels: Readonly<Record<string, (data: Record<string, unknown>) => void>>;
  /** After each handshake, once the channels are subscribed: rebuild from the GETs. */
  readonly onReady: () => void;
  readonly onConnection?: (connection: Connection) => void;
  /** Where the server is; this page's origin by default. */
  readonly base?: string;
}

export class Notifications {
  private readonly cometd = new CometD();
  private stopped = false;

  constructor(private readonly options: NotificationsOptions) {
    const base = options.base ?? location.origin;
    this.cometd.registerExtension('ack', new AckExtension());
    this.cometd.configure({ url: `${base}/api/v2/notifications`, logLevel: 'warn' });
    this.cometd.addListener('/meta/handshake', (message: Message) => {
      if (!message.successful) return;
      this.subscribeAll();
    });
    this.cometd.addListener('/meta/connect', (message: Message) => {
      if (this.stopped) return;
      options.onConnection?.(message.successful ? 'connected' : 'disconnected');
    });
  }

  start(): void {
    this.options.onConnection?.('connecting');
    this.cometd.handshake();
  }

  stop(): Promise<void> {
    this.stopped = true;
    return new Promise((resolve) => this.cometd.disconnect(() => resolve()));
  }

  /** The transport in use ('websocket' or 'long-polling'), for the screen's status line. */
  transport(): string {
    return this.cometd.getTransport()?.type ?? 'none';
  }

  private subscribeAll(): void {
    const channels = Object.entries(this.options.channels);
    let pending = channels.length;
    this.cometd.batch(() => {
      for (const [channel, handler] of channels) {
        this.cometd.subscribe(
          channel,
          (message: Message) => handler((message.data ?? {}) as Record<string, unknown>),
          () => {
            pending -= 1;
            if (pending === 0) this.options.onReady();
          },
        );
      }
    });
  }
}
