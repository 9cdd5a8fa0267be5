/**
 * The hooks a signed-in screen is built on: its model, made once per user, whose every reported
 * change re-renders the screen; and the page title, counting what waits for the user.
 */
import { useEffect, useMemo, useState } from 'preact/hooks';

export function useScreenModel<M>(make: (changed: () => void) => M, userId: string): M {
  const [, setVersion] = useState(0);
  return useMemo(() => make(() => setVersion((v) => v + 1)), [userId]);
}

/** "(2) Parley — Agent desk" while two offers (or invitations) wait, else the title alone. */
export function useTitleCount(title: string, waiting: number): void {
  useEffect(() => {
    document.title = waiting > 0 ? `(${waiting}) ${title}` : title;
  }, [waiting]);
}
