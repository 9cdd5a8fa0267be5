/**
 * A scrolling list of messages follows its newest line only if the reader was at its bottom when
 * the lines changed, so one who scrolled up to read keeps its place while messages stream in.
 * Measured while rendering, before the new lines reach the page: a scroll event or an effect comes
 * after them and would see the list already grown, the reader no longer "at the bottom" (and so
 * stop following after every burst).
 */
import type { RefObject } from 'preact';
import { useEffect, useRef } from 'preact/hooks';

/** Lines of slack that still count as the bottom (a line half in view). */
const SLACK_PX = 40;

/** Scrolls `list` to its newest line when `count` changes, if the reader was at the bottom. */
export function useFollow(list: RefObject<HTMLElement | null>, count: number): void {
  const seen = useRef({ count, follow: true });
  if (seen.current.count !== count) {
    const element = list.current;
    const atBottom = !element || element.scrollHeight - element.scrollTop - element.clientHeight < SLACK_PX;
    seen.current = { count, follow: atBottom };
  }
  const { follow } = seen.current;
  useEffect(() => {
    const element = list.current;
    if (element && follow) element.scrollTop = element.scrollHeight;
  }, [count]);
}
