/**
 * A live duration ("1:07") that ticks every second from one shared clock, without re-fetching and
 * without re-rendering anything but itself; fixed-width digits so a tick never moves the layout.
 * `skew` is the server's clock minus the browser's (the board's `at`).
 */
import { useEffect, useState } from 'preact/hooks';
import { formatDuration } from '../lib/duration.js';

const listeners = new Set<() => void>();
let timer: ReturnType<typeof setInterval> | undefined;

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  timer ??= setInterval(() => listeners.forEach((l) => l()), 1000);
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0 && timer !== undefined) {
      clearInterval(timer);
      timer = undefined;
    }
  };
}

export function Elapsed(props: { since: number; skew: number }) {
  const [now, setNow] = useState(Date.now());
  useEffect(() => subscribe(() => setNow(Date.now())), []);
  return (
    <span class="elapsed" role="timer">
      {formatDuration(now + props.skew - props.since)}
    </span>
  );
}
