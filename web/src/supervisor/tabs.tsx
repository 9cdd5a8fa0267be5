/**
 * The console's views as ARIA tabs: arrow keys, Home and End move between them (WAI-ARIA tabs
 * pattern, automatic activation); every panel stays mounted, hidden, so a view keeps its state.
 */
import type { ComponentChildren } from 'preact';
import { useRef } from 'preact/hooks';

export interface Tab {
  readonly id: string;
  readonly label: string;
  readonly panel: ComponentChildren;
}

export function Tabs(props: {
  label: string;
  tabs: readonly Tab[];
  current: string;
  onSelect: (id: string) => void;
}) {
  const list = useRef<HTMLDivElement>(null);
  const index = Math.max(
    0,
    props.tabs.findIndex((t) => t.id === props.current),
  );
  const go = (to: number) => {
    const tab = props.tabs[(to + props.tabs.length) % props.tabs.length];
    if (!tab) return;
    props.onSelect(tab.id);
    list.current?.querySelector<HTMLButtonElement>(`#tab-${tab.id}`)?.focus();
  };
  const onKeyDown = (event: KeyboardEvent) => {
    const moves: Record<string, number> = {
      ArrowRight: index + 1,
      ArrowLeft: index - 1,
      Home: 0,
      End: props.tabs.length - 1,
    };
    const to = moves[event.key];
    if (to === undefined) return;
    event.preventDefault();
    go(to);
  };
  return (
    <div class="tabs">
      <div class="tab-list" role="tablist" aria-label={props.label} ref={list} onKeyDown={onKeyDown}>
        {props.tabs.map((tab) => (
          <button
            key={tab.id}
            id={`tab-${tab.id}`}
            type="button"
            role="tab"
            class="tab"
            aria-selected={tab.id === props.current}
            aria-controls={`panel-${tab.id}`}
            tabIndex={tab.id === props.current ? 0 : -1}
            onClick={() => props.onSelect(tab.id)}
          >
            {tab.label}
          </button>
        ))}
      </div>
      {props.tabs.map((tab) => (
        <div
          key={tab.id}
          id={`panel-${tab.id}`}
          role="tabpanel"
          aria-labelledby={`tab-${tab.id}`}
          hidden={tab.id !== props.current}
          tabIndex={0}
        >
          {tab.panel}
        </div>
      ))}
    </div>
  );
}
