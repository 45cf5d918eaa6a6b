// A light English stemmer that removes inflections only (industries → industry, upgraded → upgrad,
// forces → forc) and leaves derivations apart. Porter-style stemmers also fold derivations
// (capital and capitalism both become "capit"), which sends dictionary lookups to the wrong sense.

const DOUBLED_CONSONANT = /([bdfgmnprt])\1$/u;

/** @example inflectionStem('industries') === inflectionStem('industry') // true */
export function inflectionStem(word: string): string {
  let stem = word.toLowerCase();
  if (stem.length > 4 && stem.endsWith('ies')) stem = `${stem.slice(0, -3)}y`;
  else if (stem.length > 4 && stem.endsWith('ied')) stem = `${stem.slice(0, -3)}y`;
  else if (stem.length > 5 && stem.endsWith('ing')) stem = stem.slice(0, -3);
  else if (stem.length > 4 && stem.endsWith('ed')) stem = stem.slice(0, -2);
  else if (stem.length > 4 && /(?:ss|x|z|ch|sh)es$/u.test(stem)) stem = stem.slice(0, -2);
  else if (stem.length > 3 && stem.endsWith('s') && !/(?:ss|us|is)$/u.test(stem)) stem = stem.slice(0, -1);
  // planning → plan, and upgrade / upgraded / upgrading all → upgrad.
  if (DOUBLED_CONSONANT.test(stem) && stem !== word) stem = stem.slice(0, -1);
  if (stem.length > 3 && stem.endsWith('e')) stem = stem.slice(0, -1);
  return stem;
}
