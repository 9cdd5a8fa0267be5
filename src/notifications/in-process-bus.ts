/**
 * The bus of a single node: an announcement reaches this process's listeners synchronously,
 * while `publish` is called, through the same sequencer as on a shared bus. Nothing is shared,
 * so nothing needs an outbox: a node that dies takes every session it could have told with it.
 */
import type { Announcement, Bus, Delivery, DeliveryListener, Signal, SignalListener } from './bus.js';
import { Listeners } from './listeners.js';
import type { SequencerOptions } from './sequencer.js';
import { Sequencer } from './sequencer.js';

export class InProcessBus implements Bus {
  readonly shared = false;
  readonly connected = true;
  private readonly deliveries: Listeners<Delivery>;
  private readonly signals: Listeners<Signal>;
  private readonly sequencer: Sequencer;

  constructor(onListenerError: (error: unknown) => void = () => {}, sequencing: SequencerOptions = {}) {
    this.deliveries = new Listeners(onListenerError);
    this.signals = new Listeners(onListenerError);
    this.sequencer = new Sequencer((a) => {
      for (const delivery of a.deliveries) this.deliveries.emit(delivery);
    }, sequencing);
  }

  publish(announcement: Announcement): Promise<void> {
    this.sequencer.accept(announcement);
    return Promise.resolve();
  }

  subscribe(listener: DeliveryListener): () => void {
    return this.deliveries.add(listener);
  }

  signal(signal: Signal): Promise<void> {
    this.signals.emit(signal);
    return Promise.resolve();
  }

  onSignal(listener: SignalListener): () => void {
    return this.signals.add(listener);
  }

  onLost(): () => void {
    return () => {};
  }

  async close(): Promise<void> {
    this.sequencer.close();
    this.deliveries.clear();
    this.signals.clear();
  }
}
