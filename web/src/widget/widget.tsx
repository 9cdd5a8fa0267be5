/**
 * What the customer sees on the page: a launcher button at the bottom right and, when open, the
 * chat panel (a non-modal dialog: a fixed panel on a desktop, the whole screen on a phone). Focus
 * moves into the panel when the customer opens it and back to the launcher when it closes;
 * Escape closes it. While closed, the launcher counts the agents' new lines.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { ChatBox } from './chat-box.js';
import type { WidgetConfig } from './config.js';
import type { ChatView, CustomerChat } from './customer-chat.js';
import { StartForm } from './start-form.js';

const FOCUS_FIRST = '[data-autofocus], .composer textarea';

/** The agents' lines so far (what the unread count counts). */
const agentLines = (view: ChatView) =>
  view.copy?.messages.filter((m) => m.from.type !== 'Customer' && (m.type === 'Text' || m.type === 'PushUrl'))
    .length ?? 0;

function ChatIcon() {
  return (
    <svg viewBox="0 0 24 24" width="22" height="22" aria-hidden="true" focusable="false">
      <path
        fill="currentColor"
        d="M4 3h16a2 2 0 0 1 2 2v11a2 2 0 0 1-2 2H9l-5 4v-4a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2zm2 5v2h12V8H6zm0 4v2h8v-2H6z"
      />
    </svg>
  );
}

export function Widget(props: { config: WidgetConfig; chat: CustomerChat }) {
  const { config, chat } = props;
  const [view, setView] = useState<ChatView>(() => chat.current);
  const [open, setOpen] = useState(() => chat.saved.open());
  const [seen, setSeen] = useState<number | undefined>(undefined);
  const panel = useRef<HTMLElement>(null);
  const launcher = useRef<HTMLButtonElement>(null);
  const moveFocus = useRef(false);
  const mounted = useRef(false);

  useEffect(() => chat.listen(setView), [chat]);

  const lines = agentLines(view);
  // Lines already there when the chat was resumed, or seen with the panel open, are not new.
  useEffect(() => {
    if (view.phase === 'resuming') return;
    if (open || seen === undefined || lines < seen) setSeen(lines);
  }, [open, lines, view.phase]);
  const unread = !open && seen !== undefined ? lines - seen : 0;

  const toggle = (next: boolean) => {
    moveFocus.current = true;
    chat.saved.setOpen(next);
    setOpen(next);
  };

  // Into the panel when opened by the customer, back to the launcher when closed; and to the
  // new first field when the panel's content changes under a focus it held (start → chat → end).
  useEffect(() => {
    const wasInside = () => {
      const active = document.activeElement;
      const root = panel.current?.getRootNode() as ShadowRoot | undefined;
      return active === null || active === document.body || active === root?.host;
    };
    const first = !mounted.current;
    mounted.current = true; // a page load never takes the page's focus
    if (first || (!moveFocus.current && !(open && wasInside()))) return;
    moveFocus.current = false;
    if (!open) return launcher.current?.focus();
    const target = panel.current?.querySelector<HTMLElement>(FOCUS_FIRST) ?? panel.current;
    target?.focus();
  }, [open, view.phase === 'none', view.phase === 'ended']);

  const titleId = 'parley-title';
  return (
    <div
      class={open ? 'root open' : 'root'}
      onKeyDown={(e) => {
        if (e.key === 'Escape' && open) toggle(false);
      }}
    >
      <section
        class="panel"
        id="parley-panel"
        role="dialog"
        aria-labelledby={titleId}
        hidden={!open}
        ref={panel}
        tabIndex={-1}
      >
        <header>
          <h2 id={titleId}>{config.title}</h2>
          <button type="button" class="minimize" aria-label="Minimize chat" onClick={() => toggle(false)}>
            <span aria-hidden="true">—</span>
          </button>
        </header>
        {view.phase === 'none' ? (
          <StartForm start={(nickname, subject) => chat.start(nickname, subject)} />
        ) : (
          <ChatBox chat={chat} view={view} />
        )}
      </section>
      <button
        type="button"
        class="launcher"
        ref={launcher}
        aria-expanded={open}
        aria-controls="parley-panel"
        onClick={() => toggle(!open)}
      >
        <ChatIcon />
        <span>{config.title}</span>
        {unread > 0 && (
          <span class="badge">
            {unread}
            <span class="visually-hidden"> new {unread === 1 ? 'message' : 'messages'}</span>
          </span>
        )}
      </button>
    </div>
  );
}
