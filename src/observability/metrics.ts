/**
 * Parley's Prometheus metrics, in a registry of their own (no module state: two apps in one
 * process, as in tests, count apart). Served by metrics-server.ts on a listener of its own.
 *
 * Counters and the process metrics (prom-client's defaults: CPU, memory, GC, event-loop delay)
 * are this node's: with several nodes, scrape each and sum. The chat and queue gauges are read
 * from the store at scrape time (store-gauges.ts, one query per gauge) and so are the whole
 * deployment's: every node reports the same values (take max(), not sum()).
 *
 * Hot paths stay cheap: request series are labelled by route pattern, never by URL, and their
 * label children are looked up once per (method, route, status); the per-notification count is
 * a plain increment folded into its counter at scrape time.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { ChatMetrics, DropReason, HubMetrics, RoutingMetrics, SessionCounts } from './hooks.js';
import { invitationChanges } from './invitations.js';
import type { StoreGauges } from './store-gauges.js';

export interface MetricsOptions {
  /** The store's scrape-time gauges; without them the chat and queue gauges are left out. */
  readonly gauges?: StoreGauges;
  readonly now?: () => number;
  /** A store gauge could not be read (the store is away): its series are left out of that scrape. */
  readonly onError?: (error: unknown) => void;
  /** prom-client's process metrics (event-loop delay among them). Default true. */
  readonly processMetrics?: boolean;
}

/** The route label of a request no route matched (a 404): one series, whatever the URL. */
export const UNMATCHED_ROUTE = '(unmatched)';
const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);
const PHASES = ['Queued', 'Offered', 'Active'] as const;
/** Seconds; a held /meta/connect takes up to 30 s (bayeux/server.ts), hence the top buckets. */
const DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

interface Inc {
  inc(): void;
}
interface Observe {
  observe(value: number): void;
}

export class Metrics {
  readonly registry = new Registry();
  /** For the chat engine (chats/engine.ts). */
  readonly chats: ChatMetrics;
  /** For the routing engine (routing/router.ts). */
  readonly routing: RoutingMetrics;
  /** For the Bayeux hub (bayeux/hub.ts), through watchHub. */
  readonly hub: HubMetrics;
  private readonly requests: Counter<'method' | 'route' | 'status'>;
  private readonly durations: Histogram<'method' | 'route'>;
  private readonly requestSeries = new Map<string, Inc>();
  private readonly durationSeries = new Map<string, Observe>();
  private sessions: (() => SessionCounts) | undefined;
  private inFlight: (() => number) | undefined;
  private delivered = 0;

  constructor(private readonly options: MetricsOptions = {}) {
    const registers = [this.registry];
    if (options.processMetrics ?? true) collectDefaultMetrics({ register: this.registry });
    this.requests = new Counter({
      name: 'parley_http_requests_total',
      help: 'HTTP requests answered by this node, by method, route pattern and status',
      labelNames: ['method', 'route', 'status'],
      registers,
    });
    this.durations = new Histogram({
      name: 'parley_http_request_duration_seconds',
      help: 'Time this node took to answer an HTTP request, by method and route pattern (held CometD connects included)',
      labelNames: ['method', 'route'],
      buckets: DURATION_BUCKETS,
      registers,
    });
    const inFlight: Gauge = new Gauge({
      name: 'parley_http_requests_in_flight',
      help: 'HTTP requests this node is answering now',
      registers,
      collect: () => {
        inFlight.set(this.inFlight?.() ?? 0);
      },
    });
    this.chats = this.chatCounters();
    this.routing = this.routingCounters();
    this.hub = this.hubCounters();
    if (options.gauges) this.storeGauges(options.gauges);
  }

  /** One answered request; `route` is the route's pattern (undefined: no route matched). */
  observeRequest(method: string, route: string | undefined, status: number, seconds: number): void {
    const m = METHODS.has(method) ? method : 'OTHER';
    const r = route ?? UNMATCHED_ROUTE;
    const key = `${m} ${r}`;
    const statusKey = `${key} ${status}`;
    let count = this.requestSeries.get(statusKey);
    if (count === undefined) {
      count = this.requests.labels(m, r, String(status));
      this.requestSeries.set(statusKey, count);
    }
    count.inc();
    let duration = this.durationSeries.get(key);
    if (duration === undefined) {
      duration = this.durations.labels(m, r);
      this.durationSeries.set(key, duration);
    }
    duration.observe(seconds);
  }

  /** Counts what `hub` delivers and drops, and reports its sessions by transport at scrape time. */
  watchHub(hub: { metrics: HubMetrics | undefined; transports(): SessionCounts }): void {
    hub.metrics = this.hub;
    this.sessions = () => hub.transports();
  }

