/**
 * SASLprep (RFC 4013) as PostgreSQL applies it to a password before hashing it for SCRAM
 * (src/common/saslprep.c): pure ASCII passes unchanged; otherwise non-ASCII spaces become U+0020,
 * "commonly mapped to nothing" characters are dropped and the result is NFKC-normalized. When the result
 * holds a prohibited character or mixes directions, PostgreSQL hashes the password exactly as given.
 *
 * Two approximations, both only ever costing a needless "set the password" step, never a wrong login:
 * unassigned code points are judged by this Node's Unicode version (PostgreSQL uses Unicode 3.2), and the
 * bidirectional classes come from script properties instead of RFC 3454's tables.
 */

/** RFC 3454 C.1.2: non-ASCII space characters, mapped to U+0020. */
const NON_ASCII_SPACE = /[\u00a0\u1680\u2000-\u200b\u202f\u205f\u3000]/gu;
/** RFC 3454 B.1: commonly mapped to nothing. */
const MAPPED_TO_NOTHING = /[\u00ad\u034f\u1806\u180b-\u180d\u200b-\u200d\u2060\ufe00-\ufe0f\ufeff]/gu;
/** RFC 3454 C.1.2 and C.2 to C.9 (after mapping), and unassigned code points (A.1, approximated). */
const PROHIBITED = new RegExp(
  [
    '[\\u00a0\\u1680\\u2000-\\u200b\\u202f\\u205f\\u3000]', // C.1.2
    '[\\u0000-\\u001f\\u007f]', // C.2.1
    '[\\u0080-\\u009f\\u06dd\\u070f\\u180e\\u200c\\u200d\\u2028\\u2029\\u2060-\\u2063\\u206a-\\u206f\\ufeff\\ufff9-\\ufffc\\u{1d173}-\\u{1d17a}]', // C.2.2
    '[\\ue000-\\uf8ff\\u{f0000}-\\u{ffffd}\\u{100000}-\\u{10fffd}]', // C.3
    '[\\ufdd0-\\ufdef\\ufffe\\uffff\\u{1fffe}\\u{1ffff}\\u{2fffe}\\u{2ffff}\\u{3fffe}\\u{3ffff}\\u{4fffe}\\u{4ffff}\\u{5fffe}\\u{5ffff}\\u{6fffe}\\u{6ffff}\\u{7fffe}\\u{7ffff}\\u{8fffe}\\u{8ffff}\\u{9fffe}\\u{9ffff}\\u{afffe}\\u{affff}\\u{bfffe}\\u{bffff}\\u{cfffe}\\u{cffff}\\u{dfffe}\\u{dffff}\\u{efffe}\\u{effff}\\u{ffffe}\\u{fffff}\\u{10fffe}\\u{10ffff}]', // C.4
    '[\\ud800-\\udfff]', // C.5 (lone surrogates)
    '[\\ufff9-\\ufffd]', // C.6
    '[\\u2ff0-\\u2ffb]', // C.7
    '[\\u0340\\u0341\\u200e\\u200f\\u202a-\\u202e\\u206a-\\u206f]', // C.8
    '[\\u{e0001}\\u{e0020}-\\u{e007f}]', // C.9
    '\\p{Cn}', // A.1, approximated
  ].join('|'),
  'u',
);
/** Right-to-left characters (RFC 3454 D.1, approximated): letters of the right-to-left scripts, and a few marks. */
const RAND_AL = /^(?:(?=\p{L})[\p{Script=Hebrew}\p{Script=Arabic}\p{Script=Syriac}\p{Script=Thaana}\p{Script=Nko}]|[\u05be\u05c0\u05c3\u061b\u061f])$/u;
/** Left-to-right characters (RFC 3454 D.2, approximated): letters of every other script. */
const LETTER = /^\p{L}$/u;

const isRandAL = (char: string) => RAND_AL.test(char);

/** RFC 3454 section 6: with any right-to-left character, no left-to-right one, and right-to-left at both ends. */
function bidiViolated(chars: readonly string[]): boolean {
  if (!chars.some(isRandAL)) return false;
  if (chars.some((c) => LETTER.test(c) && !isRandAL(c))) return true;
  return !isRandAL(chars[0] ?? '') || !isRandAL(chars[chars.length - 1] ?? '');
}

/** The string PostgreSQL hashes for this password. */
export function saslprep(password: string): string {
  if (/^[\u0000-\u007f]*$/.test(password)) return password;
  const mapped = password.replace(NON_ASCII_SPACE, ' ').replace(MAPPED_TO_NOTHING, '').normalize('NFKC');
  const chars = [...mapped];
  if (chars.length === 0 || PROHIBITED.test(mapped) || bidiViolated(chars)) return password;
  return mapped;
}
