/**
 * The screen's alert when its chats (or the board) could not be loaded, with Try again to rebuild
 * from the GETs; empty, and so hidden, while all is well.
 */
export function LoadError(props: { message: string; onRetry?: (() => void) | undefined }) {
  return (
    <p role="alert" class="error load-error">
      {props.message}
      {props.onRetry && (
        <button type="button" class="secondary" onClick={props.onRetry}>
          Try again
        </button>
      )}
    </p>
  );
}