  /** Reports `count()` as the requests in flight at scrape time. */
  watchInFlight(count: () => number): void {
    this.inFlight = count;
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  /** The exposition text of every metric (runs the scrape-time queries). */
  text(): Promise<string> {
    return this.registry.metrics();
  }

  private counter<L extends string = never>(name: string, help: string, labelNames: L[] = []): Counter<L> {
    return new Counter({ name, help, labelNames, registers: [this.registry] });
  }

  private chatCounters(): ChatMetrics {
    const offers = this.counter(
      'parley_offers_total',
      'Invitations into a chat committed by this node (routing offers, transfers, conferences, consultations, intrusions), by how the party came in',
      ['via'],
    );
    const outcomes = this.outcomes;
    const conflicts = this.conflicts;
    const retries = this.counter(
      'parley_store_retries_total',
      'Chat commands this node ran again after a conflict',
    );
    const contended = this.counter(
      'parley_store_contended_total',
      'Chat commands that gave up after conflicting on every attempt (statusCode 19)',
    );
    return {
      committed: (before, changed) => {
        if (changed.length === 0) return;
        for (const { event, via } of invitationChanges(before, changed)) {
          if (event === 'offered') offers.inc({ via });
          else outcomes.inc({ outcome: event, via });
        }
      },
      conflicted: (kind, retried) => {
        conflicts.inc({ kind });
        (retried ? retries : contended).inc();
      },
    };
  }

  private readonly outcomes = this.counter(
    'parley_offer_outcomes_total',
    'Invitations answered (accepted, rejected: committed by this node) or expired (timed_out: withdrawn by its sweep), by how the party came in',
    ['outcome', 'via'],
  );
  private readonly conflicts = this.counter(
    'parley_store_conflicts_total',
    'Writes of this node that lost to another writer: the chat version moved or a decision check failed (the command runs again), or the agent slot was taken (capacity)',
    ['kind'],
  );

  private routingCounters(): RoutingMetrics {
    return {
      offerTimedOut: (via) => this.outcomes.inc({ outcome: 'timed_out', via }),
      capacityConflict: () => this.conflicts.inc({ kind: 'capacity' }),
    };
  }

  private hubCounters(): HubMetrics {
    const registers = [this.registry];
    const delivered: Counter = new Counter({
      name: 'parley_notifications_delivered_total',
      help: 'Notifications queued or pushed for a CometD session on this node (one per session)',
      registers,
      collect: () => {
        delivered.inc(this.delivered);
        this.delivered = 0;
      },
    });
    const dropped = this.counter(
      'parley_notifications_dropped_total',
      'Notifications lost for a CometD session on this node, by reason (it overflowed, could not take a push, or ended holding them)',
      ['reason'],
    );
    const sessions = new Gauge({
      name: 'parley_bayeux_sessions',
      help: 'CometD sessions on this node: websocket (pushed to) or long-polling (answered in /meta/connect replies, ack-extension WebSocket sessions included)',
      labelNames: ['transport'],
      registers,
      collect: () => {
        const counts = this.sessions?.() ?? { websocket: 0, longPolling: 0 };
        sessions.set({ transport: 'websocket' }, counts.websocket);
        sessions.set({ transport: 'long-polling' }, counts.longPolling);
      },
    });
    return {
      delivered: () => void this.delivered++,
      dropped: (reason: DropReason, count: number) => dropped.inc({ reason }, count),
    };
  }

  private storeGauges(gauges: StoreGauges): void {
    const now = this.options.now ?? Date.now;
    const onError = this.options.onError;
    /** A gauge filled by one store query at scrape time; a failed query leaves it without series. */
    const gauge = <L extends string>(
      name: string,
      help: string,
      labelNames: L[],
      fill: (gauge: Gauge<L>) => Promise<void>,
    ) =>
      new Gauge<L>({
        name,
        help,
        labelNames,
        registers: [this.registry],
        async collect() {
          try {
            await fill(this);
          } catch (error) {
            this.reset();
            onError?.(error);
          }
        },
      });
    gauge(
      'parley_chats',
      'Chats not over, by state (from the store: the whole deployment)',
      ['state'],
      async (g) => {
        const rows = await gauges.chatsByPhase();
        for (const state of PHASES) g.set({ state }, rows.find((r) => r.phase === state)?.chats ?? 0);
      },
    );
    const queue = ['contact_center', 'queue'] as ('contact_center' | 'queue')[];
    gauge(
      'parley_queue_waiting_chats',
      'Chats waiting for an agent (queued or offered), by contact center and queue (from the store)',
      queue,
      async (g) => {
        const rows = await gauges.waitingByQueue();
        g.reset();
        for (const r of rows) g.set({ contact_center: r.contactCenterId, queue: r.queue }, r.chats);
      },
    );
    gauge(
      'parley_queue_oldest_wait_seconds',
      'Age of the oldest chat waiting for an agent, counted from its request, by contact center and queue (from the store)',
      queue,
      async (g) => {
        const rows = await gauges.oldestWaitingByQueue();
        const at = now();
        g.reset();
        for (const r of rows) {
          g.set(
            { contact_center: r.contactCenterId, queue: r.queue },
            Math.max(0, at - r.requestedAt) / 1000,
          );
        }
      },
    );
  }
}
