/**
 * What a race run was answered, for the report line of each configuration: the conflicting
 * operations (fired at once) and the requests around them (setting chats up, reading views,
 * cleaning up), each by GWS statusCode. 19 is split by its cause: `InUse` (no free slot: the
 * capacity decision) and `Contended` (the engine's retries ran out: nothing done).
 */
export type RequestKind = 'race' | 'setup';

export const CONTENDED = /kept changing/;

export class Tally {
  private readonly counts: Record<RequestKind, Map<string, number>> = {
    race: new Map(),
    setup: new Map(),
  };
  /** Rounds run, per scenario name. */
  readonly rounds = new Map<string, number>();
  /** Outcomes worth a line of their own (a known bug met), by description. */
  readonly notes = new Map<string, number>();

  count(kind: RequestKind, statusCode: number, statusMessage: string): void {
    const key =
      statusCode === 19 ? (CONTENDED.test(statusMessage) ? '19 contended' : '19 in use') : String(statusCode);
    const counts = this.counts[kind];
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }

  round(scenario: string): void {
    this.rounds.set(scenario, (this.rounds.get(scenario) ?? 0) + 1);
  }

  /** How each scenario's races went, by scenario and outcome. */
  readonly outcomes = new Map<string, Map<string, number>>();

  outcome(scenario: string, what: string): void {
    const seen = this.outcomes.get(scenario) ?? new Map<string, number>();
    seen.set(what, (seen.get(what) ?? 0) + 1);
    this.outcomes.set(scenario, seen);
  }

  note(what: string): void {
    this.notes.set(what, (this.notes.get(what) ?? 0) + 1);
  }

  total(kind: RequestKind): number {
    let n = 0;
    for (const count of this.counts[kind].values()) n += count;
    return n;
  }

  /** How many answers of `kind` had this statusCode key (`'0'`, `'2'`, `'19 in use'`, …). */
  of(kind: RequestKind, key: string): number {
    return this.counts[kind].get(key) ?? 0;
  }

  /** One line per kind, e.g. `1040 conflicting operations: 0 → 610, 2 → 380, 19 in use → 50`. */
  summary(): string[] {
    const line = (kind: RequestKind, what: string) => {
      const keys = [...this.counts[kind].keys()].sort(
        (a, b) => parseInt(a) - parseInt(b) || a.localeCompare(b),
      );
      const parts = keys.map((k) => `${k} → ${this.counts[kind].get(k)}`);
      return `${this.total(kind)} ${what}: ${parts.join(', ')}`;
    };
    const outcomes = [...this.outcomes].map(
      ([name, seen]) =>
        `${name} ×${this.rounds.get(name)}: ${[...seen].map(([w, n]) => `${w} ×${n}`).join(', ')}`,
    );
    return [
      line('race', 'conflicting operations'),
      line('setup', 'other requests (setup, views, cleanup)'),
      ...outcomes,
      ...[...this.notes].map(([what, n]) => `${what}: ${n}`),
    ];
  }
}
