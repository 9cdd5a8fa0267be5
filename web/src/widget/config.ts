/**
 * What the embedding script tag says (README "Customers", spec §6.1):
 * `<script src="https://parley.example/widget.js" data-title data-contact-center data-endpoint
 * data-poll-ms data-parley defer>`. Parley is the script's own origin unless `data-parley` names it.
 */
export interface WidgetConfig {
  /** Parley's base URL, no trailing slash. */
  readonly base: string;
  /** The launcher's and the panel's title. */
  readonly title: string;
  /** The `ContactCenterId` header; absent: the server's PARLEY_DEFAULT_CONTACT_CENTER. */
  readonly contactCenter?: string;
  /** The queue RequestChat names (`endpoint`); absent: the server's default queue. */
  readonly endpoint?: string;
  /** Milliseconds between two polls (spec §6.1: clients poll periodically). */
  readonly pollMs: number;
}

const DEFAULT_POLL_MS = 1000;

export function readConfig(script: HTMLScriptElement | null): WidgetConfig {
  const data = script?.dataset ?? {};
  const own = script?.src ? new URL(script.src, location.href).origin : location.origin;
  const base = (data.parley?.trim() || own).replace(/\/+$/, '');
  const poll = Number(data.pollMs);
  const contactCenter = data.contactCenter?.trim();
  const endpoint = data.endpoint?.trim();
  return {
    base,
    title: data.title?.trim() || 'Chat with us',
    ...(contactCenter ? { contactCenter } : {}),
    ...(endpoint ? { endpoint } : {}),
    pollMs: Number.isFinite(poll) && poll >= 50 ? poll : DEFAULT_POLL_MS,
  };
}
