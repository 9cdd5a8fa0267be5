/**
 * Generated or tested parts of README.md sit between marker comments, `<!-- name:start -->` and
 * `<!-- name:end -->`, so a script can rewrite one part and leave every other line as it is.
 */
import { fileURLToPath } from 'node:url';

export const README_PATH = fileURLToPath(new URL('../../README.md', import.meta.url));

function markers(name: string): { start: string; end: string } {
  return { start: `<!-- ${name}:start -->`, end: `<!-- ${name}:end -->` };
}

/** Where the part's content lies (between the markers, blank lines included), or an error. */
function bounds(readme: string, name: string): { from: number; to: number } {
  const { start, end } = markers(name);
  const at = readme.indexOf(start);
  const to = readme.indexOf(end);
  if (at < 0 || to < at || readme.indexOf(start, at + 1) >= 0) {
    throw new Error(`README.md must hold exactly one "${start}" … "${end}" pair`);
  }
  return { from: at + start.length, to };
}

/** The part's content, trimmed of the blank lines around it. */
export function readSection(readme: string, name: string): string {
  const { from, to } = bounds(readme, name);
  return `${readme.slice(from, to).trim()}\n`;
}

/** The README with the part's content replaced (a blank line either side, as prettier keeps it). */
export function replaceSection(readme: string, name: string, content: string): string {
  const { from, to } = bounds(readme, name);
  return `${readme.slice(0, from)}\n\n${content.trim()}\n\n${readme.slice(to)}`;
}

/** The body of the first fenced code block in the part (its lines without the fences). */
export function codeBlock(readme: string, name: string): string {
  const match = /^```[^\n]*\n([\s\S]*?)^```/m.exec(readSection(readme, name));
  if (!match?.[1]) throw new Error(`no code block between the "${name}" markers of README.md`);
  return match[1];
}
