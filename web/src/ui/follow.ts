/**
 * Whether a scrolling list of messages should follow its newest line: only if the reader was at
 * its bottom when the lines changed, so one who scrolled up to read keeps its place while messages
 * stream in. Measured while rendering, before the new lines reach the page: a scroll event or an
 * effect comes after them and would see the list already grown, the reader no longer "at the
 * bottom" (and so stop following after every burst).
 */
import { useRef } from 'preact/hooks';

/** Lines of slack that still count as the bottom (a line half in view). */
const SLACK_PX = 40;

export function useFollow(element: HTMLElement | null, count: number): boolean {
  const seen = useRef({ count, follow: true });
  if (seen.current.count !== count) {
    const atBottom = !element || element.scrollHeight - element.scrollTop - element.clientHeight < SLACK_PX;
    seen.current = { count, follow: atBottom };
  }
  return seen.current.follow;
}
