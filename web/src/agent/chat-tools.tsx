/**
 * The smaller tools of a chat panel: push a link to the customer (`SendUrl`), the chat's user
 * data as a list, and its disposition (`SetDisposition`, spec §2), each shown only when the
 * copy's capabilities hold it (spec §3.3). A failure is the panel's to show.
 */
import { useState } from 'preact/hooks';
import type { ChatCopy } from '../lib/chat-copy.js';
import { can } from '../lib/chat-copy.js';
import type { Run } from '../ui/use-run.js';

/** One labelled field and its button, cleared on success. */
function FieldForm(props: {
  id: string;
  label: string;
  button: string;
  type?: 'text' | 'url';
  placeholder?: string;
  submit: (value: string) => Promise<boolean>;
}) {
  const [value, setValue] = useState('');
  const [busy, setBusy] = useState(false);
  const onInput = (e: { currentTarget: HTMLInputElement }) => setValue(e.currentTarget.value);
  const onSubmit = async (event: Event) => {
    event.preventDefault();
    if (!value.trim()) return;
    setBusy(true);
    if (await props.submit(value.trim())) setValue('');
    setBusy(false);
  };
  return (
    <form class="field-form" onSubmit={onSubmit}>
      <label for={props.id}>{props.label}</label>
      <div class="field-row">
        {props.type === 'url' ? (
          <input id={props.id} type="url" value={value} placeholder={props.placeholder} onInput={onInput} />
        ) : (
          <input id={props.id} type="text" value={value} placeholder={props.placeholder} onInput={onInput} />
        )}
        <button type="submit" class="secondary" disabled={busy || !value.trim()}>
          {props.button}
        </button>
      </div>
    </form>
  );
}

export function SendUrlForm(props: {
  copy: ChatCopy;
  nickname: string;
  run: Run;
  send: (url: string) => Promise<unknown>;
}) {
  if (!can(props.copy, 'SendUrl')) return null;
  return (
    <FieldForm
      id={`url-${props.copy.id}`}
      label={`Link for ${props.nickname}`}
      button="Send link"
      type="url"
      placeholder="https://"
      submit={(url) => props.run('Send link', () => props.send(url))}
    />
  );
}

export function DispositionForm(props: {
  copy: ChatCopy;
  run: Run;
  set: (disposition: string) => Promise<unknown>;
}) {
  if (!can(props.copy, 'SetDisposition')) return null;
  return (
    <FieldForm
      id={`disposition-${props.copy.id}`}
      label="Disposition"
      button="Set disposition"
      placeholder="e.g. IssueResolved"
      submit={(disposition) => props.run('Set disposition', () => props.set(disposition))}
    />
  );
}

export function UserData(props: { copy: ChatCopy; nickname: string }) {
  const entries = Object.entries(props.copy.userData);
  return (
    <div class="user-data">
      <h3 id={`data-${props.copy.id}`}>User data</h3>
      {entries.length === 0 ? (
        <p class="muted">None</p>
      ) : (
        <dl aria-labelledby={`data-${props.copy.id}`}>
          {entries.map(([key, value]) => (
            <div key={key} class="datum">
              <dt>{key}</dt>
              <dd>{value === null ? '—' : String(value)}</dd>
            </div>
          ))}
        </dl>
      )}
    </div>
  );
}
