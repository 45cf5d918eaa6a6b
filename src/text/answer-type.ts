// What kind of answer a question expects, where it can be told from its words alone: a question
// asking for a quantity (多少, how many) is answered only by a text that holds a number.

const ASKS_FOR_QUANTITY = /多少|几(?:个|项|家|年|次|亿|万|成)|比例|百分之|\bhow (?:many|much)\b|\bwhat (?:percentage|share|amount|proportion)\b/iu;

// Digits, or Chinese numerals before a counter or magnitude (三个, 两千亿); dates are stripped first.
const NUMBER = /\d|[一二两三四五六七八九十百千万亿]+(?:个|项|家|亿|万|倍|成|%|％)/u;
// A date as speeches and their notes write it, spaced or not (2024年12月11日, 2024 年 12 月, 12月中旬, 三月):
// a date is when something was said or done, not a quantity.
const DATE = /\d{4}\s*年(?:\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?)?|\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?|[一二三四五六七八九十]+月/gu;

export function asksForQuantity(question: string): boolean {
  return ASKS_FOR_QUANTITY.test(question);
}

/** True when the text states a number other than a date. */
export function statesNumber(text: string): boolean {
  return NUMBER.test(text.replace(DATE, ' '));
}
