/**
 * How a panel runs the operations its buttons and forms start: each clears the panel's status and
 * alert lines, and a failure says what failed and why on the alert line.
 */
import { useState } from 'preact/hooks';
import { describeError } from '../lib/gws.js';

export type Run = (what: string, action: () => Promise<unknown>) => Promise<boolean>;

export function useRun(): { run: Run; error: string; status: string; setStatus: (status: string) => void } {
  const [error, setError] = useState('');
  const [status, setStatus] = useState('');
  const run: Run = async (what, action) => {
    setError('');
    setStatus('');
    try {
      await action();
      return true;
    } catch (failure) {
      setError(`${what} failed: ${describeError(failure)}`);
      return false;
    }
  };
  return { run, error, status, setStatus };
}
