/**
 * Member codes as people type them (issue 13): the custodian gives each team member a code of 8
 * characters (Crockford base32, shown as XXXX-XXXX) in person; the employee enters it once. A code
 * is read leniently (any case, spaces or dashes anywhere, the look-alikes I, L and O taken as 1, 1
 * and 0) and shown in its one canonical form.
 */

/** The characters of a member code: Crockford base32, without I, L, O, U. */
export const MEMBER_CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/** A member code in its canonical form. */
export const MEMBER_CODE_PATTERN = /^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/;

/** The result of reading a typed member code. */
export type MemberCodeReading =
  | { readonly ok: true; readonly code: string }
  | { readonly ok: false; readonly message: string };

/** Reads a member code as typed: the canonical XXXX-XXXX, or why it is not one. */
export function readMemberCode(typed: string): MemberCodeReading {
  const compact = typed.toUpperCase().replace(/[\s-]/g, "").replace(/[IL]/g, "1").replace(/O/g, "0");
  if (compact.length !== 8) {
    return { ok: false, message: "A member code has 8 characters, like 7K3M-Q9PX." };
  }
  const wrong = [...compact].find((char) => !MEMBER_CODE_ALPHABET.includes(char));
  if (wrong !== undefined) {
    return { ok: false, message: `A member code has digits and letters only; "${wrong}" is not one of them.` };
  }
  return { ok: true, code: `${compact.slice(0, 4)}-${compact.slice(4)}` };
}
