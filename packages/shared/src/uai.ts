/**
 * UAI (Unité Administrative Immatriculée, ex-RNE): 7 digits and a check letter.
 * The letter is "ABCDEFGHJKLMNPRSTUVWXYZ"[first7 % 23] — 23 letters, no I, O or Q.
 * Verified on thousands of real lycées (see docs/GLOSSARY.md, shared education notes).
 */
const CHECK_ALPHABET = "ABCDEFGHJKLMNPRSTUVWXYZ";

export function computeUaiCheckLetter(digits: string): string {
  if (!/^\d{7}$/.test(digits)) throw new Error("computeUaiCheckLetter expects exactly 7 digits");
  return CHECK_ALPHABET[Number(digits) % 23] as string;
}

export type UaiValidation = { ok: true; uai: string } | { ok: false; message: string };

/** Normalises (trim, upper case) and validates a UAI, explaining in French what is wrong. */
export function validateUai(raw: string): UaiValidation {
  const uai = raw.trim().toUpperCase();
  if (uai.length !== 8) {
    return { ok: false, message: `Un UAI compte 8 caractères (7 chiffres et une lettre) ; « ${raw} » en compte ${uai.length}.` };
  }
  const digits = uai.slice(0, 7);
  const letter = uai.slice(7);
  if (!/^\d{7}$/.test(digits)) {
    return { ok: false, message: `Les 7 premiers caractères d'un UAI sont des chiffres ; « ${digits} » n'en est pas.` };
  }
  if (!/^[A-Z]$/.test(letter)) {
    return { ok: false, message: `Le 8e caractère d'un UAI est une lettre ; « ${letter} » n'en est pas une.` };
  }
  const expected = computeUaiCheckLetter(digits);
  if (letter !== expected) {
    return { ok: false, message: `La lettre de contrôle de l'UAI ${digits}${letter} est fausse : pour ${digits}, elle doit être ${expected}.` };
  }
  return { ok: true, uai };
}

export function isValidUai(raw: string): boolean {
  return validateUai(raw).ok;
}
