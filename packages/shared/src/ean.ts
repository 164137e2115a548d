/**
 * EAN-13 (which ISBN-13 is: prefix 978/979) and ISBN-10 check digits, for the textbooks and
 * resources catalogue: a typo in a reference would order the wrong book. An ISBN-10 is
 * accepted and stored as its ISBN-13, so each book has one key.
 */
export type EanResult = { ok: true; ean: string } | { ok: false; message: string };

export function ean13CheckDigit(first12: string): number {
  let sum = 0;
  for (let i = 0; i < 12; i++) sum += Number(first12[i]) * (i % 2 === 0 ? 1 : 3);
  return (10 - (sum % 10)) % 10;
}

function isbn10IsValid(isbn: string): boolean {
  let sum = 0;
  for (let i = 0; i < 10; i++) {
    const char = isbn[i]!;
    const value = char === "X" ? 10 : Number(char);
    if (char === "X" && i !== 9) return false;
    sum += value * (10 - i);
  }
  return sum % 11 === 0;
}

export function validateEan(raw: string): EanResult {
  const text = raw.replace(/[\s-]/g, "").toUpperCase();
  if (/^\d{13}$/.test(text)) {
    return ean13CheckDigit(text.slice(0, 12)) === Number(text[12])
      ? { ok: true, ean: text }
      : { ok: false, message: `EAN/ISBN « ${raw} » : la clé de contrôle ne correspond pas (faute de frappe ?).` };
  }
  if (/^\d{9}[\dX]$/.test(text)) {
    if (!isbn10IsValid(text)) return { ok: false, message: `ISBN « ${raw} » : la clé de contrôle ne correspond pas (faute de frappe ?).` };
    const first12 = `978${text.slice(0, 9)}`;
    return { ok: true, ean: `${first12}${ean13CheckDigit(first12)}` };
  }
  return { ok: false, message: `EAN/ISBN « ${raw} » : 13 chiffres attendus (ou un ISBN à 10 caractères).` };
}
