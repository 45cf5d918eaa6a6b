// How a question asks for a definition, and how many of a corpus's definition cues a text holds.

const ASKS_FOR_DEFINITION = /定义|含义|什么意思|什么是|内涵|\bdefin(?:e|ed|es|ition|ing)\b|\bmeaning\b|\bwhat does .+ mean\b/iu;

export function asksForDefinition(question: string): boolean {
  return ASKS_FOR_DEFINITION.test(question);
}

// "What is X?" and "X是什么？" ask what X is when X is all the question names; the caller judges that.
const ASKS_WHAT_SOMETHING_IS = /^\s*what\s+(?:is|are)\s+\S|是什么\s*[？?]?\s*$/iu;

/** True for a question framed as "What is/are …?" or "…是什么？". */
export function asksWhatSomethingIs(question: string): boolean {
  return ASKS_WHAT_SOMETHING_IS.test(question);
}

/** How many distinct definition cues (from the corpus profile: 所谓, X是指…) a text holds. */
export function definitionCueCount(text: string, cues: readonly string[]): number {
  return cues.filter((cue) => text.includes(cue)).length;
}
