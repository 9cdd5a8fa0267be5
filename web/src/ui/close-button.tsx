/** An ended copy stays, saying how it ended, until the user takes it off the screen with Close. */
import type { ChatCopy } from '../lib/chat-copy.js';
import { isEnded } from '../lib/chat-copy.js';
import type { CopiesModel } from '../lib/copies-model.js';

export function CloseButton(props: { model: CopiesModel; copy: ChatCopy }) {
  if (!isEnded(props.copy)) return null;
  return (
    <button type="button" class="secondary" onClick={() => props.model.close(props.copy.id)}>
      Close
    </button>
  );
}
