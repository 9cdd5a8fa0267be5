/**
 * The signed-in console: the top bar, the live team board and the audit trail as tabs, and beside
 * them the chats the supervisor is invited to or in. A user who is no supervisor (the board GET
 * answers statusCode 5) is told so, with nothing else on the page but Sign out.
 */
import { useEffect, useState } from 'preact/hooks';
import type { Gws, User } from '../lib/gws.js';
import { sessionGone } from '../lib/gws.js';
import { LoadError } from '../ui/load-error.js';
import { useScreenModel, useTitleCount } from '../ui/screen-model.js';
import { TopBar } from '../ui/top-bar.js';
import { AuditTrail } from './audit-trail.js';
import { ConsoleModel } from './console-model.js';
import { SupervisedChat } from './supervised-chat.js';
import { Tabs } from './tabs.js';
import { TeamBoard } from './team-board.js';

export function Console(props: { gws: Gws; user: User; onSignedOut: () => void }) {
  const [view, setView] = useState('board');
  const model = useScreenModel(
    (changed) => new ConsoleModel(props.gws, props.user, changed, props.onSignedOut),
    props.user.id,
  );
  useEffect(() => {
    model.start();
    return () => void model.stop();
  }, [model]);

  const copies = model.shown();
  const invited = copies.filter((c) => c.state === 'Invited').length;
  useTitleCount('Parley — Supervisor console', invited);
  /** Logout first: if it fails the console stays, connected, and says so (top bar). */
  const signOut = async () => {
    try {
      await props.gws.logout();
    } catch (error) {
      if (!sessionGone(error)) throw error; // already gone
    }
    await model.stop();
    props.onSignedOut();
  };

  if (model.denied)
    return (
      <>
        <TopBar title="Supervisor console" user={props.user} onSignOut={signOut} />
        <main class="page console denied">
          <h2>Supervisors only</h2>
          <p role="alert">
            This console is for supervisors only. Your account ({props.user.userName}) does not have the
            supervisor role; ask an administrator for it, or use the <a href="/agent/">agent desk</a>.
          </p>
        </main>
      </>
    );

  return (
    <>
      <TopBar
        title="Supervisor console"
        user={props.user}
        connection={model.connection}
        onSignOut={signOut}
      />
      <main class="page console">
        <LoadError
          message={model.loadError}
          onRetry={model.loadError ? () => void model.rebuild() : undefined}
        />
        <div class="console-grid">
          <Tabs
            label="Views"
            current={view}
            onSelect={setView}
            tabs={[
              { id: 'board', label: 'Team board', panel: <TeamBoard model={model} /> },
              {
                id: 'audit',
                label: 'Audit trail',
                panel: <AuditTrail model={model} shown={view === 'audit'} />,
              },
            ]}
          />
          <section class="supervised" aria-labelledby="supervised-heading">
            <h2 id="supervised-heading">Your supervised chats</h2>
            <p class="console-notice" role="status">
              {model.notice}
            </p>
            {copies.length === 0 && (
              <p class="muted">
                None. Intrude on a chat from the board, or monitor an agent to join its next chats.
              </p>
            )}
            {copies.map((copy) => (
              <SupervisedChat key={copy.id} model={model} copy={copy} />
            ))}
          </section>
        </div>
      </main>
    </>
  );
}
