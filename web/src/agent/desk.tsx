/**
 * The signed-in desk: it logs the agent in on chat (`StartContactCenterSession`, Not Ready until
 * the agent says otherwise), follows the notifications, and shows the offers in a strip of fixed
 * height above the chats (an offer arriving never moves the panels being typed in), then the
 * chats side by side. The page title counts the waiting offers.
 */
import { useEffect, useState } from 'preact/hooks';
import type { ChatCopy } from '../lib/chat-copy.js';
import { isEnded } from '../lib/chat-copy.js';
import type { Gws, User } from '../lib/gws.js';
import { describeError, sessionGone } from '../lib/gws.js';
import { LoadError } from '../ui/load-error.js';
import { useScreenModel, useTitleCount } from '../ui/screen-model.js';
import { TopBar } from '../ui/top-bar.js';
import { Availability } from './availability.js';
import { ChatPanel } from './chat-panel.js';
import { customerOf } from './chat-facts.js';
import { DeskModel } from './desk-model.js';
import { OfferCard } from './offer-card.js';

/** What Sign out asks while chats are open: they stay assigned to the agent. */
function openChatsWarning(open: number): string | undefined {
  if (open === 0) return undefined;
  return open === 1
    ? 'You have 1 open chat; it stays assigned to you.'
    : `You have ${open} open chats; they stay assigned to you.`;
}

/**
 * Logs the agent out of chat (`EndContactCenterSession`, which also ends the HTTP session), then
 * disconnects. If that fails nothing has changed: the desk stays and says so.
 */
async function signOut(gws: Gws, model: DeskModel): Promise<void> {
  try {
    await gws.post('/api/v2/me', { operationName: 'EndContactCenterSession' });
  } catch (error) {
    if (!sessionGone(error)) throw error;
  }
  await model.stop();
  // EndContactCenterSession has ended the session on every node (README "Authentication"); Logout
  // then answers 20 and only makes the client forget its CSRF token, so its failure changes nothing.
  await gws.logout().catch(() => undefined);
}

export function Desk(props: { gws: Gws; user: User; onSignedOut: () => void }) {
  const [startError, setStartError] = useState('');
  const model = useScreenModel(
    (changed) => new DeskModel(props.gws, props.user, changed, props.onSignedOut),
    props.user.id,
  );
  useEffect(() => {
    let live = true;
    props.gws.post('/api/v2/me', { operationName: 'StartContactCenterSession', channels: ['chat'] }).then(
      () => live && model.start(),
      (error: unknown) => {
        model.watch(error);
        setStartError(`You could not be logged in on chat: ${describeError(error)}`);
      },
    );
    return () => {
      live = false;
      void model.stop();
    };
  }, [model]);

  const copies = model.shown();
  const offers = copies.filter((c) => c.state === 'Invited');
  const chats = copies.filter((c) => c.state !== 'Invited');
  const open = chats.filter((c) => !isEnded(c)).length;
  useTitleCount('Parley — Agent desk', offers.length);
  const nickname = (copy: ChatCopy) => customerOf(copy) ?? model.facts.get(copy.id)?.customer ?? 'Customer';
  const leave = async () => {
    await signOut(props.gws, model);
    props.onSignedOut();
  };

  return (
    <>
      <TopBar
        title="Agent desk"
        user={model.user}
        connection={model.connection}
        onSignOut={leave}
        confirm={openChatsWarning(open + offers.length)}
      >
        {(report) => <Availability model={model} report={report} />}
      </TopBar>
      <main class="page desk">
        <LoadError
          message={startError || model.loadError}
          onRetry={model.loadError ? () => void model.rebuild() : undefined}
        />
        <section class="offers" aria-labelledby="offers-heading">
          <h2 id="offers-heading" class="visually-hidden">
            Incoming chats
          </h2>
          <p class="desk-notice" role="status">
            {model.notice}
          </p>
          <div class="offer-strip">
            {offers.length === 0 ? (
              <p class="muted no-offers">
                {model.channelState === 'Ready'
                  ? 'Waiting for chats…'
                  : 'No chats are offered while you are Not Ready.'}
              </p>
            ) : (
              offers.map((copy) => (
                <OfferCard key={copy.id} model={model} copy={copy} nickname={nickname(copy)} />
              ))
            )}
          </div>
        </section>
        <section class="chats" aria-labelledby="chats-heading">
          <h2 id="chats-heading" class="visually-hidden">
            Your chats
          </h2>
          {chats.length === 0 && <p class="muted">No chats in progress.</p>}
          <div class="chat-grid">
            {chats.map((copy) => (
              <ChatPanel key={copy.id} model={model} gws={props.gws} copy={copy} nickname={nickname(copy)} />
            ))}
          </div>
        </section>
      </main>
    </>
  );
}
