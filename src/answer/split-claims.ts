// Splits an answer into claims: a sentence (or line) with the [n] markers that follow it. A quotation
// is never split, whatever punctuation it holds, so that it is checked whole; a text still arriving
// keeps its last claim back until nothing more can attach to it.

const TERMINATORS = new Set(['。', '！', '？', '!', '?', '；', ';']);
const CLOSERS = new Set(['」', '”', '’', '"', '）', ')', '』']);
const OPENERS: Record<string, string> = { '「': '」', '“': '”', '『': '』', '"': '"' };
const MARKER_GROUP_AT = /^\[\d+(?:\s*[,，、]\s*\d+)*\]/u;
/** What the start of a marker looks like while it is still arriving: "[", "[1", "[1, ". */
const PARTIAL_MARKER = /^\[[\d\s,，、]*$/u;

export interface ClaimSplit {
  /** Claims that nothing still to come can change. */
  claims: string[];
  /** The text after them: a claim still arriving, or, once the text is complete, its last claim. */
  rest: string;
}

/**
 * The rest is kept back because more text could still attach to it (markers after a full stop);
 * once the text is complete, the rest is its last claim.
 * @example splitClaims('创新[1]。讲话说「甲。乙。」[2]。然后', false) // claims ['创新[1]。', '讲话说「甲。乙。」[2]。'], rest '然后'
 */
export function splitClaims(text: string): ClaimSplit {
  const claims: string[] = [];
  let start = 0;
  let closer: string | undefined;
  let index = 0;
  while (index < text.length) {
    const character = text[index]!;
    if (character === '\n') {
      // A line ends a claim; a quotation never runs across lines.
      closer = undefined;
      index++;
      claims.push(text.slice(start, index));
      start = index;
      continue;
    }
    let ends = false;
    if (closer !== undefined) {
      if (character === closer) {
        closer = undefined;
        // 「……。」 ends the claim at the closing mark, like a full stop outside it.
        ends = TERMINATORS.has(text[index - 1]!) || text[index - 1] === '.';
      }
      index++;
    } else if (OPENERS[character] !== undefined) {
      closer = OPENERS[character];
      index++;
    } else if (TERMINATORS.has(character) || isSentenceFullStop(text, index)) {
      ends = true;
      index++;
    } else {
      index++;
    }
    if (!ends) continue;
    const end = claimEnd(text, index);
    if (end === undefined) break;
    claims.push(text.slice(start, end));
    start = end;
    index = end;
  }
  return { claims, rest: text.slice(start) };
}

/** Where a claim ends after its sentence mark: further marks and closing quotes, then [n] markers; undefined when more text could still attach. */
function claimEnd(text: string, from: number): number | undefined {
  let end = from;
  while (end < text.length && (TERMINATORS.has(text[end]!) || CLOSERS.has(text[end]!) || text[end] === '.')) {
    // A straight double quote after a full stop closes a quotation only when one is open; here none is, so it starts the next claim.
    if (text[end] === '"') break;
    end++;
  }
  for (;;) {
    let next = end;
    while (next < text.length && (text[next] === ' ' || text[next] === '\t')) next++;
    const marker = MARKER_GROUP_AT.exec(text.slice(next));
    if (!marker) {
      const after = text.slice(next);
      if (after === '' || PARTIAL_MARKER.test(after)) return undefined;
      return end;
    }
    end = next + marker[0].length;
  }
}

/** An English full stop: a "." followed by white space (or the end), not a decimal point or "e.g.". */
function isSentenceFullStop(text: string, index: number): boolean {
  if (text[index] !== '.') return false;
  const next = text[index + 1];
  if (next !== undefined && next !== ' ' && next !== '\n' && next !== '[' && !CLOSERS.has(next)) return false;
  const previous = text.slice(Math.max(0, index - 4), index);
  return !/(?:^|\s)(?:e\.g|i\.e|etc|vs)$/u.test(previous);
}
