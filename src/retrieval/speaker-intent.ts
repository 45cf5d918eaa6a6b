// A question that names one of the corpus's speakers (李华讲了什么, 李华同志谈过…, "What did Li Hua say",
// "Li Hua's remarks on…") is about that speaker's excerpts: it is searched among them, with the name
// taken out of the question. Names come from the corpus; English ones are their pinyin (CC-CEDICT).
import { toSimplified } from '../text/chinese-script.ts';
import { romanizeName } from '../translation/romanize-name.ts';

export interface SpeakerIntent {
  /** The speaker as the corpus names them. */
  speaker: string;
  /** The question without the name (and a title or possessive right after it), what is left to search. */
  question: string;
}

/**
 * Titles and forms of address that follow a name in Chinese (李华同志, 王芳教授) and in English (Li Hua's):
 * general usage, not any corpus's words; they say who, not what about.
 */
const CHINESE_TITLE_AFTER_NAME = '(?:同志|先生|女士|教授|院士|老师|主席|总书记|书记|总理|部长|省长|市长|校长|院长|主任)?';
const ENGLISH_POSSESSIVE = "(?:['’]s\\b|['’](?=\\s))?";

/** Each speaker with the regular expression that finds their name in a question. */
export interface SpeakerMatcher {
  speaker: string;
  pattern: RegExp;
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/gu, '\\$&');

/**
 * Matchers for the corpus's speakers: the name as written (Simplified), and for a Chinese name its
 * pinyin, surname and given name apart or run together, in any case.
 * @example speakerMatchers(['李华'])[0]!.pattern.test('What did Li Hua say?') // true
 */
export function speakerMatchers(speakers: readonly string[], romanize: (name: string) => string[] = romanizeName): SpeakerMatcher[] {
  return speakers.map((speaker) => {
    const written = escapeRegExp(toSimplified(speaker));
    const romanized = romanize(speaker)
      .filter((form) => /[a-z]/u.test(form))
      .map((form) => form.split(/\s+/u).map(escapeRegExp).join('[\\s-]*'));
    const alternatives = [`${written}${CHINESE_TITLE_AFTER_NAME}`, ...romanized.map((form) => `(?<![A-Za-z])${form}(?![A-Za-z])${ENGLISH_POSSESSIVE}`)];
    return { speaker, pattern: new RegExp(alternatives.join('|'), 'iu') };
  });
}

/**
 * The speaker a question names, when it names exactly one of several (one speaker's name in a
 * one-speaker corpus says nothing about which excerpts to search).
 * @example speakerIntent('李华讲了什么？', matchers) // { speaker: '李华', question: '讲了什么？' }
 */
export function speakerIntent(question: string, matchers: readonly SpeakerMatcher[]): SpeakerIntent | undefined {
  if (matchers.length < 2) return undefined;
  const simplified = toSimplified(question);
  const named = matchers.filter((matcher) => matcher.pattern.test(simplified));
  if (named.length !== 1) return undefined;
  const { speaker, pattern } = named[0]!;
  return { speaker, question: simplified.replace(new RegExp(pattern.source, 'giu'), ' ').replace(/\s+/gu, ' ').trim() };
}
